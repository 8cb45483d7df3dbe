/**
 * The API's own rate limits (ADR 013): a token bucket per credential (every request of a token
 * counts, whatever its IP) and one per client IP for failed authentications (guessing tokens).
 * In memory: one process serves the app (ADR 001); a restart refills every bucket.
 */
import { getEnv } from '#app/utils/env.server.ts'

export type BucketRule = {
  /** Requests allowed at once (a burst). */
  capacity: number
  /** Requests per second, sustained. */
  perSecond: number
}

/** Per credential: bursts of 120, 20 requests a second sustained (times RATE_LIMIT_FACTOR). */
export const CREDENTIAL_RULE: BucketRule = { capacity: 120, perSecond: 20 }
/** Per IP, failed authentications: 20 at once, then one every 3 seconds. */
export const FAILED_AUTH_RULE: BucketRule = { capacity: 20, perSecond: 1 / 3 }

const MAX_KEYS = 50_000

type Bucket = { tokens: number; at: number }

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()

  constructor(
    private readonly rule: BucketRule,
    private readonly factor: () => number = () => getEnv().RATE_LIMIT_FACTOR,
  ) {}

  private current(key: string, now: number) {
    const factor = this.factor()
    const capacity = this.rule.capacity * factor
    const rate = this.rule.perSecond * factor
    const bucket = this.buckets.get(key)
    if (!bucket) return { tokens: capacity, capacity, rate }
    const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * rate)
    return { tokens, capacity, rate }
  }

  /** Seconds to wait before `key` may make a request, or 0 when it may now (without spending). */
  retryAfter(key: string, now = Date.now()) {
    const { tokens, rate } = this.current(key, now)
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / rate))
  }

  /** Spends one request of `key`: 0 when allowed, else the seconds to wait (nothing spent). */
  take(key: string, now = Date.now()) {
    const { tokens, rate } = this.current(key, now)
    if (tokens < 1) return Math.max(1, Math.ceil((1 - tokens) / rate))
    if (!this.buckets.has(key) && this.buckets.size >= MAX_KEYS) this.prune(now)
    this.buckets.set(key, { tokens: tokens - 1, at: now })
    return 0
  }

  /** Drops full buckets (they hold nothing a fresh one would not). */
  private prune(now: number) {
    for (const key of this.buckets.keys()) {
      const { tokens, capacity } = this.current(key, now)
      if (tokens >= capacity) this.buckets.delete(key)
    }
    if (this.buckets.size >= MAX_KEYS) this.buckets.clear()
  }

  reset() {
    this.buckets.clear()
  }
}

export const credentialLimiter = new RateLimiter(CREDENTIAL_RULE)
export const failedAuthLimiter = new RateLimiter(FAILED_AUTH_RULE)
