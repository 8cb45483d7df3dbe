/**
 * The runtime's side of the outbox (ADR 003): follows the events table and hands each new row to
 * the live streams and the channel manager. Writing events is the domain's
 * (#app/domain/outbox.server.ts); its after-commit hook wakes the tail registered here.
 */
import { remember } from '@epic-web/remember'
import { and, asc, eq, getTableColumns, gt, lt, sql } from 'drizzle-orm'
import { type EventRow, lastEventId, onCommit } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, prepared } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { events } from '#db/schema/system.ts'

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

type Listener = (event: EventRow) => void

const { payload: _payload, ...storedColumns } = getTableColumns(events)
/** The tail reads the payload as the JSON text it was stored as (see tailRow). */
const tailColumns = { ...storedColumns, payloadText: sql<string>`${events.payload}`.mapWith(String) }

/** A row as the tail hands it to listeners: the stored JSON text, and `payload` parsed on demand. */
export type TailRow = EventRow & { payloadText: string }

/**
 * Most listeners never read most payloads (an SSE stream sends the stored text as it is; the
 * channel manager looks at a few types), so a row's JSON is parsed only when `payload` is read,
 * once.
 */
function tailRow(raw: Omit<EventRow, 'payload'> & { payloadText: string }): TailRow {
  let parsed: EventRow['payload'] | undefined
  return Object.defineProperty(raw, 'payload', {
    enumerable: true,
    get: () => (parsed ??= JSON.parse(raw.payloadText) as EventRow['payload']),
  }) as TailRow
}

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
          .select(tailColumns)
          .from(events)
          .where(gt(events.id, sql.placeholder('after')))
          .orderBy(asc(events.id))
          .limit(500)
          .prepare(),
      ).all({ after: this.lastId })
      for (const raw of rows) {
        const row = tailRow(raw)
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

// Every commit wakes the tail of its database (if something follows it), so listeners hear a change
// right after it is durable; the poller catches rows other processes wrote.
onCommit('event-tail', ({ db }) => tails.get(db)?.wake())
