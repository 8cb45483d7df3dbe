import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { bool, createdAt, id, json, timestamp, updatedAt } from './columns.ts'
import { companies } from './companies.ts'

/** The events a webhook can subscribe to (their payloads: app/domain/webhooks). */
export const WEBHOOK_EVENTS = [
  'ticket.created',
  'ticket.accepted',
  'ticket.transferred',
  'ticket.closed',
  'message.received',
  'message.sent',
  'message.status',
  'contact.created',
  'contact.updated',
  'rating.received',
  'connection.status',
] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

/** Administração › Integrações › Webhooks: where a company's events are POSTed. */
export const webhooks = sqliteTable(
  'webhooks',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    url: text().notNull(),
    events: json<WebhookEvent[]>().notNull(),
    /** The HMAC key of X-Balcao-Signature. */
    secret: text().notNull(),
    active: bool().notNull().default(true),
    /**
     * The newest outbox event when it was created or last turned on again: only later events are
     * relayed to it, nothing that happened while it was off. Null: events after its creation time.
     */
    relayAfterEventId: integer(),
    /** Since when every attempt has failed (null: the last one succeeded). */
    failingSince: timestamp(),
    /** Set when Balcão turned it off (failing for 24 h); cleared when an admin turns it on. */
    disabledAt: timestamp(),
    disabledReason: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhooks_company_idx').on(t.companyId, t.createdAt)],
)

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/**
 * One event for one webhook: the body is frozen when the event is relayed (a retry sends the same
 * bytes, signed anew). Sent in order per webhook.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    webhookId: text()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    /** The outbox row it came from (null: a test event or a resend). */
    eventId: integer(),
    eventType: text().notNull(),
    body: text().notNull(),
    status: text({ enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp(),
    lastAttemptAt: timestamp(),
    responseStatus: integer(),
    latencyMs: integer(),
    responseExcerpt: text(),
    error: text(),
    createdAt: createdAt(),
    deliveredAt: timestamp(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_unique')
      .on(t.webhookId, t.eventId)
      .where(sql`event_id is not null`),
    index('webhook_deliveries_queue_idx').on(t.webhookId, t.status, t.createdAt),
    index('webhook_deliveries_company_idx').on(t.companyId, t.createdAt),
  ],
)

/**
 * Every HTTP attempt of a delivery. Written before the request goes out (`finishedAt` null) and
 * completed after: an attempt a restart interrupted is found unfinished and never reused.
 */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: id(),
    deliveryId: text()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    startedAt: timestamp().notNull(),
    finishedAt: timestamp(),
    responseStatus: integer(),
    latencyMs: integer(),
    responseExcerpt: text(),
    error: text(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.startedAt)],
)

/** How far a reader of the events table has got, kept across restarts (the webhook relay). */
export const eventCursors = sqliteTable('event_cursors', {
  name: text().primaryKey(),
  lastEventId: integer().notNull(),
  updatedAt: updatedAt(),
})
