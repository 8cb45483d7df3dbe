import { and, asc, desc, eq, exists, gte, inArray, like, lt, or, sql, type SQL } from 'drizzle-orm'
import { type StoredMedia } from '#app/channels/types.ts'
import { type Actor } from '#app/domain/actor.ts'
import { defaultConnectionFor } from '#app/domain/connections/connections.server.ts'
import { DomainError, invalid, notFound } from '#app/domain/errors.ts'
import { removeStoredFile, storeUpload } from '#app/domain/media/stored-files.server.ts'
import {
  getAccessibleTicket,
  seesAllTickets,
  visibleTickets,
} from '#app/domain/tickets/access.server.ts'
import { emit, enqueue, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { companies } from '#db/schema/companies.ts'
import { connections } from '#db/schema/connections.ts'
import { schedules, type ScheduleStatus } from '#db/schema/schedules.ts'
import { jobs } from '#db/schema/system.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import { SCHEDULE_MEDIA_MAX_BYTES, type ScheduleEditorInput } from './schedule-schema.ts'
import { endOfLocalDay, fromLocalInput } from './schedule-time.ts'

export const SCHEDULE_SEND_JOB = 'schedule.send'

type Row = typeof schedules.$inferSelect

/**
 * Who sees every schedule of the company: whoever sees every ticket (seesAllTickets). What an
 * agent may see and change: the schedules they created, and those of contacts with a
 * ticket they may see (visibleTickets: in their queues, assigned to them, or unassigned without
 * a queue unless the company hides those).
 */
function visibleTo(db: DbOrTx, actor: Actor): SQL | undefined {
  if (seesAllTickets(actor)) return undefined
  return or(
    eq(schedules.userId, actor.userId),
    exists(
      db
        .select({ x: sql`1` })
        .from(tickets)
        .where(and(eq(tickets.contactId, schedules.contactId), visibleTickets(db, actor))),
    ),
  )
}

/**
 * The ticket a sent schedule went into is shown only to who may see that ticket: an agent's own
 * schedule may have reached a ticket of another queue, whose id is not theirs to know.
 */
function hideUnseenTickets<T extends { ticketId: string | null }>(
  db: DbOrTx,
  actor: Actor,
  rows: T[],
): T[] {
  if (seesAllTickets(actor)) return rows
  const ids = [...new Set(rows.flatMap((row) => (row.ticketId ? [row.ticketId] : [])))]
  if (!ids.length) return rows
  const seen = new Set(
    db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(inArray(tickets.id, ids), visibleTickets(db, actor)))
      .all()
      .map((row) => row.id),
  )
  return rows.map((row) =>
    row.ticketId && !seen.has(row.ticketId) ? { ...row, ticketId: null } : row,
  )
}

export function companyTimeZone(db: DbOrTx, companyId: string) {
  return (
    db.select({ tz: companies.timeZone }).from(companies).where(eq(companies.id, companyId)).get()
      ?.tz ?? 'America/Sao_Paulo'
  )
}

const listColumns = {
  id: schedules.id,
  contactId: schedules.contactId,
  contactName: contacts.name,
  contactNumber: contacts.number,
  connectionId: schedules.connectionId,
  connectionName: connections.name,
  userId: schedules.userId,
  userName: users.name,
  body: schedules.body,
  mediaName: schedules.mediaName,
  mediaType: schedules.mediaType,
  mediaSize: schedules.mediaSize,
  sendAt: schedules.sendAt,
  recurrence: schedules.recurrence,
  recurrenceEnd: schedules.recurrenceEnd,
  seriesId: schedules.seriesId,
  openTicket: schedules.openTicket,
  status: schedules.status,
  error: schedules.error,
  attempts: schedules.attempts,
  sentAt: schedules.sentAt,
  ticketId: schedules.ticketId,
}

function selectSchedules(db: DbOrTx) {
  return db
    .select(listColumns)
    .from(schedules)
    .innerJoin(contacts, eq(contacts.id, schedules.contactId))
    .leftJoin(connections, eq(connections.id, schedules.connectionId))
    .leftJoin(users, eq(users.id, schedules.userId))
}

export type ScheduleItem = ReturnType<typeof listSchedules>[number]

/** The schedules of a period (calendar, agenda), oldest first; at most `limit`. */
export function listSchedules(
  db: DbOrTx,
  actor: Actor,
  range: { from: number; to: number; status?: ScheduleStatus; limit?: number },
) {
  const rows = selectSchedules(db)
    .where(
      and(
        eq(schedules.companyId, actor.companyId),
        gte(schedules.sendAt, range.from),
        lt(schedules.sendAt, range.to),
        range.status ? eq(schedules.status, range.status) : undefined,
        visibleTo(db, actor),
      ),
    )
    .orderBy(asc(schedules.sendAt), asc(schedules.id))
    .limit(range.limit ?? 2000)
    .all()
  return hideUnseenTickets(db, actor, rows)
}

/** One schedule the actor may see, or a 404 (no leak of other companies' or queues' schedules). */
export function getSchedule(db: DbOrTx, actor: Actor, scheduleId: string) {
  const row = selectSchedules(db)
    .where(
      and(
        eq(schedules.id, scheduleId),
        eq(schedules.companyId, actor.companyId),
        visibleTo(db, actor),
      ),
    )
    .get()
  if (!row) throw notFound('Schedule')
  return hideUnseenTickets(db, actor, [row])[0]!
}

/** The pending schedules of a ticket's contact (shown in the conversation's schedule dialog). */
export function pendingSchedulesOfTicket(db: DbOrTx, actor: Actor, ticketId: string) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  return selectSchedules(db)
    .where(
      and(
        eq(schedules.companyId, actor.companyId),
        eq(schedules.contactId, ticket.contactId),
        eq(schedules.status, 'pending'),
        visibleTo(db, actor),
      ),
    )
    .orderBy(asc(schedules.sendAt))
    .limit(20)
    .all()
}

/**
 * What the form offers: the company's connections (default first), the one preselected (the
 * user's default), the company's zone, a preset contact.
 */
export function scheduleFormOptions(db: DbOrTx, actor: Actor, input: { ticketId?: string } = {}) {
  const list = db
    .select({
      id: connections.id,
      name: connections.name,
      isDefault: connections.isDefault,
      status: connections.status,
    })
    .from(connections)
    .where(eq(connections.companyId, actor.companyId))
    .orderBy(desc(connections.isDefault), sql`${connections.name} collate nocase`)
    .all()
  let preset: { contactId: string; contactName: string; connectionId: string } | null = null
  if (input.ticketId) {
    const ticket = getAccessibleTicket(db, actor, input.ticketId)
    const contact = db
      .select({ id: contacts.id, name: contacts.name, number: contacts.number })
      .from(contacts)
      .where(eq(contacts.id, ticket.contactId))
      .get()
    if (contact)
      preset = {
        contactId: contact.id,
        contactName: contact.number ? `${contact.name} (${contact.number})` : contact.name,
        connectionId: ticket.connectionId,
      }
  }
  return {
    connections: list,
    // Preselected: the user's own default connection, else the company's (one rule).
    defaultConnectionId: defaultConnectionFor(db, actor),
    timeZone: companyTimeZone(db, actor.companyId),
    preset,
  }
}

/** Contacts to choose from (the form's search box): by name or number, this company only. */
export function searchScheduleContacts(db: DbOrTx, actor: Actor, query: string) {
  const q = query.trim().replace(/[%_\\]/g, '')
  const digits = q.replace(/\D/g, '')
  return db
    .select({ id: contacts.id, name: contacts.name, number: contacts.number })
    .from(contacts)
    .where(
      and(
        eq(contacts.companyId, actor.companyId),
        eq(contacts.blocked, false),
        q
          ? or(
              like(contacts.name, `%${q}%`),
              digits.length >= 3 ? like(contacts.number, `%${digits}%`) : undefined,
            )
          : undefined,
      ),
    )
    .orderBy(sql`${contacts.name} collate nocase`)
    .limit(20)
    .all()
}

// ---- writes ----

const mediaUpload = { field: 'media', maxBytes: SCHEDULE_MEDIA_MAX_BYTES }

/** Deletes a stored file no message and no other schedule uses any more. */
async function removeUnusedMedia(db: DbOrTx, relative: string | null | undefined) {
  if (!relative) return
  const used =
    db.select({ id: messages.id }).from(messages).where(eq(messages.mediaPath, relative)).get() ??
    db.select({ id: schedules.id }).from(schedules).where(eq(schedules.mediaPath, relative)).get()
  if (!used) await removeStoredFile(relative)
}

/** The job that sends an occurrence; the key makes "the job for this time" unique. */
export function enqueueScheduleSend(tx: DbOrTx, row: Pick<Row, 'id' | 'companyId' | 'sendAt'>) {
  enqueue(tx, {
    kind: SCHEDULE_SEND_JOB,
    runAt: row.sendAt,
    companyId: row.companyId,
    payload: { scheduleId: row.id },
    dedupeKey: `schedule:${row.id}:${row.sendAt}`,
  })
}

/** Drops the schedule's waiting jobs (edit moves the send, cancel stops it). */
function dropQueuedJobs(tx: DbOrTx, scheduleId: string) {
  tx.delete(jobs)
    .where(
      and(
        eq(jobs.kind, SCHEDULE_SEND_JOB),
        eq(jobs.status, 'queued'),
        like(jobs.dedupeKey, `schedule:${scheduleId}:%`),
      ),
    )
    .run()
}

export function announceSchedule(
  tx: DbOrTx,
  row: Pick<Row, 'id' | 'companyId' | 'status'>,
  type: 'schedule.created' | 'schedule.updated',
) {
  emit(tx, {
    type,
    companyId: row.companyId,
    audience: { type: 'company' },
    payload: { scheduleId: row.id, status: row.status },
  })
}

/** Checks the form's contact, connection and times; returns the UTC values to store. */
function resolveInput(db: DbOrTx, actor: Actor, input: ScheduleEditorInput, now: number) {
  const timeZone = companyTimeZone(db, actor.companyId)
  const contact = db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.id, input.contactId), eq(contacts.companyId, actor.companyId)))
    .get()
  if (!contact) throw invalid('contactId', 'validation.scheduleContact')
  const connection = db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.id, input.connectionId), eq(connections.companyId, actor.companyId)))
    .get()
  if (!connection) throw invalid('connectionId', 'validation.invalid')
  const sendAt = fromLocalInput(input.sendAt, timeZone)
  if (sendAt === null) throw invalid('sendAt', 'validation.invalid')
  if (sendAt <= now) throw invalid('sendAt', 'validation.schedulePast')
  let recurrenceEnd: number | null = null
  if (input.recurrence !== 'none') {
    recurrenceEnd = input.recurrenceEnd ? endOfLocalDay(input.recurrenceEnd, timeZone) : null
    if (recurrenceEnd === null) throw invalid('recurrenceEnd', 'validation.required')
    if (recurrenceEnd < sendAt) throw invalid('recurrenceEnd', 'validation.scheduleEndBeforeStart')
  }
  return { sendAt, recurrenceEnd }
}

export type NewSchedule = {
  contactId: string
  connectionId: string
  body: string
  media?: StoredMedia
  /** UTC ms, in the future (the caller checked). */
  sendAt: number
  recurrence: Row['recurrence']
  recurrenceEnd: number | null
  openTicket: boolean
}

/**
 * Writes a checked schedule with its send job in the caller's transaction (the form's
 * createSchedule, the HTTP API's `scheduleAt`). The actor is its creator (the sender's name).
 */
export function insertSchedule(tx: DbOrTx, actor: Actor, input: NewSchedule) {
  const row = tx
    .insert(schedules)
    .values({
      companyId: actor.companyId,
      contactId: input.contactId,
      connectionId: input.connectionId,
      userId: actor.userId === 'system' ? null : actor.userId,
      body: input.body,
      ...mediaColumns(input.media),
      sendAt: input.sendAt,
      recurrence: input.recurrence,
      recurrenceEnd: input.recurrenceEnd,
      openTicket: input.openTicket,
    })
    .returning()
    .get()
  const withSeries = tx
    .update(schedules)
    .set({ seriesId: row.id })
    .where(eq(schedules.id, row.id))
    .returning()
    .get()!
  enqueueScheduleSend(tx, withSeries)
  announceSchedule(tx, withSeries, 'schedule.created')
  return withSeries
}

/** Novo agendamento: stored as pending with its send job, in one transaction. */
export async function createSchedule(
  db: Db,
  actor: Actor,
  input: ScheduleEditorInput,
  now = Date.now(),
) {
  const { sendAt, recurrenceEnd } = resolveInput(db, actor, input, now)
  const media = input.media
    ? await storeUpload(actor.companyId, input.media, mediaUpload)
    : undefined
  try {
    return transaction(db, (tx) =>
      insertSchedule(tx, actor, {
        contactId: input.contactId,
        connectionId: input.connectionId,
        body: input.body,
        media,
        sendAt,
        recurrence: input.recurrence,
        recurrenceEnd,
        openTicket: input.openTicket,
      }),
    )
  } catch (error) {
    if (media) await removeUnusedMedia(db, media.path)
    throw error
  }
}

function mediaColumns(media: StoredMedia | undefined | null) {
  return {
    mediaPath: media?.path ?? null,
    mediaType: media?.mimeType ?? null,
    mediaName: media?.fileName ?? null,
    mediaSize: media?.size ?? null,
  }
}

const notPending = () =>
  new DomainError('Only pending schedules can change', 'schedules.errors.notPending', 409)

/** A schedule the actor may change: visible to them and still waiting. */
function pendingRow(db: DbOrTx, actor: Actor, scheduleId: string) {
  getSchedule(db, actor, scheduleId)
  const row = db.select().from(schedules).where(eq(schedules.id, scheduleId)).get()!
  if (row.status !== 'pending') throw notPending()
  return row
}

/** Edit before the send: new content, time (the job moves with it) or recurrence. */
export async function updateSchedule(
  db: Db,
  actor: Actor,
  scheduleId: string,
  input: ScheduleEditorInput,
  now = Date.now(),
) {
  const current = pendingRow(db, actor, scheduleId)
  const { sendAt, recurrenceEnd } = resolveInput(db, actor, input, now)
  const media = input.media
    ? await storeUpload(actor.companyId, input.media, mediaUpload)
    : undefined
  const dropsOld = Boolean(media || input.removeMedia)
  if (!input.body && !media && (dropsOld || !current.mediaPath))
    throw invalid('body', 'validation.scheduleEmpty')
  try {
    const updated = transaction(db, (tx) => {
      const row = tx
        .update(schedules)
        .set({
          contactId: input.contactId,
          connectionId: input.connectionId,
          body: input.body,
          ...(dropsOld ? mediaColumns(media) : {}),
          sendAt,
          recurrence: input.recurrence,
          recurrenceEnd,
          openTicket: input.openTicket,
          updatedAt: now,
        })
        .where(and(eq(schedules.id, scheduleId), eq(schedules.status, 'pending')))
        .returning()
        .get()
      // The send job took it in the meantime.
      if (!row) throw notPending()
      dropQueuedJobs(tx, row.id)
      enqueueScheduleSend(tx, row)
      announceSchedule(tx, row, 'schedule.updated')
      return row
    })
    if (dropsOld) await removeUnusedMedia(db, current.mediaPath)
    return updated
  } catch (error) {
    if (media) await removeUnusedMedia(db, media.path)
    throw error
  }
}

/** Cancel before the send (a recurring series stops: its next occurrence is never created). */
export function cancelSchedule(db: Db, actor: Actor, scheduleId: string) {
  pendingRow(db, actor, scheduleId)
  return transaction(db, (tx) => {
    const row = tx
      .update(schedules)
      .set({ status: 'cancelled', updatedAt: Date.now() })
      .where(and(eq(schedules.id, scheduleId), eq(schedules.status, 'pending')))
      .returning()
      .get()
    if (!row) throw notPending()
    dropQueuedJobs(tx, row.id)
    announceSchedule(tx, row, 'schedule.updated')
    return row
  })
}
