import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { Boom } from '@hapi/boom'
import {
  type AnyMessageContent,
  type BaileysEventMap,
  makeEventBuffer,
  type MiscMessageGenerationOptions,
  proto,
  type UserFacingSocketConfig,
  type WAMessage,
} from 'baileys'
import { eq } from 'drizzle-orm'
import { describe, expect, test, vi } from 'vitest'
import { ffmpegPath } from '#app/channels/audio.server.ts'
import { sqliteAuthStore } from '#app/channels/auth-store.server.ts'
import {
  type ChannelContext,
  type ConnectionUpdate,
  type InboundMessage,
  type InboundUpdate,
} from '#app/channels/types.ts'
import { db } from '#app/utils/db.server.ts'
import { channelAuthCreds, channelAuthKeys, connections } from '#db/schema/connections.ts'
import { createCompany } from '#tests/db-utils.ts'
import { baileysFixture } from '#tests/fixtures/baileys/load.ts'
import { TINY_PNG } from '#tests/fixtures/images.ts'
import {
  BaileysAdapter,
  type BaileysSocket,
  toStoredWAMessage,
  whatsappMessageId,
} from './adapter.server.ts'
import { toBaileysLogger } from './logger.ts'

const mediaDir = process.env.MEDIA_DIR as string
const PDF = Buffer.from(
  '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
)
const T = 1735689600 * 1000

const silent = { debug() {}, info() {}, warn() {}, error() {} }
const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

type FakeSocket = BaileysSocket & {
  config: UserFacingSocketConfig
  sendMessage: ReturnType<
    typeof vi.fn<
      (
        jid: string,
        content: AnyMessageContent,
        options?: MiscMessageGenerationOptions,
      ) => Promise<WAMessage | undefined>
    >
  >
}

/** A Baileys socket without a network: a real event buffer plus stubs. */
function fakeSockets() {
  const sockets: FakeSocket[] = []
  const makeSocket = (config: UserFacingSocketConfig): BaileysSocket => {
    const ev = makeEventBuffer(toBaileysLogger(silent))
    const sock: FakeSocket = {
      config,
      ev,
      authState: { creds: config.auth!.creds },
      user: undefined,
      sendMessage: vi.fn(
        async (
          jid: string,
          _content: AnyMessageContent,
          options?: MiscMessageGenerationOptions,
        ) => ({
          key: { remoteJid: jid, fromMe: true, id: options?.messageId ?? 'RANDOM' },
          message: { conversation: 'sent' },
          status: proto.WebMessageInfo.Status.PENDING,
        }),
      ),
      readMessages: vi.fn(async () => {}),
      sendPresenceUpdate: vi.fn(async () => {}),
      requestPairingCode: vi.fn(async () => 'K7PQ2XZM'),
      logout: vi.fn(async () => {}),
      end: vi.fn(async () => {}),
      updateMediaMessage: vi.fn(async (msg: WAMessage) => msg),
    }
    // Like Baileys: "connecting" on the next tick.
    process.nextTick(() =>
      ev.emit('connection.update', { connection: 'connecting', qr: undefined }),
    )
    sockets.push(sock)
    return sock
  }
  return { sockets, makeSocket, last: () => sockets[sockets.length - 1]! }
}

function recordingContext(overrides: Partial<ChannelContext> = {}) {
  const company = createCompany(db)
  const connection = db
    .insert(connections)
    .values({ companyId: company.id, name: 'WhatsApp Loja', channel: 'whatsapp' })
    .returning()
    .get()
  const inbound: InboundMessage[] = []
  const updates: InboundUpdate[] = []
  const statuses: ConnectionUpdate[] = []
  const identities: Array<{ lid: string; phone: string; name?: string }> = []
  const warnings: Array<{ obj: unknown; msg?: string }> = []
  const errors: Array<{ obj: unknown; msg?: string }> = []
  const ctx: ChannelContext = {
    connectionId: connection.id,
    companyId: company.id,
    mediaDir,
    groupsEnabled: false,
    historyWindow: null,
    auth: sqliteAuthStore(db, connection),
    logger: {
      debug() {},
      info() {},
      warn: (obj, msg) => warnings.push({ obj, msg }),
      error: (obj, msg) => errors.push({ obj, msg }),
    },
    onInbound: async (message) => {
      inbound.push(message)
    },
    onUpdate: async (update) => {
      updates.push(update)
    },
    onConnectionUpdate: (update) => statuses.push(update),
    onIdentity: (identity) => identities.push(identity),
    ...overrides,
  }
  const authRows = () => ({
    creds: db
      .select()
      .from(channelAuthCreds)
      .where(eq(channelAuthCreds.connectionId, connection.id))
      .all().length,
    keys: db
      .select()
      .from(channelAuthKeys)
      .where(eq(channelAuthKeys.connectionId, connection.id))
      .all().length,
  })
  return { ctx, inbound, updates, statuses, identities, warnings, errors, authRows }
}

const downloads: Record<string, Buffer> = {
  image: TINY_PNG,
  document: PDF,
  audio: Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000fake mp3 frame data'),
}

function downloadStub() {
  return vi.fn(async (msg: WAMessage) => {
    const content = msg.message ?? {}
    if (content.videoMessage) throw new Boom('Failed to fetch stream', { statusCode: 410 })
    if (content.imageMessage || content.viewOnceMessageV2) return downloads.image!
    if (content.documentMessage || content.documentWithCaptionMessage) return downloads.document!
    return downloads.audio!
  })
}

async function started(overrides: Partial<ChannelContext> = {}) {
  const fake = fakeSockets()
  const downloadMedia = downloadStub()
  const adapter = new BaileysAdapter({ makeSocket: fake.makeSocket, downloadMedia })
  const recording = recordingContext(overrides)
  await adapter.start(recording.ctx)
  await tick()
  return { adapter, fake, downloadMedia, ...recording, sock: fake.last() }
}

function emit<E extends keyof BaileysEventMap>(
  sock: BaileysSocket,
  event: E,
  data: BaileysEventMap[E],
) {
  sock.ev.emit(event, data)
}

async function open(adapter: BaileysAdapter, sock: BaileysSocket) {
  sock.authState.creds.me = { id: '5511900001111:3@s.whatsapp.net', name: 'Loja Centro' }
  emit(sock, 'connection.update', { connection: 'open' })
  await adapter.idle()
}

describe('lifecycle', () => {
  test('start() builds the socket with the session, history and ignore settings', async () => {
    const { sock, statuses, ctx } = await started()
    const config = sock.config
    expect(statuses).toEqual([{ status: 'opening' }])
    expect(config.markOnlineOnConnect).toBe(false)
    expect(config.syncFullHistory).toBe(false)
    expect(config.emitOwnEvents).toBe(false)
    expect(config.shouldIgnoreJid!('status@broadcast')).toBe(true)
    expect(config.shouldIgnoreJid!('120363144038483540@newsletter')).toBe(true)
    expect(config.shouldIgnoreJid!('5511987654321@s.whatsapp.net')).toBe(false)
    const FULL = proto.HistorySync.HistorySyncType.FULL
    const RECENT = proto.HistorySync.HistorySyncType.RECENT
    // No window: Baileys' default (bootstrap chunks keep LID mappings), no FULL history.
    expect(config.shouldSyncHistoryMessage!({ syncType: FULL })).toBe(false)
    expect(config.shouldSyncHistoryMessage!({ syncType: RECENT })).toBe(true)
    expect(config.logger?.level).toBe('warn')
    expect(config.auth?.creds.registered).toBe(false)
    // The auth keys go to this connection's rows.
    await config.auth!.keys.set({ session: { a: Buffer.from([1]) } })
    expect(await config.auth!.keys.get('session', ['a'])).toEqual({ a: Buffer.from([1]) })
    expect(ctx.auth.readKeys('session', ['a'])).toEqual({
      a: JSON.stringify({ type: 'Buffer', data: 'AQ==' }),
    })
  })

  test('the real Baileys socket accepts the configuration (offline: opening → closed/timed_out)', async () => {
    const { ctx, statuses } = recordingContext()
    const adapter = new BaileysAdapter({ socketConfig: { waWebSocketUrl: 'ws://127.0.0.1:9/ws' } })
    await adapter.start(ctx)
    await vi.waitFor(() => expect(statuses.at(-1)?.status).toBe('closed'), { timeout: 5000 })
    expect(statuses[0]).toEqual({ status: 'opening' })
    expect(statuses.at(-1)).toMatchObject({
      status: 'closed',
      reason: 'timed_out',
      error: expect.stringMatching(/ECONNREFUSED/),
    })
    await adapter.stop()
    // Already closed: stop() reports nothing more.
    expect(statuses.filter((s) => s.status === 'closed')).toHaveLength(1)
  })

  test('with a history window the full history is asked for', async () => {
    const { sock } = await started({ historyWindow: { from: 0, to: Date.now() } })
    expect(sock.config.syncFullHistory).toBe(true)
    expect(
      sock.config.shouldSyncHistoryMessage!({ syncType: proto.HistorySync.HistorySyncType.FULL }),
    ).toBe(true)
  })

  test('QR, pairing code, creds saved, open', async () => {
    const { adapter, sock, statuses, ctx } = await started()
    await expect(adapter.requestPairingCode('5511987654321')).rejects.toThrow(
      /waiting to be linked/,
    )

    emit(sock, 'connection.update', { qr: '2@abc,def,ghi' })
    expect(statuses.at(-1)).toEqual({ status: 'qrcode', qr: '2@abc,def,ghi' })

    await expect(adapter.requestPairingCode('123')).rejects.toThrow(/digits/)
    await expect(adapter.requestPairingCode('+55 (11) 98765-4321')).resolves.toBe('K7PQ2XZM')
    expect(sock.requestPairingCode).toHaveBeenCalledWith('5511987654321')
    expect(statuses.at(-1)).toEqual({ status: 'pairing', pairingCode: 'K7PQ2XZM' })
    // The rotating QR no longer replaces the code on screen.
    emit(sock, 'connection.update', { qr: '2@next' })
    expect(statuses.at(-1)).toEqual({ status: 'pairing', pairingCode: 'K7PQ2XZM' })

    // Pairing succeeded: Baileys updates creds, then the socket opens.
    sock.authState.creds.me = { id: '5511987654321:12@s.whatsapp.net', name: 'Loja Centro' }
    sock.authState.creds.registered = true
    emit(sock, 'creds.update', { me: sock.authState.creds.me, registered: true })
    const saved = JSON.parse(ctx.auth.readCreds()!) as { me: { id: string }; registered: boolean }
    expect(saved.me.id).toBe('5511987654321:12@s.whatsapp.net')
    expect(saved.registered).toBe(true)

    emit(sock, 'connection.update', { connection: 'open' })
    expect(statuses.at(-1)).toEqual({
      status: 'connected',
      phone: '5511987654321',
      profileName: 'Loja Centro',
    })
    expect(adapter.connectionState).toBe('open')
  })

  test('401 → closed/logged_out and the session is deleted', async () => {
    const { adapter, sock, statuses, authRows } = await started()
    await open(adapter, sock)
    emit(sock, 'creds.update', {})
    await sock.config.auth!.keys.set({ session: { a: Buffer.from([1]) } })
    expect(authRows()).toEqual({ creds: 1, keys: 1 })

    emit(sock, 'connection.update', {
      connection: 'close',
      lastDisconnect: {
        error: new Boom('Intentional Logout', { statusCode: 401 }),
        date: new Date(),
      },
    })
    expect(statuses.at(-1)).toEqual({
      status: 'closed',
      reason: 'logged_out',
      error: 'Intentional Logout',
    })
    expect(authRows()).toEqual({ creds: 0, keys: 0 })
    await expect(
      adapter.send({ id: 'm1', chatId: '5511987654321@s.whatsapp.net', type: 'text', text: 'oi' }),
    ).rejects.toThrow(/not connected/)
  })

  test('515 → restart_required, session kept; start() again builds a new socket sharing the retry cache', async () => {
    const { adapter, fake, sock, statuses, authRows, ctx } = await started()
    emit(sock, 'creds.update', {})
    emit(sock, 'connection.update', {
      connection: 'close',
      lastDisconnect: {
        error: new Boom('Stream Errored (restart required)', { statusCode: 515 }),
        date: new Date(),
      },
    })
    expect(statuses.at(-1)).toEqual({
      status: 'closed',
      reason: 'restart_required',
      error: 'Stream Errored (restart required)',
    })
    expect(authRows().creds).toBe(1)

    await adapter.start(ctx)
    await tick()
    expect(fake.sockets).toHaveLength(2)
    expect(fake.sockets[1]!.config.msgRetryCounterCache).toBe(sock.config.msgRetryCounterCache)
    expect(statuses.at(-1)).toEqual({ status: 'opening' })
    // The old socket is gone: its events are not reported any more.
    emit(sock, 'connection.update', { qr: 'stale' })
    expect(statuses.at(-1)).toEqual({ status: 'opening' })
  })

  test('a failing session write is logged, never thrown into Baileys', async () => {
    const { ctx: base } = recordingContext()
    const { sock, errors, statuses } = await started({
      auth: {
        ...base.auth,
        writeCreds: () => {
          throw new Error('SQLITE_FULL')
        },
      },
    })
    expect(() => emit(sock, 'creds.update', {})).not.toThrow()
    await tick()
    expect(errors.map((e) => e.msg)).toEqual(['saving the WhatsApp session failed'])
    emit(sock, 'connection.update', { qr: 'QR' })
    expect(statuses.at(-1)).toEqual({ status: 'qrcode', qr: 'QR' })
  })

  test('start() on a live socket ends it first, silently', async () => {
    const { adapter, fake, sock, statuses, ctx } = await started()
    await open(adapter, sock)
    await adapter.start(ctx)
    await tick()
    expect(sock.end).toHaveBeenCalledWith(undefined)
    expect(fake.sockets).toHaveLength(2)
    expect(statuses.map((s) => s.status)).toEqual(['opening', 'connected', 'opening'])
  })

  test('stop() ends the socket without logging out', async () => {
    const { adapter, sock, statuses, authRows, inbound } = await started()
    await open(adapter, sock)
    emit(sock, 'creds.update', {})
    await adapter.stop()
    expect(sock.end).toHaveBeenCalledWith(undefined)
    expect(sock.logout).not.toHaveBeenCalled()
    expect(statuses.at(-1)).toEqual({ status: 'closed', reason: 'stopped' })
    expect(authRows().creds).toBe(1)
    emit(sock, 'messages.upsert', baileysFixture('text', 'messages.upsert'))
    await adapter.idle()
    expect(inbound).toEqual([])
  })

  test('logout() unlinks and forgets the session, even when the request fails offline', async () => {
    const { adapter, sock, statuses, authRows } = await started()
    await open(adapter, sock)
    emit(sock, 'creds.update', {})
    sock.logout = vi.fn(async () => {
      throw new Boom('Connection Closed', { statusCode: 428 })
    })
    await adapter.logout()
    expect(sock.logout).toHaveBeenCalled()
    expect(authRows()).toEqual({ creds: 0, keys: 0 })
    expect(statuses.at(-1)).toEqual({ status: 'closed', reason: 'logged_out' })
  })
})

describe('inbound', () => {
  test('messages are translated, media downloaded and stored before onInbound', async () => {
    const { adapter, sock, inbound, downloadMedia } = await started()
    for (const name of [
      'text',
      'image',
      'document-with-caption',
      'voice-note',
      'sticker',
      'location',
    ]) {
      emit(sock, 'messages.upsert', baileysFixture(name, 'messages.upsert'))
    }
    await adapter.idle()
    expect(inbound.map((m) => [m.externalId, m.type])).toEqual([
      ['3EB0A1B2C3D4E5F6071829', 'text'],
      ['AC5F9E2B7D3C41A0B8E6F1', 'image'],
      ['3EB0F6A7B8C9D0E1F2A3B4', 'document'],
      ['3EB0C3D4E5F6A7B8C9D0E1', 'voice'],
      ['3EB0A7B8C9D0E1F2A3B4C5', 'sticker'],
      ['3EB0B8C9D0E1F2A3B4C5D6', 'location'],
    ])
    expect(downloadMedia).toHaveBeenCalledTimes(4)
    const [image, document, voice] = inbound.slice(1, 4)
    expect(image!.text).toBe('foto do recibo')
    expect(image!.media).toMatchObject({ mimeType: 'image/png', size: TINY_PNG.length })
    expect(fs.readFileSync(path.join(mediaDir, image!.media!.path))).toEqual(TINY_PNG)
    expect(document!.media).toMatchObject({
      mimeType: 'application/pdf',
      fileName: 'orcamento.xlsx',
    })
    expect(document!.text).toBe('segue o orçamento atualizado')
    // Not sniffable: the declared type stays, with WhatsApp's duration.
    expect(voice!.media).toMatchObject({ mimeType: 'audio/ogg; codecs=opus', durationSeconds: 7 })
    expect(inbound[0]!.media).toBeUndefined()
  })

  test('a failed download still delivers the message (caption, no file) and warns', async () => {
    const { adapter, sock, inbound, warnings } = await started()
    emit(sock, 'messages.upsert', baileysFixture('video', 'messages.upsert'))
    await adapter.idle()
    expect(inbound).toHaveLength(1)
    expect(inbound[0]).toMatchObject({ type: 'video', text: 'olha o barulho do motor' })
    expect(inbound[0]!.media).toBeUndefined()
    expect(warnings.map((w) => w.msg)).toEqual([
      'WhatsApp media download failed; delivered without the file',
    ])
  })

  test('media over the size limit is not downloaded', async () => {
    const fake = fakeSockets()
    const downloadMedia = downloadStub()
    const adapter = new BaileysAdapter({
      makeSocket: fake.makeSocket,
      downloadMedia,
      maxMediaBytes: 10_000,
    })
    const { ctx, inbound, warnings } = recordingContext()
    await adapter.start(ctx)
    emit(fake.last(), 'messages.upsert', baileysFixture('image', 'messages.upsert'))
    await adapter.idle()
    expect(downloadMedia).not.toHaveBeenCalled()
    expect(inbound[0]).toMatchObject({ type: 'image', text: 'foto do recibo' })
    expect(warnings[0]?.msg).toMatch(/larger than the limit/)
  })

  test('append (offline) messages are delivered; stubs, status, newsletters and groups (off) are not', async () => {
    const { adapter, sock, inbound } = await started()
    emit(sock, 'messages.upsert', {
      ...baileysFixture('lid-message', 'messages.upsert'),
      type: 'append',
    })
    for (const name of ['stub', 'status-broadcast', 'newsletter', 'group', 'protocol-revoke']) {
      emit(sock, 'messages.upsert', baileysFixture(name, 'messages.upsert'))
    }
    await adapter.idle()
    expect(inbound.map((m) => m.externalId)).toEqual(['3A7F0E1D2C3B4A596877'])
  })

  test('group messages arrive when groups are enabled', async () => {
    const { adapter, sock, inbound } = await started({ groupsEnabled: true })
    emit(sock, 'messages.upsert', baileysFixture('group', 'messages.upsert'))
    await adapter.idle()
    expect(inbound[0]).toMatchObject({
      peer: { chatId: '120363025746812345@g.us', isGroup: true },
      author: { phone: '5511987654321' },
    })
  })

  test('messages are handed over one at a time, in order', async () => {
    const order: string[] = []
    const { adapter, sock } = await started({
      onInbound: async (message) => {
        order.push(`start ${message.externalId}`)
        await new Promise((resolve) =>
          setTimeout(resolve, message.externalId.startsWith('3EB0A1') ? 30 : 1),
        )
        order.push(`end ${message.externalId}`)
      },
    })
    emit(sock, 'messages.upsert', baileysFixture('text', 'messages.upsert'))
    emit(sock, 'messages.upsert', baileysFixture('lid-message', 'messages.upsert'))
    await adapter.idle()
    expect(order).toEqual([
      'start 3EB0A1B2C3D4E5F6071829',
      'end 3EB0A1B2C3D4E5F6071829',
      'start 3A7F0E1D2C3B4A596877',
      'end 3A7F0E1D2C3B4A596877',
    ])
  })

  test('a failing onInbound is logged and the next message still arrives', async () => {
    const seen: string[] = []
    const { adapter, sock, errors } = await started({
      onInbound: async (message) => {
        if (message.type === 'text' && message.peer.lid === '203040506070809')
          throw new Error('disk full')
        seen.push(message.externalId)
      },
    })
    emit(sock, 'messages.upsert', baileysFixture('text', 'messages.upsert'))
    emit(sock, 'messages.upsert', baileysFixture('lid-message', 'messages.upsert'))
    await adapter.idle()
    expect(seen).toEqual(['3A7F0E1D2C3B4A596877'])
    expect(errors[0]?.msg).toBe('storing a WhatsApp message failed')
  })

  test('updates: acks, edits, revokes; a reaction seen twice is delivered once', async () => {
    const { adapter, sock, updates, inbound } = await started()
    emit(sock, 'messages.update', baileysFixture('ack', 'messages.update'))
    emit(sock, 'messages.update', baileysFixture('edit', 'messages.update'))
    emit(sock, 'messages.update', baileysFixture('revoke', 'messages.update'))
    emit(sock, 'messages.upsert', baileysFixture('reaction-upsert', 'messages.upsert'))
    emit(sock, 'messages.reaction', baileysFixture('reaction', 'messages.reaction'))
    await adapter.idle()
    expect(inbound).toEqual([])
    expect(updates.map((u) => (u.kind === 'ack' ? `ack ${u.status}` : u.kind))).toEqual([
      'ack delivered',
      'ack read',
      'ack sent',
      'ack played',
      'edit',
      'revoke',
      'reaction',
    ])
    expect(updates.at(-1)).toMatchObject({
      targetExternalId: '3EB0AAAABBBBCCCCDDDDEE',
      emoji: '👍',
    })
  })

  test('events buffered by Baileys arrive as one batch: folded reactions and edits are kept', async () => {
    const { adapter, sock, inbound, updates } = await started()
    const [text] = baileysFixture('text', 'messages.upsert').messages
    sock.ev.buffer()
    emit(sock, 'messages.upsert', { type: 'notify', messages: [text!] })
    // A reaction to a message in the same buffer is folded into it (msg.reactions)…
    const [reactionUpsert] = baileysFixture('reaction-upsert', 'messages.upsert').messages
    const reaction = { ...reactionUpsert!.message!.reactionMessage!, key: reactionUpsert!.key }
    emit(sock, 'messages.reaction', [{ key: text!.key, reaction }])
    // …and so is an edit.
    emit(sock, 'messages.update', baileysFixture('edit', 'messages.update'))
    expect(inbound).toEqual([])
    sock.ev.flush()
    await adapter.idle()
    expect(inbound.map((m) => [m.externalId, m.text])).toEqual([
      ['3EB0A1B2C3D4E5F6071829', 'Olá, bom dia! Vocês abrem no sábado?'],
    ])
    expect(updates).toEqual([
      {
        kind: 'reaction',
        targetExternalId: '3EB0A1B2C3D4E5F6071829',
        emoji: '👍',
        from: { phone: '5511987654321', lid: '203040506070809' },
        fromMe: false,
        timestamp: T + 660_123,
      },
    ])
  })

  test('identities from message keys, lid-mapping.update and contacts, each once', async () => {
    const { adapter, sock, identities } = await started()
    // Group members (groups are off) and status posters are not contacts of ours.
    emit(sock, 'messages.upsert', baileysFixture('group', 'messages.upsert'))
    emit(sock, 'messages.upsert', baileysFixture('status-broadcast', 'messages.upsert'))
    emit(sock, 'messages.upsert', baileysFixture('text', 'messages.upsert'))
    emit(sock, 'messages.upsert', baileysFixture('extended-text-quote', 'messages.upsert'))
    emit(sock, 'lid-mapping.update', baileysFixture('lid-mapping-update', 'lid-mapping.update'))
    emit(sock, 'contacts.upsert', [
      { id: '42424242424242@lid', phoneNumber: '5531987651234@s.whatsapp.net', notify: 'Carla' },
    ])
    await adapter.idle()
    expect(identities).toEqual([
      { lid: '203040506070809', phone: '5511987654321', name: 'Maria Souza' },
      { lid: '55566677788899', phone: '5511944443333' },
      { lid: '42424242424242', phone: '5531987651234', name: 'Carla' },
    ])
  })

  test('history: only messages inside the window, oldest first, flagged, without downloads', async () => {
    const window = { from: T - 86_400_000, to: T }
    const { adapter, sock, inbound, identities, downloadMedia } = await started({
      historyWindow: window,
    })
    emit(sock, 'messaging-history.set', baileysFixture('history-set', 'messaging-history.set'))
    await adapter.idle()
    expect(inbound.map((m) => [m.externalId, m.type, m.history, m.fromMe])).toEqual([
      ['3EB0A15700000000000001', 'image', true, false],
      ['3EB0A15700000000000002', 'text', true, true],
      ['3EB0A15700000000000003', 'text', true, false],
    ])
    expect(inbound[0]!.media).toBeUndefined()
    expect(inbound[0]!.text).toBe('comprovante')
    expect(downloadMedia).not.toHaveBeenCalled()
    expect(identities).toEqual(
      expect.arrayContaining([
        { lid: '98765432109876', phone: '5521998877665' },
        { lid: '203040506070809', phone: '5511987654321' },
        { lid: '42424242424242', phone: '5531987651234', name: 'Carla' },
      ]),
    )
  })

  test('without a window, history brings identities but no messages', async () => {
    const { adapter, sock, inbound, identities } = await started()
    emit(sock, 'messaging-history.set', baileysFixture('history-set', 'messaging-history.set'))
    await adapter.idle()
    expect(inbound).toEqual([])
    expect(identities.length).toBeGreaterThanOrEqual(3)
  })
})

describe('outbound', () => {
  test('WhatsApp ids are derived from Balcão ids: same id, same WhatsApp id', () => {
    const id = whatsappMessageId('01jh5c7r0000000000000000aa')
    expect(id).toMatch(/^3EB0[0-9A-F]{18}$/)
    expect(whatsappMessageId('01jh5c7r0000000000000000aa')).toBe(id)
    expect(whatsappMessageId('01jh5c7r0000000000000000ab')).not.toBe(id)
  })

  test('send() before the socket is open throws', async () => {
    const { adapter } = await started()
    await expect(
      adapter.send({ id: 'm1', chatId: '5511987654321@s.whatsapp.net', type: 'text', text: 'oi' }),
    ).rejects.toThrow('WhatsApp is not connected: the message cannot be sent now')
  })

  test('text, image and document contents; a resend reuses the id; quotes come from findMessage', async () => {
    const quoted = {
      key: { remoteJid: '5511987654321@s.whatsapp.net', fromMe: false, id: 'Q1' },
      message: { conversation: 'Podemos marcar?' },
    }
    const findMessage = vi.fn(async (id: string) => (id === 'Q1' ? quoted : undefined))
    const { adapter, sock } = await started({ findMessage })
    await open(adapter, sock)
    const image = path.join(mediaDir, 'out.png')
    fs.writeFileSync(image, TINY_PNG)
    const pdf = path.join(mediaDir, 'boleto.pdf')
    fs.writeFileSync(pdf, PDF)

    const text = {
      id: '01jhtext',
      chatId: '5511987654321@s.whatsapp.net',
      type: 'text' as const,
      text: 'Sim!',
      quotedExternalId: 'Q1',
    }
    const first = await adapter.send(text)
    const again = await adapter.send(text)
    expect(first.externalId).toBe(whatsappMessageId('01jhtext'))
    expect(again.externalId).toBe(first.externalId)
    expect(sock.sendMessage.mock.calls[0]).toEqual([
      '5511987654321@s.whatsapp.net',
      { text: 'Sim!' },
      { messageId: first.externalId, quoted },
    ])
    expect(findMessage).toHaveBeenCalledWith('Q1')

    await adapter.send({
      id: '01jhimg',
      chatId: '5511987654321',
      type: 'image',
      text: 'recibo',
      mediaPath: image,
      mimeType: 'image/png',
    })
    expect(sock.sendMessage.mock.calls[2]).toEqual([
      '5511987654321@s.whatsapp.net',
      { image: { url: image }, caption: 'recibo', mimetype: 'image/png' },
      { messageId: whatsappMessageId('01jhimg') },
    ])

    await adapter.send({
      id: '01jhdoc',
      chatId: '5511987654321@s.whatsapp.net',
      type: 'document',
      mediaPath: pdf,
      mimeType: 'application/pdf',
    })
    expect(sock.sendMessage.mock.calls[3]![1]).toEqual({
      document: { url: pdf },
      mimetype: 'application/pdf',
      fileName: 'boleto.pdf',
    })

    await expect(
      adapter.send({ id: 'x', chatId: '5511987654321@s.whatsapp.net', type: 'image' }),
    ).rejects.toThrow(/needs a file/)
  })

  test('a voice note is converted to OGG/Opus mono and sent as ptt', async () => {
    const { adapter, sock } = await started()
    await open(adapter, sock)
    const recording = path.join(mediaDir, 'gravacao.webm')
    const made = spawnSync(ffmpegPath(), [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=1',
      '-c:a',
      'libopus',
      recording,
    ])
    expect(made.status).toBe(0)

    let sentBytes: Buffer | undefined
    sock.sendMessage.mockImplementationOnce(async (jid, content, options) => {
      const audio = (content as { audio: { url: string } }).audio
      sentBytes = fs.readFileSync(audio.url)
      return { key: { remoteJid: jid, fromMe: true, id: options!.messageId! }, message: {} }
    })
    const { externalId } = await adapter.send({
      id: '01jhvoice',
      chatId: '5511987654321@s.whatsapp.net',
      type: 'voice',
      mediaPath: recording,
      mimeType: 'audio/webm',
    })
    expect(externalId).toBe(whatsappMessageId('01jhvoice'))
    const [, content] = sock.sendMessage.mock.calls[0]!
    expect(content).toEqual({
      audio: { url: path.join(mediaDir, 'gravacao.voice.ogg') },
      ptt: true,
      mimetype: 'audio/ogg; codecs=opus',
      seconds: 1,
    })
    expect(sentBytes!.subarray(0, 4).toString('latin1')).toBe('OggS')
    expect(sentBytes!.indexOf('OpusHead')).toBeGreaterThan(0)
    // The converted copy is temporary.
    expect(fs.existsSync(path.join(mediaDir, 'gravacao.voice.ogg'))).toBe(false)
  })

  test('our own sends are not echoed back as inbound', async () => {
    const { adapter, sock, inbound } = await started()
    await open(adapter, sock)
    const { externalId } = await adapter.send({
      id: '01jhecho',
      chatId: '5511987654321@s.whatsapp.net',
      type: 'text',
      text: 'oi',
    })
    emit(sock, 'messages.upsert', {
      type: 'append',
      messages: [
        {
          key: { remoteJid: '5511987654321@s.whatsapp.net', fromMe: true, id: externalId },
          message: { conversation: 'oi' },
          messageTimestamp: 1,
        },
      ],
    })
    await adapter.idle()
    expect(inbound).toEqual([])
  })

  test('markRead and presence', async () => {
    const { adapter, sock } = await started()
    await adapter.sendPresence('5511987654321@s.whatsapp.net', 'composing')
    expect(sock.sendPresenceUpdate).not.toHaveBeenCalled()
    await open(adapter, sock)
    await adapter.markRead('5511987654321@s.whatsapp.net', ['A1', 'A2'])
    expect(sock.readMessages).toHaveBeenCalledWith([
      { remoteJid: '5511987654321@s.whatsapp.net', id: 'A1', fromMe: false },
      { remoteJid: '5511987654321@s.whatsapp.net', id: 'A2', fromMe: false },
    ])
    await adapter.sendPresence('5511987654321@s.whatsapp.net', 'recording')
    expect(sock.sendPresenceUpdate).toHaveBeenCalledWith(
      'recording',
      '5511987654321@s.whatsapp.net',
    )
  })

  test('checkNumber asks onWhatsApp (the other spelling of a Brazilian mobile too); throws while not open', async () => {
    const { adapter, sock } = await started()
    // Accounts WhatsApp knows: an old mobile registered without its 9th digit.
    const accounts = new Set(['551187654321'])
    const onWhatsApp = vi.fn(async (...numbers: string[]) =>
      numbers.map((number) => ({
        jid: `${number}@s.whatsapp.net`,
        exists: accounts.has(number),
      })),
    )
    sock.onWhatsApp = onWhatsApp
    await expect(adapter.checkNumber('5511987654321')).rejects.toThrow()
    await open(adapter, sock)
    expect(await adapter.checkNumber('5511987654321')).toEqual({
      exists: true,
      phone: '551187654321',
      chatId: '551187654321@s.whatsapp.net',
    })
    expect(onWhatsApp.mock.calls).toEqual([['5511987654321'], ['551187654321']])
    expect(await adapter.checkNumber('14155552671')).toEqual({
      exists: false,
      phone: null,
      chatId: null,
    })
  })

  test('Baileys retries get the message content from recent sends, then from findMessage', async () => {
    const findMessage = vi.fn(async () => ({ text: 'guardada no banco', fromMe: true }))
    const { adapter, sock } = await started({ findMessage })
    await open(adapter, sock)
    const { externalId } = await adapter.send({
      id: '01jhretry',
      chatId: '5511987654321@s.whatsapp.net',
      type: 'text',
      text: 'oi',
    })
    const getMessage = sock.config.getMessage!
    expect(
      await getMessage({ remoteJid: '5511987654321@s.whatsapp.net', id: externalId, fromMe: true }),
    ).toEqual({ conversation: 'sent' })
    expect(findMessage).not.toHaveBeenCalled()
    expect(
      await getMessage({ remoteJid: '5511987654321@s.whatsapp.net', id: 'OLD', fromMe: true }),
    ).toEqual({ conversation: 'guardada no banco' })
    expect(findMessage).toHaveBeenCalledWith('OLD')
  })

  test('toStoredWAMessage accepts Baileys messages and text records', () => {
    const msg = {
      key: { remoteJid: 'a@s.whatsapp.net', fromMe: true, id: 'X' },
      message: { conversation: 'x' },
    }
    expect(toStoredWAMessage(msg, 'X', 'b@s.whatsapp.net')).toEqual(msg)
    expect(toStoredWAMessage({ body: 'oi', fromMe: false }, 'Y', '5511987654321')).toEqual({
      key: { remoteJid: '5511987654321@s.whatsapp.net', fromMe: false, id: 'Y' },
      message: { conversation: 'oi' },
    })
    expect(toStoredWAMessage(undefined, 'Z', 'a@s.whatsapp.net')).toBeUndefined()
    expect(toStoredWAMessage({ type: 'image' }, 'Z', 'a@s.whatsapp.net')).toBeUndefined()
  })
})
