import { TZDate } from '@date-fns/tz'
import type { BusinessHours } from '#db/schema/queues.ts'
import { msg, TimeOfDaySchema, z } from '#app/utils/validation.ts'

export type { BusinessDay, BusinessHours } from '#db/schema/queues.ts'

/** Sunday first, as in `Date#getDay()`. */
export const WEEK_DAYS = [0, 1, 2, 3, 4, 5, 6] as const
export const MAX_RANGES_PER_DAY = 4

const minutesOf = (time: string) => {
  const [hours = '0', minutes = '0'] = time.split(':')
  return Number(hours) * 60 + Number(minutes)
}

const isTime = (value: string) => TimeOfDaySchema.safeParse(value).success

const RangeSchema = z
  .object({ start: TimeOfDaySchema, end: TimeOfDaySchema })
  // Overnight ranges (22:00–02:00) are not supported: split them over two days.
  .refine(
    (range) =>
      !isTime(range.start) || !isTime(range.end) || minutesOf(range.start) < minutesOf(range.end),
    {
      message: msg('hoursRangeOrder'),
      path: ['end'],
    },
  )

const DaySchema = z
  .object({
    day: z
      .number()
      .int()
      .min(0, { message: msg('invalid') })
      .max(6, { message: msg('invalid') }),
    open: z.boolean(),
    ranges: z.array(RangeSchema).max(MAX_RANGES_PER_DAY, {
      message: msg('hoursTooManyRanges'),
    }),
  })
  .superRefine((day, ctx) => {
    if (day.open && day.ranges.length === 0)
      ctx.addIssue({ code: 'custom', message: msg('hoursOpenWithoutRange'), path: ['ranges'] })
    for (let index = 1; index < day.ranges.length; index++) {
      const previous = day.ranges[index - 1]!
      const current = day.ranges[index]!
      if (minutesOf(current.start) < minutesOf(previous.end))
        ctx.addIssue({ code: 'custom', message: msg('hoursRangeOverlap'), path: ['ranges', index] })
    }
  })

/**
 * Weekly business hours: each weekday once, ranges sorted, non-overlapping, start before end (no
 * overnight ranges: 22:00–02:00 must be split into 22:00–23:59 and the next day's 00:00–02:00).
 */
export const BusinessHoursSchema = z
  .object({ enabled: z.boolean(), days: z.array(DaySchema).max(7) })
  .superRefine((hours, ctx) => {
    const seen = new Set<number>()
    hours.days.forEach((day, index) => {
      if (seen.has(day.day))
        ctx.addIssue({ code: 'custom', message: msg('hoursDuplicateDay'), path: ['days', index] })
      seen.add(day.day)
    })
  }) satisfies z.ZodType<BusinessHours>

/** Mon–Fri 08:00–12:00 and 13:00–18:00, Saturday 08:00–12:00, Sunday closed; not enabled. */
export function defaultBusinessHours(): BusinessHours {
  const weekday = () => [
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ]
  return {
    enabled: false,
    days: WEEK_DAYS.map((day) => {
      if (day === 0) return { day, open: false, ranges: [] }
      if (day === 6) return { day, open: true, ranges: [{ start: '08:00', end: '12:00' }] }
      return { day, open: true, ranges: weekday() }
    }),
  }
}

/**
 * Whether `at` (epoch ms) falls inside the business hours, read in `timeZone`. No hours, or hours
 * not enabled, mean always open. A range's end is exclusive (18:00 is already closed). A weekday
 * missing from `days` is closed.
 */
export function isOpenAt(
  hours: BusinessHours | null | undefined,
  timeZone: string,
  at: number,
): boolean {
  if (!hours?.enabled) return true
  let local = new TZDate(at, timeZone)
  if (Number.isNaN(local.getTime()) || Number.isNaN(local.getHours()))
    local = new TZDate(at, 'America/Sao_Paulo')
  const weekday = local.getDay()
  const minute = local.getHours() * 60 + local.getMinutes()
  const day = hours.days.find((candidate) => candidate.day === weekday)
  if (!day?.open) return false
  return day.ranges.some(
    (range) => minute >= minutesOf(range.start) && minute < minutesOf(range.end),
  )
}

const parseJson = (value: unknown): unknown => {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') return value
  if (value.trim() === '') return null
  try {
    return JSON.parse(value) as unknown
  } catch {
    return value
  }
}

/**
 * Reads the hidden JSON input of `<BusinessHoursField>` (or a stored value): '' or nothing → null;
 * invalid JSON or hours that fail `BusinessHoursSchema` → null too. To show field errors instead,
 * validate the form with `BusinessHoursFieldSchema`.
 */
export function parseBusinessHoursField(value: unknown): BusinessHours | null {
  const parsed = BusinessHoursSchema.safeParse(parseJson(value))
  return parsed.success ? parsed.data : null
}

/** A form field for the hidden JSON input: '' → null, anything else validated (errors shown). */
export const BusinessHoursFieldSchema = z.preprocess(parseJson, BusinessHoursSchema.nullable())
