import fs from 'node:fs'
import path from 'node:path'
import { TZDate } from '@date-fns/tz'
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, ne, or } from 'drizzle-orm'
import { systemActor } from '#app/domain/actor.ts'
import { queueOutbound } from '#app/domain/messages/outbound.server.ts'
import { getSetting } from '#app/domain/settings/settings.server.ts'
import { ticketProtocol } from '#app/domain/tickets/access.server.ts'
import {
  announceTicket,
  closeTicket,
  transferTicket,
} from '#app/domain/tickets/lifecycle.server.ts'
import {
  cancelJobs,
  emit,
  enqueue,
  registerJobHandler,
  transaction,
} from '#app/domain/outbox.server.ts'
import { isOnline } from '#app/domain/presence.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { queueOptions } from '#db/schema/queue-options.ts'
import { ratings } from '#db/schema/ratings.ts'
import { companies } from '#db/schema/companies.ts'
import { connections } from '#db/schema/connections.ts'
import { queues } from '#db/schema/queues.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import { automationsActive, parseAutomations, type Automations } from './automations-schema.ts'
import {
  type BotAction,
  type BotConfig,
  type BotMedia,
  type BotState,
  type BotTicket,
  type CloseReason,
  decideAgentTook,
  decideClose,
  decideInbound,
  decideRatingReply,
  decideTimer,
  type Decision,
  type Timer,
  TIMERS,
} from './engine.ts'
import { BOT_INBOUND_JOB, BOT_TIMER_JOB } from './jobs.ts'
import { fillBotVariables } from './variables.ts'

/**
 * The bot's side effects: loads what the pure engine needs, and performs its actions in the
 * caller's transaction — automatic messages through the send queue (system, `automation` set),
 * queue and agent changes with their history and live events, closes, ratings, durable timers.
 */

type TicketRow = typeof tickets.$inferSelect

const DAY = 24 * 60 * 60 * 1000

export const timerKey = (timer: Timer, ticketId: string) => `bot.${timer}:${ticketId}`

const minutesOf = (time: string) => {
  const [h = '0', m = '0'] = time.split(':')
  return Number(h) * 60 + Number(m)
}

/** Within the user's work hours (HH:MM–HH:MM in the company zone; none = always). */
export function withinWorkHours(
  user: { workStart: string | null; workEnd: string | null },
  timeZone: string,
  now: number,
) {
  if (!user.workStart || !user.workEnd) return true
  const local = new TZDate(now, timeZone)
  const minute = local.getHours() * 60 + local.getMinutes()
  const start = minutesOf(user.workStart)
  const end = minutesOf(user.workEnd)
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end
}

function timeZoneOf(tx: DbOrTx, companyId: string) {
  return (
    tx.select({ tz: companies.timeZone }).from(companies).where(eq(companies.id, companyId)).get()
      ?.tz ?? 'America/Sao_Paulo'
  )
}

export function connectionAutomations(tx: DbOrTx, connectionId: string): Automations {
  const row = tx
    .select({ automations: connections.automations })
    .from(connections)
    .where(eq(connections.id, connectionId))
    .get()
  return parseAutomations(row?.automations)
}

function mediaOf(queue: typeof queues.$inferSelect): BotMedia | null {
  if (!queue.greetingMediaPath || !queue.greetingMediaType) return null
  return {
    path: queue.greetingMediaPath,
    mimeType: queue.greetingMediaType,
    fileName: queue.greetingMediaName,
  }
}

/** Everything the engine reads about the company, the connection and the contact. */
export function loadConfig(
  tx: DbOrTx,
  ticket: Pick<TicketRow, 'companyId' | 'connectionId' | 'contactId'>,
  now: number,
): BotConfig {
  const automations = connectionAutomations(tx, ticket.connectionId)
  const timeZone = timeZoneOf(tx, ticket.companyId)
  const queueRows = tx
    .select()
    .from(queues)
    .where(eq(queues.companyId, ticket.companyId))
    .orderBy(asc(queues.order), asc(queues.name))
    .all()
  const options = tx
    .select()
    .from(queueOptions)
    .where(eq(queueOptions.companyId, ticket.companyId))
    .all()
  const targetUserIds = [
    ...new Set(options.flatMap((o) => (o.targetUserId ? [o.targetUserId] : []))),
  ]
  const assignOffline = getSetting(tx, ticket.companyId, 'bot.assignOfflineAgents')
  const availableUserIds = targetUserIds.length
    ? tx
        .select({ id: users.id, workStart: users.workStart, workEnd: users.workEnd })
        .from(users)
        .where(
          and(
            eq(users.companyId, ticket.companyId),
            inArray(users.id, targetUserIds),
            isNull(users.disabledAt),
          ),
        )
        .all()
        .filter(
          (user) => assignOffline || (isOnline(user.id) && withinWorkHours(user, timeZone, now)),
        )
        .map((user) => user.id)
    : []
  const { maxPerPeriod, periodDays } = automations.rating
  const asked =
    maxPerPeriod > 0
      ? (tx
          .select({ n: count() })
          .from(tickets)
          .where(
            and(
              eq(tickets.contactId, ticket.contactId),
              gte(tickets.ratingAskedAt, now - periodDays * DAY),
            ),
          )
          .get()?.n ?? 0)
      : 0
  return {
    automations,
    queues: queueRows.map((q) => ({
      id: q.id,
      name: q.name,
      type: q.type,
      autoCloseMinutes: q.autoCloseMinutes,
      greeting: q.greeting,
      greetingMedia: mediaOf(q),
      outOfHoursMessage: q.outOfHoursMessage,
      businessHours: q.businessHours,
    })),
    options,
    timeZone,
    hoursScope: getSetting(tx, ticket.companyId, 'bot.hoursScope'),
    availableUserIds,
    ratingAllowed: maxPerPeriod === 0 || asked < maxPerPeriod,
  }
}

export function botTicket(tx: DbOrTx, ticket: TicketRow): BotTicket {
  const last = tx
    .select({ fromMe: messages.fromMe })
    .from(messages)
    .where(and(eq(messages.ticketId, ticket.id), eq(messages.isPrivate, false)))
    .orderBy(desc(messages.timestamp))
    .get()
  const earlier = tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        eq(tickets.contactId, ticket.contactId),
        ne(tickets.id, ticket.id),
        eq(tickets.imported, false),
      ),
    )
    .get()
  return {
    id: ticket.id,
    status: ticket.status,
    queueId: ticket.queueId,
    userId: ticket.userId,
    createdAt: ticket.createdAt,
    lastMessageAt: ticket.lastMessageAt,
    lastMessageFromMe: last?.fromMe ?? false,
    firstOfContact: !earlier,
    ratingStatus: ticket.ratingStatus,
    ratingAskedAt: ticket.ratingAskedAt,
    state: (ticket.botState ?? {}) as BotState,
  }
}

const mediaDir = () => path.resolve(getEnv().MEDIA_DIR)

function outboundMedia(media: BotMedia) {
  let size = 0
  try {
    size = fs.statSync(path.join(mediaDir(), media.path)).size
  } catch {
    // The send queue reports a missing file as a failed message, visible in the conversation.
  }
  return { path: media.path, mimeType: media.mimeType, size, fileName: media.fileName ?? undefined }
}

function mediaType(mimeType: string) {
  if (mimeType.startsWith('image/')) return 'image' as const
  if (mimeType.startsWith('video/')) return 'video' as const
  if (mimeType.startsWith('audio/')) return 'audio' as const
  return 'document' as const
}

function variablesFor(tx: Tx, ticket: TicketRow, timeZone: string, now: number) {
  const contact = tx
    .select({ name: contacts.name })
    .from(contacts)
    .where(eq(contacts.id, ticket.contactId))
    .get()
  const queue = ticket.queueId
    ? tx.select({ name: queues.name }).from(queues).where(eq(queues.id, ticket.queueId)).get()
    : undefined
  const agent = ticket.userId
    ? tx.select({ name: users.name }).from(users).where(eq(users.id, ticket.userId)).get()
    : undefined
  return {
    contactName: contact?.name,
    ticketProtocol: ticketProtocol(ticket),
    queueName: queue?.name,
    agentName: agent?.name,
    now,
    timeZone,
  }
}

/** Performs a decision in the caller's transaction; returns the ticket as it ends up. */
export function perform(
  tx: Tx,
  row: TicketRow,
  decision: Decision,
  context: { now: number; timeZone: string; closedBy?: string | null },
): TicketRow {
  let ticket = row
  let sends = 0
  const { now } = context
  // The bot's changes have no author in the history.
  const bot = systemActor(ticket.companyId)
  const update = (values: Partial<TicketRow>) => {
    ticket = tx.update(tickets).set(values).where(eq(tickets.id, ticket.id)).returning().get()!
    return ticket
  }
  for (const action of decision.actions as BotAction[]) {
    switch (action.type) {
      case 'send': {
        const text = fillBotVariables(action.text, variablesFor(tx, ticket, context.timeZone, now))
        // One millisecond apart: the conversation shows them in the order they were decided.
        const timestamp = now + sends++
        queueOutbound(tx, ticket, {
          type: action.media ? mediaType(action.media.mimeType) : 'text',
          body: text || null,
          media: action.media ? outboundMedia(action.media) : undefined,
          userId: null,
          automation: action.automation,
          timestamp,
        })
        ticket = { ...ticket, lastMessageAt: timestamp }
        break
      }
      case 'setQueue': {
        if (ticket.queueId === action.queueId) break
        ticket = transferTicket(tx, bot, ticket, { queueId: action.queueId })
        break
      }
      case 'assign': {
        if (ticket.status === 'closed' || ticket.userId) break
        ticket = transferTicket(tx, bot, ticket, { userId: action.userId, status: 'open' })
        break
      }
      case 'close': {
        if (ticket.status === 'closed') break
        ticket = closeTicket(tx, { userId: context.closedBy ?? 'system' }, ticket, { at: now })
        break
      }
      case 'schedule': {
        const key = timerKey(action.timer, ticket.id)
        cancelJobs(tx, key)
        enqueue(tx, {
          kind: BOT_TIMER_JOB,
          runAt: action.at,
          companyId: ticket.companyId,
          payload: { ticketId: ticket.id, timer: action.timer },
          dedupeKey: key,
        })
        break
      }
      case 'cancel':
        for (const timer of action.timers) cancelJobs(tx, timerKey(timer, ticket.id))
        break
      case 'rate': {
        const rating = tx
          .insert(ratings)
          .values({
            companyId: ticket.companyId,
            ticketId: ticket.id,
            contactId: ticket.contactId,
            connectionId: ticket.connectionId,
            queueId: ticket.queueId,
            userId: ticket.userId,
            score: action.score,
            createdAt: now,
          })
          .onConflictDoNothing()
          .returning()
          .get()
        // Announced once: a second answer for the same ticket is not stored (ratings_ticket_unique).
        if (rating)
          emit(tx, {
            type: 'rating.received',
            companyId: ticket.companyId,
            audience: { type: 'admins' },
            payload: {
              ratingId: rating.id,
              ticketId: rating.ticketId,
              contactId: rating.contactId,
              connectionId: rating.connectionId,
              queueId: rating.queueId,
              userId: rating.userId,
              score: rating.score,
            },
          })
        break
      }
      case 'ratingStatus':
        update(
          action.status === 'pending'
            ? { ratingStatus: 'pending', ratingAskedAt: now }
            : { ratingStatus: action.status },
        )
        announceTicket(tx, ticket, 'ticket.updated')
        break
    }
  }
  return update({ botState: decision.state })
}

// ---- entry points ----

/** The ticket's row, or undefined. */
const ticketRow = (tx: DbOrTx, ticketId: string) =>
  tx.select().from(tickets).where(eq(tickets.id, ticketId)).get()

/**
 * A customer's message (job `bot.inbound`): the answer of the menu, or the rating. Idempotent: a
 * message already handled, or followed by a newer one of the same customer (a burst), is skipped
 * — the newest message's job answers once for all.
 */
export function handleInbound(db: Db, messageId: string, now = Date.now()) {
  transaction(db, (tx) => {
    const message = tx.select().from(messages).where(eq(messages.id, messageId)).get()
    if (!message || message.fromMe) return
    const row = ticketRow(tx, message.ticketId)
    if (!row) return
    const state = (row.botState ?? {}) as BotState
    if (state.lastMessageId === message.id) return
    const newer = tx
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.ticketId, row.id),
          eq(messages.fromMe, false),
          ne(messages.id, message.id),
          or(
            gt(messages.timestamp, message.timestamp),
            and(eq(messages.timestamp, message.timestamp), gt(messages.id, message.id)),
          ),
        ),
      )
      .get()
    if (newer) return
    const cfg = loadConfig(tx, row, now)
    if (!automationsActive(cfg.automations)) return
    const ticket = botTicket(tx, row)
    // When it reached us (server clock, like lastBotAt): the channel's timestamp is the phone's,
    // truncated to the second — too coarse and skewed to tell a human from another bot.
    const inbound = { id: message.id, text: message.body, at: message.createdAt }
    const decision =
      row.status === 'closed'
        ? decideRatingReply(cfg, ticket, inbound, now)
        : decideInbound(cfg, ticket, inbound, now)
    perform(tx, row, decision, { now, timeZone: cfg.timeZone })
  })
}

/** A timer came due (job `bot.timer`): returns when it must run again, if early. */
export function handleTimer(db: Db, ticketId: string, timer: Timer, now = Date.now()) {
  return transaction(db, (tx) => {
    const row = ticketRow(tx, ticketId)
    if (!row) return undefined
    const cfg = loadConfig(tx, row, now)
    const decision = decideTimer(cfg, botTicket(tx, row), timer, now)
    perform(tx, row, decision, { now, timeZone: cfg.timeZone })
    return decision.rescheduleAt
  })
}

/**
 * Right after an agent closed a ticket (same transaction): the completion message — unless the
 * agent's farewell already said goodbye — and the rating question; "close without message" sends
 * neither. Every timer of the ticket stops.
 */
export function afterAgentClose(
  tx: Tx,
  closed: TicketRow,
  options: { withMessage: boolean; farewellSent: boolean; userId: string | null },
  now = Date.now(),
) {
  const cfg = loadConfig(tx, closed, now)
  const decision = decideClose(cfg, botTicket(tx, closed), now, options)
  return perform(tx, closed, decision, { now, timeZone: cfg.timeZone, closedBy: options.userId })
}

/** An agent took the ticket (accept, transfer): the menu stops, routing timers are moot. */
export function afterAgentTook(tx: Tx, ticket: TicketRow, now = Date.now()) {
  const decision = decideAgentTook((ticket.botState ?? {}) as BotState)
  return perform(tx, ticket, decision, { now, timeZone: 'UTC' })
}

export type { CloseReason }

export function registerBotJobs(db: Db) {
  registerJobHandler(BOT_INBOUND_JOB, (payload: { messageId: string }) => {
    handleInbound(db, payload.messageId)
  })
  registerJobHandler(BOT_TIMER_JOB, (payload: { ticketId: string; timer: Timer }) => {
    if (!TIMERS.includes(payload.timer)) return
    const at = handleTimer(db, payload.ticketId, payload.timer)
    return at === undefined ? undefined : { rescheduleAt: at }
  })
}
