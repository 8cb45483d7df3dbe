import { and, eq, gt } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { hidesQueueless, seesAllTickets } from './access.server.ts'
import { tickets } from '#db/schema/tickets.ts'

/**
 * What the browser needs to place a ticket that arrives in a live event (live-tickets.ts): the
 * inputs of canAccessTicket for this actor. Read with the page's data; a change of the user's
 * queues shows after the next navigation, as the rest of the page does.
 */
export function ticketViewer(db: DbOrTx, actor: Actor) {
  return {
    userId: actor.userId,
    seesAll: seesAllTickets(actor),
    queueIds: actor.queueIds,
    hideQueueless: hidesQueueless(db, actor),
  }
}

/**
 * Unread messages per open ticket of the actor's (the sidebar's "unread" is their sum): with it the
 * browser keeps the sum exact from the rows live events carry, repeated events included.
 */
export function unreadOfMine(db: DbOrTx, actor: Actor): Record<string, number> {
  const rows = db
    .select({ id: tickets.id, unread: tickets.unreadCount })
    .from(tickets)
    .where(
      and(
        eq(tickets.companyId, actor.companyId),
        eq(tickets.userId, actor.userId),
        eq(tickets.status, 'open'),
        gt(tickets.unreadCount, 0),
      ),
    )
    .all()
  return Object.fromEntries(rows.map((row) => [row.id, row.unread]))
}
