/**
 * "Is this number on WhatsApp?" — a port the runtime fills (it holds the channel sessions; the
 * domain does not). The HTTP API asks it before it writes to a new number (the 9th digit of a
 * Brazilian mobile is resolved against WhatsApp) and answers GET /api/numbers/{number}/check.
 */
import { remember } from '@epic-web/remember'

export type NumberCheck = {
  exists: boolean
  /** The digits of the account WhatsApp knows (a Brazilian mobile may lack its 9th digit). */
  phone: string | null
  /** The address to write to on the connection's channel (a JID on WhatsApp). */
  chatId: string | null
}

/** Null: this connection cannot check now (offline, not running here, or its channel cannot). */
export type NumberChecker = (connectionId: string, phone: string) => Promise<NumberCheck | null>

const port = remember('number-checker', () => ({ checker: null as NumberChecker | null }))

/** The runtime sets it at start (and clears it at stop); tests set their own. */
export function setNumberChecker(checker: NumberChecker | null) {
  port.checker = checker
}

/** Asks the connection; null when nobody can answer (no runtime, offline, unsupported). */
export async function checkWhatsAppNumber(connectionId: string, phone: string) {
  return port.checker ? port.checker(connectionId, phone) : null
}
