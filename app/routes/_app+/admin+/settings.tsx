import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { CheckboxField, ErrorList, Field, SelectField } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Card, CardContent, CardHeader, CardTitle } from '#app/components/ui/card.tsx'
import { getSetting, setSetting } from '#app/domain/settings/settings.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { z } from '#app/utils/validation.ts'
import { readForm } from '#app/utils/upload.server.ts'

const SettingsSchema = z.object({
  reopenWindowMinutes: z.coerce.number().int().min(0).max(10080),
  offlineRetryMinutes: z.coerce.number().int().min(0).max(1440),
  hideQueueless: z.literal('on').optional(),
  hoursScope: z.enum(['connection', 'queue']),
  assignOffline: z.literal('on').optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  return {
    reopenWindowMinutes: getSetting(db, actor.companyId, 'tickets.reopenWindowMinutes'),
    offlineRetryMinutes: getSetting(db, actor.companyId, 'schedules.offlineRetryMinutes'),
    hideQueueless: getSetting(db, actor.companyId, 'tickets.hideQueuelessFromAgents'),
    hoursScope: getSetting(db, actor.companyId, 'bot.hoursScope'),
    assignOffline: getSetting(db, actor.companyId, 'bot.assignOfflineAgents'),
  }
}

/** Company settings of the ticket rules. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const submission = parseForm(await readForm(request), SettingsSchema)
  if (submission.status !== 'success') return invalidSubmission(submission)
  setSetting(db, actor, 'tickets.reopenWindowMinutes', submission.value.reopenWindowMinutes)
  setSetting(db, actor, 'schedules.offlineRetryMinutes', submission.value.offlineRetryMinutes)
  setSetting(db, actor, 'tickets.hideQueuelessFromAgents', Boolean(submission.value.hideQueueless))
  setSetting(db, actor, 'bot.hoursScope', submission.value.hoursScope)
  setSetting(db, actor, 'bot.assignOfflineAgents', Boolean(submission.value.assignOffline))
  return redirectWithToast('/admin/settings', { title: 'settings.saved' })
}

export default function SettingsPage() {
  const { reopenWindowMinutes, offlineRetryMinutes, hideQueueless, hoursScope, assignOffline } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'settings',
    constraint: getZodConstraint(SettingsSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseForm(formData, SettingsSchema),
    shouldRevalidate: 'onInput',
    defaultValue: {
      reopenWindowMinutes: String(reopenWindowMinutes),
      offlineRetryMinutes: String(offlineRetryMinutes),
      hideQueueless: hideQueueless ? 'on' : undefined,
      hoursScope,
      assignOffline: assignOffline ? 'on' : undefined,
    },
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
              <h3 className="pt-2 text-sm font-semibold">{t('schedules.settings.title')}</h3>
              <Field
                labelProps={{ children: t('schedules.settings.offlineRetry') }}
                inputProps={{
                  ...getInputProps(fields.offlineRetryMinutes, { type: 'number' }),
                  min: 0,
                  max: 1440,
                }}
                errors={fields.offlineRetryMinutes.errors}
                hint={t('schedules.settings.offlineRetryHint')}
              />
              <h3 className="pt-2 text-sm font-semibold">{t('bot.settings.title')}</h3>
              <CheckboxField
                labelProps={{ children: t('bot.settings.hideQueueless') }}
                buttonProps={getInputProps(fields.hideQueueless, { type: 'checkbox' })}
                hint={t('bot.settings.hideQueuelessHint')}
              />
              <SelectField
                labelProps={{ children: t('bot.settings.hoursScope') }}
                selectProps={getSelectProps(fields.hoursScope)}
                options={(['connection', 'queue'] as const).map((scope) => ({
                  value: scope,
                  label: t(`bot.settings.hoursScopes.${scope}`),
                }))}
                errors={fields.hoursScope.errors}
                hint={t('bot.settings.hoursScopeHint')}
              />
              <CheckboxField
                labelProps={{ children: t('bot.settings.assignOffline') }}
                buttonProps={getInputProps(fields.assignOffline, { type: 'checkbox' })}
                hint={t('bot.settings.assignOfflineHint')}
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
