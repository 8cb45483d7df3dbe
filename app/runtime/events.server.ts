import { remember } from '@epic-web/remember'
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm'
import { type Actor, isAdmin } from '#app/domain/actor.ts'
import { canAccessTicket } from '#app/domain/tickets/access.server.ts'
import { type Db, type DbOrTx, prepared, type Tx } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { events, type AudienceType } from '#db/schema/system.ts'

export type Audience =
  | { type: 'company' }
  | { type: 'admins' }
  | { type: 'queue'; id: string }
  /** A ticket without a queue; `id` is its assignee (null: unassigned). */
  | { type: 'queueless'; id: string | null }
  | { type: 'user'; id: string }

export type EventInput = {
  type: string
  companyId: string
  audience: Audience
  payload: Record<string, unknown>
}

export type EventRow = typeof events.$inferSelect

/**
 * Appends an event to the outbox. Call it inside the same transaction as the change it describes;
 * listeners hear of it only after `transaction()` commits. Returns the row's id.
 *
 * `group`: this row is one more audience of the event whose first row has that id (see
 * emitTicketEvent); write such rows right after the first, in the same transaction.
 */
export function emit(tx: DbOrTx, event: EventInput, group?: number): number {
  // Prepared once per connection: every change emits, so this is a hot path.
  const result = prepared(tx, 'events.emit', () =>
    tx
      .insert(events)
      .values({
        companyId: sql.placeholder('companyId'),
        type: sql.placeholder('type'),
        audienceType: sql.placeholder('audienceType'),
        audienceId: sql.placeholder('audienceId'),
        groupId: sql.placeholder('groupId'),
        payload: sql.placeholder('payload'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare(),
  ).run({
    companyId: event.companyId,
    type: event.type,
    audienceType: event.audience.type,
    audienceId: 'id' in event.audience ? event.audience.id : null,
    groupId: group ?? null,
    payload: event.payload,
    createdAt: Date.now(),
  })
  return Number(result.lastInsertRowid)
}

/**
 * What makes two rows one event: the rows of one emitTicketEvent share it, two changes never do
 * (even with the same type and payload).
 */
export function eventKey(row: Pick<EventRow, 'id' | 'groupId'>) {
  return row.groupId ?? row.id
}

/** One row by id (null: pruned, or never written). */
export function readEvent(db: DbOrTx, id: number) {
  return db.select().from(events).where(eq(events.id, id)).get() ?? null
}

/**
 * Runs `fn` in one SQLite transaction, then wakes the event listeners. IMMEDIATE: the write lock is
 * taken up front, so a transaction that reads before it writes waits (busy_timeout) for another
 * writer instead of failing at once with SQLITE_BUSY when its read has to become a write.
 */
export function transaction<T>(db: Db, fn: (tx: Tx) => T): T {
  const result = db.transaction(fn, { behavior: 'immediate' })
  eventTail(db).wake()
  return result
}

/** Who reads a live stream: the actor, and whether the company hides queueless tickets from them. */
export type Viewer = Pick<Actor, 'userId' | 'companyId' | 'role' | 'queueIds' | 'allTickets'> & {
  hideQueueless?: boolean
}

/**
 * Whether a user may see an event: same company, and the audience includes them. Ticket audiences
 * are answered by canAccessTicket, the one "who may see this ticket".
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
          {
            companyId: event.companyId,
            queueId: event.audienceId,
            userId: null,
          },
          { hideQueueless: viewer.hideQueueless },
        )
      )
    case 'queueless':
      return canAccessTicket(
        viewer,
        { companyId: event.companyId, queueId: null, userId: event.audienceId },
        { hideQueueless: viewer.hideQueueless },
      )
  }
}

/** Events of a company after `afterId`, oldest first (for replay after a reconnect). */
export function readEventsAfter(db: DbOrTx, companyId: string, afterId: number, limit = 1000) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.companyId, companyId), gt(events.id, afterId)))
    .orderBy(asc(events.id))
    .limit(limit)
    .all()
}

export function pruneEvents(db: DbOrTx, olderThanMs: number) {
  return db
    .delete(events)
    .where(lt(events.createdAt, Date.now() - olderThanMs))
    .run().changes
}

/** The id of the oldest row still kept (pruneEvents), or null when there is none. */
export function oldestEventId(db: DbOrTx) {
  return (
    db
      .select({ id: sql<number | null>`min(${events.id})` })
      .from(events)
      .get()?.id ?? null
  )
}

export function lastEventId(db: DbOrTx) {
  return (
    db
      .select({ id: sql<number>`coalesce(max(${events.id}), 0)` })
      .from(events)
      .get()?.id ?? 0
  )
}

type Listener = (event: EventRow) => void

/**
 * Follows the events table and hands every new row, in order, to the listeners (SSE streams,
 * webhook relay, automations). Woken after each commit, and polled as a safety net so rows written
 * by another process (scripts, a primary on LiteFS) are seen too.
 */
export class EventTail {
  private listeners = new Set<Listener>()
  private lastId: number
  private scheduled = false
  private poller: NodeJS.Timeout | undefined

  constructor(private readonly db: Db) {
    this.lastId = lastEventId(db)
  }

  /** The id of the newest row dispatched so far. */
  get lastSeenId() {
    return this.lastId
  }

  subscribe(listener: Listener) {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /** Coalesces many wake-ups in one tick into one read. */
  wake() {
    if (this.scheduled) return
    this.scheduled = true
    queueMicrotask(() => {
      this.scheduled = false
      this.drain()
    })
  }

  /** Reads every row after the last one seen and dispatches it. */
  drain() {
    if (!this.db.$client.open) return
    for (;;) {
      const rows = prepared(this.db, 'events.tail', () =>
        this.db
          .select()
          .from(events)
          .where(gt(events.id, sql.placeholder('after')))
          .orderBy(asc(events.id))
          .limit(500)
          .prepare(),
      ).all({ after: this.lastId })
      for (const row of rows) {
        this.lastId = row.id
        for (const listener of this.listeners) {
          try {
            listener(row)
          } catch (error) {
            logger.error({ err: error, eventId: row.id }, 'event listener failed')
          }
        }
      }
      if (rows.length < 500) return
    }
  }

  startPolling(intervalMs = 1000) {
    this.stopPolling()
    this.poller = setInterval(() => this.wake(), intervalMs)
    this.poller.unref()
  }

  stopPolling() {
    if (this.poller) clearInterval(this.poller)
    this.poller = undefined
  }
}

const tails = remember('event-tails', () => new WeakMap<Db, EventTail>())

/** The one tail of a database (the app's, or a test's). */
export function eventTail(db: Db) {
  let tail = tails.get(db)
  if (!tail) {
    tail = new EventTail(db)
    tails.set(db, tail)
  }
  return tail
}
