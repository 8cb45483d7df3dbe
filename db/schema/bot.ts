import {
  type AnySQLiteColumn,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'
import { createdAt, id, updatedAt } from './columns.ts'
import { companies } from './companies.ts'
import { connections } from './connections.ts'
import { queues } from './queues.ts'
import { contacts, tickets } from './tickets.ts'
import { users } from './users.ts'

export const QUEUE_OPTION_TARGETS = ['submenu', 'queue', 'user', 'close', 'message'] as const
export type QueueOptionTarget = (typeof QUEUE_OPTION_TARGETS)[number]

/**
 * A numbered option of a queue's submenu tree: the customer who is in the queue's menu (or a
 * parent option's) types its number, receives its message and goes to its target.
 */
export const queueOptions = sqliteTable(
  'queue_options',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    queueId: text()
      .notNull()
      .references(() => queues.id, { onDelete: 'cascade' }),
    /** Null for the options shown right after the queue's greeting. */
    parentId: text().references((): AnySQLiteColumn => queueOptions.id, { onDelete: 'cascade' }),
    /** Order among siblings; the number shown is position + 1. */
    position: integer().notNull().default(0),
    title: text().notNull(),
    message: text(),
    target: text({ enum: QUEUE_OPTION_TARGETS }).notNull().default('message'),
    targetQueueId: text().references(() => queues.id, { onDelete: 'set null' }),
    targetUserId: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('queue_options_queue_idx').on(t.queueId, t.parentId, t.position)],
)

/** A customer's 0–10 score for a closed ticket (dashboard and reports). */
export const ratings = sqliteTable(
  'ratings',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    ticketId: text()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    contactId: text()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    connectionId: text().references(() => connections.id, { onDelete: 'set null' }),
    queueId: text().references(() => queues.id, { onDelete: 'set null' }),
    /** The agent who handled the ticket. */
    userId: text().references(() => users.id, { onDelete: 'set null' }),
    score: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ratings_ticket_unique').on(t.ticketId),
    index('ratings_company_idx').on(t.companyId, t.createdAt),
    index('ratings_company_user_idx').on(t.companyId, t.userId, t.createdAt),
    index('ratings_contact_idx').on(t.contactId, t.createdAt),
  ],
)
