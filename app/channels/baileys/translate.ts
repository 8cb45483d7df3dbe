import {
  type BaileysEventMap,
  getContentType,
  jidDecode,
  jidNormalizedUser,
  normalizeMessageContent,
  proto,
  toNumber,
  type WAMessage,
  type WAMessageKey,
  type WAMessageUpdate,
} from 'baileys'
import {
  type AckStatus,
  type InboundMessage,
  type InboundUpdate,
  type MessageType,
  type Peer,
} from '#app/channels/types.ts'

/**
 * Pure translation from Baileys payloads to the channel contract. No I/O: media download and
 * storage happen in the adapter, which fills `media` afterwards.
 */

export type TranslateOptions = {
  /** Deliver group chats (ChannelContext.groupsEnabled). */
  groupsEnabled: boolean
  /** Used when a payload carries no timestamp (revokes, broken messages). */
  now?: number
}

type Person = Omit<Peer, 'chatId'>

// ---------------------------------------------------------------------------------------------
// JIDs and peers

export type JidKind = 'pn' | 'lid' | 'group' | 'ignored'

/** What a JID addresses. Status, broadcast lists, newsletters, bots and unknown servers are ignored. */
export function jidKind(jid: string | null | undefined): JidKind {
  if (!jid) return 'ignored'
  const decoded = jidDecode(jid)
  switch (decoded?.server) {
    case 's.whatsapp.net':
    case 'c.us':
    case 'hosted':
      return decoded.user ? 'pn' : 'ignored'
    case 'lid':
    case 'hosted.lid':
      return decoded.user ? 'lid' : 'ignored'
    case 'g.us':
      return 'group'
    default:
      // broadcast (status@broadcast and lists), newsletter, bot, call…
      return 'ignored'
  }
}

/** JIDs Baileys should not even decrypt (ShouldIgnoreJid): status, broadcast lists, newsletters. */
export function isIgnoredJid(jid: string): boolean {
  const server = jidDecode(jid)?.server
  return server === 'broadcast' || server === 'newsletter'
}

const userOf = (jid: string) => jidDecode(jid)?.user ?? ''

/** Digits of a phone-number JID, device suffix stripped ("5511…:12@s.whatsapp.net" → "5511…"). */
export function phoneFromJid(jid: string | null | undefined): string | undefined {
  if (jidKind(jid) !== 'pn') return undefined
  const digits = userOf(jid as string).replace(/\D/g, '')
  return digits || undefined
}

/** The user part of a LID JID ("2030…:3@lid" → "2030…"). */
export function lidFromJid(jid: string | null | undefined): string | undefined {
  if (jidKind(jid) !== 'lid') return undefined
  return userOf(jid as string) || undefined
}

/** The canonical JID to address someone by: s.whatsapp.net or lid, no device. */
function normalizedJid(jid: string): string {
  const decoded = jidDecode(jid)
  if (!decoded) return jid
  if (decoded.server === 'hosted') return `${decoded.user}@s.whatsapp.net`
  if (decoded.server === 'hosted.lid') return `${decoded.user}@lid`
  return jidNormalizedUser(jid)
}

type Address = { phone?: string; lid?: string; pnJid?: string; lidJid?: string }

/** A person addressed by a JID and its alternative (PN ↔ LID, either order, either missing). */
function addressOf(jid: string | null | undefined, alt: string | null | undefined): Address {
  const address: Address = {}
  for (const candidate of [jid, alt]) {
    if (!candidate) continue
    const kind = jidKind(candidate)
    if (kind === 'pn' && !address.phone) {
      address.phone = phoneFromJid(candidate)
      address.pnJid = normalizedJid(candidate)
    } else if (kind === 'lid' && !address.lid) {
      address.lid = lidFromJid(candidate)
      address.lidJid = normalizedJid(candidate)
    }
  }
  return address
}

function person(address: Address, name?: string | null): Person {
  const result: Person = {}
  if (address.phone) result.phone = address.phone
  if (address.lid) result.lid = address.lid
  if (name) result.name = name
  return result
}

export type ChatParties = { peer: Peer; author?: Person }

/**
 * Who a message key is about: the chat (`peer`, with `chatId` = the JID to reply to, preferring
 * the phone-number JID) and, in groups, the author. Null for chats Balcão ignores.
 * `pushName` is the sender's name: it names the peer only for messages the peer sent.
 */
export function partiesFromKey(
  key: WAMessageKey,
  opts: TranslateOptions & { pushName?: string | null },
): ChatParties | null {
  const kind = jidKind(key.remoteJid)
  if (kind === 'ignored') return null
  if (kind === 'group') {
    if (!opts.groupsEnabled) return null
    const author = addressOf(key.participant, key.participantAlt)
    return {
      peer: { chatId: key.remoteJid as string, isGroup: true },
      author: person(author, key.fromMe ? undefined : opts.pushName),
    }
  }
  const address = addressOf(key.remoteJid, key.remoteJidAlt)
  const chatId = address.pnJid ?? address.lidJid
  if (!chatId) return null
  const peer: Peer = { chatId, ...person(address, key.fromMe ? undefined : opts.pushName) }
  return { peer }
}

/** A LID ↔ phone pair carried by a key (remoteJid/remoteJidAlt or participant/participantAlt). */
export function identitiesFromKey(
  key: WAMessageKey,
  name?: string | null,
): Array<{ lid: string; phone: string; name?: string }> {
  const found: Array<{ lid: string; phone: string; name?: string }> = []
  const pairs: Array<[string | null | undefined, string | null | undefined, boolean]> = [
    [key.remoteJid, key.remoteJidAlt, jidKind(key.remoteJid) !== 'group'],
    [key.participant, key.participantAlt, true],
  ]
  for (const [jid, alt, isSender] of pairs) {
    const address = addressOf(jid, alt)
    if (address.lid && address.phone) {
      const withName = isSender && !key.fromMe && name ? { name } : {}
      found.push({ lid: address.lid, phone: address.phone, ...withName })
    }
  }
  return found
}

/** A `{lid, pn}` mapping (lid-mapping.update, history lidPnMappings), as JIDs or bare ids. */
export function identityFromMapping(mapping: {
  lid?: string | null
  pn?: string | null
}): { lid: string; phone: string } | null {
  if (!mapping.lid || !mapping.pn) return null
  const lid = mapping.lid.includes('@') ? lidFromJid(mapping.lid) : mapping.lid.split(':')[0]
  const pnJid = mapping.pn.includes('@') ? mapping.pn : `${mapping.pn}@s.whatsapp.net`
  const phone = phoneFromJid(pnJid)
  return lid && phone ? { lid, phone } : null
}

// ---------------------------------------------------------------------------------------------
// Content

/** Seconds (number or Long) → UTC ms; 0/missing → fallback. */
export function secondsToMs(
  value: number | { low: number; high: number; unsigned: boolean } | null | undefined,
  fallback: number,
): number {
  const seconds = value === null || value === undefined ? 0 : toNumber(value as number)
  return seconds > 0 ? seconds * 1000 : fallback
}

function millis(
  value: number | { low: number; high: number; unsigned: boolean } | null | undefined,
  fallback: number,
): number {
  const ms = value === null || value === undefined ? 0 : toNumber(value as number)
  return ms > 0 ? ms : fallback
}

export const MEDIA_TYPES: ReadonlySet<MessageType> = new Set([
  'image',
  'video',
  'audio',
  'voice',
  'document',
  'sticker',
])

/** Content types that are not messages of their own (they update others or carry keys). */
const NOT_MESSAGES = new Set<keyof proto.IMessage>([
  'protocolMessage',
  'reactionMessage',
  'encReactionMessage',
  'pollUpdateMessage',
  'senderKeyDistributionMessage',
  'messageContextInfo',
  'keepInChatMessage',
  'pinInChatMessage',
  'encEventResponseMessage',
  'secretEncryptedMessage',
  'fastRatchetKeySenderKeyDistributionMessage',
  'stickerSyncRmrMessage',
  // Album headers: the pictures arrive as messages of their own.
  'albumMessage',
  // Stands in for a message the phone will resend; the real one comes with the same id.
  'placeholderMessage',
])

type Content = {
  type: MessageType
  text?: string
  location?: InboundMessage['location']
  contactCard?: InboundMessage['contactCard']
}

const nonEmpty = (text: string | null | undefined) => (text ? text : undefined)

function contentOf(content: proto.IMessage): Content | null {
  const kind = getContentType(content)
  if (!kind || NOT_MESSAGES.has(kind)) return null
  switch (kind) {
    case 'conversation':
      return { type: 'text', text: content.conversation ?? '' }
    case 'extendedTextMessage':
      return { type: 'text', text: content.extendedTextMessage?.text ?? '' }
    case 'imageMessage':
      return { type: 'image', text: nonEmpty(content.imageMessage?.caption) }
    case 'videoMessage':
      return { type: 'video', text: nonEmpty(content.videoMessage?.caption) }
    case 'ptvMessage':
      return { type: 'video', text: nonEmpty(content.ptvMessage?.caption) }
    case 'audioMessage':
      return { type: content.audioMessage?.ptt ? 'voice' : 'audio' }
    case 'documentMessage':
      return { type: 'document', text: nonEmpty(content.documentMessage?.caption) }
    case 'stickerMessage':
      return { type: 'sticker' }
    case 'locationMessage':
    case 'liveLocationMessage': {
      const loc = content.locationMessage ?? content.liveLocationMessage
      const named = content.locationMessage
      return {
        type: 'location',
        text: nonEmpty(content.liveLocationMessage?.caption),
        location: {
          latitude: loc?.degreesLatitude ?? 0,
          longitude: loc?.degreesLongitude ?? 0,
          ...(named?.name ? { name: named.name } : {}),
          ...(named?.address ? { address: named.address } : {}),
        },
      }
    }
    case 'contactMessage':
      return {
        type: 'contact',
        contactCard: {
          displayName: content.contactMessage?.displayName ?? '',
          vcard: content.contactMessage?.vcard ?? '',
        },
      }
    case 'contactsArrayMessage': {
      // The contract holds one card: the first one; every name goes in the text (2+ cards).
      const contacts = content.contactsArrayMessage?.contacts ?? []
      const first = contacts[0]
      if (!first) return { type: 'unsupported' }
      return {
        type: 'contact',
        text:
          contacts
            .map((c) => c.displayName ?? '')
            .filter(Boolean)
            .join(', ') || undefined,
        contactCard: { displayName: first.displayName ?? '', vcard: first.vcard ?? '' },
      }
    }
    case 'pollCreationMessage':
    case 'pollCreationMessageV2':
    case 'pollCreationMessageV3':
      return {
        type: 'unsupported',
        text: nonEmpty((content[kind] as proto.Message.IPollCreationMessage | null)?.name),
      }
    default:
      return { type: 'unsupported' }
  }
}

function contextInfoOf(content: proto.IMessage): proto.IContextInfo | undefined {
  const kind = getContentType(content)
  if (!kind) return undefined
  const inner = content[kind]
  if (inner && typeof inner === 'object' && 'contextInfo' in inner) {
    return (inner as { contextInfo?: proto.IContextInfo | null }).contextInfo ?? undefined
  }
  return undefined
}

/** The media part of a message (for download and storage), or null when it has none. */
export function mediaOf(msg: WAMessage): {
  mimeType?: string
  fileName?: string
  size?: number
  durationSeconds?: number
} | null {
  const content = normalizeMessageContent(msg.message)
  if (!content) return null
  const media =
    content.imageMessage ??
    content.videoMessage ??
    content.ptvMessage ??
    content.audioMessage ??
    content.documentMessage ??
    content.stickerMessage
  if (!media) return null
  const result: { mimeType?: string; fileName?: string; size?: number; durationSeconds?: number } =
    {}
  if (media.mimetype) result.mimeType = media.mimetype
  if ('fileName' in media && media.fileName) result.fileName = media.fileName
  if (media.fileLength !== null && media.fileLength !== undefined)
    result.size = toNumber(media.fileLength as number)
  if ('seconds' in media && media.seconds) result.durationSeconds = media.seconds
  return result
}

/**
 * A received (or own-phone) message as an InboundMessage, without media (the adapter downloads
 * it). Null for what is not a message of its own (reactions, revokes, edits, stubs, key
 * distribution) and for chats Balcão ignores (status, broadcasts, newsletters, disabled groups).
 */
export function toInbound(msg: WAMessage, opts: TranslateOptions): InboundMessage | null {
  if (!msg.key?.id || !msg.message) return null
  const parties = partiesFromKey(msg.key, { ...opts, pushName: msg.pushName })
  if (!parties) return null
  const content = normalizeMessageContent(msg.message)
  if (!content) return null
  const translated = contentOf(content)
  if (!translated) return null

  const inbound: InboundMessage = {
    externalId: msg.key.id,
    peer: parties.peer,
    fromMe: Boolean(msg.key.fromMe),
    timestamp: secondsToMs(msg.messageTimestamp, opts.now ?? Date.now()),
    type: translated.type,
  }
  if (parties.author) inbound.author = parties.author
  if (translated.text !== undefined) inbound.text = translated.text
  if (translated.location) inbound.location = translated.location
  if (translated.contactCard) inbound.contactCard = translated.contactCard
  const quoted = contextInfoOf(content)?.stanzaId
  if (quoted) inbound.quotedExternalId = quoted
  return inbound
}

// ---------------------------------------------------------------------------------------------
// Updates

const ACKS: Readonly<Record<number, AckStatus>> = {
  [proto.WebMessageInfo.Status.SERVER_ACK]: 'sent',
  [proto.WebMessageInfo.Status.DELIVERY_ACK]: 'delivered',
  [proto.WebMessageInfo.Status.READ]: 'read',
  [proto.WebMessageInfo.Status.PLAYED]: 'played',
}

/** The text of an edited message (new text, or new caption of a media message). */
function editedText(message: proto.IMessage | null | undefined): string | undefined {
  let content = normalizeMessageContent(message)
  // A raw MESSAGE_EDIT protocol message carries the new content one level down.
  if (content?.protocolMessage?.editedMessage)
    content = normalizeMessageContent(content.protocolMessage.editedMessage)
  if (!content) return undefined
  return (
    content.conversation ??
    content.extendedTextMessage?.text ??
    content.imageMessage?.caption ??
    content.videoMessage?.caption ??
    content.documentMessage?.caption ??
    undefined
  )
}

/**
 * `messages.update` → acks (of our own messages: 2 sent, 3 delivered, 4 read, 5 played), edits
 * and revokes. Other updates (polls, stubs, our own read state) are dropped.
 */
export function toUpdates(updates: WAMessageUpdate[], opts: TranslateOptions): InboundUpdate[] {
  const now = opts.now ?? Date.now()
  const result: InboundUpdate[] = []
  for (const { key, update } of updates) {
    if (!key?.id) continue
    if (!partiesFromKey(key, opts)) continue
    const externalId = key.id

    if (update.messageStubType === proto.WebMessageInfo.StubType.REVOKE) {
      result.push({
        kind: 'revoke',
        externalId,
        timestamp: secondsToMs(update.messageTimestamp, now),
      })
      continue
    }
    const edited = update.message?.editedMessage?.message
    if (edited) {
      const text = editedText(edited)
      if (text !== undefined)
        result.push({
          kind: 'edit',
          externalId,
          text,
          timestamp: secondsToMs(update.messageTimestamp, now),
        })
      continue
    }
    if (typeof update.status === 'number' && key.fromMe) {
      const status = ACKS[update.status]
      if (status) {
        const ack: InboundUpdate = { kind: 'ack', externalId, status }
        if (update.messageTimestamp) ack.timestamp = secondsToMs(update.messageTimestamp, now)
        result.push(ack)
      }
    }
  }
  return result
}

type ReactionEvent = BaileysEventMap['messages.reaction'][number]

function reactionUpdate(
  target: WAMessageKey | proto.IMessageKey | null | undefined,
  reactor: WAMessageKey,
  reaction: proto.IReaction | proto.Message.IReactionMessage,
  opts: TranslateOptions,
): InboundUpdate | null {
  if (!target?.id) return null
  const parties = partiesFromKey(reactor, opts)
  if (!parties) return null
  // In a group the reactor is the author; in a 1:1 chat it is the peer (or us).
  let from: Person = {}
  if (!reactor.fromMe) {
    const { chatId: _chatId, isGroup: _isGroup, ...peer } = parties.peer
    from = parties.author ?? peer
  }
  return {
    kind: 'reaction',
    targetExternalId: target.id,
    emoji: reaction.text ?? '',
    from,
    fromMe: Boolean(reactor.fromMe),
    timestamp: millis(reaction.senderTimestampMs, opts.now ?? Date.now()),
  }
}

/**
 * `messages.reaction` entries: `key` is the reacted-to message, `reaction.key` the reactor's own
 * message key. An empty emoji removes the reaction.
 */
export function reactionsToUpdates(
  reactions: ReactionEvent[],
  opts: TranslateOptions,
): InboundUpdate[] {
  const result: InboundUpdate[] = []
  for (const { key, reaction } of reactions) {
    const reactor = (reaction.key ?? key) as WAMessageKey
    const update = reactionUpdate(key, reactor, reaction, opts)
    if (update) result.push(update)
  }
  return result
}

/** A `reactionMessage` that arrived as an upsert (msg.key is the reactor), else null. */
export function reactionFromMessage(msg: WAMessage, opts: TranslateOptions): InboundUpdate | null {
  const reaction = normalizeMessageContent(msg.message)?.reactionMessage
  if (!reaction) return null
  return reactionUpdate(reaction.key, msg.key, reaction, {
    ...opts,
    now: secondsToMs(msg.messageTimestamp, opts.now ?? Date.now()),
  })
}
