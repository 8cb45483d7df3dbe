import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { bool, createdAt, id, timestamp, updatedAt } from './columns.ts'
import { companies } from './companies.ts'
import { connections } from './connections.ts'
import { contacts } from './contacts.ts'
import { users } from './users.ts'

export const SCHEDULE_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number]

export const SCHEDULE_RECURRENCES = ['none', 'daily', 'weekly', 'monthly'] as const
export type ScheduleRecurrence = (typeof SCHEDULE_RECURRENCES)[number]

/** A message to send to a contact at a set time (Agendamentos). One row per occurrence. */
export const schedules = sqliteTable(
  'schedules',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    contactId: text()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    /** Null once the connection was deleted: the schedule then fails with that reason. */
    connectionId: text().references(() => connections.id, { onDelete: 'set null' }),
    /** Who created it (the message is sent in their name, with their signature rules). */
    userId: text().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull().default(''),
    mediaPath: text(),
    mediaType: text(),
    mediaName: text(),
    mediaSize: integer(),
    /** UTC ms of the send. */
    sendAt: timestamp().notNull(),
    recurrence: text({ enum: SCHEDULE_RECURRENCES }).notNull().default('none'),
    /** Last day a recurring series may send (UTC ms, inclusive). */
    recurrenceEnd: timestamp(),
    /** The first occurrence of a recurring series (itself for the first). */
    seriesId: text(),
    /** Leave the ticket open (assigned to the creator) after sending, or closed. */
    openTicket: bool().notNull().default(false),
    status: text({ enum: SCHEDULE_STATUSES }).notNull().default('pending'),
    /** Why it failed (i18n key or channel error). */
    error: text(),
    attempts: integer().notNull().default(0),
    /** First time the send was tried (the offline retry window counts from here). */
    firstAttemptAt: timestamp(),
    sentAt: timestamp(),
    ticketId: text(),
    messageId: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('schedules_company_send_idx').on(t.companyId, t.sendAt),
    index('schedules_contact_idx').on(t.contactId, t.sendAt),
    index('schedules_status_send_idx').on(t.status, t.sendAt),
    // The send outcome hook finds the schedule of a message on every outbound send.
    index('schedules_message_idx')
      .on(t.messageId)
      .where(sql`message_id is not null`),
  ],
)
