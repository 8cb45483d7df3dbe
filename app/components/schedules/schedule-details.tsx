import { type FetcherWithComponents, Link, useFetcher } from '@remix-run/react'
import { Paperclip, Pencil, XCircle } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { type Answer, answerError } from '#app/utils/answer.ts'
import { useFetcherAnswer } from '#app/utils/fetcher-answer.ts'
import { ConfirmDialog } from '#app/components/confirm-dialog.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Dialog, DialogContent, DialogTitle } from '#app/components/ui/dialog.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { errorText, type ScheduleItem } from './schedule-types.ts'
import { StatusBadge } from './status-badge.tsx'

/** One schedule: what, to whom, when, how it went; edit or cancel while it waits. */
export function ScheduleDetailsDialog({
  schedule,
  timeZone,
  onClose,
  onEdit,
}: {
  schedule: ScheduleItem | null
  timeZone: string
  onClose: () => void
  onEdit: (schedule: ScheduleItem) => void
}) {
  const { t, i18n } = useTranslation()
  // Here, not in the cancel button: the live update that follows the cancel removes the button
  // (the schedule is no longer pending) in the same render as the fetcher's answer.
  const cancel = useFetcher<Answer>()
  useFetcherAnswer(cancel, (data) => {
    if (data.ok) {
      toast.success(t('schedules.cancelled'))
      onClose()
    } else toast.error(t(answerError(data)?.key ?? 'errors.generic'))
  })
  if (!schedule) return null
  const when = (ms: number) => formatDateTime(ms, i18n.language, timeZone)
  const dateOnly = (ms: number) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeZone }).format(ms)
  const rows: Array<[string, React.ReactNode]> = [
    [t('schedules.info.status'), <StatusBadge key="s" status={schedule.status} />],
    [
      t('schedules.info.contact'),
      schedule.contactNumber
        ? `${schedule.contactName} (${schedule.contactNumber})`
        : schedule.contactName,
    ],
    [t('schedules.info.connection'), schedule.connectionName ?? t('schedules.info.noConnection')],
    [t('schedules.info.sendAt'), when(schedule.sendAt)],
    [
      t('schedules.info.recurrence'),
      schedule.recurrence === 'none'
        ? t('schedules.recurrences.none')
        : `${t(`schedules.recurrences.${schedule.recurrence}`)}${
            schedule.recurrenceEnd
              ? ` ${t('schedules.info.until', { date: dateOnly(schedule.recurrenceEnd) })}`
              : ''
          }`,
    ],
    [
      t('schedules.info.openTicket'),
      schedule.openTicket ? t('schedules.info.openTicketYes') : t('schedules.info.openTicketNo'),
    ],
    [t('schedules.info.createdBy'), schedule.userName ?? t('schedules.info.nobody')],
  ]
  if (schedule.sentAt) rows.push([t('schedules.info.sentAt'), when(schedule.sentAt)])
  if (schedule.error) rows.push([t('schedules.info.error'), errorText(schedule.error, t)])
  if (schedule.attempts > 1) rows.push([t('schedules.info.attempts'), String(schedule.attempts)])

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="max-h-[92dvh] overflow-y-auto sm:max-w-lg">
        <DialogTitle>{t('schedules.details')}</DialogTitle>
        <dl
          className="grid grid-cols-[minmax(0,10rem)_1fr] gap-x-4 gap-y-2 text-sm"
          data-testid="schedule-details"
        >
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-muted-foreground">{label}</dt>
              <dd className="min-w-0 break-words">{value}</dd>
            </div>
          ))}
        </dl>
        {schedule.body || schedule.mediaName || schedule.mediaType ? (
          <div className="bg-muted rounded-md p-3 text-sm">
            {schedule.body ? (
              <p className="break-words whitespace-pre-line">{schedule.body}</p>
            ) : null}
            {schedule.mediaName || schedule.mediaType ? (
              <p className="text-muted-foreground mt-1 flex items-center gap-1 text-xs">
                <Paperclip className="size-3.5" aria-label={t('schedules.info.attachment')} />
                {schedule.mediaName ?? schedule.mediaType}
              </p>
            ) : null}
          </div>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2">
          {schedule.ticketId ? (
            <Button asChild variant="outline">
              <Link to={`/tickets/${schedule.ticketId}`}>{t('schedules.info.viewTicket')}</Link>
            </Button>
          ) : null}
          {schedule.status === 'pending' ? (
            <>
              <CancelButton schedule={schedule} fetcher={cancel} />
              <Button type="button" onClick={() => onEdit(schedule)}>
                <Pencil /> {t('common.edit')}
              </Button>
            </>
          ) : null}
        </div>
      </DialogContent>
    </Dialog>
  )
}

function CancelButton({
  schedule,
  fetcher,
}: {
  schedule: ScheduleItem
  fetcher: FetcherWithComponents<unknown>
}) {
  const { t } = useTranslation()
  return (
    <ConfirmDialog
      fetcher={fetcher}
      action={`/resources/schedules/${schedule.id}`}
      trigger={
        <Button variant="outline" className="text-destructive hover:text-destructive">
          <XCircle /> {t('schedules.cancel')}
        </Button>
      }
      title={t('schedules.cancelTitle')}
      description={t('schedules.cancelDescription', { name: schedule.contactName })}
      intent="cancel"
      confirmLabel={t('schedules.cancel')}
      cancelLabel={t('schedules.keep')}
      pending={fetcher.state !== 'idle'}
    />
  )
}
