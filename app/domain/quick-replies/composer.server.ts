import { eq } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { getAccessibleTicket, ticketProtocol } from '#app/domain/tickets/access.server.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { companies } from '#db/schema/companies.ts'
import { contacts } from '#db/schema/contacts.ts'
import { findQuickRepliesForComposer } from './quick-replies.server.ts'
import { fillQuickReplyVariables } from './variables.ts'

/** The "/" menu of a ticket's composer: matching replies with the variables already filled. */
export function quickRepliesForTicket(db: DbOrTx, actor: Actor, ticketId: string, query: string) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  const contact = db
    .select({ name: contacts.name })
    .from(contacts)
    .where(eq(contacts.id, ticket.contactId))
    .get()
  const timeZone =
    db
      .select({ tz: companies.timeZone })
      .from(companies)
      .where(eq(companies.id, actor.companyId))
      .get()?.tz ?? 'America/Sao_Paulo'
  const context = {
    contactName: contact?.name,
    ticketProtocol: ticketProtocol(ticket),
    timeZone,
    now: Date.now(),
  }
  return findQuickRepliesForComposer(db, actor, query).map((reply) => ({
    id: reply.id,
    shortcut: reply.shortcut,
    text: fillQuickReplyVariables(reply.message, context),
    mediaName: reply.mediaName,
    mediaType: reply.mediaType,
    hasMedia: reply.mediaType !== null,
  }))
}
