/**
 * The outbox (ADR 003): the domain writes its changes, the events that announce them and the jobs
 * they start in one SQLite transaction. The runtime (app/runtime) tails the events and runs the
 * jobs; it learns of a commit through `onCommit`, which it registers at start-up. The domain never
 * imports app/runtime (ADR 007; eslint.config.js enforces it).
 */
import { remember } from '@epic-web/remember'
import { and, eq, sql } from 'drizzle-orm'
import { type Db, type DbOrTx, prepared, type Tx } from '#app/utils/db.server.ts'
import { newId } from '#app/utils/ids.ts'
import { logger } from '#app/utils/logger.server.ts'
import { events, jobs } from '#db/schema/system.ts'
import { type Audience, type EventMap, type EventType, isEventType } from './events.ts'

export type { Audience, DomainEvent, EventPayload, EventType } from './events.ts'

// ---- events ----

/** One event as `emit` takes it: its type decides its payload (app/domain/events.ts). */
export type EventInput<T extends EventType = EventType> = {
  [K in T]: { type: K; companyId: string; audience: Audience; payload: EventMap[K] }
}[T]

/** A row of the outbox as stored (the payload is the JSON `emit` wrote for its type). */
export type EventRow = typeof events.$inferSelect

/** A row read back with its type narrowed: `switch (row.type)` narrows `row.payload`. */
export type TypedEventRow<T extends EventType = EventType> = {
  [K in T]: Omit<EventRow, 'type' | 'payload'> & { type: K; payload: EventMap[K] }
}[T]

/**
 * Appends an event to the outbox. Call it inside the same transaction as the change it describes;
 * listeners hear of it only after `transaction()` commits. Returns the row's id.
 *
 * `group`: this row is one more audience of the event whose first row has that id (see
 * emitTicketEvent); write such rows right after the first, in the same transaction.
 */
export function emit<T extends EventType>(tx: DbOrTx, event: EventInput<T>, group?: number) {
  return writeEventRow(tx, event, group)
}

/**
 * The untyped writer under `emit`, for tests that need rows of made-up types (the live stream's
 * filters do not care what an event means). Application code uses `emit` (eslint.config.js).
 */
export function writeEventRow(
  tx: DbOrTx,
  event: { type: string; companyId: string; audience: Audience; payload: object },
  group?: number,
): number {
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
 * The stored row as its event: the type is one `emit` accepts, so the payload is that type's.
 * Rows of types no longer emitted (an older version's, kept until pruned) read as null.
 */
export function typedEvent(row: EventRow): TypedEventRow | null {
  return isEventType(row.type) ? (row as TypedEventRow) : null
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

/** The id of the newest event (0 when there is none): where a page's data ends. */
export function lastEventId(db: DbOrTx) {
  return (
    db
      .select({ id: sql<number>`coalesce(max(${events.id}), 0)` })
      .from(events)
      .get()?.id ?? 0
  )
}

// ---- transactions and the after-commit hook ----

/** What a commit tells the runtime: which database, and whether it queued a job due now. */
export type Commit = { db: Db; jobsDue: boolean }
export type CommitListener = (commit: Commit) => void

const commitListeners = remember('outbox-commit-listeners', () => new Map<string, CommitListener>())
/** Set by enqueue when a job is due at once; read (and cleared) after the next commit. */
const pending = remember('outbox-pending', () => ({ jobsDue: false }))

/**
 * Registers what runs after every commit (the runtime: wake the event tail, wake the job runner).
 * Named, so registering again (a module reloaded in development) replaces instead of doubling.
 * Returns the function that removes it.
 */
export function onCommit(name: string, listener: CommitListener) {
  commitListeners.set(name, listener)
  return () => {
    if (commitListeners.get(name) === listener) commitListeners.delete(name)
  }
}

function committed(db: Db) {
  const commit = { db, jobsDue: pending.jobsDue }
  pending.jobsDue = false
  for (const [name, listener] of commitListeners) {
    try {
      listener(commit)
    } catch (error) {
      logger.error({ err: error, listener: name }, 'after-commit listener failed')
    }
  }
}

/**
 * Runs `fn` in one SQLite transaction, then tells the commit listeners. IMMEDIATE: the write lock
 * is taken up front, so a transaction that reads before it writes waits (busy_timeout) for another
 * writer instead of failing at once with SQLITE_BUSY when its read has to become a write.
 * better-sqlite3 transactions are synchronous: nothing else runs in this process meanwhile.
 */
export function transaction<T>(db: Db, fn: (tx: Tx) => T): T {
  let result: T
  try {
    result = db.transaction(fn, { behavior: 'immediate' })
  } catch (error) {
    pending.jobsDue = false
    throw error
  }
  committed(db)
  return result
}

/**
 * Tells the runtime that jobs due now were written outside `transaction()` (a lone `enqueue` on
 * the database): the job runner looks for them at once instead of at its next tick.
 */
export function wakeJobs(db: Db) {
  pending.jobsDue = true
  committed(db)
}

// ---- jobs ----

export type Job = typeof jobs.$inferSelect

/** What a handler may return: `{ rescheduleAt }` puts the same job back in the queue for later. */
export type JobResult = void | { rescheduleAt: number }

export type JobHandler = (payload: any, job: Job) => JobResult | Promise<JobResult>

export type EnqueueInput = {
  kind: string
  payload?: unknown
  /** UTC ms; now when omitted. */
  runAt?: number
  companyId?: string | null
  /** While a job with this key is queued or running, enqueueing another one does nothing. */
  dedupeKey?: string
  maxAttempts?: number
}

/**
 * Adds a job, inside the caller's transaction so it exists exactly when the change does.
 * Returns the job id, or null when a pending job with the same dedupe key already exists.
 * A job due now wakes the job runner when the transaction commits.
 */
export function enqueue(tx: DbOrTx, input: EnqueueInput): string | null {
  const id = newId()
  const now = Date.now()
  const runAt = input.runAt ?? now
  const result = tx
    .insert(jobs)
    .values({
      id,
      kind: input.kind,
      payload: input.payload ?? {},
      runAt,
      companyId: input.companyId ?? null,
      dedupeKey: input.dedupeKey ?? null,
      maxAttempts: input.maxAttempts ?? 5,
    })
    .onConflictDoNothing()
    .run()
  if (result.changes !== 1) return null
  if (runAt <= now) pending.jobsDue = true
  return id
}

/**
 * Deletes the queued (not yet running) job with this dedupe key: a timer made moot. Handlers
 * re-check their conditions anyway, so a job already running is left to find out by itself.
 */
export function cancelJobs(tx: DbOrTx, dedupeKey: string) {
  return tx
    .delete(jobs)
    .where(and(eq(jobs.dedupeKey, dedupeKey), eq(jobs.status, 'queued')))
    .run().changes
}

const handlers = remember('job-handlers', () => new Map<string, JobHandler>())

/**
 * Registers the handler of a job kind (the domain's modules, at start-up). Handlers must be
 * idempotent: a job may run again. The runtime's job runner looks them up (jobHandler).
 */
export function registerJobHandler(kind: string, handler: JobHandler) {
  handlers.set(kind, handler)
}

/** The handler of a job kind, or undefined when none is registered. */
export function jobHandler(kind: string) {
  return handlers.get(kind)
}
