import { sql } from 'drizzle-orm'
import { index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { CHANNELS, CONNECTION_STATUSES } from './values.ts'
import { bool, createdAt, id, json, timestamp, updatedAt } from './columns.ts'
import { companies } from './companies.ts'
import { type BusinessHours, queues } from './queues.ts'

/** A WhatsApp number (or simulator) of a company. */
export const connections = sqliteTable(
  'connections',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    channel: text({ enum: CHANNELS }).notNull(),
    status: text({ enum: CONNECTION_STATUSES }).notNull().default('disconnected'),
    /** The linked phone number (digits), once connected. */
    phone: text(),
    /** The name of the linked WhatsApp profile. */
    profileName: text(),
    /** Current QR code payload while waiting for a scan (rotates). */
    qrCode: text(),
    pairingCode: text(),
    lastError: text(),
    isDefault: bool().notNull().default(false),
    /** New tickets of this connection go to this queue. */
    queueId: text().references(() => queues.id, { onDelete: 'set null' }),
    groupsEnabled: bool().notNull().default(false),
    /** History import window chosen by the admin (UTC ms); applied at the next pairing. */
    importFrom: timestamp(),
    importTo: timestamp(),
    /** sha256 of the API token; the token itself is shown once. */
    tokenHash: text(),
    tokenHint: text(),
    statusChangedAt: timestamp(),
    /** Greeting, hours, vacation, inactivity, completion, rating, routing and bot options. */
    automations: json<ConnectionAutomations>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('connections_company_idx').on(t.companyId),
    uniqueIndex('connections_default_unique')
      .on(t.companyId)
      .where(sql`is_default = 1`),
    uniqueIndex('connections_token_unique').on(t.tokenHash),
  ],
)

/**
 * The connection's automatic messages and routing rules (edit form, tabbed). Every field is
 * optional: a missing one means "off". Validated by zod in app/domain/bot.
 */
export type ConnectionAutomations = {
  greeting?: string
  /** Sent instead of the greeting on a contact's very first ticket (welcome flow). */
  welcomeMessage?: string
  outOfHoursMessage?: string
  businessHours?: BusinessHours
  vacation?: { start?: number; end?: number; message?: string }
  inactivity?: {
    warnAfterMinutes?: number
    warningMessage?: string
    closeAfterMinutes?: number
    closingMessage?: string
    onlyWhenLastIsOurs?: boolean
  }
  completionMessage?: string
  rating?: {
    enabled?: boolean
    question?: string
    retryMessage?: string
    thanksMessage?: string
    maxPerPeriod?: number
    periodDays?: number
    timeoutMinutes?: number
  }
  routing?: {
    redirectAfterMinutes?: number
    redirectQueueId?: string
    reopenWindowMinutes?: number
  }
  chatbot?: {
    enabled?: boolean
    maxMenuSends?: number
    cooldownSeconds?: number
    /** A customer answer faster than this after the bot's message stops the bot (another bot). */
    humanMinIntervalMs?: number
    /** Sent (with the menu again) when the answer is not one of the options. */
    invalidOptionMessage?: string
  }
}

/** Baileys credentials of a connection (BufferJSON text). */
export const channelAuthCreds = sqliteTable(
  'channel_auth_creds',
  {
    connectionId: text()
      .primaryKey()
      .references(() => connections.id, { onDelete: 'cascade' }),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    creds: text().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [index('channel_auth_creds_company_idx').on(t.companyId)],
)

/** Baileys Signal keys of a connection, one row per (type, id). */
export const channelAuthKeys = sqliteTable(
  'channel_auth_keys',
  {
    connectionId: text()
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    keyId: text().notNull(),
    value: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.type, t.keyId] }),
    index('channel_auth_keys_company_idx').on(t.companyId),
  ],
)
