import { and, eq, inArray, or, sql } from 'drizzle-orm'
import { type InboundMessage, type InboundUpdate, ACK_STATUSES } from '#app/channels/types.ts'
import {
  type Automations,
  automationsActive,
  parseAutomations,
} from '#app/domain/bot/automations-schema.ts'
import { type BotState, ratingTakesMessage } from '#app/domain/bot/engine.ts'
import { afterAgentTook } from '#app/domain/bot/bot.server.ts'
import { BOT_INBOUND_JOB } from '#app/domain/bot/jobs.ts'
import { systemActor } from '#app/domain/actor.ts'
import { upsertContactFromPeer } from '#app/domain/contacts/contacts.server.ts'
import { getSetting } from '#app/domain/settings/settings.server.ts'
import {
  announceMessage,
  announceTicket,
  findActiveTicket,
  lastTicketOf,
  openTicket,
  reopenTicket,
} from '#app/domain/tickets/lifecycle.server.ts'
import { emit, enqueue, transaction, wakeJobs } from '#app/domain/outbox.server.ts'
import { type Db, prepared, type Tx } from '#app/utils/db.server.ts'
import { newId } from '#app/utils/ids.ts'
import { phoneVariants } from '#app/utils/phone.ts'
import { connections } from '#db/schema/connections.ts'
import { contacts } from '#db/schema/contacts.ts'
import { type MessageStatus, messages, tickets } from '#db/schema/tickets.ts'
import { messagePreview } from './preview.ts'

type ConnectionRef = { id: string; companyId: string; queueId: string | null }

export type IngestResult =
  | { duplicate: true; messageId: string }
  | {
      duplicate: false
      messageId: string
      ticketId: string
      contactId: string
      ticketCreated: boolean
      contactCreated: boolean
    }

const p = sql.placeholder

function findMessageId(tx: Tx, connectionId: string, externalId: string) {
  return prepared(tx, 'ingest.messageByExternalId', () =>
    tx
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(eq(messages.connectionId, p('connectionId')), eq(messages.externalId, p('externalId'))),
      )
      .prepare(),
  ).get({ connectionId, externalId })?.id
}

/** The connection's automations, read once per message and only when needed. */
function automationsOf(tx: Tx, connectionId: string) {
  let cached: Automations | undefined
  return () =>
    (cached ??= parseAutomations(
      prepared(tx, 'ingest.automations', () =>
        tx
          .select({ automations: connections.automations })
          .from(connections)
          .where(eq(connections.id, p('id')))
          .prepare(),
      ).get({ id: connectionId })?.automations,
    ))
}

/**
 * The contact's open or pending ticket on this connection, or a new pending one in the
 * connection's queue. A closed ticket awaiting its rating takes the answer without reopening.
 */
function ticketFor(
  tx: Tx,
  connection: ConnectionRef,
  contactId: string,
  blocked: boolean,
  inbound: InboundMessage,
  automations: () => Automations,
): {
  ticket: typeof tickets.$inferSelect
  created: boolean
  quiet?: boolean
  /** The ticket as it was before this message reopened it. */
  reopened?: typeof tickets.$inferSelect
  ratingReply?: boolean
} {
  const spine = systemActor(connection.companyId)
  const opening = {
    companyId: connection.companyId,
    contactId,
    connectionId: connection.id,
    queueId: connection.queueId,
    chatId: inbound.peer.chatId,
    isGroup: Boolean(inbound.peer.isGroup),
  }
  if (inbound.history) {
    // Imported history lives in a closed ticket of its own, never in a live conversation.
    const imported = lastTicketOf(tx, contactId, connection.id, { imported: true })
    if (imported) return { ticket: imported, created: false }
    return openTicket(
      tx,
      spine,
      {
        ...opening,
        status: 'closed',
        imported: true,
        closedAt: inbound.timestamp,
      },
      { announce: false },
    )
  }
  const active = findActiveTicket(tx, contactId, connection.id)
  if (active) return { ticket: active, created: false }
  const last = lastTicketOf(tx, contactId, connection.id, { imported: false })
  // A blocked contact opens no ticket: the message is kept in the last conversation, quietly.
  if (blocked && last) return { ticket: last, created: false, quiet: true }
  let fresh = false
  if (!inbound.fromMe && last?.status === 'closed' && last.ratingStatus === 'pending') {
    // The answer to the rating question (or its one retry) stays in the closed ticket; once the
    // retry is spent, the customer is starting a new conversation and the rating is given up.
    if (ratingTakesMessage(last.botState as BotState | null, inbound.text ?? null))
      return { ticket: last, created: false, ratingReply: true }
    tx.update(tickets).set({ ratingStatus: 'expired' }).where(eq(tickets.id, last.id)).run()
    fresh = true
  }
  const window =
    automations().routing.reopenWindowMinutes ??
    getSetting(tx, connection.companyId, 'tickets.reopenWindowMinutes')
  const windowMs = window * 60_000
  if (
    !blocked &&
    !fresh &&
    last?.closedAt &&
    windowMs > 0 &&
    inbound.timestamp - last.closedAt < windowMs
  ) {
    // Announced with the message (the spine's order: ticket first, then its message).
    const ticket = reopenTicket(tx, spine, last, {}, { announce: false })
    return { ticket, created: false, reopened: last }
  }
  // Announced with its first message (the row then shows it), unless blocked (never announced).
  const { ticket, created } = openTicket(
    tx,
    spine,
    blocked ? { ...opening, status: 'closed', closedAt: inbound.timestamp } : opening,
    { announce: false },
  )
  return { ticket, created: created && !blocked, quiet: blocked }
}

const COLUMNS = [
  'id',
  'companyId',
  'ticketId',
  'contactId',
  'connectionId',
  'externalId',
  'fromMe',
  'type',
  'body',
  'mediaPath',
  'mediaType',
  'mediaName',
  'mediaSize',
  'mediaDuration',
  'latitude',
  'longitude',
  'quotedMessageId',
  'status',
  'authorName',
  'timestamp',
] as const

/** The message insert of the spine, prepared once (defaults are explicit: prepare() freezes them). */
function insertInboundMessage(tx: Tx) {
  return prepared(tx, 'ingest.insertMessage', () =>
    tx
      .insert(messages)
      .values({
        ...(Object.fromEntries(COLUMNS.map((column) => [column, p(column)])) as Record<
          (typeof COLUMNS)[number],
          ReturnType<typeof p>
        >),
        createdAt: p('now'),
        updatedAt: p('now'),
      })
      .prepare(),
  )
}

function updateTicketCounters(tx: Tx) {
  return prepared(tx, 'ingest.updateTicket', () =>
    tx
      .update(tickets)
      .set({
        unreadCount: sql`${tickets.unreadCount} + ${p('unread')}`,
        lastInboundAt: sql`${p('lastInboundAt')}`,
        lastMessageText: sql`${p('lastMessageText')}`,
        lastMessageAt: sql`${p('lastMessageAt')}`,
        updatedAt: sql`${p('now')}`,
      })
      .where(eq(tickets.id, p('id')))
      .prepare(),
  )
}

/**
 * The spine: one transaction turns a channel message into a stored message of a ticket of a
 * contact — exactly once (dedupe on connection + external id). Events are appended in the same
 * transaction; automations and notifications react to them after commit.
 */
export function ingestInbound(
  db: Db,
  connection: ConnectionRef,
  inbound: InboundMessage,
): IngestResult {
  let wake = false
  const result = transaction(db, (tx) => {
    const existing = findMessageId(tx, connection.id, inbound.externalId)
    if (existing) return { duplicate: true as const, messageId: existing }
    const { contact, created: contactCreated } = upsertContactFromPeer(
      tx,
      connection.companyId,
      inbound.peer,
    )
    const automations = automationsOf(tx, connection.id)
    const {
      ticket,
      created: ticketCreated,
      quiet,
      reopened,
      ratingReply,
    } = ticketFor(tx, connection, contact.id, contact.blocked, inbound, automations)
    const body = inbound.text ?? inbound.contactCard?.displayName ?? inbound.location?.name ?? null
    const messageId = newId()
    const now = Date.now()
    insertInboundMessage(tx).run({
      id: messageId,
      companyId: connection.companyId,
      ticketId: ticket.id,
      contactId: contact.id,
      connectionId: connection.id,
      externalId: inbound.externalId,
      fromMe: inbound.fromMe,
      type: inbound.type,
      body,
      mediaPath: inbound.media?.path ?? null,
      mediaType: inbound.media?.mimeType ?? (inbound.contactCard ? 'text/vcard' : null),
      mediaName: inbound.media?.fileName ?? null,
      mediaSize: inbound.media?.size ?? null,
      mediaDuration: inbound.media?.durationSeconds ?? null,
      latitude: inbound.location?.latitude ?? null,
      longitude: inbound.location?.longitude ?? null,
      quotedMessageId: inbound.quotedExternalId
        ? (findMessageId(tx, connection.id, inbound.quotedExternalId) ?? null)
        : null,
      status: inbound.fromMe ? 'sent' : 'received',
      authorName: inbound.peer.isGroup
        ? (inbound.author?.name ?? inbound.author?.phone ?? null)
        : null,
      timestamp: inbound.timestamp,
      now,
    })
    const message = { id: messageId }
    // Someone answered from the phone itself (our own sends never come back as inbound): a person
    // took over, so the bot's menu and routing timers stop, as when an agent accepts.
    if (inbound.fromMe && !inbound.history && !quiet && ticket.botState && !ticket.botState.done)
      afterAgentTook(tx, ticket, now)
    const newer = (ticket.lastMessageAt ?? 0) <= inbound.timestamp
    const live = !inbound.fromMe && !inbound.history && !quiet
    updateTicketCounters(tx).run({
      id: ticket.id,
      unread: live && !ratingReply ? 1 : 0,
      lastInboundAt: live ? inbound.timestamp : ticket.lastInboundAt,
      lastMessageText: newer ? messagePreview(inbound.type, body) : ticket.lastMessageText,
      lastMessageAt: newer ? inbound.timestamp : ticket.lastMessageAt,
      now,
    })
    if (!inbound.history && !quiet) {
      if (contactCreated)
        emit(tx, {
          type: 'contact.created',
          companyId: connection.companyId,
          audience: { type: 'company' },
          payload: { contactId: contact.id },
        })
      const ticketRow = ticketCreated
        ? announceTicket(tx, ticket, 'ticket.created')
        : reopened
          ? announceTicket(tx, ticket, 'ticket.updated', reopened, 'reopened')
          : undefined
      announceMessage(
        tx,
        ticket,
        messageId,
        'message.created',
        {
          fromMe: inbound.fromMe,
          // For notifications: whose ticket it is and who wrote.
          userId: ticket.userId,
          ticketStatus: ticket.status,
          contactName: contact.name,
        },
        ticketRow,
      )
    }
    // The bot answers after commit, in a durable job (never inside the channel's callback).
    wake = live && !ticket.isGroup && automationsActive(automations())
    if (wake)
      enqueue(tx, {
        kind: BOT_INBOUND_JOB,
        companyId: connection.companyId,
        payload: { messageId },
        dedupeKey: `${BOT_INBOUND_JOB}:${messageId}`,
      })
    return {
      duplicate: false as const,
      messageId: message.id,
      ticketId: ticket.id,
      contactId: contact.id,
      ticketCreated,
      contactCreated,
    }
  })
  if (wake) wakeJobs(db)
  return result
}

const ackRank = (status: string) => ACK_STATUSES.indexOf(status as (typeof ACK_STATUSES)[number])

/** Receipts, edits, deletions and reactions reported by the channel for a known message. */
export function applyInboundUpdate(
  db: Db,
  connection: { id: string; companyId: string },
  update: InboundUpdate,
) {
  return transaction(db, (tx) => applyInboundUpdateIn(tx, connection, update))
}

/** applyInboundUpdate inside the caller's transaction (several receipts as one change). */
export function applyInboundUpdateIn(
  tx: Tx,
  connection: { id: string; companyId: string },
  update: InboundUpdate,
) {
  const externalId = update.kind === 'reaction' ? update.targetExternalId : update.externalId
  const row = tx
    .select({
      id: messages.id,
      ticketId: messages.ticketId,
      status: messages.status,
      reactions: messages.reactions,
      companyId: tickets.companyId,
      queueId: tickets.queueId,
      userId: tickets.userId,
    })
    .from(messages)
    .innerJoin(tickets, eq(tickets.id, messages.ticketId))
    .where(and(eq(messages.connectionId, connection.id), eq(messages.externalId, externalId)))
    .get()
  if (!row) return false
  let values: Partial<typeof messages.$inferInsert>
  switch (update.kind) {
    case 'ack':
      // Receipts can arrive out of order: never move backwards (read → delivered).
      if (row.status === 'failed' || ackRank(update.status) <= ackRank(row.status)) return false
      values = { status: update.status }
      break
    case 'edit':
      values = { body: update.text, editedAt: update.timestamp }
      break
    case 'revoke':
      values = { deletedAt: update.timestamp }
      break
    case 'reaction': {
      const who = update.fromMe ? 'me' : (update.from.phone ?? update.from.lid ?? '')
      const others = (row.reactions ?? []).filter((r) => (r.fromMe ? 'me' : (r.from ?? '')) !== who)
      const reactions = update.emoji
        ? [
            ...others,
            { emoji: update.emoji, fromMe: update.fromMe, from: who, at: update.timestamp },
          ]
        : others
      values = { reactions }
      break
    }
  }
  tx.update(messages).set(values).where(eq(messages.id, row.id)).run()
  const ticket = { ...row, id: row.ticketId, connectionId: connection.id }
  announceMessage(tx, ticket, row.id, 'message.updated', {
    kind: update.kind,
    status: values.status ?? (row.status as MessageStatus),
  })
  return true
}

/** The channel learned that a LID and a phone are one person: join the contacts that exist. */
export function linkIdentity(
  db: Db,
  companyId: string,
  identity: { lid: string; phone: string; name?: string },
) {
  transaction(db, (tx) => {
    const known = tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(
          eq(contacts.companyId, companyId),
          or(
            eq(contacts.lid, identity.lid),
            inArray(contacts.number, phoneVariants(identity.phone)),
          ),
        ),
      )
      .get()
    if (known) upsertContactFromPeer(tx, companyId, identity)
  })
}
