import { afterAgentTook } from '#app/domain/bot/bot.server.ts'
import { and, asc, eq, sql } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { DomainError, notFound } from '#app/domain/errors.ts'
import { recordScheduleOutcome } from '#app/domain/schedules/outcome.server.ts'
import { expectSimulatorDelivery } from '#app/domain/simulator/receipts.server.ts'
import { getAccessibleTicket, seesAllTickets } from '#app/domain/tickets/access.server.ts'
import { announceMessage } from '#app/domain/tickets/lifecycle.server.ts'
import { transaction, wakeJobs } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, prepared } from '#app/utils/db.server.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import { type OutboundContent, queueOutbound } from './outbound.server.ts'

// Automations queue their messages through outbound.server.ts (the bot must not import this
// module, which imports the bot: an import circle).
export { type OutboundContent, queueOutbound }

function typeOf(content: OutboundContent): OutboundContent['type'] & string {
  if (content.type) return content.type
  const mime = content.media?.mimeType
  if (!mime) return 'text'
  if (mime === 'image/webp' && content.media?.fileName?.endsWith('.webp') === false)
    return 'sticker'
  if (mime.startsWith('image/')) return 'image'
  if (mime.startsWith('video/')) return 'video'
  if (mime.startsWith('audio/')) return 'audio'
  return 'document'
}

/**
 * Sends a message in a ticket: stored as `queued` first (with its event) so it survives a crash;
 * the connection's send queue delivers it in order and records `sent`, then receipts.
 */
export function sendMessage(
  db: Db,
  actor: Actor,
  ticketId: string,
  content: OutboundContent,
  options: {
    allowPending?: boolean
    /** Sign with the author's name whatever their setting says (the API's `sendSignature`). */
    signature?: boolean
  } = {},
) {
  const text = content.text?.trim() || undefined
  if (!text && !content.media) throw new DomainError('Empty message', 'messages.empty', 422, 'text')
  const ticket = getAccessibleTicket(db, actor, ticketId)
  if (ticket.status === 'closed')
    throw new DomainError('The ticket is closed', 'tickets.closed', 409)
  if (ticket.status === 'pending' && !options.allowPending && !seesAllTickets(actor)) {
    throw new DomainError('Accept the ticket first', 'tickets.acceptFirst', 409)
  }
  const type = typeOf(content)
  // The agent's signature: a bold name line, when the user has it on (CONV-8).
  const author =
    actor.userId === 'system'
      ? undefined
      : db
          .select({ name: users.name, signature: users.signature })
          .from(users)
          .where(eq(users.id, actor.userId))
          .get()
  const signs = author && (options.signature ?? author.signature)
  const signed = text && signs ? `*${author.name}:*\n${text}` : text
  const now = Date.now()
  return transaction(db, (tx) => {
    if (content.quotedMessageId) {
      const quoted = tx
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.id, content.quotedMessageId), eq(messages.ticketId, ticket.id)))
        .get()
      if (!quoted) throw notFound('Quoted message')
    }
    // A person answered (even without accepting): the bot's menu and routing timers stop.
    if (actor.userId !== 'system' && ticket.botState && !ticket.botState.done)
      afterAgentTook(tx, ticket, now)
    return queueOutbound(tx, ticket, {
      type,
      body: signed ?? null,
      media: content.media,
      quotedMessageId: content.quotedMessageId,
      userId: actor.userId === 'system' ? null : actor.userId,
      timestamp: now,
    })
  })
}

/** A failed message goes back to the send queue (same id, so never delivered twice). */
export function retryMessage(db: Db, actor: Actor, messageId: string) {
  const row = db
    .select()
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.companyId, actor.companyId)))
    .get()
  if (!row) throw notFound('Message')
  const ticket = getAccessibleTicket(db, actor, row.ticketId)
  if (row.status !== 'failed')
    throw new DomainError('Only failed messages can be retried', 'messages.notFailed', 409)
  transaction(db, (tx) => {
    tx.update(messages)
      .set({ status: 'queued', error: null })
      .where(eq(messages.id, messageId))
      .run()
    // Queued again: the event wakes the connection's send queue.
    announceMessage(tx, ticket, messageId, 'message.created', {
      fromMe: true,
      type: row.type,
      status: 'queued',
    })
  })
}

// ---- the send queue's side (runtime, no actor) ----

/** The oldest message waiting to be sent on a connection. */
export function nextQueuedMessage(db: DbOrTx, connectionId: string) {
  // Prepared: the send queue asks it before every message it sends.
  return (
    prepared(db, 'send.nextQueued', () =>
      db
        .select({ message: messages, chatId: tickets.chatId, queueId: tickets.queueId })
        .from(messages)
        .innerJoin(tickets, eq(tickets.id, messages.ticketId))
        // The status terms are literals, and the first is the outbox index's own WHERE: SQLite
        // uses a partial index only for a query whose WHERE repeats it (a bound `status = ?`
        // scanned every message of the connection, once per message sent).
        .where(
          and(
            eq(messages.connectionId, sql.placeholder('connectionId')),
            sql`${messages.status} in ('queued', 'sending')`,
            sql`${messages.status} = 'queued'`,
          ),
        )
        // rowid breaks ties in insertion order: ULIDs of one millisecond are not monotonic.
        .orderBy(asc(messages.createdAt), asc(sql`${messages}.rowid`))
        .limit(1)
        .prepare(),
    ).get({ connectionId }) ?? null
  )
}

/** After a crash, messages caught mid-send are queued again (their id keeps the resend idempotent). */
export function requeueInterruptedSends(db: DbOrTx) {
  return db.update(messages).set({ status: 'queued' }).where(eq(messages.status, 'sending')).run()
    .changes
}

type SendOutcome =
  | { status: 'sending' }
  | { status: 'sent'; externalId: string }
  | { status: 'failed'; error: string }
  | { status: 'queued' }

/**
 * Records a step of the send queue and tells the ticket's viewers (the ticket's audience as it is
 * now; `queueId`, the queue when the message was picked, is only a fallback).
 */
export function recordSendOutcome(
  db: Db,
  message: { id: string; companyId: string; ticketId: string; connectionId: string },
  queueId: string | null,
  outcome: SendOutcome,
) {
  const values =
    outcome.status === 'sending'
      ? { status: 'sending' as const, attempts: sql`${messages.attempts} + 1` }
      : outcome.status === 'sent'
        ? { status: 'sent' as const, externalId: outcome.externalId, error: null }
        : outcome.status === 'failed'
          ? { status: 'failed' as const, error: outcome.error }
          : { status: 'queued' as const }
  const receiptOwed = transaction(db, (tx) => {
    tx.update(messages).set(values).where(eq(messages.id, message.id)).run()
    // A scheduled message: its schedule becomes sent or failed in the same transaction.
    recordScheduleOutcome(tx, message.id, {
      status: values.status,
      error: outcome.status === 'failed' ? outcome.error : undefined,
    })
    // The ticket as it is now (queue and assignee): its audience is who may see it.
    const ticket = tx
      .select({ companyId: tickets.companyId, queueId: tickets.queueId, userId: tickets.userId })
      .from(tickets)
      .where(eq(tickets.id, message.ticketId))
      .get() ?? { companyId: message.companyId, queueId, userId: null }
    announceMessage(
      tx,
      { ...ticket, id: message.ticketId, connectionId: message.connectionId },
      message.id,
      'message.updated',
      {
        kind: 'send',
        status: values.status,
        error: outcome.status === 'failed' ? outcome.error : undefined,
      },
    )
    // The simulator's phone receipt is a job written with the send, so it survives a crash.
    return outcome.status === 'sent' && expectSimulatorDelivery(tx, message, outcome.externalId)
  })
  if (receiptOwed) wakeJobs(db)
}
