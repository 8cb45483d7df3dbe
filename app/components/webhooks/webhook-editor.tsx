import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FormActions, FormSection } from '#app/components/form-layout.tsx'
import { ErrorList, Field } from '#app/components/forms.tsx'
import {
  WEBHOOK_EVENT_GROUPS,
  WEBHOOK_EVENTS,
  WEBHOOK_URL_MAX,
  type WebhookEvent,
  WebhookEditorSchema,
} from '#app/domain/webhooks/webhook-schema.ts'
import { parseForm } from '#app/utils/forms.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'
import { useEventLabel } from './webhook-status.tsx'

export type EditableWebhook = { id: string; name: string; url: string; events: WebhookEvent[] }

/** Create and edit form of a webhook: where to POST, and which events (grouped checkboxes). */
export function WebhookEditor({
  webhook,
  lastResult,
}: {
  webhook?: EditableWebhook
  lastResult?: SubmissionResult<ErrorMessage[]>
}) {
  const { t } = useTranslation()
  const eventLabel = useEventLabel()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'webhook-editor',
    constraint: getZodConstraint(WebhookEditorSchema),
    lastResult,
    onValidate: ({ formData }) => parseForm(formData, WebhookEditorSchema),
    shouldRevalidate: 'onInput',
    defaultValue: {
      name: webhook?.name ?? '',
      url: webhook?.url ?? '',
      // The schema's input is whatever the checkboxes send (preprocessed): a list here.
      events: (webhook?.events ?? []) as unknown as string,
    },
  })
  const checkboxes = getCollectionProps(fields.events, {
    type: 'checkbox',
    options: [...WEBHOOK_EVENTS],
  })
  return (
    <Form method="POST" className="flex flex-col gap-6" {...getFormProps(form)}>
      <FormSection columns={1} title={t('webhooks.sections.target')}>
        <Field
          labelProps={{ children: t('webhooks.fields.name') }}
          inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }}
          errors={fields.name.errors}
          hint={t('webhooks.fields.nameHint')}
        />
        <Field
          labelProps={{ children: t('webhooks.fields.url') }}
          inputProps={{
            ...getInputProps(fields.url, { type: 'url' }),
            maxLength: WEBHOOK_URL_MAX,
            placeholder: 'https://n8n.exemplo.com.br/webhook/balcao',
            className: 'font-mono text-xs',
            autoComplete: 'off',
            spellCheck: false,
          }}
          errors={fields.url.errors}
          hint={t('webhooks.fields.urlHint')}
        />
      </FormSection>

      <FormSection
        columns={1}
        title={t('webhooks.sections.events')}
        description={t('webhooks.sections.eventsHint')}
      >
        {/* Keeps `events` in the submission when nothing is checked (its error then shows). */}
        <input type="hidden" name={fields.events.name} value="" />
        <div className="grid gap-4 sm:grid-cols-2">
          {WEBHOOK_EVENT_GROUPS.map((group) => (
            <fieldset key={group.id} className="flex flex-col gap-2 rounded-md border p-3">
              <legend className="px-1 text-sm font-semibold">
                {t(`webhooks.groups.${group.id}`)}
              </legend>
              {group.events.map((event) => {
                const props = checkboxes.find((candidate) => candidate.value === event)!
                return (
                  <label
                    key={event}
                    className="hover:bg-muted/50 flex cursor-pointer items-start gap-2.5 rounded px-1 py-1"
                  >
                    <input
                      {...props}
                      key={undefined}
                      className="mt-0.5 size-4 accent-[var(--color-primary)]"
                    />
                    <span className="flex flex-col">
                      <span className="text-sm">{eventLabel(event)}</span>
                      <code className="text-muted-foreground text-xs">{event}</code>
                    </span>
                  </label>
                )
              })}
            </fieldset>
          ))}
        </div>
        <ErrorList errors={fields.events.errors} id={fields.events.errorId} />
      </FormSection>

      <div className="flex flex-col gap-2">
        <ErrorList errors={form.errors} id={form.errorId} />
        <FormActions
          cancelTo={webhook ? `/admin/integrations/webhooks/${webhook.id}` : '/admin/integrations'}
          pending={isPending}
          submitLabel={webhook ? undefined : t('webhooks.createSubmit')}
        />
      </div>
    </Form>
  )
}
