import { sql } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { ACK_STATUSES, MESSAGE_TYPES } from './values.ts'
import { bool, createdAt, id, json, timestamp, updatedAt } from './columns.ts'
import { companies } from './companies.ts'
import { connections } from './connections.ts'
import { contacts } from './contacts.ts'
import { queues } from './queues.ts'
import { users } from './users.ts'

export const TICKET_STATUSES = ['pending', 'open', 'closed'] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

export const tickets = sqliteTable(
  'tickets',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    contactId: text()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    connectionId: text()
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    queueId: text().references(() => queues.id, { onDelete: 'set null' }),
    userId: text().references(() => users.id, { onDelete: 'set null' }),
    status: text({ enum: TICKET_STATUSES }).notNull().default('pending'),
    /** Where replies go on the channel (JID / phone). */
    chatId: text().notNull(),
    isGroup: bool().notNull().default(false),
    unreadCount: integer().notNull().default(0),
    lastMessageText: text(),
    lastMessageAt: timestamp(),
    /** Imported from the device, not a live conversation. */
    imported: bool().notNull().default(false),
    /** Notes of the team about this conversation (side panel). */
    observations: text(),
    /** When the customer last wrote (waiting-time badge). */
    lastInboundAt: timestamp(),
    closedAt: timestamp(),
    /** Where the bot is with this ticket (menu path, sends, timers). Null when it never ran. */
    botState: json<TicketBotState>(),
    /** pending: the rating question was sent and the customer's answer is awaited. */
    ratingStatus: text({ enum: ['pending', 'rated', 'expired'] }),
    ratingAskedAt: timestamp(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /**
     * The panel's order: the last message, or the creation for a ticket without one. A virtual
     * column so the lists below can be read off an index (drizzle-kit cannot write an index on the
     * expression itself).
     */
    activityAt: integer().generatedAlwaysAs(sql`coalesce(last_message_at, created_at)`, {
      mode: 'virtual',
    }),
  },
  (t) => [
    // The panel's tabs (listTickets): a page comes off the index, newest activity first, instead
    // of sorting every open or pending ticket of the company; the second serves an agent's own.
    index('tickets_company_status_activity_idx').on(t.companyId, t.status, t.activityAt, t.id),
    index('tickets_company_user_status_activity_idx').on(
      t.companyId,
      t.userId,
      t.status,
      t.activityAt,
      t.id,
    ),
    index('tickets_company_status_queue_idx').on(t.companyId, t.status, t.queueId, t.lastMessageAt),
    index('tickets_company_activity_idx').on(t.companyId, t.lastMessageAt),
    index('tickets_contact_connection_idx').on(t.contactId, t.connectionId, t.status),
    // At most one open-or-pending ticket per contact and connection.
    uniqueIndex('tickets_one_active_unique')
      .on(t.contactId, t.connectionId)
      .where(sql`status in ('pending', 'open')`),
  ],
)

/** The bot's memory for one ticket (validated and extended by app/domain/bot). */
export type TicketBotState = {
  /** Where the customer is in the menu: [] = the connection's queue menu, then option ids. */
  path?: string[]
  /** Which queue's submenu the path is in. */
  queueId?: string
  menuSends?: number
  invalidAnswers?: number
  lastBotAt?: number
  lastInboundAt?: number
  /** The bot handed over (to a person, or stopped for another bot). */
  done?: boolean
  ratingRetries?: number
  [key: string]: unknown
}

export const MESSAGE_STATUSES = [
  'received',
  'queued',
  'sending',
  ...ACK_STATUSES,
  'failed',
] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]

export type Reaction = { emoji: string; fromMe: boolean; from?: string; at: number }

export const messages = sqliteTable(
  'messages',
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
    connectionId: text()
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    /** The channel's id; null until an outgoing message is sent. */
    externalId: text(),
    fromMe: bool().notNull(),
    type: text({ enum: MESSAGE_TYPES }).notNull(),
    body: text(),
    mediaPath: text(),
    mediaType: text(),
    mediaName: text(),
    mediaSize: integer(),
    mediaDuration: real(),
    latitude: real(),
    longitude: real(),
    quotedMessageId: text(),
    status: text({ enum: MESSAGE_STATUSES }).notNull(),
    error: text(),
    /** A private note: kept in the history, shown to the team, never sent. */
    isPrivate: bool().notNull().default(false),
    /** Sending attempts (outbound). */
    attempts: integer().notNull().default(0),
    reactions: json<Reaction[]>(),
    editedAt: timestamp(),
    deletedAt: timestamp(),
    /**
     * Which automation sent it (greeting, menu, out_of_hours, vacation, inactivity_warning,
     * inactivity_close, completion, rating, rating_retry, rating_thanks, schedule, …); null for a
     * person.
     */
    automation: text(),
    /** Who in Balcão sent it (outbound). */
    userId: text().references(() => users.id, { onDelete: 'set null' }),
    /** Author inside a group. */
    authorName: text(),
    /** UTC ms of the message on the channel. */
    timestamp: timestamp().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('messages_ticket_time_idx').on(t.ticketId, t.timestamp),
    index('messages_company_idx').on(t.companyId),
    uniqueIndex('messages_connection_external_unique')
      .on(t.connectionId, t.externalId)
      .where(sql`external_id is not null`),
    index('messages_outbox_idx')
      .on(t.connectionId, t.status, t.createdAt)
      .where(sql`status in ('queued', 'sending')`),
  ],
)

export const TICKET_EVENT_TYPES = [
  'created',
  'accepted',
  'transferred',
  'closed',
  'reopened',
  'returned',
] as const
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number]

/** Every status change of a ticket: who, when, from → to (timeline and reports). */
export const ticketEvents = sqliteTable(
  'ticket_events',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    ticketId: text()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    type: text({ enum: TICKET_EVENT_TYPES }).notNull(),
    /** Who did it; null for the system (customer wrote, automation). */
    userId: text().references(() => users.id, { onDelete: 'set null' }),
    fromStatus: text({ enum: TICKET_STATUSES }),
    toStatus: text({ enum: TICKET_STATUSES }),
    fromUserId: text(),
    toUserId: text(),
    fromQueueId: text(),
    toQueueId: text(),
    note: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ticket_events_ticket_idx').on(t.ticketId, t.createdAt),
    index('ticket_events_company_idx').on(t.companyId, t.createdAt),
  ],
)
