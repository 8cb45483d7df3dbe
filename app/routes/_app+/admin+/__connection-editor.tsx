import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, Link } from '@remix-run/react'
import { Star } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { type Channel } from '#app/channels/types.ts'
import { CheckboxField, ErrorList, Field, SelectField } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '#app/components/ui/card.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { ConnectionEditorSchema } from '#app/domain/connections/connection-schema.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { ChannelIcon } from './__connection-status.tsx'

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
}

type QueueOption = { id: string; name: string }

function Section({
  title,
  description,
  children,
}: {
  title: string
  description?: string
  children: React.ReactNode
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2">{children}</CardContent>
    </Card>
  )
}

/** Create and edit form of a connection (Administração – Conexões). */
export function ConnectionEditor({
  connection,
  queues,
  channels,
  lastResult,
}: {
  connection?: EditableConnection
  queues: QueueOption[]
  /** Channels offered on create (the simulator only where it is switched on). */
  channels: readonly Channel[]
  lastResult?: SubmissionResult<string[]>
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'connection-editor',
    constraint: getZodConstraint(ConnectionEditorSchema),
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConnectionEditorSchema }),
    shouldRevalidate: 'onInput',
    defaultValue: {
      name: connection?.name ?? '',
      channel: connection?.channel ?? 'whatsapp',
      isDefault: connection?.isDefault ? 'on' : undefined,
      queueId: connection?.queueId ?? '',
      groupsEnabled: connection?.groupsEnabled ? 'on' : undefined,
      importFrom: connection?.importFrom ?? '',
      importTo: connection?.importTo ?? '',
    },
  })
  return (
    <Form method="POST" className="flex flex-col gap-6" {...getFormProps(form)}>
      {connection ? (
        <>
          <input type="hidden" name="id" value={connection.id} />
          <input type="hidden" name="channel" value={connection.channel} />
        </>
      ) : null}
      <Section title={t('connections.sections.general')}>
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
              {getCollectionProps(fields.channel, { type: 'radio', options: [...channels] }).map(
                (props) => {
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
                },
              )}
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
      </Section>

      <Section title={t('connections.sections.service')}>
        <SelectField
          labelProps={{ children: t('connections.fields.queue') }}
          selectProps={getSelectProps(fields.queueId)}
          options={[
            { value: '', label: t('common.none') },
            ...queues.map((queue) => ({ value: queue.id, label: queue.name })),
          ]}
          errors={fields.queueId.errors}
          hint={
            queues.length === 0
              ? t('connections.fields.noQueues')
              : t('connections.fields.queueHint')
          }
        />
        <CheckboxField
          className="sm:mt-7"
          labelProps={{ children: t('connections.fields.groups') }}
          buttonProps={getInputProps(fields.groupsEnabled, { type: 'checkbox' })}
          hint={t('connections.fields.groupsHint')}
        />
      </Section>

      <Section
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
      </Section>

      <ErrorList errors={form.errors} id={form.errorId} />
      <div className="flex justify-end gap-2">
        <Button asChild variant="outline">
          <Link to={connection ? `/admin/connections/${connection.id}` : '/admin/connections'}>
            {t('common.cancel')}
          </Link>
        </Button>
        <StatusButton type="submit" pending={isPending}>
          {connection ? t('common.save') : t('connections.createSubmit')}
        </StatusButton>
      </div>
    </Form>
  )
}
