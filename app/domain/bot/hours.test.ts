import { describe, expect, test } from 'vitest'
import {
  BusinessHoursFieldSchema,
  BusinessHoursSchema,
  defaultBusinessHours,
  isOpenAt,
  parseBusinessHoursField,
} from './hours.ts'

const SP = 'America/Sao_Paulo'
const LISBON = 'Europe/Lisbon'
/** A São Paulo wall-clock time (UTC−3) on Friday 27 Nov 2026 + `dayOffset` days. */
const saoPaulo = (hh: number, mm: number, dayOffset = 0) =>
  Date.UTC(2026, 10, 27 + dayOffset, hh + 3, mm)
const enabled = () => ({ ...defaultBusinessHours(), enabled: true })

describe('defaultBusinessHours', () => {
  test('Mon–Fri with a lunch break, Saturday morning, Sunday closed, not enabled', () => {
    const hours = defaultBusinessHours()
    expect(hours.enabled).toBe(false)
    expect(hours.days.map((day) => day.day)).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(hours.days[0]).toEqual({ day: 0, open: false, ranges: [] })
    expect(hours.days[5]?.ranges).toEqual([
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ])
    expect(hours.days[6]?.ranges).toEqual([{ start: '08:00', end: '12:00' }])
    expect(BusinessHoursSchema.safeParse(hours).success).toBe(true)
  })
})

describe('isOpenAt', () => {
  test('no hours, or hours not enabled, are always open', () => {
    expect(isOpenAt(null, SP, saoPaulo(3, 0))).toBe(true)
    expect(isOpenAt(undefined, SP, saoPaulo(3, 0))).toBe(true)
    expect(isOpenAt(defaultBusinessHours(), SP, saoPaulo(3, 0))).toBe(true)
  })

  test('Friday in São Paulo: 17:59 open, 18:00 and 18:01 closed, lunch closed', () => {
    const hours = enabled()
    expect(isOpenAt(hours, SP, saoPaulo(17, 59))).toBe(true)
    expect(isOpenAt(hours, SP, saoPaulo(18, 0))).toBe(false)
    expect(isOpenAt(hours, SP, saoPaulo(18, 1))).toBe(false)
    expect(isOpenAt(hours, SP, saoPaulo(12, 30))).toBe(false)
    expect(isOpenAt(hours, SP, saoPaulo(11, 59))).toBe(true)
    expect(isOpenAt(hours, SP, saoPaulo(13, 0))).toBe(true)
    expect(isOpenAt(hours, SP, saoPaulo(7, 59))).toBe(false)
  })

  test('Saturday morning only, Sunday closed all day', () => {
    const hours = enabled()
    expect(isOpenAt(hours, SP, saoPaulo(9, 0, 1))).toBe(true)
    expect(isOpenAt(hours, SP, saoPaulo(14, 0, 1))).toBe(false)
    expect(isOpenAt(hours, SP, saoPaulo(10, 0, 2))).toBe(false)
  })

  test('the weekday is read in the company zone, not in UTC', () => {
    // 23:30 on Friday in São Paulo is already Saturday 02:30 UTC.
    const hours = enabled()
    hours.days[5] = { day: 5, open: true, ranges: [{ start: '20:00', end: '23:59' }] }
    hours.days[6] = { day: 6, open: false, ranges: [] }
    expect(isOpenAt(hours, SP, saoPaulo(23, 30))).toBe(true)
  })

  test('Lisbon across the daylight-saving change (29 Mar 2026)', () => {
    const hours = enabled()
    // Friday 27 Mar: WET (UTC+0). 07:45 UTC = 07:45 local → closed; 08:15 UTC → open.
    expect(isOpenAt(hours, LISBON, Date.UTC(2026, 2, 27, 7, 45))).toBe(false)
    expect(isOpenAt(hours, LISBON, Date.UTC(2026, 2, 27, 8, 15))).toBe(true)
    // Monday 30 Mar: WEST (UTC+1). 07:45 UTC = 08:45 local → open; 16:30 UTC = 17:30 → open;
    // 17:00 UTC = 18:00 local → closed.
    expect(isOpenAt(hours, LISBON, Date.UTC(2026, 2, 30, 7, 45))).toBe(true)
    expect(isOpenAt(hours, LISBON, Date.UTC(2026, 2, 30, 16, 30))).toBe(true)
    expect(isOpenAt(hours, LISBON, Date.UTC(2026, 2, 30, 17, 0))).toBe(false)
  })

  test('a weekday missing from the table is closed; an unknown zone falls back', () => {
    const hours = {
      enabled: true,
      days: [{ day: 1, open: true, ranges: [{ start: '00:00', end: '23:59' }] }],
    }
    expect(isOpenAt(hours, SP, saoPaulo(10, 0))).toBe(false)
    expect(() => isOpenAt(enabled(), 'Not/AZone', saoPaulo(10, 0))).not.toThrow()
  })
})

describe('BusinessHoursSchema', () => {
  const day = (ranges: Array<{ start: string; end: string }>, open = true) => ({
    enabled: true,
    days: [{ day: 1, open, ranges }],
  })
  const messages = (value: unknown) => {
    const result = BusinessHoursSchema.safeParse(value)
    return result.success ? [] : result.error.issues.map((issue) => issue.message)
  }

  test('accepts a lunch break and a closed day', () => {
    expect(
      messages(
        day([
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ]),
      ),
    ).toEqual([])
    expect(messages(day([], false))).toEqual([])
  })

  test('rejects end before start (overnight ranges are not supported)', () => {
    expect(messages(day([{ start: '22:00', end: '02:00' }]))).toEqual([
      'validation.hoursRangeOrder',
    ])
    expect(messages(day([{ start: '10:00', end: '10:00' }]))).toEqual([
      'validation.hoursRangeOrder',
    ])
  })

  test('rejects overlapping or unsorted ranges, bad times, too many ranges', () => {
    expect(
      messages(
        day([
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '18:00' },
        ]),
      ),
    ).toEqual(['validation.hoursRangeOverlap'])
    expect(
      messages(
        day([
          { start: '13:00', end: '18:00' },
          { start: '08:00', end: '12:00' },
        ]),
      ),
    ).toEqual(['validation.hoursRangeOverlap'])
    expect(messages(day([{ start: '8h', end: '12:00' }]))).toEqual(['validation.timeOfDay'])
    expect(messages(day([{ start: '24:00', end: '25:00' }]))).toContain('validation.timeOfDay')
    const five = ['01', '03', '05', '07', '09'].map((h) => ({ start: `${h}:00`, end: `${h}:30` }))
    expect(messages(day(five))[0]).toMatch(/^validation\.hoursTooManyRanges/)
  })

  test('rejects an open day without ranges and a repeated weekday', () => {
    expect(messages(day([]))).toEqual(['validation.hoursOpenWithoutRange'])
    expect(
      messages({
        enabled: true,
        days: [
          { day: 1, open: false, ranges: [] },
          { day: 1, open: false, ranges: [] },
        ],
      }),
    ).toEqual(['validation.hoursDuplicateDay'])
    expect(messages({ enabled: true, days: [{ day: 7, open: false, ranges: [] }] })).toEqual([
      'validation.invalid',
    ])
  })
})

describe('parseBusinessHoursField', () => {
  test("'' and nothing are null; valid JSON is parsed; invalid is null", () => {
    expect(parseBusinessHoursField('')).toBeNull()
    expect(parseBusinessHoursField(undefined)).toBeNull()
    expect(parseBusinessHoursField(JSON.stringify(defaultBusinessHours()))).toEqual(
      defaultBusinessHours(),
    )
    expect(parseBusinessHoursField('{not json')).toBeNull()
    expect(
      parseBusinessHoursField('{"enabled":true,"days":[{"day":1,"open":true,"ranges":[]}]}'),
    ).toBeNull()
  })

  test('the form schema reports errors instead of dropping them', () => {
    expect(BusinessHoursFieldSchema.safeParse('').data).toBeNull()
    expect(BusinessHoursFieldSchema.safeParse('{not json').success).toBe(false)
    const bad = {
      enabled: true,
      days: [{ day: 1, open: true, ranges: [{ start: '18:00', end: '08:00' }] }],
    }
    expect(BusinessHoursFieldSchema.safeParse(JSON.stringify(bad)).success).toBe(false)
  })
})
