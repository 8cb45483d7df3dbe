import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, id, json, timestamp, updatedAt } from './columns.ts'
import { companies } from './companies.ts'

/** Per company key/value settings (value is JSON). */
export const settings = sqliteTable(
  'settings',
  {
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    value: json<unknown>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.key] })],
)

/**
 * Who an event is for. `queueless`: a ticket without a queue, `audience_id` its assignee (null when
 * unassigned) — canAccessTicket decides, with the company's "hide tickets without a queue".
 * `runtime`: a command to the channel manager (ADR 007); no live stream sends it to a browser.
 */
export const AUDIENCES = ['company', 'queue', 'queueless', 'user', 'admins', 'runtime'] as const
export type AudienceType = (typeof AUDIENCES)[number]

/** The outbox: every change others must hear about, in commit order. */
export const events = sqliteTable(
  'events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    audienceType: text({ enum: AUDIENCES }).notNull(),
    audienceId: text(),
    /**
     * One event for several audiences is several rows, written back to back in one transaction
     * (emitTicketEvent); every row after the first holds the first row's id here, so a stream
     * sends the event once to a reader in several of them. Null: the row is an event of its own,
     * or the first of its group. The event's key is `group_id ?? id`.
     */
    groupId: integer(),
    payload: json<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_company_idx').on(t.companyId, t.id),
    index('events_created_idx').on(t.createdAt),
  ],
)

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/** Everything that happens later. */
export const jobs = sqliteTable(
  'jobs',
  {
    id: id(),
    companyId: text().references(() => companies.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    runAt: timestamp().notNull(),
    payload: json<unknown>().notNull(),
    status: text({ enum: JOB_STATUSES }).notNull().default('queued'),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    lastError: text(),
    dedupeKey: text(),
    lockedAt: timestamp(),
    finishedAt: timestamp(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('jobs_due_idx').on(t.status, t.runAt),
    index('jobs_company_idx').on(t.companyId),
    uniqueIndex('jobs_dedupe_active_unique')
      .on(t.dedupeKey)
      .where(sql`dedupe_key is not null and status in ('queued', 'running')`),
  ],
)

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    actorUserId: text(),
    actorName: text(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    details: json<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_company_idx').on(t.companyId, t.createdAt)],
)
