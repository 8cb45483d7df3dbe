import { describe, expect, test } from 'vitest'
import { type CloseReason } from '#app/channels/types.ts'
import { backoffDelay, decideReconnect, type ReconnectDecision } from './reconnect.ts'

const middle = () => 0.5 // no jitter: 0.8 + 0.5 × 0.4 = 1.0

describe('decideReconnect', () => {
  // Every CloseReason, with what the channel manager must do on the first close.
  const table: Record<CloseReason, ReconnectDecision> = {
    logged_out: { action: 'stop', clearAuth: true },
    restart_required: { action: 'restart', delayMs: 0 },
    replaced: { action: 'stop', clearAuth: false },
    forbidden: { action: 'stop', clearAuth: false },
    stopped: { action: 'stop', clearAuth: false },
    connection_lost: { action: 'restart', delayMs: 2_000 },
    timed_out: { action: 'restart', delayMs: 2_000 },
    bad_session: { action: 'restart', delayMs: 2_000 },
    unavailable: { action: 'restart', delayMs: 2_000 },
    unknown: { action: 'restart', delayMs: 2_000 },
  }

  test.each(Object.entries(table) as Array<[CloseReason, ReconnectDecision]>)(
    '%s → %o',
    (reason, decision) => {
      expect(decideReconnect(reason, 1, middle)).toEqual(decision)
    },
  )

  test('restart_required is immediate however many attempts came before', () => {
    expect(decideReconnect('restart_required', 9, middle)).toEqual({
      action: 'restart',
      delayMs: 0,
    })
  })

  test('network failures back off with the attempt number', () => {
    expect(decideReconnect('connection_lost', 3, middle)).toEqual({
      action: 'restart',
      delayMs: 8_000,
    })
    expect(decideReconnect('unavailable', 50, middle)).toEqual({
      action: 'restart',
      delayMs: 60_000,
    })
  })

  test('a stop never depends on the attempt', () => {
    for (const attempt of [1, 5, 100]) {
      expect(decideReconnect('logged_out', attempt)).toEqual({ action: 'stop', clearAuth: true })
      expect(decideReconnect('replaced', attempt)).toEqual({ action: 'stop', clearAuth: false })
    }
  })
})

describe('backoffDelay', () => {
  test('doubles from 2 s and is capped at 60 s', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 10, 100, 10_000].map((attempt) =>
      backoffDelay(attempt, middle),
    )
    expect(delays).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000, 60_000,
    ])
  })

  test('attempt 0 (or below) counts as the first', () => {
    expect(backoffDelay(0, middle)).toBe(2_000)
    expect(backoffDelay(-3, middle)).toBe(2_000)
  })

  test('jitter stays within ±20 %, also at the cap', () => {
    expect(backoffDelay(1, () => 0)).toBe(1_600)
    expect(backoffDelay(1, () => 0.999_999)).toBe(2_400)
    expect(backoffDelay(20, () => 0)).toBe(48_000)
    expect(backoffDelay(20, () => 0.999_999)).toBe(72_000)
  })

  test('deterministic with an injected random; within bounds with the real one', () => {
    const seq = [0.1, 0.7, 0.3]
    const random = () => seq.shift()!
    expect([1, 2, 3].map((attempt) => backoffDelay(attempt, random))).toEqual([1_680, 4_320, 7_360])
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(4)
      expect(delay).toBeGreaterThanOrEqual(12_800)
      expect(delay).toBeLessThanOrEqual(19_200)
    }
  })

  test('grows monotonically without jitter', () => {
    let previous = 0
    for (let attempt = 1; attempt <= 12; attempt++) {
      const delay = backoffDelay(attempt, middle)
      expect(delay).toBeGreaterThanOrEqual(previous)
      previous = delay
    }
  })
})
