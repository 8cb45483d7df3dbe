import { type AnySQLiteColumn, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, id, updatedAt } from './columns.ts'
import { companies } from './companies.ts'
import { queues } from './queues.ts'
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
