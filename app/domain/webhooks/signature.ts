/**
 * The webhook signature (ADR 014), as Stripe signs its webhooks: the header
 * `X-Balcao-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The
 * timestamp is signed with the body, so a captured request cannot be replayed later than the
 * receiver's tolerance (5 minutes is the usual one). A receiver verifies the raw bytes it got,
 * before parsing the JSON; more than one v1 may appear (a receiver accepts any that matches).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'X-Balcao-Signature'
export const EVENT_HEADER = 'X-Balcao-Event'
export const DELIVERY_HEADER = 'X-Balcao-Delivery'
export const ATTEMPT_HEADER = 'X-Balcao-Attempt'

/** How far the signed time may be from the receiver's clock, by default. */
export const SIGNATURE_TOLERANCE_SECONDS = 300

/** The hex HMAC-SHA256 of `<timestamp>.<body>`. */
export function computeSignature(secret: string, timestamp: number, body: string) {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')
}

/** The header value for a body sent now (or at `timestamp`, unix seconds). */
export function signPayload(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`
}

export type SignatureCheck =
  { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'expired' | 'mismatch' }

/** Reads `t=…,v1=…[,v1=…]`; other schemes are ignored. */
export function parseSignatureHeader(header: string) {
  let timestamp: number | null = null
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const at = part.indexOf('=')
    if (at < 0) continue
    const key = part.slice(0, at).trim()
    const value = part.slice(at + 1).trim()
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value)
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase())
  }
  return { timestamp, signatures }
}

/**
 * Checks a received request: the raw body, the header, the webhook's secret. `toleranceSeconds`:
 * 0 skips the age check. Compares in constant time.
 */
export function verifySignature(input: {
  secret: string
  body: string
  header: string | null | undefined
  toleranceSeconds?: number
  /** Unix ms; now when omitted. */
  now?: number
}): SignatureCheck {
  if (!input.header) return { ok: false, reason: 'malformed' }
  const { timestamp, signatures } = parseSignatureHeader(input.header)
  if (timestamp === null || !signatures.length) return { ok: false, reason: 'malformed' }
  const tolerance = input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000)
  if (tolerance > 0 && Math.abs(nowSeconds - timestamp) > tolerance)
    return { ok: false, reason: 'expired' }
  const expected = Buffer.from(computeSignature(input.secret, timestamp, input.body), 'hex')
  const matches = signatures.some((signature) =>
    timingSafeEqual(expected, Buffer.from(signature, 'hex')),
  )
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' }
}
