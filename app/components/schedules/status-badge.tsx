import { useTranslation } from 'react-i18next'
import { type ScheduleStatus, SCHEDULE_STATUSES } from '#db/schema/schedules.ts'
import { cn } from '#app/utils/misc.ts'
import { STATUS_DOTS } from './schedule-types.ts'

export function StatusBadge({ status, className }: { status: ScheduleStatus; className?: string }) {
  const { t } = useTranslation()
  return (
    <span
      className={cn('inline-flex items-center gap-1.5 text-xs font-medium', className)}
      data-status={status}
    >
      <span className={cn('size-2 shrink-0 rounded-full', STATUS_DOTS[status])} />
      {t(`schedules.statuses.${status}`)}
    </span>
  )
}

/** The colour key of the calendar. */
export function StatusLegend() {
  const { t } = useTranslation()
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1" aria-label={t('schedules.legend')}>
      {SCHEDULE_STATUSES.map((status) => (
        <li key={status} className="text-muted-foreground">
          <StatusBadge status={status} />
        </li>
      ))}
    </ul>
  )
}
