import { and, eq } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { notFound } from '#app/domain/errors.ts'
import { getAccessibleTicket } from '#app/domain/tickets/access.server.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { messages } from '#db/schema/tickets.ts'

/** A stored message by its channel id (channel retries and quoting). */
export function findMessageByExternalId(db: DbOrTx, connectionId: string, externalId: string) {
  return (
    db
      .select({
        id: messages.id,
        type: messages.type,
        body: messages.body,
        fromMe: messages.fromMe,
        timestamp: messages.timestamp,
      })
      .from(messages)
      .where(and(eq(messages.connectionId, connectionId), eq(messages.externalId, externalId)))
      .get() ?? undefined
  )
}

/** The channel id of a stored message, when it has one. */
export function externalIdOf(db: DbOrTx, messageId: string) {
  return (
    db
      .select({ externalId: messages.externalId })
      .from(messages)
      .where(eq(messages.id, messageId))
      .get()?.externalId ?? undefined
  )
}

/** A message's stored file, when the actor may see its ticket. */
export function getMessageMedia(db: DbOrTx, actor: Actor, messageId: string) {
  const row = db
    .select({
      ticketId: messages.ticketId,
      mediaPath: messages.mediaPath,
      mediaType: messages.mediaType,
      mediaName: messages.mediaName,
    })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.companyId, actor.companyId)))
    .get()
  if (!row?.mediaPath) throw notFound('Media')
  getAccessibleTicket(db, actor, row.ticketId)
  return {
    path: row.mediaPath,
    type: row.mediaType ?? 'application/octet-stream',
    name: row.mediaName,
  }
}
