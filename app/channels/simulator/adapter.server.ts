import {
  type ChannelAdapter,
  type ChannelContext,
  type InboundMessage,
  type NumberCheckResult,
  type OutboundMessage,
  type StoredMedia,
} from '#app/channels/types.ts'
import { DeviceContactBook } from '#app/channels/device-contacts.ts'
import { newId } from '#app/utils/ids.ts'
import { canonicalPhone } from '#app/utils/phone.ts'

export type CustomerMessage = {
  /** The message id on the phone; a new one when omitted. */
  externalId?: string
  phone: string
  name?: string
  text?: string
  media?: StoredMedia
  type?: InboundMessage['type']
}

/**
 * A built-in WhatsApp stand-in: customer phones live in the browser (/simulator). Agent replies
 * are "delivered" as soon as they are sent, and "read" when the customer opens the chat — receipts
 * the simulator's domain writes as database rows (app/domain/simulator/receipts.server.ts), never
 * timers held here, so they survive a restart.
 */
export class SimulatorAdapter implements ChannelAdapter {
  private ctx: ChannelContext | null = null
  /** The "phone's" contacts: every customer phone that wrote to this connection. */
  private book: DeviceContactBook | null = null

  async start(ctx: ChannelContext) {
    this.ctx = ctx
    this.book = new DeviceContactBook(ctx.auth, 0)
    ctx.onConnectionUpdate({ status: 'opening' })
    ctx.onConnectionUpdate({ status: 'connected', phone: undefined, profileName: 'Simulador' })
  }

  private context() {
    if (!this.ctx) throw new Error('The simulator connection is not running')
    return this.ctx
  }

  /**
   * Idempotent: the same Balcão message always gets the same id on the "phone". Its delivery
   * receipt is a job written with the send (expectSimulatorDelivery).
   */
  async send(message: OutboundMessage) {
    this.context()
    return { externalId: `SIM-${message.id}` }
  }

  /**
   * A customer writes from their phone. Resolves with the message id once it is stored; the id
   * the client chose (`externalId`, its retry key) or a new one.
   */
  async receive(message: CustomerMessage) {
    const ctx = this.context()
    const externalId = message.externalId ?? `SIMC-${newId().toUpperCase()}`
    this.book?.add(message.phone, message.name)
    await ctx.onInbound({
      externalId,
      peer: { chatId: message.phone, phone: message.phone, name: message.name },
      fromMe: false,
      timestamp: Date.now(),
      type: message.type ?? (message.media ? mediaType(message.media.mimeType) : 'text'),
      text: message.text,
      media: message.media,
    })
    return externalId
  }

  async markRead() {}

  /**
   * The simulator's rule (ADR 013): every valid number is on WhatsApp, with its canonical digits
   * (the 9th digit of a Brazilian mobile included), except numbers whose last four digits are
   * 0000 — a number an integration can use to see `not_on_whatsapp`.
   */
  async checkNumber(phone: string): Promise<NumberCheckResult> {
    this.context()
    return simulatorNumberCheck(phone)
  }

  async listContacts() {
    return this.context() && (this.book?.list() ?? [])
  }

  async stop() {
    this.book?.flush()
    const ctx = this.ctx
    this.ctx = null
    ctx?.onConnectionUpdate({ status: 'closed', reason: 'stopped' })
  }

  async logout() {
    await this.stop()
  }
}

/** The simulator's answer to "is this number on WhatsApp?" (see SimulatorAdapter.checkNumber). */
export function simulatorNumberCheck(phone: string): NumberCheckResult {
  const digits = canonicalPhone(phone)
  if (digits.length < 10 || digits.endsWith('0000'))
    return { exists: false, phone: null, chatId: null }
  return { exists: true, phone: digits, chatId: digits }
}

function mediaType(mime: string): InboundMessage['type'] {
  if (mime.startsWith('image/')) return 'image'
  if (mime.startsWith('video/')) return 'video'
  if (mime.startsWith('audio/')) return mime.includes('ogg') ? 'voice' : 'audio'
  return 'document'
}
