import { and, eq } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { notFound } from '#app/domain/errors.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { tickets } from '#db/schema/tickets.ts'

/** Whether the actor may see a ticket: admins and "all tickets" users see all; agents their queues and their own. */
export function canAccessTicket(
  actor: Actor,
  ticket: { companyId: string; queueId: string | null; userId: string | null },
) {
  if (ticket.companyId !== actor.companyId) return false
  if (actor.role === 'admin' || actor.allTickets) return true
  if (ticket.userId === actor.userId) return true
  return ticket.queueId === null ? ticket.userId === null : actor.queueIds.includes(ticket.queueId)
}

/** The ticket, or a 404 for tickets of other companies or queues (no leak of their existence). */
export function getAccessibleTicket(db: DbOrTx, actor: Actor, ticketId: string) {
  const ticket = db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), eq(tickets.companyId, actor.companyId)))
    .get()
  if (!ticket || !canAccessTicket(actor, ticket)) throw notFound('Ticket')
  return ticket
}

/** The protocol number a customer may quote: date of the ticket + a short id, e.g. 20261125-4F7K2Q. */
export function ticketProtocol(ticket: { id: string; createdAt: number }) {
  const date = new Date(ticket.createdAt).toISOString().slice(0, 10).replaceAll('-', '')
  return `${date}-${ticket.id.slice(-6).toUpperCase()}`
}
