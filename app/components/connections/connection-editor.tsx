import {
  type FieldMetadata,
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { Form } from '@remix-run/react'
import { AlertCircle, Star } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type Channel } from '#app/channels/types.ts'
import { FormActions, FormSection } from '#app/components/form-layout.tsx'
import { BusinessHoursField } from '#app/components/business-hours-field.tsx'
import {
  CheckboxField,
  ErrorList,
  Field,
  SelectField,
  TextareaField,
} from '#app/components/forms.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '#app/components/ui/tabs.tsx'
import { VariableButtons } from '#app/components/variable-buttons.tsx'
import { type toFormAutomations } from '#app/domain/bot/automations-schema.ts'
import { parseBusinessHoursField } from '#app/domain/bot/hours.ts'
import { ConnectionEditorSchema } from '#app/domain/connections/connection-schema.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { type z } from '#app/utils/validation.ts'
import { ChannelIcon } from './connection-status.tsx'
import { type ErrorMessage } from '#app/utils/validation.ts'

export type EditableConnection = {
  id: string
  name: string
  channel: Channel
  isDefault: boolean
  queueId: string | null
  groupsEnabled: boolean
  /** YYYY-MM-DD in the company's time zone. */
  importFrom: string
  importTo: string
  automations: ReturnType<typeof toFormAutomations>
}

type QueueOption = { id: string; name: string }

const TABS = ['general', 'messages', 'hours', 'inactivity', 'rating', 'routing', 'chatbot'] as const
type Tab = (typeof TABS)[number]

/** Locale strings write message variables as [[nome]] (i18next would eat {{nome}}). */
const withVariables = (text: string) => text.replace(/\[\[(\w+)\]\]/g, '{{$1}}')

const hasErrors = (...metas: Array<{ allErrors: Record<string, unknown[]> }>) =>
  metas.some((meta) => Object.keys(meta.allErrors).length > 0)

/** Create and edit form of a connection (Administração – Conexões), one tab per subject. */
export function ConnectionEditor({
  connection,
  queues,
  channels,
  hoursScope = 'connection',
  lastResult,
}: {
  connection?: EditableConnection
  queues: QueueOption[]
  /** Channels offered on create (the simulator only where it is switched on). */
  channels: readonly Channel[]
  /** Company setting: with 'queue' the connection's hours are not used (a note says so). */
  hoursScope?: 'connection' | 'queue'
  lastResult?: SubmissionResult<ErrorMessage[]>
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm<z.input<typeof ConnectionEditorSchema>, z.input<typeof ConnectionEditorSchema>, ErrorMessage[]>({
    id: 'connection-editor',
    constraint: getZodConstraint(ConnectionEditorSchema),
    lastResult,
    onValidate: ({ formData }) => parseForm(formData, ConnectionEditorSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: {
      name: connection?.name ?? '',
      channel: connection?.channel ?? 'whatsapp',
      isDefault: connection?.isDefault ? 'on' : undefined,
      queueId: connection?.queueId ?? '',
      groupsEnabled: connection?.groupsEnabled ? 'on' : undefined,
      importFrom: connection?.importFrom ?? '',
      importTo: connection?.importTo ?? '',
      automations: connection?.automations,
    },
  })
  const a = fields.automations.getFieldset()
  const vacation = a.vacation.getFieldset()
  const inactivity = a.inactivity.getFieldset()
  const rating = a.rating.getFieldset()
  const routing = a.routing.getFieldset()
  const chatbot = a.chatbot.getFieldset()

  const tabErrors: Record<Tab, boolean> = {
    general: hasErrors(fields.name, fields.channel, fields.importFrom, fields.importTo),
    messages: hasErrors(a.greeting, a.welcomeMessage, a.completionMessage),
    hours: hasErrors(a.businessHours, a.outOfHoursMessage, a.vacation),
    inactivity: hasErrors(a.inactivity),
    rating: hasErrors(a.rating),
    routing: hasErrors(fields.queueId, a.routing),
    chatbot: hasErrors(a.chatbot),
  }
  const [tab, setTab] = useState<Tab>('general')
  // After a submit (client or server) with errors, show the first tab that has one — unless the
  // open tab has errors itself. Adjusted during render, keyed on the submit, not on typing.
  const [submits, setSubmits] = useState(0)
  const [handled, setHandled] = useState({ submits: 0, result: lastResult })
  const firstWithErrors = TABS.find((name) => tabErrors[name])
  if (form.status === 'error' && (handled.submits !== submits || handled.result !== lastResult)) {
    setHandled({ submits, result: lastResult })
    if (firstWithErrors && !tabErrors[tab]) setTab(firstWithErrors)
  }

  const text = <T,>(
    meta: FieldMetadata<T, any, ErrorMessage[]>,
    key: string,
    options: { placeholder?: boolean; rows?: number; variables?: boolean } = {},
  ) => (
    <div className="flex flex-col gap-2 sm:col-span-2">
      <TextareaField
        labelProps={{ children: t(`bot.fields.${key}`) }}
        textareaProps={{
          ...getTextareaProps(meta),
          rows: options.rows ?? 3,
          placeholder:
            options.placeholder === false
              ? undefined
              : withVariables(t(`bot.fields.${key}Placeholder`)),
        }}
        errors={meta.errors}
        hint={t(`bot.fields.${key}Hint`)}
      />
      {options.variables === false ? null : <VariableButtons target={meta.id} />}
    </div>
  )
  const number = <T,>(
    meta: FieldMetadata<T, any, ErrorMessage[]>,
    key: string,
    bounds: { min?: number; max: number },
  ) => (
    <Field
      labelProps={{ children: t(`bot.fields.${key}`) }}
      inputProps={{
        ...getInputProps(meta, { type: 'number' }),
        min: bounds.min ?? 0,
        max: bounds.max,
        inputMode: 'numeric',
      }}
      errors={meta.errors}
      hint={t(`bot.fields.${key}Hint`)}
    />
  )

  return (
    <Form
      method="POST"
      className="flex flex-col gap-6"
      {...getFormProps(form)}
      onSubmit={(event) => {
        setSubmits((count) => count + 1)
        form.onSubmit(event)
      }}
    >
      {connection ? (
        <>
          <input type="hidden" name="id" value={connection.id} />
          <input type="hidden" name="channel" value={connection.channel} />
        </>
      ) : null}
      <Tabs value={tab} onValueChange={(value) => setTab(value as Tab)}>
        <TabsList aria-label={t('connections.editTitle')} className="w-full justify-start">
          {TABS.map((name) => (
            <TabsTrigger key={name} value={name}>
              {t(`bot.tabs.${name}`)}
              {tabErrors[name] ? (
                <AlertCircle
                  className="text-destructive size-3.5"
                  aria-label={t('bot.tabs.hasErrors')}
                />
              ) : null}
            </TabsTrigger>
          ))}
        </TabsList>

        <TabsContent value="general" forceMount className="flex flex-col gap-6">
          <FormSection title={t('connections.sections.general')}>
            <Field
              className="sm:col-span-2"
              labelProps={{ children: t('connections.fields.name') }}
              inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }}
              errors={fields.name.errors}
              hint={t('connections.fields.nameHint')}
            />
            {connection ? null : (
              <fieldset className="flex flex-col gap-2 sm:col-span-2">
                <Label asChild>
                  <legend>{t('connections.fields.channel')}</legend>
                </Label>
                <div className="grid gap-2 sm:grid-cols-2">
                  {getCollectionProps(fields.channel, {
                    type: 'radio',
                    options: [...channels],
                  }).map((props) => {
                    const channel = props.value as Channel
                    return (
                      <label
                        key={props.key}
                        className="has-[:checked]:border-primary has-[:checked]:bg-accent flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm"
                      >
                        <input
                          {...props}
                          key={undefined}
                          className="mt-0.5 accent-[var(--color-primary)]"
                        />
                        <span className="flex flex-col gap-0.5">
                          <span className="flex items-center gap-1.5 font-medium">
                            <ChannelIcon channel={channel} />
                            {t(`connections.channels.${channel}`)}
                          </span>
                          <span className="text-muted-foreground text-xs">
                            {t(`connections.channelHints.${channel}`)}
                          </span>
                        </span>
                      </label>
                    )
                  })}
                </div>
                <ErrorList errors={fields.channel.errors} />
              </fieldset>
            )}
            {connection?.isDefault ? (
              <div className="bg-muted/50 flex items-start gap-2 rounded-md p-3 text-sm sm:col-span-2">
                <input type="hidden" name="isDefault" value="on" />
                <Star className="text-primary mt-0.5 size-4 shrink-0 fill-current" aria-hidden />
                <span>{t('connections.fields.alreadyDefault')}</span>
              </div>
            ) : (
              <CheckboxField
                className="sm:col-span-2"
                labelProps={{ children: t('connections.fields.isDefault') }}
                buttonProps={getInputProps(fields.isDefault, { type: 'checkbox' })}
                hint={t('connections.defaultHint')}
              />
            )}
            <CheckboxField
              className="sm:col-span-2"
              labelProps={{ children: t('connections.fields.groups') }}
              buttonProps={getInputProps(fields.groupsEnabled, { type: 'checkbox' })}
              hint={t('connections.fields.groupsHint')}
            />
          </FormSection>

          <FormSection
            title={t('connections.sections.import')}
            description={t('connections.fields.importHint')}
          >
            <Field
              labelProps={{ children: t('connections.fields.importFrom') }}
              inputProps={getInputProps(fields.importFrom, { type: 'date' })}
              errors={fields.importFrom.errors}
            />
            <Field
              labelProps={{ children: t('connections.fields.importTo') }}
              inputProps={getInputProps(fields.importTo, { type: 'date' })}
              errors={fields.importTo.errors}
            />
          </FormSection>
        </TabsContent>

        <TabsContent value="messages" forceMount>
          <FormSection
            title={t('bot.sections.messages')}
            description={t('bot.sections.messagesHint')}
          >
            {text(a.greeting, 'greeting')}
            {text(a.welcomeMessage, 'welcomeMessage')}
            {text(a.completionMessage, 'completionMessage')}
          </FormSection>
        </TabsContent>

        <TabsContent value="hours" forceMount className="flex flex-col gap-6">
          <FormSection title={t('bot.sections.hours')} description={t('bot.sections.hoursHint')}>
            {hoursScope === 'queue' ? (
              <p className="bg-muted/50 rounded-md p-3 text-sm sm:col-span-2">
                {t('bot.fields.hoursScopeNote')}
              </p>
            ) : null}
            <div className="sm:col-span-2">
              <BusinessHoursField
                name={a.businessHours.name}
                defaultValue={parseBusinessHoursField(connection?.automations.businessHours)}
                errors={a.businessHours.errors}
              />
            </div>
            {text(a.outOfHoursMessage, 'outOfHoursMessage')}
          </FormSection>
          <FormSection
            title={t('bot.sections.vacation')}
            description={t('bot.sections.vacationHint')}
          >
            <Field
              labelProps={{ children: t('bot.fields.vacationStart') }}
              inputProps={getInputProps(vacation.start, { type: 'datetime-local' })}
              errors={vacation.start.errors}
              hint={t('bot.fields.vacationStartHint')}
            />
            <Field
              labelProps={{ children: t('bot.fields.vacationEnd') }}
              inputProps={getInputProps(vacation.end, { type: 'datetime-local' })}
              errors={vacation.end.errors}
              hint={t('bot.fields.vacationEndHint')}
            />
            {text(vacation.message, 'vacationMessage')}
          </FormSection>
        </TabsContent>

        <TabsContent value="inactivity" forceMount>
          <FormSection
            title={t('bot.sections.inactivity')}
            description={t('bot.sections.inactivityHint')}
          >
            {number(inactivity.warnAfterMinutes, 'warnAfterMinutes', { max: 43200 })}
            {number(inactivity.closeAfterMinutes, 'closeAfterMinutes', { max: 43200 })}
            {text(inactivity.warningMessage, 'warningMessage')}
            {text(inactivity.closingMessage, 'closingMessage')}
            <CheckboxField
              className="sm:col-span-2"
              labelProps={{ children: t('bot.fields.onlyWhenLastIsOurs') }}
              buttonProps={getInputProps(inactivity.onlyWhenLastIsOurs, { type: 'checkbox' })}
              hint={t('bot.fields.onlyWhenLastIsOursHint')}
            />
          </FormSection>
        </TabsContent>

        <TabsContent value="rating" forceMount>
          <FormSection title={t('bot.sections.rating')} description={t('bot.sections.ratingHint')}>
            <CheckboxField
              className="sm:col-span-2"
              labelProps={{ children: t('bot.fields.ratingEnabled') }}
              buttonProps={getInputProps(rating.enabled, { type: 'checkbox' })}
              hint={t('bot.fields.ratingEnabledHint')}
            />
            {text(rating.question, 'ratingQuestion')}
            {text(rating.retryMessage, 'ratingRetry', { rows: 2 })}
            {text(rating.thanksMessage, 'ratingThanks', { rows: 2 })}
            {number(rating.maxPerPeriod, 'maxPerPeriod', { max: 1000 })}
            {number(rating.periodDays, 'periodDays', { max: 365 })}
            {number(rating.timeoutMinutes, 'timeoutMinutes', { max: 43200 })}
          </FormSection>
        </TabsContent>

        <TabsContent value="routing" forceMount>
          <FormSection
            title={t('bot.sections.routing')}
            description={t('bot.sections.routingHint')}
          >
            <SelectField
              className="sm:col-span-2"
              labelProps={{ children: t('bot.fields.queue') }}
              selectProps={getSelectProps(fields.queueId)}
              options={[
                { value: '', label: t('common.none') },
                ...queues.map((queue) => ({ value: queue.id, label: queue.name })),
              ]}
              errors={fields.queueId.errors}
              hint={
                queues.length === 0 ? t('connections.fields.noQueues') : t('bot.fields.queueHint')
              }
            />
            {number(routing.redirectAfterMinutes, 'redirectAfterMinutes', { max: 43200 })}
            <SelectField
              labelProps={{ children: t('bot.fields.redirectQueueId') }}
              selectProps={getSelectProps(routing.redirectQueueId)}
              options={[
                { value: '', label: t('common.none') },
                ...queues.map((queue) => ({ value: queue.id, label: queue.name })),
              ]}
              errors={routing.redirectQueueId.errors}
              hint={t('bot.fields.redirectQueueIdHint')}
            />
            <Field
              className="sm:col-span-2"
              labelProps={{ children: t('bot.fields.reopenWindowMinutes') }}
              inputProps={{
                ...getInputProps(routing.reopenWindowMinutes, { type: 'number' }),
                min: 0,
                max: 10080,
                inputMode: 'numeric',
              }}
              errors={routing.reopenWindowMinutes.errors}
              hint={t('bot.fields.reopenWindowMinutesHint')}
            />
          </FormSection>
        </TabsContent>

        <TabsContent value="chatbot" forceMount>
          <FormSection
            title={t('bot.sections.chatbot')}
            description={t('bot.sections.chatbotHint')}
          >
            <CheckboxField
              className="sm:col-span-2"
              labelProps={{ children: t('bot.fields.chatbotEnabled') }}
              buttonProps={getInputProps(chatbot.enabled, { type: 'checkbox' })}
              hint={t('bot.fields.chatbotEnabledHint')}
            />
            {text(chatbot.invalidOptionMessage, 'invalidOptionMessage', {
              rows: 2,
              variables: false,
            })}
            {number(chatbot.maxMenuSends, 'maxMenuSends', { max: 20 })}
            {number(chatbot.cooldownSeconds, 'cooldownSeconds', { max: 86400 })}
            {number(chatbot.humanMinIntervalMs, 'humanMinIntervalMs', { max: 60000 })}
          </FormSection>
        </TabsContent>
      </Tabs>

      <ErrorList errors={form.errors} id={form.errorId} />
      <FormActions
        cancelTo={connection ? `/admin/connections/${connection.id}` : '/admin/connections'}
        pending={isPending}
        submitLabel={connection ? t('common.save') : t('connections.createSubmit')}
      />
    </Form>
  )
}
