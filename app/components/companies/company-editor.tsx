import {
  getFormProps,
  getInputProps,
  getSelectProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FormActions } from '#app/components/form-layout.tsx'
import { ErrorList, Field, SelectField } from '#app/components/forms.tsx'
import { Card, CardContent, CardHeader, CardTitle } from '#app/components/ui/card.tsx'
import { CompanyEditorSchema, NewCompanySchema } from '#app/domain/companies/company-schema.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'

type Company = {
  id: string
  name: string
  timeZone: string
  maxUsers: number | null
  maxConnections: number | null
  maxQueues: number | null
}

/** Create (with the first admin) or edit a company and its plan limits. */
export function CompanyEditor({
  company,
  timeZones,
  lastResult,
}: {
  company?: Company
  timeZones: string[]
  lastResult?: SubmissionResult<ErrorMessage[]>
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const schema = company ? CompanyEditorSchema : NewCompanySchema
  const [form, fields] = useForm({
    id: 'company-editor',
    constraint: getZodConstraint(schema),
    lastResult,
    onValidate: ({ formData }) => parseForm(formData, schema),
    shouldRevalidate: 'onInput',
    defaultValue: {
      name: company?.name ?? '',
      timeZone: company?.timeZone ?? 'America/Sao_Paulo',
      maxUsers: company?.maxUsers?.toString() ?? '',
      maxConnections: company?.maxConnections?.toString() ?? '',
      maxQueues: company?.maxQueues?.toString() ?? '',
    },
  })
  const newFields = form.allErrors as Record<string, ErrorMessage[] | undefined>
  return (
    <Form method="POST" className="flex flex-col gap-6" {...getFormProps(form)}>
      <Card>
        <CardHeader>
          <CardTitle>{company ? t('companies.editTitle') : t('companies.new')}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <Field
            labelProps={{ children: t('companies.name') }}
            inputProps={getInputProps(fields.name, { type: 'text' })}
            errors={fields.name.errors}
          />
          <SelectField
            labelProps={{ children: t('companies.timeZone') }}
            selectProps={getSelectProps(fields.timeZone)}
            options={timeZones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }))}
            errors={fields.timeZone.errors}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('companies.limits')}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-3">
          {(['maxUsers', 'maxConnections', 'maxQueues'] as const).map((name) => (
            <Field
              key={name}
              labelProps={{ children: t(`companies.${name}`) }}
              inputProps={{
                ...getInputProps(fields[name], { type: 'number' }),
                placeholder: t('companies.unlimited'),
                min: 1,
              }}
              errors={fields[name].errors}
            />
          ))}
          <p className="text-muted-foreground text-xs sm:col-span-3">{t('companies.limitsHint')}</p>
        </CardContent>
      </Card>
      {company ? null : (
        <Card>
          <CardHeader>
            <CardTitle>{t('companies.adminSection')}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field
              labelProps={{ children: t('companies.adminName') }}
              inputProps={{ name: 'adminName', id: 'company-admin-name', form: form.id }}
              errors={newFields.adminName}
            />
            <Field
              labelProps={{ children: t('companies.adminEmail') }}
              inputProps={{
                name: 'adminEmail',
                id: 'company-admin-email',
                type: 'email',
                form: form.id,
              }}
              errors={newFields.adminEmail}
            />
            <Field
              className="sm:col-span-2"
              labelProps={{ children: t('companies.adminPassword') }}
              inputProps={{
                name: 'adminPassword',
                id: 'company-admin-password',
                type: 'password',
                autoComplete: 'new-password',
                form: form.id,
              }}
              errors={newFields.adminPassword}
              hint={t('users.fields.passwordHint')}
            />
          </CardContent>
        </Card>
      )}
      <ErrorList errors={form.errors} id={form.errorId} />
      <FormActions cancelTo="/admin/companies" pending={isPending} />
    </Form>
  )
}
