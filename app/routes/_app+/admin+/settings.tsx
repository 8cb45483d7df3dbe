import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Card, CardContent, CardHeader, CardTitle } from '#app/components/ui/card.tsx'
import { getSetting, setSetting } from '#app/domain/settings/settings.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { z } from '#app/utils/validation.ts'

const SettingsSchema = z.object({
  reopenWindowMinutes: z.coerce.number().int().min(0).max(10080),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  return { reopenWindowMinutes: getSetting(db, actor.companyId, 'tickets.reopenWindowMinutes') }
}

/** Company settings of the ticket rules. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const submission = parseWithZod(await request.formData(), { schema: SettingsSchema })
  if (submission.status !== 'success') return invalidSubmission(submission)
  setSetting(db, actor, 'tickets.reopenWindowMinutes', submission.value.reopenWindowMinutes)
  return redirectWithToast('/admin/settings', { title: 'settings.saved' })
}

export default function SettingsPage() {
  const { reopenWindowMinutes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'settings',
    constraint: getZodConstraint(SettingsSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
    shouldRevalidate: 'onInput',
    defaultValue: { reopenWindowMinutes: String(reopenWindowMinutes) },
  })
  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.subtitle')} />
      <div className="mx-auto max-w-3xl p-4 sm:p-8">
        <Card>
          <CardHeader>
            <CardTitle>{t('settings.tickets')}</CardTitle>
          </CardHeader>
          <CardContent>
            <Form method="POST" className="flex flex-col gap-4" {...getFormProps(form)}>
              <Field
                labelProps={{ children: t('settings.reopenWindow') }}
                inputProps={{
                  ...getInputProps(fields.reopenWindowMinutes, { type: 'number' }),
                  min: 0,
                  max: 10080,
                }}
                errors={fields.reopenWindowMinutes.errors}
                hint={t('settings.reopenWindowHint')}
              />
              <ErrorList errors={form.errors} id={form.errorId} />
              <div className="flex justify-end">
                <StatusButton type="submit" pending={isPending}>
                  {t('common.save')}
                </StatusButton>
              </div>
            </Form>
          </CardContent>
        </Card>
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'settings.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
