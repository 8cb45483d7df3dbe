import { and, eq } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { notFound } from '#app/domain/errors.ts'
import { getSetting } from '#app/domain/settings/settings.server.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { tickets } from '#db/schema/tickets.ts'

const seesAll = (actor: Actor) => actor.role === 'admin' || actor.allTickets

/** Company setting: tickets without a queue are hidden from agents (not from admins). */
export function hidesQueueless(db: DbOrTx, actor: Actor) {
  return !seesAll(actor) && getSetting(db, actor.companyId, 'tickets.hideQueuelessFromAgents')
}

/**
 * Whether the actor may see a ticket: admins and "all tickets" users see all; agents their queues
 * and their own — and unassigned tickets without a queue, unless the company hides those.
 */
export function canAccessTicket(
  actor: Actor,
  ticket: { companyId: string; queueId: string | null; userId: string | null },
  options: { hideQueueless?: boolean } = {},
) {
  if (ticket.companyId !== actor.companyId) return false
  if (seesAll(actor)) return true
  if (ticket.userId === actor.userId) return true
  return ticket.queueId === null
    ? ticket.userId === null && !options.hideQueueless
    : actor.queueIds.includes(ticket.queueId)
}

/** The ticket, or a 404 for tickets of other companies or queues (no leak of their existence). */
export function getAccessibleTicket(db: DbOrTx, actor: Actor, ticketId: string) {
  const ticket = db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), eq(tickets.companyId, actor.companyId)))
    .get()
  const hideQueueless = ticket?.queueId === null && hidesQueueless(db, actor)
  if (!ticket || !canAccessTicket(actor, ticket, { hideQueueless })) throw notFound('Ticket')
  return ticket
}

/** The protocol number a customer may quote: date of the ticket + a short id, e.g. 20261125-4F7K2Q. */
export function ticketProtocol(ticket: { id: string; createdAt: number }) {
  const date = new Date(ticket.createdAt).toISOString().slice(0, 10).replaceAll('-', '')
  return `${date}-${ticket.id.slice(-6).toUpperCase()}`
}
