import { type CloseReason } from '#app/channels/types.ts'

export type ReconnectDecision =
  { action: 'restart'; delayMs: number } | { action: 'stop'; clearAuth: boolean }

const MAX_BACKOFF_MS = 60_000

/** Backoff for attempt n (1-based): 2 s, 4 s, 8 s … capped at 60 s, ±20 % jitter. */
export function backoffDelay(attempt: number, random = Math.random) {
  const base = Math.min(1000 * 2 ** Math.max(1, attempt), MAX_BACKOFF_MS)
  return Math.round(base * (0.8 + random() * 0.4))
}

/**
 * What to do when a channel closes. Baileys never reconnects by itself:
 * - logged out (device unlinked): forget the session and stop — a new QR is needed;
 * - restart required (normal right after pairing): reconnect at once with the saved session;
 * - replaced by another client, or forbidden: stop (reconnecting would fight or get banned);
 * - network, timeouts, server errors, unknown: reconnect with growing backoff;
 * - stopped on purpose: nothing.
 */
export function decideReconnect(
  reason: CloseReason,
  attempt: number,
  random = Math.random,
): ReconnectDecision {
  switch (reason) {
    case 'logged_out':
      return { action: 'stop', clearAuth: true }
    case 'restart_required':
      return { action: 'restart', delayMs: 0 }
    case 'replaced':
    case 'forbidden':
    case 'stopped':
      return { action: 'stop', clearAuth: false }
    case 'connection_lost':
    case 'timed_out':
    case 'bad_session':
    case 'unavailable':
    case 'unknown':
      return { action: 'restart', delayMs: backoffDelay(attempt, random) }
  }
}
