import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getTextareaProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { Form } from '@remix-run/react'
import { Paperclip } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormActions, FormSection } from '#app/components/form-layout.tsx'
import { BusinessHoursField } from '#app/components/business-hours-field.tsx'
import { CheckboxField, ErrorList, Field, TextareaField } from '#app/components/forms.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { type BusinessHours } from '#app/domain/bot/hours.ts'
import { VariableButtons } from '#app/components/variable-buttons.tsx'
import {
  AUTO_CLOSE_MAX_MINUTES,
  type OptionNode,
  QUEUE_MESSAGE_MAX,
  QUEUE_TYPES,
  QueueEditorSchema,
  type QueueType,
} from '#app/domain/queues/queue-schema.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { QueueOptionsEditor, toEditorNodes, toOptionNodes } from './queue-options.tsx'
import { QueuePreview } from './queue-preview.tsx'
import { type ErrorMessage } from '#app/utils/validation.ts'

export type EditableQueue = {
  id: string
  name: string
  color: string
  order: number
  type: QueueType
  autoCloseMinutes: number | null
  greeting: string | null
  greetingMediaName: string | null
  greetingMediaType: string | null
  hasGreetingMedia: boolean
  outOfHoursMessage: string | null
  businessHours: BusinessHours | null
}

/** `canManage` false: a super-admin, whose queues only a super-admin changes (canManageUser). */
type Person = { id: string; name: string; role: string; disabled: boolean; canManage: boolean }
type QueueChoice = { id: string; name: string; color: string }

/** Create and edit form of a queue, with the live preview of what the customer receives. */
export function QueueEditor({
  queue,
  userIds,
  options,
  users,
  queues,
  nextOrder,
  timeZone,
  lastResult,
}: {
  queue?: EditableQueue
  userIds: string[]
  options: OptionNode[]
  users: Person[]
  queues: QueueChoice[]
  nextOrder: number
  timeZone: string
  lastResult?: SubmissionResult<ErrorMessage[]>
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'queue-editor',
    constraint: getZodConstraint(QueueEditorSchema),
    lastResult,
    onValidate: ({ formData }) => parseForm(formData, QueueEditorSchema),
    shouldRevalidate: 'onInput',
    defaultValue: {
      name: queue?.name ?? '',
      color: queue?.color ?? '#0f9f6e',
      order: String(queue?.order ?? nextOrder),
      type: queue?.type ?? 'open',
      autoCloseMinutes: String(queue?.autoCloseMinutes ?? 0),
      greeting: queue?.greeting ?? '',
      outOfHoursMessage: queue?.outOfHoursMessage ?? '',
      userIds,
    },
  })
  const [type, setType] = useState<QueueType>(queue?.type ?? 'open')
  const [autoClose, setAutoClose] = useState(queue?.autoCloseMinutes ?? 0)
  const [greeting, setGreeting] = useState(queue?.greeting ?? '')
  const [outOfHours, setOutOfHours] = useState(queue?.outOfHoursMessage ?? '')
  const [hoursEnabled, setHoursEnabled] = useState(queue?.businessHours?.enabled ?? false)
  const [nodes, setNodes] = useState(() => toEditorNodes(options))
  const currentMedia = queue?.hasGreetingMedia
    ? (queue.greetingMediaName ?? queue.greetingMediaType)
    : null
  const [attachment, setAttachment] = useState<string | null>(currentMedia)

  const targetQueues = queues.filter((choice) => choice.id !== queue?.id)
  const activeUsers = users.filter((user) => !user.disabled || userIds.includes(user.id))
  const hoursErrors = Object.entries(form.allErrors)
    .filter(([name]) => name === 'businessHours' || name.startsWith('businessHours.'))
    .flatMap(([, errors]) => errors)

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] xl:grid-cols-[minmax(0,1fr)_26rem]">
      <Form
        method="POST"
        encType="multipart/form-data"
        className="flex min-w-0 flex-col gap-6"
        {...getFormProps(form)}
      >
        {queue ? <input type="hidden" name="id" value={queue.id} /> : null}
        <input type="hidden" name="options" value={JSON.stringify(toOptionNodes(nodes))} />

        <FormSection columns={1} title={t('queues.sections.basics')}>
          <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_6rem_8rem]">
            <Field
              labelProps={{ children: t('queues.name') }}
              inputProps={getInputProps(fields.name, { type: 'text' })}
              errors={fields.name.errors}
              hint={t('queues.nameHint')}
            />
            <Field
              labelProps={{ children: t('queues.color') }}
              inputProps={{
                ...getInputProps(fields.color, { type: 'color' }),
                className: 'h-9 p-1',
              }}
              errors={fields.color.errors}
            />
            <Field
              labelProps={{ children: t('queues.order') }}
              inputProps={{ ...getInputProps(fields.order, { type: 'number' }), min: 0, max: 999 }}
              errors={fields.order.errors}
            />
          </div>
          <fieldset className="flex flex-col gap-2">
            <Label asChild>
              <legend>{t('queues.fields.type')}</legend>
            </Label>
            <div className="grid gap-2 sm:grid-cols-2">
              {getCollectionProps(fields.type, { type: 'radio', options: [...QUEUE_TYPES] }).map(
                (props) => {
                  const value = props.value as QueueType
                  return (
                    <label
                      key={props.key}
                      className="has-[:checked]:border-primary has-[:checked]:bg-primary/5 flex cursor-pointer gap-3 rounded-md border p-3"
                    >
                      <input
                        {...props}
                        key={undefined}
                        className="mt-1 accent-[var(--color-primary)]"
                        onChange={() => setType(value)}
                      />
                      <span className="flex flex-col gap-0.5">
                        <span className="text-sm font-medium">{t(`queues.types.${value}`)}</span>
                        <span className="text-muted-foreground text-xs">
                          {t(`queues.typeHints.${value}`)}
                        </span>
                      </span>
                    </label>
                  )
                },
              )}
            </div>
            <ErrorList errors={fields.type.errors} />
          </fieldset>
          {type === 'auto_close' ? (
            <Field
              className="sm:max-w-xs"
              labelProps={{ children: t('queues.fields.autoCloseMinutes') }}
              inputProps={{
                ...getInputProps(fields.autoCloseMinutes, { type: 'number' }),
                min: 0,
                max: AUTO_CLOSE_MAX_MINUTES,
                onChange: (event) => setAutoClose(Number(event.target.value) || 0),
              }}
              errors={fields.autoCloseMinutes.errors}
              hint={t('queues.fields.autoCloseHint')}
            />
          ) : null}
        </FormSection>

        <FormSection
          columns={1}
          title={t('queues.sections.messages')}
          description={t('queues.sections.messagesHint')}
        >
          <div className="flex flex-col gap-2">
            <TextareaField
              labelProps={{ children: t('queues.fields.greeting') }}
              textareaProps={{
                ...getTextareaProps(fields.greeting),
                rows: 4,
                maxLength: QUEUE_MESSAGE_MAX,
                onChange: (event) => setGreeting(event.target.value),
              }}
              errors={fields.greeting.errors}
              hint={t('queues.fields.greetingHint')}
            />
            <VariableButtons target={fields.greeting.id} />
          </div>
          <div className="flex flex-col gap-2">
            <Field
              labelProps={{ children: t('queues.fields.greetingMedia') }}
              inputProps={{
                ...getInputProps(fields.greetingMedia, { type: 'file' }),
                onChange: (event) => setAttachment(event.target.files?.[0]?.name ?? currentMedia),
              }}
              errors={fields.greetingMedia.errors}
              hint={t('queues.fields.greetingMediaHint')}
            />
            {currentMedia && queue ? (
              <div className="flex flex-col gap-2 rounded-md border p-3 text-sm">
                <span className="flex items-center gap-2" data-testid="current-media">
                  <Paperclip className="text-muted-foreground size-4" />
                  <span className="text-muted-foreground">{t('queues.fields.currentMedia')}:</span>
                  <a
                    className="truncate font-medium underline-offset-4 hover:underline"
                    href={`/resources/queues/${queue.id}/media`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {currentMedia}
                  </a>
                </span>
                <CheckboxField
                  labelProps={{ children: t('queues.fields.removeMedia') }}
                  buttonProps={{
                    ...getInputProps(fields.removeGreetingMedia, { type: 'checkbox' }),
                    onCheckedChange: (checked) => setAttachment(checked ? null : currentMedia),
                  }}
                />
              </div>
            ) : null}
          </div>
        </FormSection>

        <FormSection columns={1} title={t('queues.sections.hours')}>
          <BusinessHoursField
            name="businessHours"
            defaultValue={queue?.businessHours ?? null}
            errors={hoursErrors}
            onChange={(value) => setHoursEnabled(value.enabled)}
          />
          {hoursEnabled ? (
            <div className="flex flex-col gap-2">
              <TextareaField
                labelProps={{ children: t('queues.fields.outOfHours') }}
                textareaProps={{
                  ...getTextareaProps(fields.outOfHoursMessage),
                  rows: 3,
                  maxLength: QUEUE_MESSAGE_MAX,
                  onChange: (event) => setOutOfHours(event.target.value),
                }}
                errors={fields.outOfHoursMessage.errors}
                hint={t('queues.fields.outOfHoursHint')}
              />
              <VariableButtons target={fields.outOfHoursMessage.id} />
            </div>
          ) : (
            <input type="hidden" name="outOfHoursMessage" value={outOfHours} />
          )}
        </FormSection>

        <FormSection
          columns={1}
          title={t('queues.sections.users')}
          description={t('queues.sections.usersHint')}
        >
          {activeUsers.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t('queues.noUsers')}</p>
          ) : (
            <fieldset className="flex flex-col gap-2">
              <legend className="sr-only">{t('queues.sections.users')}</legend>
              <div className="flex flex-wrap gap-2">
                {getCollectionProps(fields.userIds, {
                  type: 'checkbox',
                  options: activeUsers.map((user) => user.id),
                }).map((props) => {
                  const user = activeUsers.find((candidate) => candidate.id === props.value)!
                  // Shown as it is and sent back unchanged: the server refuses a change (403).
                  const member = userIds.includes(user.id)
                  return (
                    <label
                      key={props.key}
                      title={user.canManage ? undefined : t('users.superAdminOnly')}
                      className="has-[:checked]:border-primary has-[:checked]:bg-primary/5 flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-70"
                    >
                      {user.canManage ? (
                        <input
                          {...props}
                          key={undefined}
                          className="accent-[var(--color-primary)]"
                        />
                      ) : (
                        <>
                          <input
                            {...props}
                            key={undefined}
                            defaultChecked={member}
                            disabled
                            className="accent-[var(--color-primary)]"
                          />
                          {member && <input type="hidden" name={props.name} value={user.id} />}
                        </>
                      )}
                      <span className="font-medium">{user.name}</span>
                      <span className="text-muted-foreground text-xs">
                        {user.disabled ? t('queues.inactive') : t(`queues.roles.${user.role}`)}
                      </span>
                    </label>
                  )
                })}
              </div>
              <ErrorList errors={fields.userIds.errors} />
            </fieldset>
          )}
        </FormSection>

        <FormSection
          columns={1}
          title={t('queues.sections.options')}
          description={t('queues.sections.optionsHint')}
        >
          <QueueOptionsEditor
            nodes={nodes}
            onChange={(next) => {
              setNodes(next)
              // The tree travels in a hidden input, which fires no input event: once its errors
              // show, check it again after each change (when the hidden input holds the change).
              if (Object.keys(form.allErrors).some((name) => name.startsWith('options')))
                setTimeout(() => form.validate({ name: 'options' }), 0)
            }}
            queues={targetQueues}
            users={users.filter((user) => !user.disabled)}
            errors={form.allErrors}
          />
        </FormSection>

        <div className="bg-background/95 sticky bottom-0 z-10 -mx-1 flex flex-col gap-2 border-t px-1 py-3 backdrop-blur">
          <ErrorList errors={form.errors} id={form.errorId} />
          <FormActions cancelTo="/admin/queues" pending={isPending} />
        </div>
      </Form>
      <aside className="lg:sticky lg:top-4 lg:self-start">
        <QueuePreview
          greeting={greeting}
          attachment={attachment}
          outOfHoursMessage={outOfHours}
          hoursEnabled={hoursEnabled}
          type={type}
          autoCloseMinutes={autoClose}
          options={nodes}
          queues={targetQueues}
          users={users}
          timeZone={timeZone}
          queueName={queue?.name}
        />
      </aside>
    </div>
  )
}
