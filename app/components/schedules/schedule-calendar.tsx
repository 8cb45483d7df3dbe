import { format, getDay, parse, startOfWeek } from 'date-fns'
import { enUS, ptBR } from 'date-fns/locale'
import { Paperclip, Repeat } from 'lucide-react'
import { createContext, useContext, useMemo } from 'react'
import {
  Calendar,
  dateFnsLocalizer,
  type EventProps,
  type Formats,
  type Messages,
  type View,
} from 'react-big-calendar'
import { useTranslation } from 'react-i18next'
import { fromWallClockDate, toWallClockDate } from '#app/domain/schedules/schedule-time.ts'
import { errorText, type ScheduleItem } from './schedule-types.ts'
import { StatusBadge } from './status-badge.tsx'

const localizer = dateFnsLocalizer({
  format,
  parse,
  startOfWeek,
  getDay,
  locales: { 'pt-BR': ptBR, en: enUS },
})

type CalendarEvent = { title: string; start: Date; end: Date; resource: ScheduleItem }

/** The agenda view has no click of its own: its rows open the details through this. */
const SelectSchedule = createContext<(schedule: ScheduleItem) => void>(() => undefined)

const hhmm = (date: Date) => format(date, 'HH:mm')

/**
 * react-big-calendar in the company's time zone: events are shifted so that the browser's own
 * zone shows the company's wall clock (and "today" is the company's today), then shifted back.
 * Client-only (lazy-loaded by the page).
 */
export default function ScheduleCalendar({
  items,
  timeZone,
  view,
  date,
  onView,
  onNavigate,
  onSelectSchedule,
  onSelectSlot,
}: {
  items: ScheduleItem[]
  timeZone: string
  view: View
  /** The focused day, as the company's wall clock. */
  date: Date
  onView: (view: View) => void
  onNavigate: (date: Date, view: View) => void
  onSelectSchedule: (schedule: ScheduleItem) => void
  /** A free slot was clicked: its UTC ms (midnight for whole days). */
  onSelectSlot: (ms: number, wholeDay: boolean) => void
}) {
  const { t, i18n } = useTranslation()
  const culture = i18n.language === 'en' ? 'en' : 'pt-BR'
  const events = useMemo<CalendarEvent[]>(
    () =>
      items.map((item) => {
        const start = toWallClockDate(item.sendAt, timeZone)
        return {
          title: item.contactName,
          start,
          end: new Date(start.getTime() + 30 * 60_000),
          resource: item,
        }
      }),
    [items, timeZone],
  )
  const messages = useMemo<Messages>(
    () => ({
      date: t('schedules.calendar.date'),
      time: t('schedules.calendar.time'),
      event: t('schedules.calendar.event'),
      allDay: t('schedules.calendar.allDay'),
      week: t('schedules.calendar.week'),
      work_week: t('schedules.calendar.work_week'),
      day: t('schedules.calendar.day'),
      month: t('schedules.calendar.month'),
      previous: t('schedules.calendar.previous'),
      next: t('schedules.calendar.next'),
      yesterday: t('schedules.calendar.yesterday'),
      tomorrow: t('schedules.calendar.tomorrow'),
      today: t('schedules.calendar.today'),
      agenda: t('schedules.calendar.agenda'),
      noEventsInRange: t('schedules.calendar.noEventsInRange'),
      showMore: (count: number) => t('schedules.calendar.showMore', { count }),
    }),
    [t],
  )
  const formats = useMemo<Formats>(
    () => ({
      timeGutterFormat: (d: Date) => hhmm(d),
      eventTimeRangeFormat: ({ start }: { start: Date }) => hhmm(start),
      agendaTimeRangeFormat: ({ start }: { start: Date }) => hhmm(start),
      agendaTimeFormat: (d: Date) => hhmm(d),
      agendaDateFormat: (d: Date, c?: string, l?: typeof localizer) =>
        l?.format(d, 'EEE dd/MM', c) ?? '',
      dayFormat: (d: Date, c?: string, l?: typeof localizer) => l?.format(d, 'EEE dd', c) ?? '',
      selectRangeFormat: ({ start }: { start: Date }) => hhmm(start),
    }),
    [],
  )

  return (
    <SelectSchedule.Provider value={onSelectSchedule}>
      <Calendar<CalendarEvent>
        localizer={localizer}
        culture={culture}
        events={events}
        view={view}
        views={['month', 'week', 'day', 'agenda']}
        date={date}
        onView={onView}
        onNavigate={(next, nextView) => onNavigate(next, nextView)}
        getNow={() => toWallClockDate(Date.now(), timeZone)}
        messages={messages}
        formats={formats}
        popup
        selectable
        scrollToTime={new Date(1970, 0, 1, 8)}
        onSelectEvent={(event) => onSelectSchedule(event.resource)}
        onSelectSlot={(slot) => {
          const wholeDay = view === 'month'
          onSelectSlot(fromWallClockDate(slot.start, timeZone), wholeDay)
        }}
        eventPropGetter={(event) => ({
          className: `schedule-event schedule-${event.resource.status}`,
        })}
        components={{
          event: WeekEvent,
          month: { event: MonthEvent },
          agenda: { event: AgendaEvent },
        }}
      />
    </SelectSchedule.Provider>
  )
}

function MonthEvent({ event }: EventProps<CalendarEvent>) {
  return (
    <span
      className="flex min-w-0 items-center gap-1 text-xs"
      data-testid={`schedule-event-${event.resource.id}`}
      data-status={event.resource.status}
    >
      <span className="shrink-0 font-semibold tabular-nums">{hhmm(event.start)}</span>
      <span className="truncate">{event.title}</span>
    </span>
  )
}

function WeekEvent({ event }: EventProps<CalendarEvent>) {
  return (
    <span
      className="flex min-w-0 items-center gap-1 text-xs"
      data-testid={`schedule-event-${event.resource.id}`}
      data-status={event.resource.status}
    >
      {event.resource.recurrence !== 'none' ? <Repeat className="size-3 shrink-0" /> : null}
      <span className="truncate">{event.title}</span>
    </span>
  )
}

function AgendaEvent({ event }: EventProps<CalendarEvent>) {
  const { t } = useTranslation()
  const select = useContext(SelectSchedule)
  const item = event.resource
  return (
    <button
      type="button"
      onClick={() => select(item)}
      className="flex w-full min-w-0 flex-col gap-0.5 text-left sm:flex-row sm:items-start sm:gap-3"
      data-testid={`schedule-event-${item.id}`}
      data-status={item.status}
    >
      <StatusBadge status={item.status} className="w-24 shrink-0" />
      <div className="min-w-0 flex-1">
        <p className="flex items-center gap-1 font-medium">
          <span className="truncate">{item.contactName}</span>
          {item.recurrence !== 'none' ? (
            <Repeat
              className="text-muted-foreground size-3.5 shrink-0"
              aria-label={t(`schedules.recurrences.${item.recurrence}`)}
            />
          ) : null}
          {item.mediaType ? (
            <Paperclip
              className="text-muted-foreground size-3.5 shrink-0"
              aria-label={t('schedules.info.attachment')}
            />
          ) : null}
        </p>
        {item.body ? (
          <p className="text-muted-foreground line-clamp-2 text-sm break-words">{item.body}</p>
        ) : null}
        {item.status === 'failed' && item.error ? (
          <p className="text-destructive text-xs">{errorText(item.error, t)}</p>
        ) : null}
      </div>
    </button>
  )
}
