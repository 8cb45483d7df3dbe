import { describe, expect, test } from 'vitest'
import {
  computeSignature,
  parseSignatureHeader,
  signPayload,
  verifySignature,
} from './signature.ts'

const SECRET = 'whsec_example'
const BODY = '{"id":"evt_1","type":"ticket.created"}'
const T = 1_700_000_000
// printf '%s' '1700000000.{"id":"evt_1","type":"ticket.created"}' | openssl dgst -sha256 -hmac whsec_example
const EXPECTED = '63458e94b2652476e6ac7058885df0e65b59c151c28fe67051f4594b78b68b96'

describe('signature', () => {
  test('is the hex HMAC-SHA256 of "<t>.<body>", as openssl computes it', () => {
    expect(computeSignature(SECRET, T, BODY)).toBe(EXPECTED)
    expect(signPayload(SECRET, BODY, T)).toBe(`t=${T},v1=${EXPECTED}`)
  })

  test('signs now by default', () => {
    const before = Math.floor(Date.now() / 1000)
    const { timestamp } = parseSignatureHeader(signPayload(SECRET, BODY))
    expect(timestamp).toBeGreaterThanOrEqual(before)
    expect(timestamp).toBeLessThanOrEqual(before + 1)
  })

  test('verifies the raw body within the tolerance', () => {
    const header = signPayload(SECRET, BODY, T)
    expect(verifySignature({ secret: SECRET, body: BODY, header, now: T * 1000 })).toEqual({
      ok: true,
      timestamp: T,
    })
    expect(
      verifySignature({ secret: SECRET, body: BODY, header, now: (T + 299) * 1000 }),
    ).toMatchObject({ ok: true })
  })

  test('refuses another body, another secret, an old timestamp, a malformed header', () => {
    const header = signPayload(SECRET, BODY, T)
    const now = T * 1000
    expect(verifySignature({ secret: SECRET, body: `${BODY} `, header, now })).toEqual({
      ok: false,
      reason: 'mismatch',
    })
    expect(verifySignature({ secret: 'whsec_other', body: BODY, header, now })).toEqual({
      ok: false,
      reason: 'mismatch',
    })
    // The timestamp is signed: moving it breaks the signature; an old one is refused.
    expect(
      verifySignature({
        secret: SECRET,
        body: BODY,
        header: header.replace(`t=${T}`, `t=${T + 1}`),
        now,
      }),
    ).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifySignature({ secret: SECRET, body: BODY, header, now: (T + 301) * 1000 })).toEqual({
      ok: false,
      reason: 'expired',
    })
    expect(
      verifySignature({
        secret: SECRET,
        body: BODY,
        header,
        now: (T + 10_000) * 1000,
        toleranceSeconds: 0,
      }),
    ).toMatchObject({ ok: true })
    for (const bad of [null, '', 'v1=abc', `t=${T}`, `t=abc,v1=${EXPECTED}`, `t=${T},v1=xyz`])
      expect(verifySignature({ secret: SECRET, body: BODY, header: bad, now })).toEqual({
        ok: false,
        reason: 'malformed',
      })
  })

  test('accepts any of several v1 signatures and ignores other schemes', () => {
    const wrong = 'f'.repeat(64)
    const header = `t=${T},v0=${wrong},v1=${wrong},v1=${EXPECTED}`
    expect(verifySignature({ secret: SECRET, body: BODY, header, now: T * 1000 })).toMatchObject({
      ok: true,
    })
    expect(parseSignatureHeader(header)).toEqual({ timestamp: T, signatures: [wrong, EXPECTED] })
  })
})
