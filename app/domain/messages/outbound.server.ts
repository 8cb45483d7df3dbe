import { eq } from 'drizzle-orm'
import { type MessageType } from '#app/channels/types.ts'
import { announceMessage } from '#app/domain/tickets/lifecycle.server.ts'
import { type Tx } from '#app/utils/db.server.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import { messagePreview } from './preview.ts'

/**
 * Writing an outbound message, for people (send.server.ts) and automations (the bot) alike. Apart
 * from send.server.ts so the bot can queue its messages without importing the module that tells
 * the bot an agent took over (an import circle).
 */

export type OutboundContent = {
  text?: string
  /** Media already stored under MEDIA_DIR. */
  media?: {
    path: string
    mimeType: string
    size: number
    fileName?: string
    durationSeconds?: number
  }
  /** Force a type (voice notes); otherwise derived from the media type. */
  type?: Extract<
    MessageType,
    'text' | 'image' | 'video' | 'audio' | 'voice' | 'document' | 'sticker'
  >
  quotedMessageId?: string
}

/**
 * Stores an outbound message as `queued` in the caller's transaction (with its event, which wakes
 * the connection's send queue). Used by sendMessage and by the automations (system, no user).
 */
export function queueOutbound(
  tx: Tx,
  ticket: {
    id: string
    companyId: string
    contactId: string
    connectionId: string
    queueId: string | null
    userId: string | null
  },
  outbound: {
    type: NonNullable<OutboundContent['type']>
    body: string | null
    media?: OutboundContent['media']
    quotedMessageId?: string
    userId: string | null
    /** Which automation sent it; null for a person. */
    automation?: string | null
    timestamp: number
  },
) {
  const message = tx
    .insert(messages)
    .values({
      companyId: ticket.companyId,
      ticketId: ticket.id,
      contactId: ticket.contactId,
      connectionId: ticket.connectionId,
      fromMe: true,
      type: outbound.type,
      body: outbound.body,
      mediaPath: outbound.media?.path ?? null,
      mediaType: outbound.media?.mimeType ?? null,
      mediaName: outbound.media?.fileName ?? null,
      mediaSize: outbound.media?.size ?? null,
      mediaDuration: outbound.media?.durationSeconds ?? null,
      quotedMessageId: outbound.quotedMessageId ?? null,
      status: 'queued',
      userId: outbound.userId,
      automation: outbound.automation ?? null,
      timestamp: outbound.timestamp,
    })
    .returning()
    .get()
  tx.update(tickets)
    .set({
      lastMessageText: messagePreview(outbound.type, outbound.body),
      lastMessageAt: outbound.timestamp,
    })
    .where(eq(tickets.id, ticket.id))
    .run()
  // 'queued' wakes the connection's send queue (the channel manager).
  announceMessage(tx, ticket, message.id, 'message.created', {
    fromMe: true,
    type: outbound.type,
    status: 'queued',
    automation: outbound.automation ?? undefined,
  })
  return message
}
