import { getFormProps, getTextareaProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { ShieldCheck } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { ErrorList, TextareaField } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Card, CardContent, CardIconHeader } from '#app/components/ui/card.tsx'
import { AllowedHostsSchema, MAX_ALLOWED_HOSTS } from '#app/domain/webhooks/webhook-schema.ts'
import { parseForm } from '#app/utils/forms.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'

/** The hosts webhooks may reach inside the network (the SSRF guard's company allowlist). */
export function AllowedHostsForm({
  hosts,
  lastResult,
}: {
  hosts: readonly string[]
  lastResult?: SubmissionResult<ErrorMessage[]>
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'allowed-hosts',
    constraint: getZodConstraint(AllowedHostsSchema),
    lastResult,
    onValidate: ({ formData }) => parseForm(formData, AllowedHostsSchema),
    shouldRevalidate: 'onInput',
    defaultValue: { hosts: hosts.join('\n') },
  })
  return (
    <Card>
      <CardIconHeader
        icon={ShieldCheck}
        title={t('webhooks.hosts.title')}
        description={t('webhooks.hosts.description')}
      />
      <CardContent>
        <Form method="POST" className="flex flex-col gap-3" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="hosts" />
          <TextareaField
            labelProps={{ children: t('webhooks.hosts.label') }}
            textareaProps={{
              ...getTextareaProps(fields.hosts),
              rows: 4,
              placeholder: t('webhooks.hosts.placeholder'),
              className: 'font-mono text-xs',
              spellCheck: false,
            }}
            errors={fields.hosts.errors}
            hint={t('webhooks.hosts.hint', { max: MAX_ALLOWED_HOSTS })}
          />
          <ErrorList errors={form.errors} id={form.errorId} />
          <div className="flex justify-end">
            <StatusButton type="submit" variant="outline" pending={isPending}>
              {t('webhooks.hosts.save')}
            </StatusButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  )
}
