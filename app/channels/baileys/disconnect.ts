import { type CloseReason } from '#app/channels/types.ts'

/**
 * Baileys' DisconnectReason status codes (from `lastDisconnect.error.output.statusCode`) mapped to
 * the channel-neutral close reasons. Pure: the channel manager decides what to do with them.
 *
 * 408 is both `connectionLost` and `timedOut` in Baileys (QR expired, unreachable server, ping
 * timeout); it is reported as `timed_out`. 428 (`connectionClosed`) is `connection_lost`.
 */
const REASONS: Readonly<Record<number, CloseReason>> = {
  401: 'logged_out',
  403: 'forbidden',
  408: 'timed_out',
  411: 'forbidden',
  428: 'connection_lost',
  440: 'replaced',
  500: 'bad_session',
  503: 'unavailable',
  515: 'restart_required',
}

export function closeReasonFromStatusCode(code: number | undefined): CloseReason {
  if (code === undefined) return 'unknown'
  return REASONS[code] ?? 'unknown'
}

/** The status code carried by a Baileys close error (a Boom), if any. */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const output = (error as { output?: { statusCode?: unknown } }).output
  return typeof output?.statusCode === 'number' ? output.statusCode : undefined
}
