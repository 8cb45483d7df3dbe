import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, id, json, updatedAt } from './columns.ts'
import { companies } from './companies.ts'

/** One day of a weekly business-hours table: ranges like 08:00–12:00 and 13:00–18:00 (lunch). */
export type BusinessDay = {
  /** 0 = Sunday … 6 = Saturday. */
  day: number
  open: boolean
  ranges: Array<{ start: string; end: string }>
}
/** Weekly business hours in the company's time zone. */
export type BusinessHours = { enabled: boolean; days: BusinessDay[] }

export const QUEUE_TYPES = ['open', 'auto_close'] as const
export type QueueType = (typeof QUEUE_TYPES)[number]

export const queues = sqliteTable(
  'queues',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    color: text().notNull().default('#2563eb'),
    /** Position in the bot menu. */
    order: integer().notNull().default(0),
    /** open: tickets wait for an agent; auto_close: the queue only answers, then closes. */
    type: text({ enum: QUEUE_TYPES }).notNull().default('open'),
    /** auto_close queues: minutes after the greeting/flow before the ticket closes (0 = at once). */
    autoCloseMinutes: integer(),
    /** Sent when a ticket enters the queue (through the menu or routing). */
    greeting: text(),
    greetingMediaPath: text(),
    greetingMediaType: text(),
    greetingMediaName: text(),
    outOfHoursMessage: text(),
    businessHours: json<BusinessHours>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('queues_company_idx').on(t.companyId, t.order)],
)
