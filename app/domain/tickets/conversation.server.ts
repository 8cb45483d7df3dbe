import { and, desc, eq, lt, or } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { ratings } from '#db/schema/ratings.ts'
import { connections } from '#db/schema/connections.ts'
import { queues } from '#db/schema/queues.ts'
import { contactTags, tags, ticketTags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import { getAccessibleTicket } from './access.server.ts'
import { selectMessageRows } from './rows.server.ts'
import { ticketTimeline } from './history.server.ts'

export const PAGE_SIZE = 50

/** A page of a ticket's messages, newest first, before a cursor "timestamp:id" (scroll back). */
export function listTicketMessages(db: DbOrTx, ticketId: string, before?: string | null) {
  const [ts, id] = (before ?? '').split(':')
  const cursor =
    ts && id
      ? or(
          lt(messages.timestamp, Number(ts)),
          and(eq(messages.timestamp, Number(ts)), lt(messages.id, id)),
        )
      : undefined
  const rows = selectMessageRows(db)
    .where(and(eq(messages.ticketId, ticketId), cursor))
    .orderBy(desc(messages.timestamp), desc(messages.id))
    .limit(PAGE_SIZE + 1)
    .all()
  const page = rows.slice(0, PAGE_SIZE)
  const last = page.at(-1)
  return {
    messages: page.reverse(),
    nextCursor: rows.length > PAGE_SIZE && last ? `${last.timestamp}:${last.id}` : null,
  }
}

/** Everything the conversation screen shows about one ticket (access checked). */
export function getConversation(
  db: DbOrTx,
  actor: Actor,
  ticketId: string,
  before?: string | null,
) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  const contact = db.select().from(contacts).where(eq(contacts.id, ticket.contactId)).get()!
  const connection = db
    .select({
      id: connections.id,
      name: connections.name,
      channel: connections.channel,
      status: connections.status,
    })
    .from(connections)
    .where(eq(connections.id, ticket.connectionId))
    .get()!
  const queue = ticket.queueId
    ? (db
        .select({ id: queues.id, name: queues.name, color: queues.color })
        .from(queues)
        .where(eq(queues.id, ticket.queueId))
        .get() ?? null)
    : null
  const assignee = ticket.userId
    ? (db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(eq(users.id, ticket.userId))
        .get() ?? null)
    : null
  const tagRows = db
    .select({
      id: tags.id,
      name: tags.name,
      color: tags.color,
      ticketId: ticketTags.ticketId,
      contactId: contactTags.contactId,
    })
    .from(tags)
    .leftJoin(ticketTags, and(eq(ticketTags.tagId, tags.id), eq(ticketTags.ticketId, ticket.id)))
    .leftJoin(
      contactTags,
      and(eq(contactTags.tagId, tags.id), eq(contactTags.contactId, contact.id)),
    )
    .where(
      and(
        eq(tags.companyId, actor.companyId),
        or(eq(ticketTags.ticketId, ticket.id), eq(contactTags.contactId, contact.id)),
      ),
    )
    .all()
  return {
    ticket,
    contact,
    connection,
    queue,
    assignee,
    ticketTags: tagRows
      .filter((t) => t.ticketId)
      .map(({ id, name, color }) => ({ id, name, color })),
    contactTags: tagRows
      .filter((t) => t.contactId)
      .map(({ id, name, color }) => ({ id, name, color })),
    timeline: ticketTimeline(db, ticket.id),
    rating: {
      status: ticket.ratingStatus,
      score:
        db
          .select({ score: ratings.score })
          .from(ratings)
          .where(eq(ratings.ticketId, ticket.id))
          .get()?.score ?? null,
    },
    ...listTicketMessages(db, ticket.id, before),
  }
}
