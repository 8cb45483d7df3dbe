import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import NodeCache from '@cacheable/node-cache'
import makeWASocket, {
  type AnyMessageContent,
  type AuthenticationCreds,
  type BaileysEventMap,
  Browsers,
  type CacheStore,
  type Contact,
  downloadMediaMessage,
  makeCacheableSignalKeyStore,
  proto,
  type SocketConfig,
  type UserFacingSocketConfig,
  type WABrowserDescription,
  type WAMessage,
  type WAMessageKey,
  type WASocket,
  type WAVersion,
} from 'baileys'
import { DeviceContactBook } from '#app/channels/device-contacts.ts'
import { toVoiceNote as defaultToVoiceNote } from '#app/channels/audio.server.ts'
import { DEFAULT_MAX_MEDIA_BYTES, storeMedia } from '#app/channels/media.server.ts'
import {
  type ChannelAdapter,
  type ChannelContext,
  type InboundMessage,
  type InboundUpdate,
  type NumberCheckResult,
  type OutboundMessage,
  type StoredMedia,
} from '#app/channels/types.ts'
import { createSqliteAuthState, type SqliteAuthState } from './auth-state.server.ts'
import { closeReasonFromStatusCode, statusCodeOf } from './disconnect.ts'
import { toBaileysLogger } from './logger.ts'
import {
  identitiesFromKey,
  identityFromMapping,
  isIgnoredJid,
  MEDIA_TYPES,
  mediaOf,
  partiesFromKey,
  phoneFromJid,
  reactionFromMessage,
  reactionsToUpdates,
  toInbound,
  toUpdates,
  type TranslateOptions,
} from './translate.ts'

type ILogger = SocketConfig['logger']

/** The part of a Baileys socket the adapter uses (a fake implements just this in tests). */
export type BaileysSocket = Pick<
  WASocket,
  | 'ev'
  | 'sendMessage'
  | 'readMessages'
  | 'sendPresenceUpdate'
  | 'requestPairingCode'
  | 'logout'
  | 'end'
  | 'updateMediaMessage'
> & {
  authState: { creds: AuthenticationCreds }
  user?: Contact | undefined
  /** Optional so test fakes need not have it (checkNumber says it cannot ask). */
  onWhatsApp?: WASocket['onWhatsApp']
}

export type DownloadMedia = (
  msg: WAMessage,
  sock: BaileysSocket,
  logger: ILogger,
) => Promise<Uint8Array>

export type BaileysAdapterOptions = {
  /** Builds the socket; defaults to Baileys' makeWASocket (tests inject a fake). */
  makeSocket?: (config: UserFacingSocketConfig) => BaileysSocket
  /** WhatsApp Web version; defaults to the one bundled with Baileys. */
  version?: WAVersion
  /** Defaults to a macOS desktop identity (gets the most history). */
  browser?: WABrowserDescription
  /** Downloads a media message; defaults to Baileys' downloadMediaMessage with re-upload. */
  downloadMedia?: DownloadMedia
  /** Converts a recording to an OGG/Opus voice note; defaults to ffmpeg (audio.server.ts). */
  toVoiceNote?: typeof defaultToVoiceNote
  /** Largest media file downloaded from WhatsApp (default 64 MB). */
  maxMediaBytes?: number
  /**
   * Extra socket settings (proxy `agent`/`fetchAgent`, `connectTimeoutMs`, `waWebSocketUrl`…).
   * The adapter's own settings (auth, logger, history, caches, getMessage) take precedence.
   */
  socketConfig?: Omit<UserFacingSocketConfig, 'auth'>
}

/**
 * The WhatsApp id Balcão uses for an outgoing message: Baileys' own web format ("3EB0" + 18
 * uppercase hex = 22 characters), derived from Balcão's message id so a resend after a crash
 * carries the same id and WhatsApp / the spine see one message.
 */
export function whatsappMessageId(balcaoMessageId: string): string {
  const hash = crypto.createHash('sha256').update(balcaoMessageId).digest('hex')
  return `3EB0${hash.slice(0, 18).toUpperCase()}`
}

const defaultDownloadMedia: DownloadMedia = (msg, sock, logger) =>
  downloadMediaMessage(msg, 'buffer', {}, { logger, reuploadRequest: sock.updateMediaMessage })

/** A JID to send to: JIDs pass through, bare phone numbers become PN JIDs. */
function toJid(chatId: string): string {
  if (chatId.includes('@')) return chatId
  const digits = chatId.replace(/\D/g, '')
  if (!digits) throw new Error(`Invalid WhatsApp chat id "${chatId}"`)
  return `${digits}@s.whatsapp.net`
}

/** A small insertion-ordered LRU. */
class Recent<V> {
  private readonly map = new Map<string, V>()
  constructor(private readonly limit: number) {}
  get(key: string) {
    return this.map.get(key)
  }
  has(key: string) {
    return this.map.has(key)
  }
  set(key: string, value: V) {
    this.map.delete(key)
    this.map.set(key, value)
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as string)
  }
}

type SocketState = 'connecting' | 'qr' | 'open' | 'closed'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

/**
 * What ctx.findMessage returned, as a WAMessage Baileys can quote or resend. Accepts a stored
 * Baileys message (`{key, message}`), a bare proto message (`{message}`), or a channel-neutral
 * record with text (`{text|body, fromMe}`).
 */
export function toStoredWAMessage(
  found: unknown,
  externalId: string,
  chatId: string,
): WAMessage | undefined {
  if (!isRecord(found)) return undefined
  const fromMe = Boolean(found.fromMe ?? (isRecord(found.key) ? found.key.fromMe : false))
  if (isRecord(found.message)) {
    const key = isRecord(found.key)
      ? (found.key as WAMessageKey)
      : { remoteJid: toJid(chatId), fromMe, id: externalId }
    return { key, message: found.message as proto.IMessage }
  }
  const text =
    typeof found.text === 'string'
      ? found.text
      : typeof found.body === 'string'
        ? found.body
        : undefined
  if (text === undefined) return undefined
  return {
    key: { remoteJid: toJid(chatId), fromMe, id: externalId },
    message: { conversation: text },
  }
}

/**
 * WhatsApp through Baileys 7 (WhatsApp Web multi-device). One adapter per connection. start()
 * opens one socket; the channel manager reconnects by calling start() again after a close (the
 * adapter never reconnects by itself). The retry counter cache outlives sockets.
 */
export class BaileysAdapter implements ChannelAdapter {
  private readonly makeSocket: (config: UserFacingSocketConfig) => BaileysSocket
  private readonly downloadMedia: DownloadMedia
  private readonly convertVoice: typeof defaultToVoiceNote
  private readonly maxMediaBytes: number
  /** Retry counts of messages that failed to decrypt; outlives sockets (Baileys' advice). */
  private readonly retryCounterCache = new NodeCache<number>({
    stdTTL: 60 * 60,
    useClones: false,
  }) as CacheStore
  private readonly recentMessages = new Recent<WAMessage>(300)
  private readonly sentIds = new Recent<true>(1000)
  private readonly seenReactions = new Recent<true>(1000)
  private readonly seenIdentities = new Recent<true>(5000)
  /** The phone's contacts as WhatsApp shares them (contacts.upsert / history sync). */
  private book: DeviceContactBook | undefined

  private ctx: ChannelContext | undefined
  private sock: BaileysSocket | undefined
  private auth: SqliteAuthState | undefined
  private logger: ILogger | undefined
  private unsubscribe: (() => void) | undefined
  private state: SocketState = 'closed'
  private pairing = false
  /** Inbound work runs in order, one batch after another. */
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly options: BaileysAdapterOptions = {}) {
    this.makeSocket = options.makeSocket ?? makeWASocket
    this.downloadMedia = options.downloadMedia ?? defaultDownloadMedia
    this.convertVoice = options.toVoiceNote ?? defaultToVoiceNote
    this.maxMediaBytes = options.maxMediaBytes ?? DEFAULT_MAX_MEDIA_BYTES
  }

  /** Current socket state (for the manager's diagnostics). */
  get connectionState(): SocketState {
    return this.state
  }

  async start(ctx: ChannelContext): Promise<void> {
    // A restart replaces the previous socket without reporting it as a close.
    const previous = this.sock
    this.detach()
    if (previous) await this.endQuietly(previous)

    this.ctx = ctx
    this.book = new DeviceContactBook(ctx.auth)
    const logger = toBaileysLogger(ctx.logger, 'warn', { connectionId: ctx.connectionId })
    this.logger = logger
    const auth = createSqliteAuthState(ctx.auth)
    this.auth = auth
    this.state = 'connecting'
    this.pairing = false

    const history = ctx.historyWindow !== null
    const sock = this.makeSocket({
      ...this.options.socketConfig,
      auth: { creds: auth.state.creds, keys: makeCacheableSignalKeyStore(auth.state.keys, logger) },
      logger,
      browser: this.options.browser ?? Browsers.macOS('Desktop'),
      ...(this.options.version ? { version: this.options.version } : {}),
      markOnlineOnConnect: false,
      syncFullHistory: history,
      // Without a window Baileys' default still syncs the bootstrap chunks (LID mappings, names);
      // disabling every chunk breaks LID sessions.
      shouldSyncHistoryMessage: (notification) =>
        history || notification.syncType !== proto.HistorySync.HistorySyncType.FULL,
      shouldIgnoreJid: isIgnoredJid,
      // Our own sends are reported by send(); echoing them as upserts would race the spine.
      emitOwnEvents: false,
      generateHighQualityLinkPreview: false,
      msgRetryCounterCache: this.retryCounterCache,
      getMessage: (key) => this.getMessageContent(key),
    })
    this.sock = sock
    // Baileys emits `connecting` on the next tick: subscribing now catches it.
    this.unsubscribe = sock.ev.process((events) => this.onEvents(sock, ctx, events))
  }

  async send(message: OutboundMessage): Promise<{ externalId: string }> {
    const sock = this.sock
    if (!sock || this.state !== 'open')
      throw new Error('WhatsApp is not connected: the message cannot be sent now')
    const jid = toJid(message.chatId)
    const messageId = whatsappMessageId(message.id)
    const { content, cleanup } = await this.buildContent(message)
    try {
      const quoted = message.quotedExternalId
        ? await this.findWAMessage(message.quotedExternalId, jid)
        : undefined
      this.sentIds.set(messageId, true)
      const sent = await sock.sendMessage(jid, content, {
        messageId,
        ...(quoted ? { quoted } : {}),
      })
      if (sent?.message) this.recentMessages.set(sent.key.id ?? messageId, sent)
      return { externalId: sent?.key.id ?? messageId }
    } finally {
      await cleanup()
    }
  }

  async requestPairingCode(phone: string): Promise<string> {
    const digits = phone.replace(/\D/g, '')
    if (!/^\d{8,15}$/.test(digits))
      throw new Error(
        'Pairing needs the phone number with country code, digits only (8 to 15 digits)',
      )
    const sock = this.sock
    if (!sock || this.state !== 'qr' || sock.authState.creds.registered)
      throw new Error(
        'A pairing code can only be requested while the connection is waiting to be linked (QR code shown)',
      )
    const code = await sock.requestPairingCode(digits)
    this.pairing = true
    this.ctx?.onConnectionUpdate({ status: 'pairing', pairingCode: code })
    return code
  }

  async markRead(chatId: string, externalIds: string[]): Promise<void> {
    const sock = this.sock
    if (!sock || this.state !== 'open' || externalIds.length === 0) return
    const jid = toJid(chatId)
    const keys: WAMessageKey[] = externalIds.map((id) => {
      const known = this.recentMessages.get(id)?.key
      return known && !known.fromMe
        ? {
            remoteJid: known.remoteJid,
            id,
            fromMe: false,
            ...(known.participant ? { participant: known.participant } : {}),
          }
        : { remoteJid: jid, id, fromMe: false }
    })
    await sock.readMessages(keys)
  }

  /**
   * WhatsApp's own answer (onWhatsApp): the account's JID, which for an old Brazilian mobile
   * lacks the 9th digit. The other spelling of a Brazilian mobile is asked when the first has no
   * account. Throws while the session is not open.
   */
  async checkNumber(phone: string): Promise<NumberCheckResult> {
    const sock = this.sock
    if (!sock || this.state !== 'open' || !sock.onWhatsApp)
      throw new Error('The WhatsApp session is not open')
    const digits = phone.replace(/\D/g, '')
    const spellings = [digits]
    if (/^55\d{2}9\d{8}$/.test(digits)) spellings.push(digits.slice(0, 4) + digits.slice(5))
    for (const spelling of spellings) {
      const [found] = (await sock.onWhatsApp(spelling)) ?? []
      if (found?.exists) {
        const account = found.jid.split('@')[0]!.split(':')[0]!
        return { exists: true, phone: account, chatId: found.jid }
      }
    }
    return { exists: false, phone: null, chatId: null }
  }

  async sendPresence(
    chatId: string,
    presence: 'composing' | 'recording' | 'paused',
  ): Promise<void> {
    const sock = this.sock
    // Presence is best effort: nothing to do while offline.
    if (!sock || this.state !== 'open') return
    await sock.sendPresenceUpdate(presence, toJid(chatId))
  }

  async stop(): Promise<void> {
    const sock = this.sock
    this.detach()
    if (sock) {
      await this.endQuietly(sock)
      this.ctx?.onConnectionUpdate({ status: 'closed', reason: 'stopped' })
    }
    await this.idle()
    this.book?.flush()
  }

  /** The contacts the phone shared with this session (for "Importar do WhatsApp"). */
  async listContacts() {
    return this.book?.list() ?? []
  }

  async logout(): Promise<void> {
    const ctx = this.ctx
    if (!ctx) throw new Error('logout() needs the connection context: call start() first')
    const sock = this.sock
    this.detach()
    if (sock) {
      try {
        await sock.logout()
      } catch (error) {
        // Offline or already unlinked: the session is forgotten locally anyway.
        ctx.logger.warn(
          { err: error },
          'WhatsApp logout request failed; clearing the session locally',
        )
      }
      await this.endQuietly(sock)
    }
    this.forgetSession(ctx)
    ctx.onConnectionUpdate({ status: 'closed', reason: 'logged_out' })
    await this.idle()
  }

  /** Resolves when every event received so far has been handed to the context. */
  idle(): Promise<void> {
    return this.queue
  }

  // -------------------------------------------------------------------------------------------

  private detach() {
    this.unsubscribe?.()
    this.unsubscribe = undefined
    this.sock = undefined
    this.state = 'closed'
    this.pairing = false
  }

  private async endQuietly(sock: BaileysSocket) {
    try {
      await sock.end(undefined)
    } catch (error) {
      this.logger?.debug({ err: error }, 'socket end failed')
    }
  }

  private forgetSession(ctx: ChannelContext) {
    if (this.auth) this.auth.clear()
    else ctx.auth.clear()
  }

  private translateOptions(ctx: ChannelContext): TranslateOptions {
    return { groupsEnabled: ctx.groupsEnabled }
  }

  /** Connection and creds are handled at once; messages are queued to keep their order. */
  private onEvents(sock: BaileysSocket, ctx: ChannelContext, events: Partial<BaileysEventMap>) {
    if (sock !== this.sock) return
    // Runs inside Baileys' emitter: a throw here would be an unhandled rejection.
    try {
      if (events['creds.update']) this.auth?.saveCreds()
    } catch (error) {
      ctx.logger.error({ err: error }, 'saving the WhatsApp session failed')
    }
    const connection = events['connection.update']
    try {
      if (connection) this.onConnectionUpdate(sock, ctx, connection)
    } catch (error) {
      ctx.logger.error({ err: error }, 'handling a WhatsApp connection update failed')
    }

    const work = { ...events }
    delete work['creds.update']
    delete work['connection.update']
    if (Object.keys(work).length === 0) return
    this.queue = this.queue
      .then(() => this.processBatch(sock, ctx, work))
      .catch((error: unknown) =>
        ctx.logger.error({ err: error }, 'WhatsApp event processing failed'),
      )
  }

  private onConnectionUpdate(
    sock: BaileysSocket,
    ctx: ChannelContext,
    update: BaileysEventMap['connection.update'],
  ) {
    if (update.connection === 'connecting') {
      this.state = 'connecting'
      ctx.onConnectionUpdate({ status: 'opening' })
    }
    if (update.qr) {
      this.state = 'qr'
      // Once a pairing code is shown, the rotating QR would only hide it.
      if (!this.pairing) ctx.onConnectionUpdate({ status: 'qrcode', qr: update.qr })
    }
    if (update.connection === 'open') {
      this.state = 'open'
      this.pairing = false
      const me = sock.authState.creds.me ?? sock.user
      const phone = phoneFromJid(me?.id)
      ctx.onConnectionUpdate({
        status: 'connected',
        ...(phone ? { phone } : {}),
        ...(me?.name ? { profileName: me.name } : {}),
      })
    }
    if (update.connection === 'close') {
      const error = update.lastDisconnect?.error
      const reason = closeReasonFromStatusCode(statusCodeOf(error))
      this.detach()
      if (reason === 'logged_out') this.forgetSession(ctx)
      ctx.onConnectionUpdate({
        status: 'closed',
        reason,
        ...(error?.message ? { error: error.message } : {}),
      })
    }
  }

  private async processBatch(
    sock: BaileysSocket,
    ctx: ChannelContext,
    events: Partial<BaileysEventMap>,
  ) {
    const opts = this.translateOptions(ctx)

    const mapping = events['lid-mapping.update']
    if (mapping) this.identity(ctx, identityFromMapping(mapping))

    const history = events['messaging-history.set']
    if (history) await this.onHistory(ctx, history, opts)

    const upsert = events['messages.upsert']
    if (upsert) {
      for (const msg of upsert.messages) await this.onMessage(sock, ctx, msg, opts)
    }

    const updates = events['messages.update']
    if (updates) {
      for (const update of toUpdates(updates, opts)) await this.deliverUpdate(ctx, update)
    }

    const reactions = events['messages.reaction']
    if (reactions) {
      for (const { key, reaction } of reactions) {
        const [update] = reactionsToUpdates([{ key, reaction }], opts)
        if (update) await this.deliverReaction(ctx, reaction.key?.id, update)
      }
    }

    for (const contact of [
      ...(events['contacts.upsert'] ?? []),
      ...(events['contacts.update'] ?? []),
    ]) {
      this.contactIdentity(ctx, contact)
      this.learnContact(contact)
    }
  }

  private async onMessage(
    sock: BaileysSocket,
    ctx: ChannelContext,
    msg: WAMessage,
    opts: TranslateOptions,
  ) {
    const id = msg.key?.id
    if (!id) return
    if (msg.key.fromMe && this.sentIds.has(id)) return
    // Ignored chats (status, broadcasts, newsletters, groups when off) teach us nothing either.
    if (!partiesFromKey(msg.key, opts)) return
    for (const identity of identitiesFromKey(msg.key, msg.pushName)) this.identity(ctx, identity)

    const reaction = reactionFromMessage(msg, opts)
    if (reaction) {
      await this.deliverReaction(ctx, id, reaction)
      return
    }
    const inbound = toInbound(msg, opts)
    if (!inbound) return
    if (MEDIA_TYPES.has(inbound.type)) {
      const media = await this.fetchMedia(sock, ctx, msg, inbound)
      if (media) inbound.media = media
    }
    this.recentMessages.set(id, msg)
    await this.deliver(ctx, inbound)
    // Reactions Baileys' event buffer folded into the message they react to.
    for (const reaction of msg.reactions ?? []) {
      const [update] = reactionsToUpdates([{ key: msg.key, reaction }], opts)
      if (update) await this.deliverReaction(ctx, reaction.key?.id, update)
    }
  }

  private async onHistory(
    ctx: ChannelContext,
    history: BaileysEventMap['messaging-history.set'],
    opts: TranslateOptions,
  ) {
    for (const mapping of history.lidPnMappings ?? [])
      this.identity(ctx, identityFromMapping(mapping))
    for (const contact of history.contacts ?? []) {
      this.contactIdentity(ctx, contact)
      this.learnContact(contact)
    }

    const window = ctx.historyWindow
    if (!window) return
    const inbound: InboundMessage[] = []
    for (const msg of history.messages ?? []) {
      const translated = toInbound(msg, opts)
      if (!translated) continue
      if (translated.timestamp < window.from || translated.timestamp > window.to) continue
      for (const identity of identitiesFromKey(msg.key, msg.pushName)) this.identity(ctx, identity)
      inbound.push({ ...translated, history: true })
    }
    // Chunks come newest first; import oldest first so conversations build in order.
    inbound.sort((a, b) => a.timestamp - b.timestamp)
    for (const message of inbound) await this.deliver(ctx, message)
  }

  private async fetchMedia(
    sock: BaileysSocket,
    ctx: ChannelContext,
    msg: WAMessage,
    inbound: InboundMessage,
  ): Promise<StoredMedia | undefined> {
    const info = mediaOf(msg) ?? {}
    const logger = this.logger ?? toBaileysLogger(ctx.logger)
    if (info.size !== undefined && info.size > this.maxMediaBytes) {
      ctx.logger.warn(
        { externalId: inbound.externalId, size: info.size, limit: this.maxMediaBytes },
        'WhatsApp media is larger than the limit; delivered without the file',
      )
      return undefined
    }
    try {
      const bytes = await this.downloadMedia(msg, sock, logger)
      return await storeMedia(ctx.mediaDir, ctx.companyId, bytes, {
        declaredMime: info.mimeType,
        fileName: info.fileName,
        durationSeconds: info.durationSeconds,
        maxBytes: this.maxMediaBytes,
      })
    } catch (error) {
      ctx.logger.warn(
        { err: error, externalId: inbound.externalId, type: inbound.type },
        'WhatsApp media download failed; delivered without the file',
      )
      return undefined
    }
  }

  private async deliver(ctx: ChannelContext, inbound: InboundMessage) {
    try {
      await ctx.onInbound(inbound)
    } catch (error) {
      ctx.logger.error(
        { err: error, externalId: inbound.externalId },
        'storing a WhatsApp message failed',
      )
    }
  }

  private async deliverUpdate(ctx: ChannelContext, update: InboundUpdate) {
    try {
      await ctx.onUpdate(update)
    } catch (error) {
      ctx.logger.error({ err: error, kind: update.kind }, 'applying a WhatsApp update failed')
    }
  }

  /** A reaction arrives twice (the upsert and messages.reaction): deliver it once. */
  private async deliverReaction(
    ctx: ChannelContext,
    reactionMessageId: string | null | undefined,
    update: InboundUpdate,
  ) {
    if (reactionMessageId) {
      if (this.seenReactions.has(reactionMessageId)) return
      this.seenReactions.set(reactionMessageId, true)
    }
    await this.deliverUpdate(ctx, update)
  }

  private identity(
    ctx: ChannelContext,
    identity: { lid: string; phone: string; name?: string } | null,
  ) {
    if (!identity || !ctx.onIdentity) return
    const key = `${identity.lid}:${identity.phone}:${identity.name ?? ''}`
    if (this.seenIdentities.has(key)) return
    this.seenIdentities.set(key, true)
    try {
      ctx.onIdentity(identity)
    } catch (error) {
      ctx.logger.error({ err: error }, 'recording a WhatsApp identity failed')
    }
  }

  /** A person of the phone's address book (phone-number JIDs only; groups and LIDs aside). */
  private learnContact(contact: Partial<Contact>) {
    const phone = phoneFromJid(contact.phoneNumber) ?? phoneFromJid(contact.id)
    if (!phone) return
    this.book?.add(phone, contact.name ?? contact.notify ?? contact.verifiedName)
  }

  private contactIdentity(ctx: ChannelContext, contact: Partial<Contact>) {
    if (!contact.id) return
    const pn =
      contact.phoneNumber ?? (contact.id.endsWith('@s.whatsapp.net') ? contact.id : undefined)
    const lid = contact.lid ?? (contact.id.endsWith('@lid') ? contact.id : undefined)
    const identity = identityFromMapping({ lid, pn })
    if (!identity) return
    const name = contact.notify ?? contact.name ?? undefined
    this.identity(ctx, name ? { ...identity, name } : identity)
  }

  /** Content for Baileys' retry requests: recent messages first, then the spine. */
  private async getMessageContent(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    if (!key.id) return undefined
    const found = await this.findWAMessage(key.id, key.remoteJid ?? '')
    return found?.message ?? undefined
  }

  private async findWAMessage(externalId: string, chatId: string): Promise<WAMessage | undefined> {
    const recent = this.recentMessages.get(externalId)
    if (recent) return recent
    const ctx = this.ctx
    if (!ctx?.findMessage) return undefined
    try {
      return toStoredWAMessage(await ctx.findMessage(externalId), externalId, chatId || '0')
    } catch (error) {
      ctx.logger.warn({ err: error, externalId }, 'looking up a WhatsApp message failed')
      return undefined
    }
  }

  private async buildContent(
    message: OutboundMessage,
  ): Promise<{ content: AnyMessageContent; cleanup: () => Promise<void> }> {
    const none = async () => {}
    const caption = message.text ? { caption: message.text } : {}
    const file = () => {
      if (!message.mediaPath) throw new Error(`A ${message.type} message needs a file (mediaPath)`)
      if (!fs.existsSync(message.mediaPath))
        throw new Error(`The file to send does not exist: ${message.mediaPath}`)
      return { url: message.mediaPath }
    }
    const mimetype = message.mimeType ? { mimetype: message.mimeType } : {}
    switch (message.type) {
      case 'text':
        if (!message.text) throw new Error('A text message needs text')
        return { content: { text: message.text }, cleanup: none }
      case 'image':
        return { content: { image: file(), ...caption, ...mimetype }, cleanup: none }
      case 'video':
        return { content: { video: file(), ...caption, ...mimetype }, cleanup: none }
      case 'sticker':
        return { content: { sticker: file(), ...mimetype }, cleanup: none }
      case 'document': {
        const media = file()
        return {
          content: {
            document: media,
            mimetype: message.mimeType ?? 'application/octet-stream',
            fileName: message.fileName ?? path.basename(message.mediaPath as string),
            ...caption,
          },
          cleanup: none,
        }
      }
      case 'audio':
        return { content: { audio: file(), ptt: false, ...mimetype }, cleanup: none }
      case 'voice': {
        const input = file().url
        const voice = await this.convertVoice(input)
        const seconds =
          voice.durationSeconds !== undefined
            ? { seconds: Math.max(1, Math.round(voice.durationSeconds)) }
            : {}
        return {
          content: { audio: { url: voice.path }, ptt: true, mimetype: voice.mimeType, ...seconds },
          cleanup: async () => {
            await fs.promises.rm(voice.path, { force: true })
          },
        }
      }
      default: {
        const unknown: never = message.type
        throw new Error(`Cannot send a message of type ${String(unknown)} on WhatsApp`)
      }
    }
  }
}
