/**
 * The contract between WhatsApp-like channels and Balcão. Adapters translate their wire format to
 * these channel-neutral values and back; they never touch tickets, contacts or the database
 * (except the auth store they are handed).
 */
import { ACK_STATUSES, CHANNELS, CONNECTION_STATUSES, MESSAGE_TYPES } from '#db/schema/values.ts'

export { ACK_STATUSES, CHANNELS, CONNECTION_STATUSES, MESSAGE_TYPES }

export type Channel = (typeof CHANNELS)[number]

export type MessageType = (typeof MESSAGE_TYPES)[number]

export type AckStatus = (typeof ACK_STATUSES)[number]

/** Media already written to disk by the adapter (under MEDIA_DIR), before it calls onInbound. */
export type StoredMedia = {
  /** Path relative to MEDIA_DIR. */
  path: string
  mimeType: string
  size: number
  fileName?: string
  durationSeconds?: number
}

/** Who a message came from / goes to. At least one of phone or lid is set for people. */
export type Peer = {
  /** The address to reply to on this channel (a JID on WhatsApp, the phone on the simulator). */
  chatId: string
  /** Digits with country code, as the channel gave them (normalised by the spine). */
  phone?: string
  /** WhatsApp's private id (LID), digits before "@lid". */
  lid?: string
  /** The name the person set on their phone (push name). */
  name?: string
  isGroup?: boolean
}

export type InboundMessage = {
  externalId: string
  peer: Peer
  /** In a group: who wrote it. */
  author?: Omit<Peer, 'chatId'>
  /** Sent from the company's own phone (not through Balcão). */
  fromMe: boolean
  /** UTC ms. */
  timestamp: number
  type: MessageType
  text?: string
  media?: StoredMedia
  quotedExternalId?: string
  location?: { latitude: number; longitude: number; name?: string; address?: string }
  contactCard?: { displayName: string; vcard: string }
  /** Imported from the device (history sync): stored, but no automation or notification. */
  history?: boolean
}

/** Changes to messages that already exist, reported by the channel. */
export type InboundUpdate =
  | { kind: 'ack'; externalId: string; status: AckStatus; timestamp?: number }
  | { kind: 'edit'; externalId: string; text: string; timestamp: number }
  | { kind: 'revoke'; externalId: string; timestamp: number }
  | {
      kind: 'reaction'
      targetExternalId: string
      emoji: string
      from: Omit<Peer, 'chatId'>
      fromMe: boolean
      timestamp: number
    }

export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number]

/** Why a channel closed; the channel manager decides what to do (see decideReconnect). */
export type CloseReason =
  | 'logged_out'
  | 'restart_required'
  | 'connection_lost'
  | 'timed_out'
  | 'replaced'
  | 'forbidden'
  | 'bad_session'
  | 'unavailable'
  | 'stopped'
  | 'unknown'

export type ConnectionUpdate =
  | { status: 'opening' }
  | { status: 'qrcode'; qr: string }
  | { status: 'pairing'; pairingCode: string }
  | { status: 'connected'; phone?: string; profileName?: string }
  | { status: 'closed'; reason: CloseReason; error?: string }

/**
 * Persistent key/value state of a channel session (Baileys creds and Signal keys), kept in
 * SQLite. `set` with a null value deletes. Writes of one call are one transaction.
 */
export interface AuthStore {
  readCreds(): string | null
  writeCreds(json: string): void
  readKeys(type: string, ids: string[]): Record<string, string>
  writeKeys(entries: Array<{ type: string; id: string; value: string | null }>): void
  clear(): void
}

export type ChannelLogger = {
  debug(obj: unknown, msg?: string): void
  info(obj: unknown, msg?: string): void
  warn(obj: unknown, msg?: string): void
  error(obj: unknown, msg?: string): void
}

export type ChannelContext = {
  connectionId: string
  companyId: string
  /** Where adapters write downloaded media (absolute); store paths relative to MEDIA_DIR. */
  mediaDir: string
  /** Whether group chats are delivered (off by default). */
  groupsEnabled: boolean
  /** History sync: only messages in this window (UTC ms) are imported; null = none. */
  historyWindow: { from: number; to: number } | null
  auth: AuthStore
  logger: ChannelLogger
  /** A new message. Resolves once it is durably stored (the adapter may then ack the device). */
  onInbound(message: InboundMessage): Promise<void>
  onUpdate(update: InboundUpdate): Promise<void>
  onConnectionUpdate(update: ConnectionUpdate): void
  /** The channel learned that a LID and a phone are the same person. */
  onIdentity?(identity: { lid: string; phone: string; name?: string }): void
  /** Look up a message this connection sent or received (Baileys retries, quoting). */
  findMessage?(externalId: string): Promise<unknown | undefined>
}

export type OutboundMessage = {
  /** Balcão's message id: the idempotency key (a resend after a crash uses it again). */
  id: string
  chatId: string
  type: Exclude<MessageType, 'location' | 'contact' | 'unsupported'>
  text?: string
  /** Absolute path of the file to send. */
  mediaPath?: string
  mimeType?: string
  fileName?: string
  quotedExternalId?: string
}

/** A person in the linked phone's contacts (or its chats), for "Importar do WhatsApp". */
export type DeviceContact = {
  /** Digits with country code, as the channel gave them. */
  phone: string
  name?: string
}

export interface ChannelAdapter {
  start(ctx: ChannelContext): Promise<void>
  send(message: OutboundMessage): Promise<{ externalId: string }>
  stop(): Promise<void>
  /** Unlinks the device and forgets the session. */
  logout(): Promise<void>
  requestPairingCode?(phone: string): Promise<string>
  markRead?(chatId: string, externalIds: string[]): Promise<void>
  sendPresence?(chatId: string, presence: 'composing' | 'recording' | 'paused'): Promise<void>
  /** The contacts the linked phone shared with this session (channels that know them). */
  listContacts?(): Promise<DeviceContact[]>
  /**
   * Whether a number (digits with country code) has a WhatsApp account, and which: the account's
   * digits and the address to write to. Throws when the session cannot ask now.
   */
  checkNumber?(phone: string): Promise<NumberCheckResult>
}

export type NumberCheckResult = { exists: boolean; phone: string | null; chatId: string | null }
