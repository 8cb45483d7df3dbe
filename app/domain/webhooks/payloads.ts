/**
 * What a webhook receives (ADR 014): one JSON body per event,
 * `{ id, type, createdAt, companyId, data }`. `id` is stable per event (`evt_<outbox event key>`):
 * a retry, a resend and a redelivery after a crash carry the same id, so receivers deduplicate by
 * it. `data` has one documented shape per event type (the zod schemas below, which the tests check
 * every mapped body against). Times inside are ISO 8601 strings in UTC.
 *
 * The mapping from the outbox (`webhookEventOf`) is pure: the relay hands it the stored event and,
 * for contact events (whose outbox payload is only an id), the contact as it is when relayed.
 * No server imports: the Integrações page may show these shapes.
 */
import { z } from 'zod'
import type { EventMap, EventType } from '#app/domain/events.ts'
import type { MessageRow, TicketRow } from '#app/domain/tickets/rows.ts'
import { WEBHOOK_EVENTS, type WebhookEvent } from '#db/schema/webhooks.ts'

export { WEBHOOK_EVENTS, type WebhookEvent }

/** The type of the body "Enviar evento de teste" sends (never subscribed to, always delivered). */
export const WEBHOOK_TEST_EVENT = 'webhook.test'

const iso = z.string().datetime()
const isoOrNull = iso.nullable()
const ref = z.object({ id: z.string(), name: z.string() })

export const webhookTicketSchema = z.object({
  id: z.string(),
  status: z.enum(['pending', 'open', 'closed']),
  isGroup: z.boolean(),
  unreadCount: z.number().int(),
  lastMessage: z.string().nullable(),
  lastMessageAt: isoOrNull,
  createdAt: iso,
  contact: z.object({ id: z.string(), name: z.string(), number: z.string().nullable() }),
  connection: ref,
  queue: ref.nullable(),
  user: ref.nullable(),
  tags: z.array(ref),
})
export type WebhookTicket = z.infer<typeof webhookTicketSchema>

export const webhookMessageSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  fromMe: z.boolean(),
  type: z.string(),
  body: z.string().nullable(),
  status: z.string(),
  error: z.string().nullable(),
  timestamp: iso,
  hasMedia: z.boolean(),
  mediaType: z.string().nullable(),
  mediaName: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  quotedMessageId: z.string().nullable(),
  /** The agent who wrote it (null: the customer, the bot, the phone). */
  userName: z.string().nullable(),
  /** Which automation wrote it (bot, schedule…), when one did. */
  automation: z.string().nullable(),
})
export type WebhookMessage = z.infer<typeof webhookMessageSchema>

export const webhookContactSchema = z.object({
  id: z.string(),
  name: z.string(),
  number: z.string().nullable(),
  email: z.string().nullable(),
  isGroup: z.boolean(),
  blocked: z.boolean(),
  extraInfo: z
    .object({
      cpf: z.string().optional(),
      birthDate: z.string().optional(),
      address: z.string().optional(),
      custom: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
    })
    .nullable(),
  createdAt: iso,
  updatedAt: iso,
})
export type WebhookContact = z.infer<typeof webhookContactSchema>

const previousSchema = z
  .object({ status: z.string(), queueId: z.string().nullable(), userId: z.string().nullable() })
  .nullable()

const ticketChangeData = z.object({
  ticket: webhookTicketSchema,
  /** Where the ticket was before (status, queue, agent); null on ticket.created. */
  previous: previousSchema,
})

const messageData = z.object({ message: webhookMessageSchema, ticket: webhookTicketSchema })

/** `data` of each event type a webhook can subscribe to. */
export const WEBHOOK_DATA_SCHEMAS = {
  'ticket.created': ticketChangeData,
  'ticket.accepted': ticketChangeData,
  /** Moved to another queue or agent; `reason: 'returned'` when an agent gave it back to the queue. */
  'ticket.transferred': ticketChangeData.extend({ reason: z.enum(['transferred', 'returned']) }),
  'ticket.closed': ticketChangeData,
  'message.received': messageData,
  'message.sent': messageData,
  /** The message's status changed: delivered, read, played, or failed (with `message.error`). */
  'message.status': messageData,
  'contact.created': z.object({ contact: webhookContactSchema }),
  'contact.updated': z.object({ contact: webhookContactSchema }),
  'rating.received': z.object({
    rating: z.object({
      id: z.string(),
      ticketId: z.string(),
      contactId: z.string(),
      connectionId: z.string().nullable(),
      queueId: z.string().nullable(),
      userId: z.string().nullable(),
      /** The customer's score, 0–10. */
      score: z.number().int(),
    }),
  }),
  'connection.status': z.object({
    connection: z.object({
      id: z.string(),
      /** connected, disconnected or logged_out (the QR code and pairing steps are not sent). */
      status: z.enum(['connected', 'disconnected', 'logged_out']),
      phone: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
  }),
} as const satisfies Record<WebhookEvent, z.ZodTypeAny>

export type WebhookData<T extends WebhookEvent> = z.infer<(typeof WEBHOOK_DATA_SCHEMAS)[T]>

export const webhookTestDataSchema = z.object({
  webhookId: z.string(),
  name: z.string(),
  message: z.string(),
})

/** The envelope every delivery's body is. */
export const webhookBodySchema = z.object({
  id: z.string(),
  type: z.union([z.enum(WEBHOOK_EVENTS), z.literal(WEBHOOK_TEST_EVENT)]),
  createdAt: iso,
  companyId: z.string(),
  data: z.record(z.unknown()),
})
export type WebhookBody = z.infer<typeof webhookBodySchema>

/** One mapped event: its webhook type and data. */
export type MappedWebhookEvent = {
  [K in WebhookEvent]: { type: K; data: WebhookData<K> }
}[WebhookEvent]

/** The stored outbox event, narrowed (see typedEvent in outbox.server.ts). */
export type OutboxEvent = {
  [K in EventType]: { type: K; payload: EventMap[K] }
}[EventType]

const toIso = (ms: number) => new Date(ms).toISOString()
const toIsoOrNull = (ms: number | null | undefined) => (ms == null ? null : toIso(ms))

export function webhookTicket(row: TicketRow): WebhookTicket {
  return {
    id: row.id,
    status: row.status,
    isGroup: row.isGroup,
    unreadCount: row.unreadCount,
    lastMessage: row.lastMessageText ?? null,
    lastMessageAt: toIsoOrNull(row.lastMessageAt),
    createdAt: toIso(row.createdAt),
    contact: { id: row.contactId, name: row.contactName, number: row.contactNumber ?? null },
    connection: { id: row.connectionId, name: row.connectionName },
    queue: row.queueId ? { id: row.queueId, name: row.queueName ?? '' } : null,
    user: row.userId ? { id: row.userId, name: row.userName ?? '' } : null,
    tags: row.tags.map((tag) => ({ id: tag.id, name: tag.name })),
  }
}

export function webhookMessage(ticketId: string, row: MessageRow): WebhookMessage {
  return {
    id: row.id,
    ticketId,
    fromMe: row.fromMe,
    type: row.type,
    body: row.body ?? null,
    status: row.status,
    error: row.error ?? null,
    timestamp: toIso(row.timestamp),
    hasMedia: row.hasMedia,
    mediaType: row.mediaType ?? null,
    mediaName: row.mediaName ?? null,
    latitude: row.latitude ?? null,
    longitude: row.longitude ?? null,
    quotedMessageId: row.quotedId ?? null,
    userName: row.userName ?? null,
    automation: row.automation ?? null,
  }
}

/** The contact columns the relay reads for contact events. */
export type ContactRecord = {
  id: string
  name: string
  number: string | null
  email: string | null
  isGroup: boolean
  blocked: boolean
  extraInfo: WebhookContact['extraInfo']
  createdAt: number
  updatedAt: number
}

export function webhookContact(row: ContactRecord): WebhookContact {
  return {
    id: row.id,
    name: row.name,
    number: row.number,
    email: row.email,
    isGroup: row.isGroup,
    blocked: row.blocked,
    extraInfo: row.extraInfo ?? null,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  }
}

/** What the mapping needs besides the event: the contact as it is now (null: deleted). */
export type MappingContext = { contact(contactId: string): ContactRecord | null }

/** Which outbox types may become a webhook event (the relay reads nothing else). */
export const MAPPED_OUTBOX_TYPES = [
  'ticket.created',
  'ticket.updated',
  'message.created',
  'message.updated',
  'contact.created',
  'contact.updated',
  'rating.received',
  'connection.status',
] as const satisfies readonly EventType[]

/**
 * The webhook event an outbox event is, or null when it is none (an internal event, a private
 * note, a ticket change with no webhook type, a QR code refresh…). One outbox event is at most one
 * webhook event, so `evt_<event key>` names it.
 */
export function webhookEventOf(
  event: OutboxEvent,
  context: MappingContext,
): MappedWebhookEvent | null {
  switch (event.type) {
    case 'ticket.created': {
      const p = event.payload
      return {
        type: 'ticket.created',
        data: { ticket: webhookTicket(p.ticket), previous: null },
      }
    }
    case 'ticket.updated': {
      const p = event.payload
      if ('deleted' in p || !p.change) return null
      const data = { ticket: webhookTicket(p.ticket), previous: p.previous }
      switch (p.change) {
        case 'accepted':
          return { type: 'ticket.accepted', data }
        case 'transferred':
        case 'returned':
          return { type: 'ticket.transferred', data: { ...data, reason: p.change } }
        case 'closed':
          return { type: 'ticket.closed', data }
        case 'reopened':
          return null
      }
      return null
    }
    case 'message.created': {
      const p = event.payload
      if (p.private || p.message.isPrivate) return null
      const data = {
        message: webhookMessage(p.ticketId, p.message),
        ticket: webhookTicket(p.ticket),
      }
      if (!p.fromMe) return { type: 'message.received', data }
      // A send waiting in its queue becomes message.sent when the channel takes it.
      if (p.message.status === 'queued' || p.message.status === 'sending') return null
      return { type: 'message.sent', data }
    }
    case 'message.updated': {
      const p = event.payload
      if (p.message.isPrivate) return null
      const data = {
        message: webhookMessage(p.ticketId, p.message),
        ticket: webhookTicket(p.ticket),
      }
      if (p.kind === 'send')
        return p.status === 'sent'
          ? { type: 'message.sent', data }
          : p.status === 'failed'
            ? { type: 'message.status', data }
            : null
      if (p.kind === 'ack') return { type: 'message.status', data }
      return null
    }
    case 'contact.created':
    case 'contact.updated': {
      const contact = context.contact(event.payload.contactId)
      if (!contact) return null
      return { type: event.type, data: { contact: webhookContact(contact) } }
    }
    case 'rating.received': {
      const { ratingId, ...rating } = event.payload
      return { type: 'rating.received', data: { rating: { id: ratingId, ...rating } } }
    }
    case 'connection.status': {
      const p = event.payload
      if (p.status !== 'connected' && p.status !== 'disconnected' && p.status !== 'logged_out')
        return null
      return {
        type: 'connection.status',
        data: {
          connection: {
            id: p.connectionId,
            status: p.status,
            phone: p.phone,
            lastError: p.lastError,
          },
        },
      }
    }
    default:
      return null
  }
}

/** The id of the webhook event an outbox event key is. */
export const webhookEventId = (eventKey: number) => `evt_${eventKey}`

/** The JSON text a delivery sends (frozen when relayed: a retry sends the same bytes). */
export function webhookBody(input: {
  id: string
  type: WebhookEvent | typeof WEBHOOK_TEST_EVENT
  createdAt: number
  companyId: string
  data: object
}) {
  return JSON.stringify({
    id: input.id,
    type: input.type,
    createdAt: toIso(input.createdAt),
    companyId: input.companyId,
    data: input.data,
  })
}
