import { TZDate } from '@date-fns/tz'
import { addDays } from 'date-fns'

export type WorkHours = { start: string | null; end: string | null }

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

function localMinutes(now: number, timeZone: string) {
  const local = new TZDate(now, timeZone)
  return local.getHours() * 60 + local.getMinutes()
}

/** Whether `now` falls inside the work hours (in the company time zone). No hours = always. */
export function isWithinWorkHours(now: number, timeZone: string, hours: WorkHours) {
  if (!hours.start || !hours.end) return true
  const minute = localMinutes(now, timeZone)
  const start = toMinutes(hours.start)
  const end = toMinutes(hours.end)
  if (start === end) return true
  // A shift may cross midnight (22:00–06:00).
  return start < end ? minute >= start && minute < end : minute >= start || minute < end
}

/** The next instant (UTC ms) at which the work day ends, or null without work hours. */
export function nextWorkEnd(now: number, timeZone: string, hours: WorkHours) {
  if (!hours.start || !hours.end || hours.start === hours.end) return null
  const [h, m] = hours.end.split(':').map(Number)
  const today = new TZDate(now, timeZone)
  let end = new TZDate(
    today.getFullYear(),
    today.getMonth(),
    today.getDate(),
    h ?? 0,
    m ?? 0,
    0,
    timeZone,
  )
  if (end.getTime() <= now) end = addDays(end, 1)
  return end.getTime()
}
