import { Boom } from '@hapi/boom'
import { DisconnectReason } from 'baileys'
import { expect, test } from 'vitest'
import { closeReasonFromStatusCode, statusCodeOf } from './disconnect.ts'

test.each([
  [401, 'logged_out'],
  [403, 'forbidden'],
  [408, 'timed_out'],
  [411, 'forbidden'],
  [428, 'connection_lost'],
  [440, 'replaced'],
  [500, 'bad_session'],
  [503, 'unavailable'],
  [515, 'restart_required'],
  [undefined, 'unknown'],
  [200, 'unknown'],
  [999, 'unknown'],
] as const)('status %s → %s', (code, reason) => {
  expect(closeReasonFromStatusCode(code)).toBe(reason)
})

test('every Baileys DisconnectReason maps to a known reason', () => {
  const codes = Object.values(DisconnectReason).filter((v): v is number => typeof v === 'number')
  expect(codes.length).toBeGreaterThanOrEqual(9)
  for (const code of codes) expect(closeReasonFromStatusCode(code)).not.toBe('unknown')
})

test('the status code is read from a Boom, not from plain errors', () => {
  expect(statusCodeOf(new Boom('Stream Errored (restart required)', { statusCode: 515 }))).toBe(515)
  expect(statusCodeOf(new Error('x'))).toBeUndefined()
  expect(statusCodeOf(undefined)).toBeUndefined()
})
