import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { useFetcher } from '@remix-run/react'
import { Paperclip } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import {
  CheckboxField,
  ErrorList,
  Field,
  SelectField,
  TextareaField,
} from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Dialog, DialogContent, DialogTitle } from '#app/components/ui/dialog.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
import {
  SCHEDULE_BODY_MAX,
  SCHEDULE_MEDIA_MAX_BYTES,
  SCHEDULE_MEDIA_MAX_MB,
  ScheduleEditorSchema,
} from '#app/domain/schedules/schedule-schema.ts'
import { toLocalDate, toLocalInput } from '#app/domain/schedules/schedule-time.ts'
import { SCHEDULE_RECURRENCES } from '#db/schema/schedules.ts'
import {
  type ScheduleEditorReply,
  type ScheduleFormOptions,
  type ScheduleItem,
  type SchedulePreset,
} from './schedule-types.ts'
import { useFetcherAnswer } from '#app/utils/fetcher-answer.ts'
import { ContactPicker } from './contact-picker.tsx'

const FIVE_MIN = 5 * 60_000

/** A sensible first time: at least 5 minutes ahead, on a 5-minute mark. */
export function suggestedSendAt(now = Date.now()) {
  return Math.ceil((now + FIVE_MIN) / FIVE_MIN) * FIVE_MIN
}

/** The create / edit dialog of a schedule (calendar page and conversation). */
export function ScheduleFormDialog({
  open,
  onOpenChange,
  options,
  schedule,
  preset,
  children,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  options: ScheduleFormOptions
  /** Editing this schedule; a new one otherwise. */
  schedule?: ScheduleItem | null
  preset?: SchedulePreset
  /** Shown above the form (e.g. the contact's pending schedules). */
  children?: React.ReactNode
}) {
  const { t } = useTranslation()
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[92dvh] overflow-y-auto sm:max-w-lg">
        <DialogTitle>{schedule ? t('schedules.edit') : t('schedules.new')}</DialogTitle>
        {children}
        {options.connections.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t('schedules.noConnections')}</p>
        ) : (
          <ScheduleForm
            options={options}
            schedule={schedule ?? null}
            preset={preset}
            onDone={() => onOpenChange(false)}
          />
        )}
      </DialogContent>
    </Dialog>
  )
}

function ScheduleForm({
  options,
  schedule,
  preset,
  onDone,
}: {
  options: ScheduleFormOptions
  schedule: ScheduleItem | null
  preset?: SchedulePreset
  onDone: () => void
}) {
  const { t } = useTranslation()
  const fetcher = useFetcher<ScheduleEditorReply>()
  const { timeZone } = options
  const [minInput] = useState(() => toLocalInput(Date.now(), timeZone))
  const [form, fields] = useForm({
    id: schedule ? `schedule-${schedule.id}` : 'schedule-new',
    constraint: getZodConstraint(ScheduleEditorSchema),
    lastResult: fetcher.state === 'idle' ? fetcher.data?.result : undefined,
    onValidate: ({ formData }) => parseForm(formData, ScheduleEditorSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: {
      connectionId:
        schedule?.connectionId ?? preset?.connectionId ?? options.defaultConnectionId ?? '',
      body: schedule?.body ?? preset?.body ?? '',
      sendAt: toLocalInput(schedule?.sendAt ?? preset?.sendAt ?? suggestedSendAt(), timeZone),
      recurrence: schedule?.recurrence ?? 'none',
      recurrenceEnd: schedule?.recurrenceEnd ? toLocalDate(schedule.recurrenceEnd, timeZone) : '',
      openTicket: schedule?.openTicket ? 'on' : '',
    },
  })

  useFetcherAnswer(fetcher, (data) => {
    if (!data.ok) return
    toast.success(t(schedule ? 'schedules.updated' : 'schedules.created'))
    onDone()
  })

  const contactInitial = schedule
    ? {
        id: schedule.contactId,
        label: schedule.contactNumber
          ? `${schedule.contactName} (${schedule.contactNumber})`
          : schedule.contactName,
      }
    : preset?.contactId
      ? { id: preset.contactId, label: preset.contactName ?? '' }
      : undefined
  const recurring = (fields.recurrence.value ?? 'none') !== 'none'
  const zoneName = (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ')

  return (
    <fetcher.Form
      method="POST"
      encType="multipart/form-data"
      action={schedule ? `/resources/schedules/${schedule.id}` : '/resources/schedules'}
      className="grid gap-4"
      {...getFormProps(form)}
    >
      <ContactPicker
        name={fields.contactId.name}
        initial={contactInitial}
        errors={fields.contactId.errors}
        errorId={fields.contactId.errorId}
      />
      <SelectField
        labelProps={{ children: t('schedules.fields.connection') }}
        selectProps={getSelectProps(fields.connectionId)}
        options={options.connections.map((c) => ({ value: c.id, label: c.name }))}
        errors={fields.connectionId.errors}
      />
      <TextareaField
        labelProps={{ children: t('schedules.fields.body') }}
        textareaProps={{
          ...getTextareaProps(fields.body),
          rows: 4,
          maxLength: SCHEDULE_BODY_MAX,
          placeholder: t('schedules.fields.bodyPlaceholder'),
        }}
        errors={fields.body.errors}
      />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={fields.media.id}>{t('schedules.fields.media')}</Label>
        {schedule?.mediaName || schedule?.mediaType ? (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs">
            <span className="text-muted-foreground flex items-center gap-1">
              <Paperclip className="size-3.5" />
              {t('schedules.fields.currentMedia', {
                name: schedule.mediaName ?? schedule.mediaType,
              })}
            </span>
            <input type="hidden" name={fields.hasMedia.name} value="on" />
            <label className="flex items-center gap-1.5">
              <input type="checkbox" name={fields.removeMedia.name} />
              {t('schedules.fields.removeMedia')}
            </label>
          </div>
        ) : null}
        <Input
          {...getInputProps(fields.media, { type: 'file' })}
          onChange={(event) => {
            const file = event.target.files?.[0]
            if (file && file.size > SCHEDULE_MEDIA_MAX_BYTES) {
              toast.error(t('validation.fileTooBig', { max: SCHEDULE_MEDIA_MAX_MB }))
              event.target.value = ''
            }
          }}
        />
        <p className="text-muted-foreground text-xs">{t('schedules.fields.mediaHint')}</p>
        <ErrorList id={fields.media.errorId} errors={fields.media.errors} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          labelProps={{ children: t('schedules.fields.sendAt') }}
          inputProps={{
            ...getInputProps(fields.sendAt, { type: 'datetime-local' }),
            min: minInput,
          }}
          errors={fields.sendAt.errors}
          hint={t('schedules.fields.sendAtHint', { zone: zoneName })}
        />
        <SelectField
          labelProps={{ children: t('schedules.fields.recurrence') }}
          selectProps={getSelectProps(fields.recurrence)}
          options={SCHEDULE_RECURRENCES.map((value) => ({
            value,
            label: t(`schedules.recurrences.${value}`),
          }))}
          errors={fields.recurrence.errors}
        />
      </div>
      {recurring ? (
        <Field
          labelProps={{ children: t('schedules.fields.recurrenceEnd') }}
          inputProps={getInputProps(fields.recurrenceEnd, { type: 'date' })}
          errors={fields.recurrenceEnd.errors}
        />
      ) : null}
      <CheckboxField
        labelProps={{ children: t('schedules.fields.openTicket') }}
        buttonProps={getInputProps(fields.openTicket, { type: 'checkbox' })}
        hint={t('schedules.fields.openTicketHint')}
        errors={fields.openTicket.errors}
      />
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <StatusButton type="submit" pending={fetcher.state !== 'idle'}>
          {schedule ? t('common.save') : t('schedules.schedule')}
        </StatusButton>
      </div>
    </fetcher.Form>
  )
}
