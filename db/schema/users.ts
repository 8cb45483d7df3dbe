import { index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { bool, createdAt, id, timestamp, updatedAt } from './columns.ts'
import { companies } from './companies.ts'
import { queues } from './queues.ts'

export const ROLES = ['admin', 'supervisor', 'agent'] as const
export type Role = (typeof ROLES)[number]
export const THEMES = ['light', 'dark'] as const
export type Theme = (typeof THEMES)[number]
export const LANGUAGES = ['pt-BR', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export const users = sqliteTable(
  'users',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    role: text({ enum: ROLES }).notNull().default('agent'),
    isSuperAdmin: bool().notNull().default(false),
    /** Supervisors and admins may be limited to their queues or see every ticket. */
    allTickets: bool().notNull().default(false),
    avatarFile: text(),
    /** Connection used by default when this user starts a conversation (connections arrive later). */
    defaultConnectionId: text(),
    /** Work hours as HH:MM in the company time zone; both null = no limit. */
    workStart: text(),
    workEnd: text(),
    farewellMessage: text(),
    theme: text({ enum: THEMES }).notNull().default('light'),
    language: text({ enum: LANGUAGES }).notNull().default('pt-BR'),
    signature: bool().notNull().default(true),
    /** Set when an admin deactivates the user: no login, sessions ended. */
    disabledAt: timestamp(),
    lastSeenAt: timestamp(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('users_company_idx').on(t.companyId, t.name),
    uniqueIndex('users_company_email_unique').on(t.companyId, t.email),
    index('users_email_idx').on(t.email),
  ],
)

export const sessions = sqliteTable(
  'sessions',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp().notNull(),
    userAgent: text(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_company_idx').on(t.companyId)],
)

export const userQueues = sqliteTable(
  'user_queues',
  {
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    queueId: text()
      .notNull()
      .references(() => queues.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.queueId] }),
    index('user_queues_company_idx').on(t.companyId),
    index('user_queues_queue_idx').on(t.queueId),
  ],
)
