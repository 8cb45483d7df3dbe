import { describe, expect, test } from 'vitest'
import { isWithinWorkHours, nextWorkEnd } from './work-hours.ts'

const SP = 'America/Sao_Paulo'
/** São Paulo has had no daylight saving time since 2019: local time is always UTC−3. */
const sp = (localIso: string) => Date.parse(`${localIso}-03:00`)

describe('isWithinWorkHours', () => {
  test('no hours (or only one end, or start = end) means always inside', () => {
    const now = sp('2025-03-10T03:00')
    expect(isWithinWorkHours(now, SP, { start: null, end: null })).toBe(true)
    expect(isWithinWorkHours(now, SP, { start: '08:00', end: null })).toBe(true)
    expect(isWithinWorkHours(now, SP, { start: null, end: '18:00' })).toBe(true)
    expect(isWithinWorkHours(now, SP, { start: '09:00', end: '09:00' })).toBe(true)
  })

  test('a day shift includes its start and excludes its end, in the company time zone', () => {
    const hours = { start: '08:00', end: '18:00' }
    expect(isWithinWorkHours(sp('2025-03-10T07:59'), SP, hours)).toBe(false)
    expect(isWithinWorkHours(sp('2025-03-10T08:00'), SP, hours)).toBe(true)
    expect(isWithinWorkHours(sp('2025-03-10T12:30'), SP, hours)).toBe(true)
    expect(isWithinWorkHours(sp('2025-03-10T17:59'), SP, hours)).toBe(true)
    expect(isWithinWorkHours(sp('2025-03-10T18:00'), SP, hours)).toBe(false)
    expect(isWithinWorkHours(sp('2025-03-10T23:00'), SP, hours)).toBe(false)
  })

  test('minutes count: 08:30–17:15', () => {
    const hours = { start: '08:30', end: '17:15' }
    expect(isWithinWorkHours(sp('2025-03-10T08:29'), SP, hours)).toBe(false)
    expect(isWithinWorkHours(sp('2025-03-10T08:30'), SP, hours)).toBe(true)
    expect(isWithinWorkHours(sp('2025-03-10T17:14'), SP, hours)).toBe(true)
    expect(isWithinWorkHours(sp('2025-03-10T17:15'), SP, hours)).toBe(false)
  })

  test('a night shift crosses midnight (22:00–06:00)', () => {
    const hours = { start: '22:00', end: '06:00' }
    expect(isWithinWorkHours(sp('2025-03-10T21:59'), SP, hours)).toBe(false)
    expect(isWithinWorkHours(sp('2025-03-10T22:00'), SP, hours)).toBe(true)
    expect(isWithinWorkHours(sp('2025-03-10T23:59'), SP, hours)).toBe(true)
    expect(isWithinWorkHours(sp('2025-03-11T00:00'), SP, hours)).toBe(true)
    expect(isWithinWorkHours(sp('2025-03-11T05:59'), SP, hours)).toBe(true)
    expect(isWithinWorkHours(sp('2025-03-11T06:00'), SP, hours)).toBe(false)
    expect(isWithinWorkHours(sp('2025-03-11T12:00'), SP, hours)).toBe(false)
  })

  test('the same instant is judged in the given time zone, not UTC', () => {
    const instant = Date.parse('2025-03-10T20:00:00Z') // 17:00 in São Paulo
    const hours = { start: '08:00', end: '18:00' }
    expect(isWithinWorkHours(instant, SP, hours)).toBe(true)
    expect(isWithinWorkHours(instant, 'UTC', hours)).toBe(false)
  })

  test('São Paulo is UTC−3 all year (no DST in January or on the old November switch)', () => {
    const hours = { start: '08:00', end: '18:00' }
    for (const day of ['2025-01-15', '2025-07-15', '2025-11-02', '2026-02-20']) {
      expect(isWithinWorkHours(Date.parse(`${day}T10:59:00Z`), SP, hours), day).toBe(false) // 07:59
      expect(isWithinWorkHours(Date.parse(`${day}T11:00:00Z`), SP, hours), day).toBe(true) // 08:00
      expect(isWithinWorkHours(Date.parse(`${day}T21:00:00Z`), SP, hours), day).toBe(false) // 18:00
    }
  })
})

describe('nextWorkEnd', () => {
  test('is null without work hours or when start equals end', () => {
    const now = sp('2025-03-10T10:00')
    expect(nextWorkEnd(now, SP, { start: null, end: null })).toBeNull()
    expect(nextWorkEnd(now, SP, { start: '08:00', end: null })).toBeNull()
    expect(nextWorkEnd(now, SP, { start: '08:00', end: '08:00' })).toBeNull()
  })

  test('is today’s end while the shift is on, in UTC ms', () => {
    const end = nextWorkEnd(sp('2025-03-10T10:00'), SP, { start: '08:00', end: '18:00' })
    expect(end).toBe(Date.parse('2025-03-10T21:00:00Z'))
  })

  test('is tomorrow’s end once today’s end has passed (an end exactly now is not "next")', () => {
    const hours = { start: '08:00', end: '18:00' }
    expect(nextWorkEnd(sp('2025-03-10T18:30'), SP, hours)).toBe(Date.parse('2025-03-11T21:00:00Z'))
    expect(nextWorkEnd(sp('2025-03-10T18:00'), SP, hours)).toBe(Date.parse('2025-03-11T21:00:00Z'))
  })

  test('a shift crossing midnight ends the next morning, or this morning after midnight', () => {
    const hours = { start: '22:00', end: '06:00' }
    // 23:00 on the 10th → 06:00 on the 11th (09:00 UTC).
    expect(nextWorkEnd(sp('2025-03-10T23:00'), SP, hours)).toBe(Date.parse('2025-03-11T09:00:00Z'))
    // 02:00 on the 11th → 06:00 the same morning.
    expect(nextWorkEnd(sp('2025-03-11T02:00'), SP, hours)).toBe(Date.parse('2025-03-11T09:00:00Z'))
    // Local 23:00 is already the next day in UTC: the local date is what counts.
    expect(new Date(sp('2025-03-10T23:00')).getUTCDate()).toBe(11)
  })

  test('crosses month and year boundaries', () => {
    const hours = { start: '22:00', end: '06:00' }
    expect(nextWorkEnd(sp('2025-12-31T23:30'), SP, hours)).toBe(Date.parse('2026-01-01T09:00:00Z'))
    expect(nextWorkEnd(sp('2025-02-28T19:00'), SP, { start: '08:00', end: '18:00' })).toBe(
      Date.parse('2025-03-01T21:00:00Z'),
    )
  })

  test('São Paulo has no DST: the end is always 21:00 UTC for an 18:00 shift end', () => {
    const hours = { start: '08:00', end: '18:00' }
    for (const day of ['2025-01-15', '2025-07-15', '2025-11-01', '2025-11-02', '2026-02-21']) {
      expect(nextWorkEnd(Date.parse(`${day}T12:00:00Z`), SP, hours), day).toBe(
        Date.parse(`${day}T21:00:00Z`),
      )
    }
  })
})
