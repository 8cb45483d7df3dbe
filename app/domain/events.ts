/**
 * Every domain event, with its payload: the one list `emit` (outbox.server.ts), the live stream,
 * the channel manager and the browser hooks (`useLiveEvents`) are typed by. An event type that is
 * not here, or a payload of the wrong shape, is a type error wherever it is written or read.
 *
 * No runtime imports and no server-only modules: the browser imports these types (type-only
 * imports below are erased at build time).
 *
 * Adding an event: add a member to `EventMap` (its payload is what every audience row carries),
 * emit it with `emit(tx, { type, companyId, audience, payload })`, subscribe to it by name.
 */
import type {
  ConnectionStatus,
  InboundUpdate,
  MessageType,
  StoredMedia,
} from '#app/channels/types.ts'
import type { ConnectionCommand } from '#app/domain/connections/connection-schema.ts'
import type { MessageRow, TicketPrevious, TicketRow } from '#app/domain/tickets/rows.ts'
import type { ContactImportStatus } from '#db/schema/contact-imports.ts'
import type { DeliveryStatus } from '#db/schema/webhooks.ts'
import type { ScheduleStatus } from '#db/schema/schedules.ts'
import type { AudienceType } from '#db/schema/system.ts'
import type { MessageStatus, TicketStatus } from '#db/schema/tickets.ts'

/** Who may receive an event (ADR 009: ticket audiences are answered by canAccessTicket). */
export type Audience =
  | { type: 'company' }
  | { type: 'admins' }
  | { type: 'queue'; id: string }
  /** A ticket without a queue; `id` is its assignee (null: unassigned). */
  | { type: 'queueless'; id: string | null }
  | { type: 'user'; id: string }
  /** Commands to the channel manager (ADR 007): the runtime hears them, no browser does. */
  | { type: 'runtime' }

// Every audience kind the table stores is one of the union's, and the other way round.
type _AudienceCovers = [AudienceType] extends [Audience['type']]
  ? [Audience['type']] extends [AudienceType]
    ? true
    : never
  : never
const _audienceCovers: _AudienceCovers = true
void _audienceCovers

export type ChatPresence = 'composing' | 'recording' | 'paused'

/** What a simulated customer writes from their phone (the simulator page). */
export type SimulatedCustomerMessage = {
  externalId: string
  phone: string
  name?: string
  text?: string
  media?: StoredMedia
}

export type SessionEndReason = 'logout' | 'work_hours' | 'disabled' | 'deleted' | 'password'

/** Why a ticket changed, when a lifecycle step changed it (webhooks map it to their events). */
export type TicketChangeCause = 'accepted' | 'transferred' | 'returned' | 'closed' | 'reopened'

/** A ticket changed (or was opened): its display row, and where it was before (the counts). */
type TicketChange = {
  ticketId: string
  ticket: TicketRow
  previous: TicketPrevious
  /** Set by the lifecycle functions (app/domain/tickets/lifecycle.server.ts). */
  change?: TicketChangeCause
}

/** The ticket is gone (its contact was deleted): lists drop it. */
type TicketDeleted = {
  ticketId: string
  deleted: true
  previous: TicketPrevious
}

/** A message was written in a ticket: its display row and the ticket's row after it. */
type MessageChange = {
  ticketId: string
  message: MessageRow
  ticket: TicketRow
  /** The channel manager's fields: which connection's send queue to wake. */
  messageId: string
  connectionId: string
}

export type EventMap = {
  // ---- tickets and messages (audience: the ticket's rows, emitTicketEvent) ----
  'ticket.created': TicketChange
  'ticket.updated': TicketChange | TicketDeleted
  'message.created': MessageChange & {
    fromMe: boolean
    /** The message's kind (text, image…). */
    type?: MessageType
    /** 'queued': an outbound message waiting in its connection's send queue. */
    status?: MessageStatus
    private?: boolean
    automation?: string
    /** For notifications: whose ticket it is, and its status. */
    userId?: string | null
    ticketStatus?: TicketStatus
    contactName?: string
  }
  'message.updated': MessageChange & {
    kind: InboundUpdate['kind'] | 'send'
    status: MessageStatus
    error?: string
  }

  /** A customer answered the rating question (audience: admins). */
  'rating.received': {
    ratingId: string
    ticketId: string
    contactId: string
    connectionId: string | null
    queueId: string | null
    userId: string | null
    score: number
  }

  // ---- contacts, tags, kanban (audience: company) ----
  'contact.created': { contactId: string }
  'contact.updated': { contactId: string }
  'contact.deleted': { contactId: string }
  'contact_import.progress': {
    importId: string
    status: ContactImportStatus
    totalRows: number
    processedRows: number
    createdCount: number
    updatedCount: number
    skippedCount: number
    error: string | null
  }
  'contacts.imported': { importId: string }
  'tag.created': { tagId: string }
  'tag.updated': { tagId: string }
  'tag.deleted': { tagId: string }
  'kanban.stages': Record<string, never>
  'kanban.moved': {
    contactId: string
    fromStageId: string
    stageId: string
    rank: string
    /** Cards that had no rank and got one so the moved card could sit between them. */
    placed: Array<{ id: string; rank: string }>
  }

  // ---- schedules, quick replies, queues (audience: company, or the reply's owner) ----
  'schedule.created': { scheduleId: string; status: ScheduleStatus }
  'schedule.updated': { scheduleId: string; status: ScheduleStatus }
  'quick-reply.changed': { quickReplyId: string; deleted?: true }
  'queue.changed': { queueId: string } | { reordered: true }

  // ---- users, sessions, presence, settings ----
  'user.changed': { userId: string; deleted?: true }
  'user.presence': { userId: string; online: boolean; at: number }
  'session.ended': { userId: string; reason: SessionEndReason; sessionIds: string[] }
  'settings.changed': { key: string }

  // ---- connections (audience: admins); the channel manager obeys these (ADR 007) ----
  'connection.created': { connectionId: string }
  'connection.updated': { connectionId: string; restart?: boolean }
  'connection.deleted': { connectionId: string }
  'connection.command': { connectionId: string } & (
    | { command: ConnectionCommand }
    | { command: 'pair'; phone: string }
  )
  'connection.status': {
    connectionId: string
    status: ConnectionStatus
    qrCode: string | null
    pairingCode: string | null
    lastError: string | null
    phone: string | null
  }

  // ---- webhooks (audience: admins): the delivery log updates live ----
  /** A delivery was written, attempted, succeeded or failed for good. */
  'webhook.delivery': {
    webhookId: string
    deliveryId: string
    status: DeliveryStatus
    eventType: string
    attempts: number
    responseStatus: number | null
    nextAttemptAt: number | null
  }
  /** Balcão turned a webhook off: every attempt failed for 24 hours. */
  'webhook.disabled': { webhookId: string; name: string; reason: string; disabledAt: number }

  // ---- commands to the channel manager (audience: runtime). Whichever process holds the
  // connection's session obeys them, so they work when another process wrote them. ----
  /** "typing…" / "recording…" on the customer's phone. */
  'channel.presence': { connectionId: string; chatId: string; presence: ChatPresence }
  /** A simulated customer writes: the running simulator session receives it. */
  'simulator.customer': { connectionId: string; message: SimulatedCustomerMessage }
}

export type EventType = keyof EventMap

export type EventPayload<T extends EventType> = EventMap[T]

/** One event: `{ type, payload }`, narrowed by `type`. */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: { type: K; payload: EventMap[K] }
}[T]

/** Every event type, for code that must list them at run time (tests, docs). */
export const EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'message.created',
  'message.updated',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact_import.progress',
  'contacts.imported',
  'tag.created',
  'tag.updated',
  'tag.deleted',
  'kanban.stages',
  'kanban.moved',
  'schedule.created',
  'schedule.updated',
  'quick-reply.changed',
  'queue.changed',
  'user.changed',
  'user.presence',
  'session.ended',
  'settings.changed',
  'connection.created',
  'connection.updated',
  'connection.deleted',
  'connection.command',
  'connection.status',
  'channel.presence',
  'simulator.customer',
  'rating.received',
  'webhook.delivery',
  'webhook.disabled',
] as const satisfies readonly EventType[]

// EVENT_TYPES lists every key of EventMap.
type _AllListed = [EventType] extends [(typeof EVENT_TYPES)[number]] ? true : never
const _allListed: _AllListed = true
void _allListed

const KNOWN: ReadonlySet<string> = new Set(EVENT_TYPES)

/** Whether a stored row's type is one of today's (rows of older versions stay until pruned). */
export function isEventType(type: string): type is EventType {
  return KNOWN.has(type)
}
