import { afterEach, describe, expect, test } from 'vitest'
import {
  endOfLocalDay,
  fromLocalInput,
  fromWallClockDate,
  nextOccurrence,
  nextOccurrenceAfter,
  toLocalInput,
  toWallClockDate,
} from './schedule-time.ts'

const HOUR = 3_600_000
const SP = 'America/Sao_Paulo'
const NY = 'America/New_York'

const at = (value: string, tz: string) => {
  const ms = fromLocalInput(value, tz)
  if (ms === null) throw new Error(`bad date ${value}`)
  return ms
}

/** Every occurrence of a series from `start` while `count` lasts, as local wall-clock strings. */
function series(
  start: string,
  recurrence: 'daily' | 'weekly' | 'monthly',
  tz: string,
  count: number,
) {
  const out = [at(start, tz)]
  while (out.length < count)
    out.push(nextOccurrence(out.at(-1)!, recurrence, tz, Number(start.slice(8, 10)))!)
  return out
}

const originalTz = process.env.TZ
afterEach(() => {
  process.env.TZ = originalTz
})

describe('local input ↔ UTC in the company zone', () => {
  test('a wall-clock time in São Paulo is UTC−3 and reads back the same', () => {
    const ms = at('2026-11-25T14:30', SP)
    expect(new Date(ms).toISOString()).toBe('2026-11-25T17:30:00.000Z')
    expect(toLocalInput(ms, SP)).toBe('2026-11-25T14:30')
  })

  test('impossible dates and times are refused', () => {
    expect(fromLocalInput('2026-02-30T10:00', SP)).toBeNull()
    expect(fromLocalInput('2026-13-01T10:00', SP)).toBeNull()
    expect(fromLocalInput('2026-01-01T24:00', SP)).toBeNull()
    expect(fromLocalInput('amanhã', SP)).toBeNull()
  })

  test('a time skipped by a DST change moves forward to the first real instant', () => {
    // New York jumps from 02:00 to 03:00 on 2026-03-08.
    expect(toLocalInput(at('2026-03-08T02:30', NY), NY)).toBe('2026-03-08T03:30')
  })

  test('the end of a local day is inclusive, 23:59:59.999 there', () => {
    expect(new Date(endOfLocalDay('2026-12-31', SP)!).toISOString()).toBe(
      '2027-01-01T02:59:59.999Z',
    )
    expect(endOfLocalDay('2026-02-30', SP)).toBeNull()
  })

  test('the calendar shift into the browser zone and back is lossless, whatever that zone is', () => {
    for (const browserTz of ['UTC', 'Asia/Tokyo', NY]) {
      process.env.TZ = browserTz
      const ms = at('2026-03-08T09:15', SP)
      const shown = toWallClockDate(ms, SP)
      expect([shown.getHours(), shown.getMinutes(), shown.getDate()]).toEqual([9, 15, 8])
      expect(fromWallClockDate(shown, SP)).toBe(ms)
    }
  })
})

describe('recurrence keeps the local time', () => {
  test('São Paulo (no DST) stays 09:00 across the DST changes of New York, London and Sydney', () => {
    // The server's own zone must not matter either: run it from a zone that changes that week.
    for (const serverTz of ['UTC', NY, 'Europe/London', 'Australia/Sydney']) {
      process.env.TZ = serverTz
      for (const start of ['2026-03-05T09:00', '2026-03-26T09:00', '2026-04-02T09:00']) {
        const days = series(start, 'daily', SP, 8)
        expect(days.map((ms) => toLocalInput(ms, SP).slice(11))).toEqual(Array(8).fill('09:00'))
        for (let i = 1; i < days.length; i++) expect(days[i]! - days[i - 1]!).toBe(24 * HOUR)
      }
    }
  })

  test('a company in New York keeps 09:00 across its own DST: one day is 23 h, another 25 h', () => {
    process.env.TZ = 'UTC'
    const spring = series('2026-03-07T09:00', 'daily', NY, 3)
    expect(spring.map((ms) => toLocalInput(ms, NY))).toEqual([
      '2026-03-07T09:00',
      '2026-03-08T09:00',
      '2026-03-09T09:00',
    ])
    expect(spring[1]! - spring[0]!).toBe(23 * HOUR)
    const autumn = series('2026-10-31T09:00', 'daily', NY, 2)
    expect(toLocalInput(autumn[1]!, NY)).toBe('2026-11-01T09:00')
    expect(autumn[1]! - autumn[0]!).toBe(25 * HOUR)
  })

  test('weekly in London across the end of BST, and in Sydney across the start of AEDT', () => {
    const london = series('2026-10-21T18:30', 'weekly', 'Europe/London', 3)
    expect(london.map((ms) => toLocalInput(ms, 'Europe/London'))).toEqual([
      '2026-10-21T18:30',
      '2026-10-28T18:30',
      '2026-11-04T18:30',
    ])
    expect(london[1]! - london[0]!).toBe(7 * 24 * HOUR + HOUR)
    const sydney = series('2026-09-30T08:00', 'weekly', 'Australia/Sydney', 2)
    expect(toLocalInput(sydney[1]!, 'Australia/Sydney')).toBe('2026-10-07T08:00')
    expect(sydney[1]! - sydney[0]!).toBe(7 * 24 * HOUR - HOUR)
  })

  test('monthly keeps its day, clamped to short months, and crosses the year', () => {
    const months = series('2026-10-31T10:00', 'monthly', SP, 6)
    expect(months.map((ms) => toLocalInput(ms, SP))).toEqual([
      '2026-10-31T10:00',
      '2026-11-30T10:00',
      '2026-12-31T10:00',
      '2027-01-31T10:00',
      '2027-02-28T10:00',
      '2027-03-31T10:00',
    ])
  })

  test('one-off schedules have no next occurrence', () => {
    expect(nextOccurrence(at('2026-11-25T10:00', SP), 'none', SP)).toBeNull()
  })

  test('catching up after downtime skips missed occurrences; the end date is inclusive', () => {
    const start = at('2026-11-01T09:00', SP)
    const now = at('2026-11-10T12:00', SP)
    const next = nextOccurrenceAfter(start, 'daily', SP, { after: now, end: null })
    expect(toLocalInput(next!, SP)).toBe('2026-11-11T09:00')
    const end = endOfLocalDay('2026-11-11', SP)
    expect(nextOccurrenceAfter(start, 'daily', SP, { after: now, end })).toBe(next)
    const earlierEnd = endOfLocalDay('2026-11-10', SP)
    expect(nextOccurrenceAfter(start, 'daily', SP, { after: now, end: earlierEnd })).toBeNull()
  })
})
