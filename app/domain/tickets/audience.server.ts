import { type Audience, type DomainEvent, emit } from '#app/domain/outbox.server.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'

/** What decides who may see a ticket (canAccessTicket): its queue and its assignee. */
export type TicketAudienceRef = { queueId: string | null; userId: string | null }

function audiencesOf(ticket: TicketAudienceRef): Audience[] {
  // A queue event reaches the queue's agents and whoever sees all tickets; the assignee may be
  // outside the queue, so they hear it on their own audience.
  if (ticket.queueId)
    return ticket.userId
      ? [
          { type: 'queue', id: ticket.queueId },
          { type: 'user', id: ticket.userId },
        ]
      : [{ type: 'queue', id: ticket.queueId }]
  // Without a queue, canSee answers with canAccessTicket: the assignee, whoever sees all, and —
  // unassigned only — agents when the company does not hide such tickets.
  return [{ type: 'queueless', id: ticket.userId }]
}

/**
 * Who hears about a ticket: exactly those canAccessTicket lets see it (docs/decisions/009) — the
 * one audience of every event about a ticket. Pass `previous` (the row before a change of queue
 * or assignee) so those who saw it until now see it leave.
 */
export function ticketAudiences(
  ticket: TicketAudienceRef,
  previous?: TicketAudienceRef,
): Audience[] {
  const seen = new Set<string>()
  return [ticket, ...(previous ? [previous] : [])].flatMap(audiencesOf).filter((audience) => {
    const key = `${audience.type}:${'id' in audience ? audience.id : ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Emits an event about a ticket to the ticket's audiences (see ticketAudiences): one row per
 * audience, the rows after the first carrying the first's id as their group, so a reader in
 * several audiences hears the event once — and two changes alike are still two events.
 */
/** The events about one ticket: they go to the ticket's audiences, never to the whole company. */
export type TicketEvent = DomainEvent<
  'ticket.created' | 'ticket.updated' | 'message.created' | 'message.updated'
>

export function emitTicketEvent(
  tx: DbOrTx,
  ticket: TicketAudienceRef & { companyId: string },
  event: TicketEvent,
  previous?: TicketAudienceRef,
) {
  let group: number | undefined
  for (const audience of ticketAudiences(ticket, previous)) {
    const id = emit(tx, { ...event, companyId: ticket.companyId, audience }, group)
    group ??= id
  }
}
