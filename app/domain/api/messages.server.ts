/**
 * The HTTP API's message reads and what sending needs first (ADR 013): which connection a
 * credential sends through, a number as WhatsApp knows it, and a message with its status.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { ApiError } from '#app/domain/api/contract.ts'
import { type API_MESSAGE_STATUSES } from '#app/domain/api/operations/messages.ts'
import { type ApiCredential } from '#app/domain/api/tokens.server.ts'
import { checkWhatsAppNumber } from '#app/domain/connections/number-check.server.ts'
import { type DbOrTx, prepared } from '#app/utils/db.server.ts'
import { normalizePhone } from '#app/utils/phone.ts'
import { connections } from '#db/schema/connections.ts'
import { type MessageStatus, messages } from '#db/schema/tickets.ts'

export type ApiConnection = typeof connections.$inferSelect

/**
 * The connection a request works through: a connection token's own (naming another is refused);
 * for a company token the one named (`connectionId`, or Whaticket's `whatsappId`), else the
 * company's default connection.
 */
export function resolveApiConnection(
  db: DbOrTx,
  credential: ApiCredential,
  requested: { connectionId?: string; whatsappId?: string },
): ApiConnection {
  const named = requested.connectionId ?? requested.whatsappId
  const field = requested.connectionId ? 'connectionId' : 'whatsappId'
  if (credential.connectionId && named && named !== credential.connectionId)
    throw new ApiError('validation_error', 'A connection token sends through its own connection', {
      fields: { [field]: 'Not the connection of this token' },
    })
  const id = credential.connectionId ?? named
  const connection = id
    ? prepared(db, 'api.connectionById', () =>
        db
          .select()
          .from(connections)
          .where(
            and(
              eq(connections.id, sql.placeholder('id')),
              eq(connections.companyId, sql.placeholder('companyId')),
            ),
          )
          .prepare(),
      ).get({ id, companyId: credential.companyId })
    : // The company's default connection (defaultConnectionFor's rule for who has no own
      // default: the company's, else the first by name), in one read: every send asks it.
      prepared(db, 'api.defaultConnection', () =>
        db
          .select()
          .from(connections)
          .where(eq(connections.companyId, sql.placeholder('companyId')))
          .orderBy(desc(connections.isDefault), asc(connections.name))
          .limit(1)
          .prepare(),
      ).get({ companyId: credential.companyId })
  if (!id && !connection)
    throw new ApiError('conflict', 'The company has no connection to send through')
  if (!connection)
    throw new ApiError('not_found', 'Unknown connection', {
      fields: { [named ? field : 'connectionId']: 'No such connection in this company' },
    })
  return connection
}

/** A number as typed (with or without +55, 9th digit, punctuation) → canonical digits, or 400. */
export function apiPhone(number: string, field = 'number') {
  const phone = normalizePhone(number)
  if (!phone)
    throw new ApiError('validation_error', 'Invalid phone number', {
      fields: { [field]: 'Not a valid phone number (digits with country code)' },
    })
  return phone
}

/** GET /api/numbers/{number}/check: what the connection says about a number. */
export async function checkApiNumber(
  db: DbOrTx,
  credential: ApiCredential,
  input: { number: string; connectionId?: string },
) {
  const phone = apiPhone(input.number)
  const connection = resolveApiConnection(db, credential, { connectionId: input.connectionId })
  const check = await checkWhatsAppNumber(connection.id, phone)
  return {
    number: input.number,
    numberFormatted: check ? check.phone : phone,
    existsInWhatsapp: check ? check.exists : null,
    connectionId: connection.id,
  }
}

type ApiMessageStatus = (typeof API_MESSAGE_STATUSES)[number]

const STATUS: Record<MessageStatus, ApiMessageStatus> = {
  received: 'received',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * GET /api/messages/{messageId}: a message of the company (a connection token: of its connection)
 * with its status. Private notes are the team's, never the API's: 404 like an unknown id.
 */
export function getApiMessage(db: DbOrTx, credential: ApiCredential, messageId: string) {
  const row = db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.id, messageId),
        eq(messages.companyId, credential.companyId),
        eq(messages.isPrivate, false),
        credential.connectionId ? eq(messages.connectionId, credential.connectionId) : undefined,
      ),
    )
    .get()
  if (!row) throw new ApiError('not_found', 'Unknown message')
  return {
    id: row.id,
    ticketId: row.ticketId,
    contactId: row.contactId,
    connectionId: row.connectionId,
    fromMe: row.fromMe,
    type: row.type,
    body: row.deletedAt ? null : row.body,
    mediaName: row.mediaName,
    mediaType: row.mediaType,
    status: STATUS[row.status],
    error: row.error,
    timestamp: iso(row.timestamp),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  }
}
