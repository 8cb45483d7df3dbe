/**
 * The one contract every channel adapter passes (DESIGN.md "Channels"). Each adapter joins through
 * an entry of `contractAdapters`: how to build it, and how to play the other side of the channel
 * (WhatsApp's servers, the customer's phone) without a network.
 */
import crypto from 'node:crypto'
import {
  type AnyMessageContent,
  makeEventBuffer,
  type MiscMessageGenerationOptions,
  proto,
  type UserFacingSocketConfig,
} from 'baileys'
import { describe, expect, test } from 'vitest'
import { sqliteAuthStore } from '#app/channels/auth-store.server.ts'
import {
  type Channel,
  type ChannelAdapter,
  type ChannelContext,
  type ConnectionUpdate,
  type InboundMessage,
  type InboundUpdate,
  MESSAGE_TYPES,
} from '#app/channels/types.ts'
import { ingestInbound } from '#app/domain/messages/ingest.server.ts'
import { db } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { createCompany } from '#tests/db-utils.ts'
import { baileysFixture } from '#tests/fixtures/baileys/load.ts'
import { BaileysAdapter, type BaileysSocket } from './baileys/adapter.server.ts'
import { toBaileysLogger } from './baileys/logger.ts'
import { SimulatorAdapter } from './simulator/adapter.server.ts'

/** One adapter under test, with the far side of its channel played by the test. */
export type ContractHarness = {
  adapter: ChannelAdapter
  /**
   * After start(): whatever the channel needs to end up connected (scanning the QR, the socket
   * opening…). Adapters that connect by themselves do nothing.
   */
  connect(): Promise<void>
  /**
   * The customer writes `text` from `phone` (digits with country code). Resolves once the adapter
   * had the chance to hand it to ctx.onInbound. May reject when the adapter is not running.
   */
  customerWrites(phone: string, text: string): Promise<void>
  /** Lets the adapter's pending asynchronous work finish. */
  settle(): Promise<void>
}

/** An entry of the contract: the channel it implements and a fresh harness per test. */
export type AdapterContractFactory = {
  name: string
  channel: Channel
  create(): ContractHarness
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const silent = { debug() {}, info() {}, warn() {}, error() {} }

const simulator: AdapterContractFactory = {
  name: 'simulator',
  channel: 'simulator',
  create() {
    const adapter = new SimulatorAdapter()
    return {
      adapter,
      connect: async () => {},
      customerWrites: async (phone, text) => {
        await adapter.receive({ phone, name: 'Cliente', text })
      },
      settle: tick,
    }
  },
}

/** A Baileys socket without a network: Baileys' real event buffer, with the calls stubbed. */
function fakeBaileysSocket(config: UserFacingSocketConfig): BaileysSocket {
  const ev = makeEventBuffer(toBaileysLogger(silent))
  const sock: BaileysSocket = {
    ev,
    authState: { creds: config.auth!.creds },
    user: undefined,
    // WhatsApp keeps the id the client chose (Baileys' messageId option).
    sendMessage: async (
      jid: string,
      _content: AnyMessageContent,
      options?: MiscMessageGenerationOptions,
    ) => ({
      key: { remoteJid: jid, fromMe: true, id: options?.messageId ?? crypto.randomUUID() },
      message: { conversation: 'sent' },
      status: proto.WebMessageInfo.Status.PENDING,
    }),
    readMessages: async () => {},
    sendPresenceUpdate: async () => {},
    requestPairingCode: async () => 'K7PQ2XZM',
    logout: async () => {},
    end: async () => {},
    updateMediaMessage: async (msg) => msg,
  }
  // Like Baileys: "connecting" on the next tick.
  process.nextTick(() => ev.emit('connection.update', { connection: 'connecting', qr: undefined }))
  return sock
}

const baileys: AdapterContractFactory = {
  name: 'baileys',
  channel: 'whatsapp',
  create() {
    const sockets: BaileysSocket[] = []
    const adapter = new BaileysAdapter({
      makeSocket: (config) => {
        const sock = fakeBaileysSocket(config)
        sockets.push(sock)
        return sock
      },
      downloadMedia: async () => {
        throw new Error('no media in the contract')
      },
    })
    const socket = () => {
      const sock = sockets.at(-1)
      if (!sock) throw new Error('start() made no socket')
      return sock
    }
    return {
      adapter,
      // A device that is not paired yet: a QR, the scan, then the socket opens.
      connect: async () => {
        await tick()
        const sock = socket()
        sock.ev.emit('connection.update', { qr: '2@contract,qr' })
        sock.authState.creds.me = { id: '5511900001111:7@s.whatsapp.net', name: 'Loja' }
        sock.authState.creds.registered = true
        sock.ev.emit('connection.update', { connection: 'open' })
        await adapter.idle()
      },
      customerWrites: async (phone, text) => {
        // A recorded payload, addressed from this phone.
        const upsert = baileysFixture('text', 'messages.upsert')
        const message = upsert.messages[0]!
        message.key = {
          remoteJid: `${phone}@s.whatsapp.net`,
          fromMe: false,
          id: `3EB0${crypto.randomBytes(9).toString('hex').toUpperCase()}`,
        }
        message.message = { conversation: text }
        message.messageTimestamp = Math.floor(Date.now() / 1000)
        socket().ev.emit('messages.upsert', upsert)
        await tick()
        await adapter.idle()
      },
      settle: async () => {
        await tick()
        await adapter.idle()
      },
    }
  },
}

/** Every adapter Balcão ships (a Cloud API adapter joins here). */
export const contractAdapters: AdapterContractFactory[] = [simulator, baileys]

/** A context over a real connection row that records what the adapter reports. */
function recordingContext(channel: Channel) {
  const company = createCompany(db)
  const connection = db
    .insert(connections)
    .values({ companyId: company.id, name: 'Contrato', channel })
    .returning()
    .get()
  const inbound: InboundMessage[] = []
  const updates: InboundUpdate[] = []
  const statuses: ConnectionUpdate[] = []
  const ctx: ChannelContext = {
    connectionId: connection.id,
    companyId: company.id,
    mediaDir: process.env.MEDIA_DIR as string,
    groupsEnabled: false,
    historyWindow: null,
    auth: sqliteAuthStore(db, connection),
    logger: silent,
    onInbound: async (message) => {
      inbound.push(message)
      // Valid means the spine can store it.
      ingestInbound(db, { id: connection.id, companyId: company.id, queueId: null }, message)
    },
    onUpdate: async (update) => {
      updates.push(update)
    },
    onConnectionUpdate: (update) => statuses.push(update),
    onIdentity: () => {},
    findMessage: async () => undefined,
  }
  return { ctx, inbound, updates, statuses, connection }
}

async function running(factory: AdapterContractFactory) {
  const harness = factory.create()
  const recording = recordingContext(factory.channel)
  await harness.adapter.start(recording.ctx)
  await harness.connect()
  await harness.settle()
  return { ...harness, ...recording }
}

const text = (id: string) => ({
  id,
  chatId: '5511987654321',
  type: 'text' as const,
  text: 'Olá! Aqui é a loja.',
})

describe.each(contractAdapters)('$name adapter contract', (factory) => {
  test('start() reports opening, then connected (after a QR for a device not yet paired)', async () => {
    const { statuses } = await running(factory)

    expect(statuses[0]).toEqual({ status: 'opening' })
    expect(statuses.at(-1)).toMatchObject({ status: 'connected' })
    for (const between of statuses.slice(1, -1))
      expect(['opening', 'qrcode', 'pairing']).toContain(between.status)
    const qr = statuses.find((s) => s.status === 'qrcode')
    if (qr?.status === 'qrcode') expect(qr.qr).toEqual(expect.any(String))
  })

  test('send() is idempotent on the message id', async () => {
    const { adapter } = await running(factory)
    const first = await adapter.send(text('01jq3zv7m6f0d9w5k8x2c4b1aa'))
    const again = await adapter.send(text('01jq3zv7m6f0d9w5k8x2c4b1aa'))
    const other = await adapter.send(text('01jq3zv7m6f0d9w5k8x2c4b1ab'))

    expect(first.externalId).toEqual(expect.any(String))
    expect(first.externalId.length).toBeGreaterThan(0)
    expect(again.externalId).toBe(first.externalId)
    expect(other.externalId).not.toBe(first.externalId)
  })

  test('send() rejects before start() and after stop()', async () => {
    const harness = factory.create()
    await expect(harness.adapter.send(text('01jq3zv7m6f0d9w5k8x2c4b1ac'))).rejects.toThrow()

    const { adapter } = await running(factory)
    await adapter.stop()
    await expect(adapter.send(text('01jq3zv7m6f0d9w5k8x2c4b1ad'))).rejects.toThrow()
  })

  test('stop() reports closed/stopped (or nothing), and nothing reaches the context afterwards', async () => {
    const { adapter, customerWrites, settle, statuses, inbound, updates } = await running(factory)
    await adapter.send(text('01jq3zv7m6f0d9w5k8x2c4b1ae')) // may owe a receipt later
    const reported = statuses.length
    const updatesBefore = updates.length

    await adapter.stop()

    const after = statuses.slice(reported)
    expect(after.length).toBeLessThanOrEqual(1)
    if (after[0]) expect(after[0]).toEqual({ status: 'closed', reason: 'stopped' })
    await customerWrites('5511987654321', 'alguém aí?').catch(() => {})
    await settle()
    await sleep(80) // past the simulator's delivery receipt
    expect(inbound).toEqual([])
    expect(updates).toHaveLength(updatesBefore)
    expect(statuses.slice(reported)).toEqual(after)

    await adapter.stop() // stopping twice is harmless
    expect(statuses.slice(reported).filter((s) => s.status !== 'closed')).toEqual([])
  })

  test('logout() ends the session: no more sends, no status but closed', async () => {
    const { adapter, statuses } = await running(factory)
    const reported = statuses.length
    await adapter.logout()
    await expect(adapter.send(text('01jq3zv7m6f0d9w5k8x2c4b1af'))).rejects.toThrow()
    for (const update of statuses.slice(reported)) {
      expect(update).toMatchObject({
        status: 'closed',
        reason: expect.stringMatching(/^(logged_out|stopped)$/),
      })
    }
  })

  test("a customer's message reaches ctx.onInbound as a valid InboundMessage", async () => {
    const { customerWrites, settle, inbound, connection } = await running(factory)
    const before = Date.now()

    await customerWrites('5511987654321', 'Vocês entregam no sábado?')
    await settle()

    expect(inbound).toHaveLength(1)
    const message = inbound[0]!
    expect(message).toMatchObject({
      externalId: expect.stringMatching(/\S/),
      fromMe: false,
      type: 'text',
      text: 'Vocês entregam no sábado?',
      peer: expect.objectContaining({
        chatId: expect.stringMatching(/\S/),
        phone: '5511987654321',
      }),
    })
    expect(MESSAGE_TYPES).toContain(message.type)
    expect(message.timestamp).toBeGreaterThan(before - 5_000)
    expect(message.timestamp).toBeLessThanOrEqual(Date.now() + 1_000)
    expect(message.history).toBeFalsy()
    // The spine stored it (onInbound above ingests it).
    const stored = db.$client
      .prepare('select body from messages where connection_id = ? and external_id = ?')
      .get(connection.id, message.externalId) as { body: string } | undefined
    expect(stored?.body).toBe('Vocês entregam no sábado?')

    // Each message has its own id.
    await customerWrites('5511987654321', 'outra')
    await settle()
    expect(inbound).toHaveLength(2)
    expect(inbound[1]!.externalId).not.toBe(message.externalId)
  })
})
