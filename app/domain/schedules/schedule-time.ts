import { TZDate } from '@date-fns/tz'
import { type ScheduleRecurrence } from '#db/schema/schedules.ts'

/**
 * Time of schedules in the company's time zone (pure, shared by the server and the calendar).
 * A recurring series keeps its local wall-clock time: 09:00 stays 09:00 in the company's zone
 * across daylight-saving changes, whatever zone the server or the browser runs in.
 */

const pad = (n: number) => String(n).padStart(2, '0')

/** The wall clock of an instant in a zone: "2026-11-25T14:30" (a datetime-local value). */
export function toLocalInput(ms: number, timeZone: string) {
  const z = new TZDate(ms, timeZone)
  return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}T${pad(z.getHours())}:${pad(z.getMinutes())}`
}

/** "2026-11-25" of an instant in a zone (a date input value). */
export function toLocalDate(ms: number, timeZone: string) {
  return toLocalInput(ms, timeZone).slice(0, 10)
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * The instant of a wall-clock value typed in the company's zone ("2026-11-25T14:30", or a date
 * alone for midnight). Null when it is not a valid date. A time skipped by a DST change moves
 * forward to the first valid instant.
 */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const match = LOCAL_INPUT.exec(value.trim())
  if (!match) return null
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0))
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month! - 1)) return null
  if (hour! > 23 || minute! > 59 || second! > 59) return null
  return new TZDate(year!, month! - 1, day!, hour!, minute!, second!, timeZone).getTime()
}

/** The last instant of a local day ("2026-12-31" → 23:59:59.999 there): a series' inclusive end. */
export function endOfLocalDay(date: string, timeZone: string): number | null {
  const start = fromLocalInput(date.slice(0, 10), timeZone)
  if (start === null) return null
  const z = new TZDate(start, timeZone)
  return new TZDate(z.getFullYear(), z.getMonth(), z.getDate(), 23, 59, 59, 999, timeZone).getTime()
}

function daysInMonth(year: number, month: number) {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
}

/**
 * The occurrence after `current` in a series, in the company's zone. Monthly series keep the day
 * of the month they started on (`anchorDay`), clamped to shorter months (31 → 30 Apr → 28 Feb →
 * 31 Mar). Null for one-off schedules.
 */
export function nextOccurrence(
  current: number,
  recurrence: ScheduleRecurrence,
  timeZone: string,
  anchorDay?: number,
): number | null {
  if (recurrence === 'none') return null
  const z = new TZDate(current, timeZone)
  const [h, m, s] = [z.getHours(), z.getMinutes(), z.getSeconds()]
  let [year, month, day] = [z.getFullYear(), z.getMonth(), z.getDate()]
  if (recurrence === 'daily' || recurrence === 'weekly') {
    // Date.UTC normalises day overflow into the next month/year without any zone involved.
    const next = new Date(Date.UTC(year, month, day + (recurrence === 'daily' ? 1 : 7)))
    ;[year, month, day] = [next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate()]
  } else {
    month += 1
    if (month > 11) [year, month] = [year + 1, 0]
    day = Math.min(anchorDay ?? day, daysInMonth(year, month))
  }
  return new TZDate(year, month, day, h, m, s, timeZone).getTime()
}

/**
 * The first occurrence after `after` (a series catching up after downtime skips the missed ones
 * instead of sending them all at once), or null when it would fall past the series' end.
 */
export function nextOccurrenceAfter(
  current: number,
  recurrence: ScheduleRecurrence,
  timeZone: string,
  options: { after: number; end: number | null; anchorDay?: number },
): number | null {
  let next = nextOccurrence(current, recurrence, timeZone, options.anchorDay)
  // A bounded loop: a daily series down for years still ends quickly.
  for (let i = 0; next !== null && next <= options.after && i < 5000; i++)
    next = nextOccurrence(next, recurrence, timeZone, options.anchorDay)
  if (next === null || next <= options.after) return null
  if (options.end !== null && next > options.end) return null
  return next
}

/** The day of the month of an instant in a zone (the anchor of a monthly series). */
export function localDayOfMonth(ms: number, timeZone: string) {
  return new TZDate(ms, timeZone).getDate()
}

/**
 * A browser Date whose own (local) fields show the company's wall clock: the calendar lays events
 * out in the browser's zone, so events are shifted into it and back.
 */
export function toWallClockDate(ms: number, timeZone: string) {
  const z = new TZDate(ms, timeZone)
  return new Date(
    z.getFullYear(),
    z.getMonth(),
    z.getDate(),
    z.getHours(),
    z.getMinutes(),
    z.getSeconds(),
  )
}

/** The instant of a browser Date read as the company's wall clock (inverse of toWallClockDate). */
export function fromWallClockDate(date: Date, timeZone: string) {
  return new TZDate(
    date.getFullYear(),
    date.getMonth(),
    date.getDate(),
    date.getHours(),
    date.getMinutes(),
    date.getSeconds(),
    timeZone,
  ).getTime()
}
