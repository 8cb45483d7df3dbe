import { and, eq } from 'drizzle-orm'
import { type Actor, systemActor } from '#app/domain/actor.ts'
import { sendMessage } from '#app/domain/messages/send.server.ts'
import { getSetting } from '#app/domain/settings/settings.server.ts'
import { closeTicket } from '#app/domain/tickets/actions.server.ts'
import { findActiveTicket, openTicket } from '#app/domain/tickets/lifecycle.server.ts'
import { conversationChatId } from '#app/domain/tickets/start.server.ts'
import { enqueue, type Job, registerJobHandler, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type Tx } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { connections } from '#db/schema/connections.ts'
import { schedules } from '#db/schema/schedules.ts'
import { contacts } from '#db/schema/contacts.ts'
import { users } from '#db/schema/users.ts'
import { localDayOfMonth, nextOccurrenceAfter } from './schedule-time.ts'
import {
  announceSchedule,
  companyTimeZone,
  enqueueScheduleSend,
  SCHEDULE_SEND_JOB,
} from './schedules.server.ts'

type Row = typeof schedules.$inferSelect

/** An offline connection is looked at again after this long, until the retry window ends. */
export const OFFLINE_RETRY_MS = 60_000

/** Failure reasons (i18n keys); channel errors are kept as the channel gave them. */
export const SCHEDULE_ERRORS = {
  connectionRemoved: 'schedules.errors.connectionRemoved',
  connectionOffline: 'schedules.errors.connectionOffline',
  blocked: 'schedules.errors.blocked',
  noNumber: 'schedules.errors.noNumber',
  internal: 'schedules.errors.internal',
} as const

export type SendOutcome =
  'stale' | 'sending' | 'retry' | (typeof SCHEDULE_ERRORS)[keyof typeof SCHEDULE_ERRORS]

/**
 * Sends one due occurrence. Everything happens in ONE transaction: the schedule is still pending
 * → the contact's ticket is found or opened → the message is queued (the send queue delivers it;
 * its id makes the delivery idempotent) → the schedule becomes `sending` with the message id →
 * the series' next occurrence is created with its job → a ticket opened just for this send is
 * closed again unless the schedule keeps it open. A crash before the commit changes nothing and
 * the job runs again; after it the schedule is no longer pending, so a re-run does nothing: the
 * message is queued exactly once. `sent`/`failed` follow from the send queue (outcome.server.ts).
 */
export function runScheduledSend(db: Db, scheduleId: string, now = Date.now()): SendOutcome {
  return transaction(db, (tx) => {
    const row = tx.select().from(schedules).where(eq(schedules.id, scheduleId)).get()
    // Cancelled, already handled, or moved later by an edit (that edit queued its own job).
    if (!row || row.status !== 'pending' || row.sendAt > now) return 'stale'
    const timeZone = companyTimeZone(tx, row.companyId)
    const fail = (reason: (typeof SCHEDULE_ERRORS)[keyof typeof SCHEDULE_ERRORS]) => {
      const failed = tx
        .update(schedules)
        .set({
          status: 'failed',
          error: reason,
          attempts: row.attempts + 1,
          firstAttemptAt: row.firstAttemptAt ?? now,
          updatedAt: now,
        })
        .where(eq(schedules.id, row.id))
        .returning()
        .get()!
      announceSchedule(tx, failed, 'schedule.updated')
      continueSeries(tx, row, timeZone, now)
      return reason
    }
    if (!row.connectionId) return fail(SCHEDULE_ERRORS.connectionRemoved)
    const connection = tx
      .select()
      .from(connections)
      .where(eq(connections.id, row.connectionId))
      .get()
    if (!connection) return fail(SCHEDULE_ERRORS.connectionRemoved)
    const contact = tx.select().from(contacts).where(eq(contacts.id, row.contactId)).get()!
    if (contact.blocked) return fail(SCHEDULE_ERRORS.blocked)
    if (!contact.number && !contact.groupId) return fail(SCHEDULE_ERRORS.noNumber)

    if (connection.status !== 'connected') {
      const firstAttemptAt = row.firstAttemptAt ?? now
      const windowMs = getSetting(tx, row.companyId, 'schedules.offlineRetryMinutes') * 60_000
      if (now + OFFLINE_RETRY_MS > firstAttemptAt + windowMs)
        return fail(SCHEDULE_ERRORS.connectionOffline)
      const waiting = tx
        .update(schedules)
        .set({ attempts: row.attempts + 1, firstAttemptAt, updatedAt: now })
        .where(eq(schedules.id, row.id))
        .returning()
        .get()!
      enqueue(tx, {
        kind: SCHEDULE_SEND_JOB,
        runAt: now + OFFLINE_RETRY_MS,
        companyId: row.companyId,
        payload: { scheduleId: row.id },
        dedupeKey: `schedule:${row.id}:retry:${waiting.attempts}`,
      })
      announceSchedule(tx, waiting, 'schedule.updated')
      return 'retry'
    }

    const actor = senderActor(tx, row)
    const { ticket, created } = ticketFor(tx, row, connection, contact, actor)
    // sendMessage runs its own transaction, which better-sqlite3 nests as a savepoint of this one.
    const message = sendMessage(
      db,
      actor,
      ticket.id,
      {
        text: row.body || undefined,
        media: row.mediaPath
          ? {
              path: row.mediaPath,
              mimeType: row.mediaType ?? 'application/octet-stream',
              size: row.mediaSize ?? 0,
              fileName: row.mediaName ?? undefined,
            }
          : undefined,
      },
      { allowPending: true },
    )
    const sending = tx
      .update(schedules)
      .set({
        status: 'sending',
        messageId: message.id,
        ticketId: ticket.id,
        attempts: row.attempts + 1,
        firstAttemptAt: row.firstAttemptAt ?? now,
        error: null,
        updatedAt: now,
      })
      .where(eq(schedules.id, row.id))
      .returning()
      .get()!
    continueSeries(tx, row, timeZone, now)
    if (created && !row.openTicket) closeTicket(db, actor, ticket.id, { sendFarewell: false })
    announceSchedule(tx, sending, 'schedule.updated')
    return 'sending'
  })
}

/**
 * The message goes out in its creator's name (their signature rules apply), with the system's
 * reach: an agent's schedule still reaches a ticket that moved to another queue.
 */
function senderActor(tx: Tx, row: Row): Actor {
  const system = systemActor(row.companyId)
  if (!row.userId) return system
  const user = tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, row.userId), eq(users.companyId, row.companyId)))
    .get()
  return user ? { ...system, userId: user.id, name: user.name } : system
}

/**
 * The contact's active ticket on the connection, left as it is (whoever has it), or a new one:
 * open and assigned to the creator when they are still there, otherwise waiting in the
 * connection's queue. Not tickets/start.server.ts' startConversation: that one accepts a waiting
 * ticket and refuses someone else's, which a message sent at a set time must not do.
 */
function ticketFor(
  tx: Tx,
  row: Row,
  connection: { id: string; companyId: string; queueId: string | null; channel: string },
  contact: { id: string; number: string | null; groupId: string | null; isGroup: boolean },
  actor: Actor,
) {
  const active = findActiveTicket(tx, row.contactId, connection.id)
  if (active) return { ticket: active, created: false }
  const owner = actor.userId === 'system' ? null : actor.userId
  return openTicket(tx, actor, {
    companyId: row.companyId,
    contactId: row.contactId,
    connectionId: connection.id,
    queueId: connection.queueId,
    userId: owner,
    chatId: conversationChatId(tx, contact, connection),
    isGroup: contact.isGroup,
    // A person's message started it: the bot stays out.
    botState: { done: true },
  })
}

/** A recurring series: the next occurrence (same local time) with its job, until the end date. */
function continueSeries(tx: Tx, row: Row, timeZone: string, now: number) {
  if (row.recurrence === 'none') return
  const seriesId = row.seriesId ?? row.id
  const first =
    tx.select({ sendAt: schedules.sendAt }).from(schedules).where(eq(schedules.id, seriesId)).get()
      ?.sendAt ?? row.sendAt
  const sendAt = nextOccurrenceAfter(row.sendAt, row.recurrence, timeZone, {
    after: now,
    end: row.recurrenceEnd,
    anchorDay: localDayOfMonth(first, timeZone),
  })
  if (sendAt === null) return
  const next = tx
    .insert(schedules)
    .values({
      companyId: row.companyId,
      contactId: row.contactId,
      connectionId: row.connectionId,
      userId: row.userId,
      body: row.body,
      mediaPath: row.mediaPath,
      mediaType: row.mediaType,
      mediaName: row.mediaName,
      mediaSize: row.mediaSize,
      sendAt,
      recurrence: row.recurrence,
      recurrenceEnd: row.recurrenceEnd,
      seriesId,
      openTicket: row.openTicket,
    })
    .returning()
    .get()
  enqueueScheduleSend(tx, next)
  announceSchedule(tx, next, 'schedule.created')
}

/**
 * A send that keeps failing for an unexpected reason (not a channel error: those are recorded by
 * the send queue) ends as failed once its job gives up, instead of staying pending forever.
 */
function failAfterLastAttempt(db: Db, scheduleId: string, job: Job, error: unknown) {
  if (job.attempts < job.maxAttempts) return
  logger.error({ err: error, scheduleId }, 'scheduled message could not be sent')
  transaction(db, (tx) => {
    const row = tx
      .update(schedules)
      .set({ status: 'failed', error: SCHEDULE_ERRORS.internal, updatedAt: Date.now() })
      .where(and(eq(schedules.id, scheduleId), eq(schedules.status, 'pending')))
      .returning()
      .get()
    if (row) announceSchedule(tx, row, 'schedule.updated')
  })
}

export function registerScheduleJobs(db: Db) {
  registerJobHandler(SCHEDULE_SEND_JOB, (payload: { scheduleId: string }, job) => {
    try {
      runScheduledSend(db, payload.scheduleId)
    } catch (error) {
      failAfterLastAttempt(db, payload.scheduleId, job, error)
      throw error
    }
  })
}
