import { and, eq, isNull, sql } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { afterAgentClose, afterAgentTook } from '#app/domain/bot/bot.server.ts'
import { DomainError, invalid } from '#app/domain/errors.ts'
import { sendMessage } from '#app/domain/messages/send.server.ts'
import { CHANNEL_READ_JOB, type ChannelReadJob } from '#app/domain/channel-jobs.ts'
import { type ChatPresence } from '#app/domain/events.ts'
import { emit, enqueue, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type Tx } from '#app/utils/db.server.ts'
import { queues } from '#db/schema/queues.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import { getAccessibleTicket, mayWorkTicket } from './access.server.ts'
import * as lifecycle from './lifecycle.server.ts'

type Ticket = typeof tickets.$inferSelect

/** Only the assignee, or someone who sees every ticket, may work an open ticket. */
function assertWorker(actor: Actor, ticket: Ticket) {
  if (!mayWorkTicket(actor, ticket)) {
    throw new DomainError('Ticket belongs to someone else', 'tickets.notYours', 403)
  }
}

/** An active user of the actor's company, whom a ticket may be given to (else a field error). */
function assertActiveUser(tx: Tx, actor: Actor, userId: string) {
  const target = tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.id, userId), eq(users.companyId, actor.companyId), isNull(users.disabledAt)),
    )
    .get()
  if (!target) throw invalid('userId', 'validation.invalid')
}

/**
 * Aceitar: take a waiting ticket. Two agents clicking at once: the conditional update lets exactly
 * one win; the other is told the ticket was already taken.
 */
export function acceptTicket(db: Db, actor: Actor, ticketId: string) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  return transaction(db, (tx) => {
    const taken = lifecycle.acceptTicket(tx, actor, ticket)
    afterAgentTook(tx, taken)
    return taken
  })
}

export type TransferInput = {
  userId?: string | null
  queueId?: string | null
  note?: string | null
}

/**
 * Transferir: to a user (it becomes theirs, open) and/or a queue (without a user it waits in that
 * queue). An optional note is kept as a private message the next agent sees.
 */
export function transferTicket(db: Db, actor: Actor, ticketId: string, input: TransferInput) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  if (ticket.status === 'closed')
    throw new DomainError('Closed tickets cannot be transferred', 'tickets.closed', 409)
  if (ticket.status === 'open') assertWorker(actor, ticket)
  if (!input.userId && !input.queueId) throw invalid('userId', 'tickets.transferTarget')
  return transaction(db, (tx) => {
    if (input.userId) assertActiveUser(tx, actor, input.userId)
    if (input.queueId) {
      const queue = tx
        .select({ id: queues.id })
        .from(queues)
        .where(and(eq(queues.id, input.queueId), eq(queues.companyId, actor.companyId)))
        .get()
      if (!queue) throw invalid('queueId', 'validation.invalid')
    }
    const note = input.note?.trim() || null
    const updated = lifecycle.transferTicket(tx, actor, ticket, {
      userId: input.userId ?? null,
      queueId: input.queueId ?? ticket.queueId,
      status: input.userId ? 'open' : 'pending',
      note,
    })
    // A person chose where the ticket goes: the menu stops (it would route it again).
    afterAgentTook(tx, updated)
    if (note) insertNote(tx, actor, updated, note)
    return updated
  })
}

/** A private note: kept in the history and shown to the team, never sent to the customer. */
function insertNote(tx: Tx, actor: Actor, ticket: Ticket, text: string) {
  const note = tx
    .insert(messages)
    .values({
      companyId: ticket.companyId,
      ticketId: ticket.id,
      contactId: ticket.contactId,
      connectionId: ticket.connectionId,
      fromMe: true,
      isPrivate: true,
      type: 'text',
      body: text,
      status: 'sent',
      userId: actor.userId === 'system' ? null : actor.userId,
      timestamp: Date.now(),
    })
    .returning()
    .get()
  lifecycle.announceMessage(tx, ticket, note.id, 'message.created', {
    fromMe: true,
    private: true,
  })
  return note
}

export function addPrivateNote(db: Db, actor: Actor, ticketId: string, text: string) {
  const body = text.trim()
  if (!body) throw new DomainError('Empty note', 'messages.empty', 422, 'text')
  const ticket = getAccessibleTicket(db, actor, ticketId)
  return transaction(db, (tx) => insertNote(tx, actor, ticket, body))
}

/**
 * Resolver: close the ticket, optionally sending the user's farewell message first (queued before
 * the close, so it is delivered even though the ticket is closed). "With message" also sends the
 * connection's completion message (unless the farewell went) and the rating question; "without
 * message" sends nothing. Either way the bot's timers of the ticket stop.
 */
export function closeTicket(
  db: Db,
  actor: Actor,
  ticketId: string,
  options: { sendFarewell: boolean },
) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  if (ticket.status === 'closed') throw new DomainError('Already closed', 'tickets.closed', 409)
  if (ticket.status === 'open') assertWorker(actor, ticket)
  let farewellSent = false
  if (options.sendFarewell && actor.userId !== 'system') {
    const farewell = db
      .select({ text: users.farewellMessage })
      .from(users)
      .where(eq(users.id, actor.userId))
      .get()
      ?.text?.trim()
    if (farewell) {
      sendMessage(db, actor, ticket.id, { text: farewell }, { allowPending: true })
      farewellSent = true
    }
  }
  return transaction(db, (tx) => {
    const closed = lifecycle.closeTicket(tx, actor, ticket, {
      assignTo: ticket.userId ?? (actor.userId === 'system' ? null : actor.userId),
    })
    return afterAgentClose(tx, closed, {
      withMessage: options.sendFarewell,
      farewellSent,
      userId: actor.userId,
    })
  })
}

/**
 * Reabrir: a closed ticket comes back open and mine — unless the contact already has another one.
 * The system (the HTTP API) is nobody's "mine": `to.userId` gives it to an active user of the
 * company; without it the assignee stays (open), or it waits in its queue when it had none.
 */
export function reopenTicket(db: Db, actor: Actor, ticketId: string, to: { userId?: string } = {}) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  if (ticket.status !== 'closed') throw new DomainError('Not closed', 'tickets.notClosed', 409)
  if (ticket.imported)
    throw new DomainError('Imported tickets are read-only', 'messages.importedReadOnly', 409)
  const userId = to.userId ?? (actor.userId === 'system' ? undefined : actor.userId)
  return transaction(db, (tx) => {
    if (to.userId) assertActiveUser(tx, actor, to.userId)
    return lifecycle.reopenTicket(tx, actor, ticket, userId === undefined ? {} : { userId })
  })
}

/** Devolver à fila: an open ticket goes back to waiting in its queue. */
export function returnTicketToQueue(db: Db, actor: Actor, ticketId: string) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  if (ticket.status !== 'open') throw new DomainError('Not open', 'tickets.notOpen', 409)
  assertWorker(actor, ticket)
  return transaction(db, (tx) => lifecycle.returnTicketToQueue(tx, actor, ticket))
}

/**
 * The agent opened the conversation: unread goes to zero and, when the ticket is theirs, the
 * customer's messages are marked read on WhatsApp (blue ticks). Peeking does not mark read.
 */
export async function openConversation(db: Db, actor: Actor, ticketId: string) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  if (ticket.status !== 'open' || !mayWorkTicket(actor, ticket)) return ticket
  const unread = db
    .select({ externalId: messages.externalId })
    .from(messages)
    .where(
      and(
        eq(messages.ticketId, ticket.id),
        eq(messages.fromMe, false),
        eq(messages.status, 'received'),
      ),
    )
    .all()
    .flatMap((m) => (m.externalId ? [m.externalId] : []))
  if (ticket.unreadCount > 0) {
    transaction(db, (tx) => {
      const updated = tx
        .update(tickets)
        .set({ unreadCount: 0 })
        .where(eq(tickets.id, ticket.id))
        .returning()
        .get()!
      lifecycle.announceTicket(tx, updated, 'ticket.updated')
    })
  }
  if (unread.length) {
    // The channel manager sends the read receipts (ADR 007: a command, as a job the runtime
    // runs); the messages are read here and now.
    transaction(db, (tx) => {
      tx.update(messages)
        .set({ status: 'read' })
        .where(
          and(
            eq(messages.ticketId, ticket.id),
            eq(messages.fromMe, false),
            eq(messages.status, 'received'),
          ),
        )
        .run()
      const job: ChannelReadJob = {
        connectionId: ticket.connectionId,
        chatId: ticket.chatId,
        externalIds: unread.slice(-100),
      }
      enqueue(tx, { kind: CHANNEL_READ_JOB, companyId: ticket.companyId, payload: job })
    })
  }
  return ticket
}

/** "typing…" on the customer's phone while the agent writes (best effort, never an error). */
export async function announceTyping(
  db: Db,
  actor: Actor,
  ticketId: string,
  presence: ChatPresence,
) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  if (ticket.status !== 'open') return
  // A command to the channel manager (ADR 007); the manager ignores it when not connected.
  transaction(db, (tx) =>
    emit(tx, {
      type: 'channel.presence',
      companyId: ticket.companyId,
      audience: { type: 'runtime' },
      payload: { connectionId: ticket.connectionId, chatId: ticket.chatId, presence },
    }),
  )
}

export function updateTicketObservations(
  db: Db,
  actor: Actor,
  ticketId: string,
  observations: string,
) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  transaction(db, (tx) => {
    const updated = tx
      .update(tickets)
      .set({ observations: observations.trim() || null })
      .where(eq(tickets.id, ticket.id))
      .returning()
      .get()!
    lifecycle.announceTicket(tx, updated, 'ticket.updated')
  })
}

/** Agents the ticket can be transferred to, and the queues (the transfer dialog). */
export function transferOptions(db: Db, actor: Actor) {
  return {
    users: db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.companyId, actor.companyId), isNull(users.disabledAt)))
      .orderBy(sql`${users.name} collate nocase`)
      .all(),
    queues: db
      .select({ id: queues.id, name: queues.name, color: queues.color })
      .from(queues)
      .where(eq(queues.companyId, actor.companyId))
      .all(),
  }
}
