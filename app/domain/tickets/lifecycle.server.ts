import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { DomainError } from '#app/domain/errors.ts'
import { type EventPayload, type TicketChangeCause } from '#app/domain/events.ts'
import { type DbOrTx, prepared } from '#app/utils/db.server.ts'
import { type TicketBotState, type TicketStatus, tickets } from '#db/schema/tickets.ts'
import { emitTicketEvent, type TicketEvent } from './audience.server.ts'
import { recordTicketEvent } from './history.server.ts'
import { type TicketPrevious, type TicketRow } from './rows.ts'
import { readMessageRow, readTicketRow } from './rows.server.ts'

/**
 * The one lifecycle of a ticket: every open, reopen, accept, transfer, return to queue and close
 * of the app goes through here — the ingest spine, the bot, the panel's commands, "Iniciar
 * conversa", scheduled messages, queue removal, and the modules to come (campaigns, flows, API).
 * Each function changes the row in the caller's transaction, appends its line to the ticket's
 * history and announces it (`ticket.created` / `ticket.updated` carrying the list row) to the
 * ticket's audiences (emitTicketEvent, ADR 009).
 *
 * What these functions do not do: check access (the commands in actions.server.ts and
 * start.server.ts ask getAccessibleTicket / mayAccessTicket first) and run the bot's side effects
 * (afterAgentTook, afterAgentClose: the caller decides, the bot calls in here itself).
 *
 * `actor`: who changes the ticket; `systemActor(companyId)` (or any `userId: 'system'`) for the
 * spine, jobs and the bot — their history lines have no author.
 */

export type Ticket = typeof tickets.$inferSelect
export type LifecycleActor = Pick<Actor, 'userId'>

/** The fields an announcement needs: who hears it (queue, assignee) and where it was (counts). */
type TicketRef = Pick<Ticket, 'id' | 'companyId' | 'queueId' | 'userId' | 'status'>

const previousOf = (ticket: TicketRef): TicketPrevious => ({
  status: ticket.status,
  userId: ticket.userId,
  queueId: ticket.queueId,
})

// ---- announcing ----

/**
 * Tells the ticket's audiences about it, with its list row as it is now in this transaction.
 * `previous`: the ticket before the change — its audiences hear it too (those who saw it see it
 * leave), and the browser moves it between the counts. Omitted on `ticket.updated`: nothing that
 * places the ticket changed (a note, tags, unread…). `change`: the lifecycle step that changed it
 * (webhooks map it to ticket.accepted, ticket.closed…). Returns the row (announceMessage reuses it).
 */
export function announceTicket(
  tx: DbOrTx,
  ticket: TicketRef,
  type: 'ticket.created' | 'ticket.updated',
  previous?: TicketRef,
  change?: TicketChangeCause,
): TicketRow {
  const row = readTicketRow(tx, ticket.id)
  if (!row) throw new Error(`announceTicket: ticket ${ticket.id} not found`)
  emitTicketEvent(
    tx,
    ticket,
    {
      type,
      payload: {
        ticketId: ticket.id,
        ticket: row,
        previous: type === 'ticket.created' ? null : previousOf(previous ?? ticket),
        ...(change && type === 'ticket.updated' ? { change } : {}),
      },
    },
    previous,
  )
  return row
}

/** The ticket is about to be deleted (with its contact): lists drop it. Call before the delete. */
export function announceTicketDeleted(tx: DbOrTx, ticket: TicketRef) {
  emitTicketEvent(tx, ticket, {
    type: 'ticket.updated',
    payload: { ticketId: ticket.id, deleted: true, previous: previousOf(ticket) },
  })
}

type MessageExtra<T extends 'message.created' | 'message.updated'> = Omit<
  EventPayload<T>,
  'ticketId' | 'message' | 'ticket' | 'messageId' | 'connectionId'
>

/**
 * Tells the ticket's audiences about a message of it: the message's conversation row and the
 * ticket's list row after it (last message, unread…). `ticketRow`: the row announceTicket just
 * returned in this transaction, to skip reading it again. False when the message is gone.
 */
export function announceMessage<T extends 'message.created' | 'message.updated'>(
  tx: DbOrTx,
  ticket: Pick<Ticket, 'id' | 'companyId' | 'queueId' | 'userId' | 'connectionId'>,
  messageId: string,
  type: T,
  extra: MessageExtra<T>,
  ticketRow?: TicketRow,
) {
  const message = readMessageRow(tx, messageId)
  const row = ticketRow ?? readTicketRow(tx, ticket.id)
  // Gone meanwhile (deleted with its contact): there is nothing left to show. Never an error:
  // the send queue records its outcomes through here.
  if (!message || !row) return false
  const common = {
    ticketId: ticket.id,
    messageId,
    connectionId: ticket.connectionId,
    message,
    ticket: row,
  }
  // The signature ties `extra` to `type`; TypeScript does not narrow a generic, so say it here.
  const event: TicketEvent =
    type === 'message.created'
      ? { type, payload: { ...(extra as MessageExtra<'message.created'>), ...common } }
      : {
          type: 'message.updated',
          payload: { ...(extra as MessageExtra<'message.updated'>), ...common },
        }
  emitTicketEvent(tx, ticket, event)
  return true
}

// ---- opening ----

export type OpenTicketInput = {
  companyId: string
  contactId: string
  connectionId: string
  queueId: string | null
  /** The assignee; a ticket with one is open, without one it waits (pending). */
  userId?: string | null
  /** Default: open when assigned, else pending. `closed`: stored closed at once (imported, blocked). */
  status?: TicketStatus
  closedAt?: number | null
  chatId: string
  isGroup: boolean
  /** `{ done: true }`: a person started it, the bot stays out. */
  botState?: TicketBotState | null
  /** History imported from the device: a closed ticket of its own, without a history line. */
  imported?: boolean
}

export type OpenTicketOptions = {
  /**
   * Announce `ticket.created` now (default). The spine says false and announces once the first
   * message is in, so the row already shows it (and only when the message is live).
   */
  announce?: boolean
}

/**
 * Opens a ticket: the only insert of a ticket row in the app. The database keeps at most one
 * open-or-pending ticket per contact and connection (tickets_one_active_unique); when another
 * writer got there first, that ticket is returned with `created: false` instead of an error —
 * callers simply continue the conversation in it.
 */
export function openTicket(
  tx: DbOrTx,
  actor: LifecycleActor,
  input: OpenTicketInput,
  options: OpenTicketOptions = {},
): { ticket: Ticket; created: boolean } {
  const userId = input.userId ?? null
  const status = input.status ?? (userId ? 'open' : 'pending')
  const ticket = tx
    .insert(tickets)
    .values({
      companyId: input.companyId,
      contactId: input.contactId,
      connectionId: input.connectionId,
      queueId: input.queueId,
      userId,
      status,
      closedAt: input.closedAt ?? null,
      chatId: input.chatId,
      isGroup: input.isGroup,
      botState: input.botState ?? null,
      imported: input.imported ?? false,
    })
    .onConflictDoNothing()
    .returning()
    .get()
  if (!ticket) {
    const active = findActiveTicket(tx, input.contactId, input.connectionId)
    if (!active) throw new Error('openTicket: insert refused without an active ticket')
    return { ticket: active, created: false }
  }
  if (!ticket.imported)
    recordTicketEvent(tx, ticket, {
      type: 'created',
      userId: actor.userId,
      toStatus: ticket.status,
      toQueueId: ticket.queueId,
      toUserId: ticket.userId,
    })
  if (options.announce ?? true) announceTicket(tx, ticket, 'ticket.created')
  return { ticket, created: true }
}

/**
 * The contact's open or pending ticket on a connection (at most one: a unique index). Prepared:
 * the inbound spine asks it for every message.
 */
export function findActiveTicket(tx: DbOrTx, contactId: string, connectionId: string) {
  return prepared(tx, 'lifecycle.activeTicket', () =>
    tx
      .select()
      .from(tickets)
      .where(
        and(
          eq(tickets.contactId, sql.placeholder('contactId')),
          eq(tickets.connectionId, sql.placeholder('connectionId')),
          inArray(tickets.status, ['pending', 'open']),
        ),
      )
      .prepare(),
  ).get({ contactId, connectionId })
}

/**
 * The contact's newest ticket on a connection: of its live conversations, or (`imported`) the
 * closed one holding the history imported from the device.
 */
export function lastTicketOf(
  tx: DbOrTx,
  contactId: string,
  connectionId: string,
  options: { imported: boolean },
) {
  // Prepared: the spine asks it for every conversation it opens.
  return prepared(tx, 'lifecycle.lastTicket', () =>
    tx
      .select()
      .from(tickets)
      .where(
        and(
          eq(tickets.contactId, sql.placeholder('contactId')),
          eq(tickets.connectionId, sql.placeholder('connectionId')),
          eq(tickets.imported, sql.placeholder('imported')),
        ),
      )
      .orderBy(desc(tickets.createdAt))
      .prepare(),
  ).get({ contactId, connectionId, imported: options.imported ? 1 : 0 })
}

// ---- changes ----

type ChangeOptions = {
  /** Announce `ticket.updated` now (default). The spine announces after the message is in. */
  announce?: boolean
}

/**
 * Reabrir: a closed ticket comes back — open with its assignee, or waiting without one. `to.userId`
 * assigns it (an agent reopening takes it); omitted, the assignee stays. Refused while the contact
 * has another active ticket on the connection (tickets.otherActive, with its id).
 */
export function reopenTicket(
  tx: DbOrTx,
  actor: LifecycleActor,
  ticket: Ticket,
  to: { userId?: string | null } = {},
  options: ChangeOptions = {},
): Ticket {
  if (ticket.status !== 'closed') throw new DomainError('Not closed', 'tickets.notClosed', 409)
  const other = findActiveTicket(tx, ticket.contactId, ticket.connectionId)
  if (other)
    throw new DomainError(
      'The contact has another open ticket',
      'tickets.otherActive',
      409,
      undefined,
      { ticketId: other.id },
    )
  const userId = to.userId === undefined ? ticket.userId : to.userId
  const status = userId ? 'open' : 'pending'
  const reopened = tx
    .update(tickets)
    .set({ status, userId, closedAt: null })
    .where(eq(tickets.id, ticket.id))
    .returning()
    .get()!
  recordTicketEvent(tx, reopened, {
    type: 'reopened',
    userId: actor.userId,
    fromStatus: 'closed',
    toStatus: status,
    ...(to.userId === undefined ? {} : { fromUserId: ticket.userId, toUserId: userId }),
  })
  if (options.announce ?? true) announceTicket(tx, reopened, 'ticket.updated', ticket, 'reopened')
  return reopened
}

/**
 * Aceitar: a waiting ticket becomes open and the actor's (or `userId`'s), unread cleared. Two
 * agents at once: the conditional update lets exactly one win; the other gets tickets.alreadyTaken.
 */
export function acceptTicket(
  tx: DbOrTx,
  actor: LifecycleActor,
  ticket: Ticket,
  userId: string = actor.userId,
): Ticket {
  const taken = tx
    .update(tickets)
    .set({ status: 'open', userId, unreadCount: 0 })
    .where(and(eq(tickets.id, ticket.id), eq(tickets.status, 'pending')))
    .returning()
    .get()
  if (!taken) throw new DomainError('Ticket already taken', 'tickets.alreadyTaken', 409)
  recordTicketEvent(tx, taken, {
    type: 'accepted',
    userId: actor.userId,
    fromStatus: 'pending',
    toStatus: 'open',
    fromUserId: ticket.userId,
    toUserId: userId,
  })
  announceTicket(tx, taken, 'ticket.updated', ticket, 'accepted')
  return taken
}

export type TransferTo = {
  /** The new queue; omitted: it stays in its queue. */
  queueId?: string | null
  /** The new assignee (null: nobody); omitted: the assignee stays. */
  userId?: string | null
  /** Omitted: open when it has an assignee after the move, else as it was. */
  status?: TicketStatus
  botState?: TicketBotState | null
  /** Kept in the history line (the private note itself is a message: actions.server.ts). */
  note?: string | null
}

/**
 * Transferir: to a queue and/or a user. The history line names the users only when the assignee
 * was part of the move.
 */
export function transferTicket(
  tx: DbOrTx,
  actor: LifecycleActor,
  ticket: Ticket,
  to: TransferTo,
): Ticket {
  // Only what the move names is written.
  const values: Partial<Ticket> = {}
  if (to.queueId !== undefined) values.queueId = to.queueId
  if (to.userId !== undefined) values.userId = to.userId
  const status = to.status ?? (to.userId ? 'open' : undefined)
  if (status) values.status = status
  if (to.botState !== undefined) values.botState = to.botState
  if (!Object.keys(values).length) return ticket
  const updated = tx.update(tickets).set(values).where(eq(tickets.id, ticket.id)).returning().get()!
  recordTicketEvent(tx, updated, {
    type: 'transferred',
    userId: actor.userId,
    fromStatus: ticket.status,
    toStatus: updated.status,
    ...(to.userId === undefined ? {} : { fromUserId: ticket.userId, toUserId: updated.userId }),
    fromQueueId: ticket.queueId,
    toQueueId: updated.queueId,
    note: to.note ?? null,
  })
  announceTicket(tx, updated, 'ticket.updated', ticket, 'transferred')
  return updated
}

/** Devolver à fila: an open ticket waits again in its queue, without an assignee. */
export function returnTicketToQueue(tx: DbOrTx, actor: LifecycleActor, ticket: Ticket): Ticket {
  const updated = tx
    .update(tickets)
    .set({ status: 'pending', userId: null })
    .where(eq(tickets.id, ticket.id))
    .returning()
    .get()!
  recordTicketEvent(tx, updated, {
    type: 'returned',
    userId: actor.userId,
    fromStatus: ticket.status,
    toStatus: 'pending',
    fromUserId: ticket.userId,
  })
  announceTicket(tx, updated, 'ticket.updated', ticket, 'returned')
  return updated
}

/**
 * Resolver: the ticket is closed (unread cleared). `assignTo`: who it is left with (an agent
 * closing an unassigned ticket keeps it); omitted, the assignee stays. A ticket closed meanwhile
 * (two closes at once) is refused with tickets.closed.
 */
export function closeTicket(
  tx: DbOrTx,
  actor: LifecycleActor,
  ticket: Ticket,
  options: { at?: number; assignTo?: string | null } = {},
): Ticket {
  const values: Partial<Ticket> = {
    status: 'closed',
    closedAt: options.at ?? Date.now(),
    unreadCount: 0,
  }
  if (options.assignTo !== undefined) values.userId = options.assignTo
  const closed = tx
    .update(tickets)
    .set(values)
    .where(and(eq(tickets.id, ticket.id), ne(tickets.status, 'closed')))
    .returning()
    .get()
  if (!closed) throw new DomainError('Already closed', 'tickets.closed', 409)
  recordTicketEvent(tx, closed, {
    type: 'closed',
    userId: actor.userId,
    fromStatus: ticket.status,
    toStatus: 'closed',
  })
  announceTicket(tx, closed, 'ticket.updated', ticket, 'closed')
  return closed
}
