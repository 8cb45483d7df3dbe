import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm'
import { type Actor, isAdmin } from '#app/domain/actor.ts'
import { notFound } from '#app/domain/errors.ts'
import { type EventRow } from '#app/domain/outbox.server.ts'
import { getSetting } from '#app/domain/settings/settings.server.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { type AudienceType } from '#db/schema/system.ts'
import { tickets } from '#db/schema/tickets.ts'
import { type Role } from '#db/schema/users.ts'

/**
 * Who sees every ticket of the company (docs/decisions/009): admins and supervisors always;
 * agents only when an admin gave them "ver todos os atendimentos". The one rule — toActor stores
 * its answer in `actor.allTickets`, and every list, count, search, board, schedule and live
 * audience asks it through this function.
 */
export function seesAllTickets(user: { role: Role; allTickets: boolean }) {
  return user.role !== 'agent' || user.allTickets
}

/**
 * Company setting: tickets without a queue are hidden from those who do not see all tickets. Read
 * here for the helpers below and once per live stream (its Viewer); nowhere else.
 */
export function hidesQueueless(db: DbOrTx, actor: Actor) {
  return (
    !seesAllTickets(actor) && getSetting(db, actor.companyId, 'tickets.hideQueuelessFromAgents')
  )
}

/**
 * Whether the actor may see a ticket: whoever sees all tickets sees all; agents their queues and
 * their own — and unassigned tickets without a queue, unless the company hides those. The pure
 * rule, for readers that already hold the setting (the live stream's Viewer); with a database at
 * hand, ask mayAccessTicket, which reads the setting itself. `hideQueueless` is required so that
 * no caller can leave it out by accident.
 */
export function canAccessTicket(
  actor: Pick<Actor, 'userId' | 'companyId' | 'role' | 'queueIds' | 'allTickets'>,
  ticket: { companyId: string; queueId: string | null; userId: string | null },
  options: { hideQueueless: boolean | undefined },
) {
  if (ticket.companyId !== actor.companyId) return false
  if (seesAllTickets(actor)) return true
  if (ticket.userId === actor.userId) return true
  return ticket.queueId === null
    ? ticket.userId === null && !options.hideQueueless
    : actor.queueIds.includes(ticket.queueId)
}

/**
 * Whether the actor may work a ticket they can see (answer it, transfer or close it while open,
 * mark it read): its assignee, or whoever sees every ticket.
 */
export function mayWorkTicket(
  actor: Pick<Actor, 'userId' | 'role' | 'allTickets'>,
  ticket: { userId: string | null },
) {
  return ticket.userId === actor.userId || seesAllTickets(actor)
}

/** What the conversation screen lets the actor do with a ticket they can see. */
export function ticketPermissions(
  actor: Pick<Actor, 'userId' | 'role' | 'allTickets'>,
  ticket: { status: string; userId: string | null; imported: boolean },
) {
  const works = mayWorkTicket(actor, ticket)
  return {
    canWork: ticket.status === 'pending' || works,
    canReply: ticket.status === 'open' && works && !ticket.imported,
    isMine: ticket.userId === actor.userId,
  }
}

/** Whether the actor may put a ticket in this queue (starting a conversation): theirs, or any. */
export function mayUseQueue(
  actor: Pick<Actor, 'role' | 'allTickets' | 'queueIds'>,
  queueId: string,
) {
  return seesAllTickets(actor) || actor.queueIds.includes(queueId)
}

/**
 * "Atendendo" (the open tab and its count): the actor's own tickets, everyone's for whoever sees
 * every ticket (undefined: no condition).
 */
export function ownTickets(actor: Pick<Actor, 'userId' | 'role' | 'allTickets'>): SQL | undefined {
  return seesAllTickets(actor) ? undefined : eq(tickets.userId, actor.userId)
}

/** canAccessTicket with the company's setting read here (only when the ticket has no queue). */
export function mayAccessTicket(
  db: DbOrTx,
  actor: Actor,
  ticket: { companyId: string; queueId: string | null; userId: string | null },
) {
  const hideQueueless = ticket.queueId === null && hidesQueueless(db, actor)
  return canAccessTicket(actor, ticket, { hideQueueless })
}

/** Who reads a live stream: the actor, and whether the company hides queueless tickets from them. */
export type Viewer = Pick<Actor, 'userId' | 'companyId' | 'role' | 'queueIds' | 'allTickets'> & {
  hideQueueless?: boolean
}

/**
 * Whether a user may receive an event (the live stream asks it of every row): same company, and
 * the audience includes them. Ticket audiences (queue, queueless; see ticketAudiences) are
 * answered by canAccessTicket, the one "who may see this ticket".
 */
export function canSee(
  viewer: Viewer,
  event: Pick<EventRow, 'companyId' | 'audienceType' | 'audienceId'>,
) {
  if (event.companyId !== viewer.companyId) return false
  const audience: AudienceType = event.audienceType
  switch (audience) {
    case 'company':
      return true
    case 'admins':
      return isAdmin(viewer)
    case 'user':
      return event.audienceId === viewer.userId
    case 'queue':
      // A queue event has no single assignee: the assignee hears it on their `user` audience.
      return (
        event.audienceId !== null &&
        canAccessTicket(
          viewer,
          { companyId: event.companyId, queueId: event.audienceId, userId: null },
          { hideQueueless: viewer.hideQueueless },
        )
      )
    case 'queueless':
      return canAccessTicket(
        viewer,
        { companyId: event.companyId, queueId: null, userId: event.audienceId },
        { hideQueueless: viewer.hideQueueless },
      )
    case 'runtime':
      return false
  }
}

/**
 * The SQL twin of canAccessTicket without the company condition (undefined: every ticket), for
 * queries that reach tickets through a contact and must stay on the (contact_id, …) index. Reads
 * the company's "hide tickets without a queue" itself.
 */
export function ticketVisibility(db: DbOrTx, actor: Actor): SQL | undefined {
  if (seesAllTickets(actor)) return undefined
  return or(
    eq(tickets.userId, actor.userId),
    hidesQueueless(db, actor) ? undefined : and(isNull(tickets.queueId), isNull(tickets.userId)),
    actor.queueIds.length ? inArray(tickets.queueId, actor.queueIds) : undefined,
  )!
}

/** The SQL twin of canAccessTicket: the tickets of the actor's company the actor may see. */
export function visibleTickets(db: DbOrTx, actor: Actor): SQL {
  return and(eq(tickets.companyId, actor.companyId), ticketVisibility(db, actor))!
}

/** The ticket, or a 404 for tickets of other companies or queues (no leak of their existence). */
export function getAccessibleTicket(db: DbOrTx, actor: Actor, ticketId: string) {
  const ticket = db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), eq(tickets.companyId, actor.companyId)))
    .get()
  if (!ticket || !mayAccessTicket(db, actor, ticket)) throw notFound('Ticket')
  return ticket
}

/** The protocol number a customer may quote: date of the ticket + a short id, e.g. 20261125-4F7K2Q. */
export function ticketProtocol(ticket: { id: string; createdAt: number }) {
  const date = new Date(ticket.createdAt).toISOString().slice(0, 10).replaceAll('-', '')
  return `${date}-${ticket.id.slice(-6).toUpperCase()}`
}
