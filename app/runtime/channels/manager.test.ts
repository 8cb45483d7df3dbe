import { and, asc, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { sqliteAuthStore } from '#app/channels/auth-store.server.ts'
import {
  type Channel,
  type ChannelAdapter,
  type ChannelContext,
  type ConnectionUpdate,
  type OutboundMessage,
} from '#app/channels/types.ts'
import {
  commandConnection,
  createConnection,
  deleteConnection,
  updateConnection,
} from '#app/domain/connections/connections.server.ts'
import { ingestInbound } from '#app/domain/messages/ingest.server.ts'
import { recordSendOutcome, retryMessage, sendMessage } from '#app/domain/messages/send.server.ts'
import { db } from '#app/utils/db.server.ts'
import { channelAuthCreds, channelAuthKeys, connections } from '#db/schema/connections.ts'
import { messages } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import { createCompany, createQueue, createUser } from '#tests/db-utils.ts'
import { ChannelManager, shouldStartAtBoot } from './manager.server.ts'

const mediaDir = process.env.MEDIA_DIR as string
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Events reach the manager after commit (a microtask); a busy machine may take a while. */
const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 10 })

/**
 * WhatsApp as the fake adapters see it: every send call is recorded, and a message id reaches the
 * customer's phone once however often it is sent (WhatsApp dedupes by message id).
 */
class FakeWhatsApp {
  readonly adapters: RecordingAdapter[] = []
  /** Every send() call, in order. */
  readonly calls: Array<OutboundMessage & { at: number }> = []
  /** Balcão message id → WhatsApp id, for messages that reached the phone. */
  readonly delivered = new Map<string, string>()
  /** Ids in the order they first reached the phone. */
  readonly deliveries: string[] = []
  inFlight = 0
  maxInFlight = 0
  /** Whether start() reports "connected" by itself (a paired number). */
  autoConnect = true
  sendDelayMs = 2
  /** Runs inside send() before the message "reaches the phone": throw to fail it. */
  beforeSend:
    ((message: OutboundMessage, adapter: RecordingAdapter) => Promise<void> | void) | null = null

  create = (channel: Channel) => {
    const adapter = new RecordingAdapter(this, channel)
    this.adapters.push(adapter)
    return adapter
  }

  /** The adapters created for a connection, oldest first. */
  adaptersOf(connectionId: string) {
    return this.adapters.filter((a) => a.connectionId === connectionId)
  }

  /** The adapter currently running a connection. */
  current(connectionId: string) {
    const adapter = this.adaptersOf(connectionId).at(-1)
    if (!adapter) throw new Error(`no adapter for ${connectionId}`)
    return adapter
  }

  startsOf(connectionId: string) {
    return this.adaptersOf(connectionId).reduce((n, a) => n + a.starts, 0)
  }

  externalIdFor(messageId: string) {
    return `WA-${messageId.toUpperCase()}`
  }

  /** The phone got it (also used to stage "sent before the crash"). */
  deliver(messageId: string) {
    if (!this.delivered.has(messageId)) {
      this.delivered.set(messageId, this.externalIdFor(messageId))
      this.deliveries.push(messageId)
    }
    return this.delivered.get(messageId)!
  }
}

class RecordingAdapter implements ChannelAdapter {
  ctx: ChannelContext | null = null
  connectionId: string | null = null
  starts = 0
  stops = 0
  logouts = 0

  constructor(
    private readonly wa: FakeWhatsApp,
    readonly channel: Channel,
  ) {}

  async start(ctx: ChannelContext) {
    this.starts++
    this.ctx = ctx
    this.connectionId = ctx.connectionId
    ctx.onConnectionUpdate({ status: 'opening' })
    if (this.wa.autoConnect)
      ctx.onConnectionUpdate({ status: 'connected', phone: '5511900001111', profileName: 'Loja' })
  }

  async send(message: OutboundMessage) {
    if (!this.ctx) throw new Error('not connected')
    this.wa.calls.push({ ...message, at: Date.now() })
    this.wa.inFlight++
    this.wa.maxInFlight = Math.max(this.wa.maxInFlight, this.wa.inFlight)
    try {
      await sleep(this.wa.sendDelayMs)
      await this.wa.beforeSend?.(message, this)
      return { externalId: this.wa.deliver(message.id) }
    } finally {
      this.wa.inFlight--
    }
  }

  async stop() {
    this.stops++
    const ctx = this.ctx
    this.ctx = null
    ctx?.onConnectionUpdate({ status: 'closed', reason: 'stopped' })
  }

  async logout() {
    this.logouts++
    const ctx = this.ctx
    this.ctx = null
    ctx?.auth.clear()
    ctx?.onConnectionUpdate({ status: 'closed', reason: 'logged_out' })
  }

  /** The channel reports something (a close, a QR…). */
  report(update: ConnectionUpdate) {
    if (!this.ctx) throw new Error('adapter not running')
    this.ctx.onConnectionUpdate(update)
  }
}

const managers: ChannelManager[] = []

function newManager(wa: FakeWhatsApp, options: { sendIntervalMs?: number } = {}) {
  const manager = new ChannelManager(db, {
    createAdapter: wa.create,
    mediaDir,
    sendIntervalMs: options.sendIntervalMs ? () => options.sendIntervalMs! : undefined,
  })
  managers.push(manager)
  return manager
}

beforeEach(() => {
  // startAll starts every connection in the database: each test starts from none.
  db.delete(connections).run()
})

afterEach(async () => {
  vi.useRealTimers()
  await Promise.all(managers.splice(0).map((manager) => manager.stopAll()))
})

let seq = 0

type ConnectionRow = typeof connections.$inferSelect

/** A company with a queue, an admin, and a connection that was running before (started at boot). */
async function setup(connection: Partial<typeof connections.$inferInsert> = {}) {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  db.update(users).set({ signature: false }).where(eq(users.id, admin.id)).run()
  const row = addConnection(company.id, { queueId: queue.id, ...connection })
  return { company, queue, admin, connection: row }
}

function addConnection(
  companyId: string,
  values: Partial<typeof connections.$inferInsert> = {},
): ConnectionRow {
  return db
    .insert(connections)
    .values({
      companyId,
      name: `Conexão ${++seq}`,
      channel: 'simulator',
      status: 'connected',
      ...values,
    })
    .returning()
    .get()
}

/** A customer's ticket on the connection (they wrote first). */
function customerTicket(connection: ConnectionRow, phone = '5511987654321') {
  const result = ingestInbound(db, connection, {
    externalId: `SIMC-${++seq}`,
    peer: { chatId: phone, phone },
    fromMe: false,
    timestamp: Date.now(),
    type: 'text',
    text: 'Olá!',
  })
  if (result.duplicate) throw new Error('unexpected duplicate')
  return result.ticketId
}

const messageRow = (id: string) => db.select().from(messages).where(eq(messages.id, id)).get()!
const connectionRow = (id: string) =>
  db.select().from(connections).where(eq(connections.id, id)).get()
const outgoing = (ticketId: string) =>
  db
    .select()
    .from(messages)
    .where(and(eq(messages.ticketId, ticketId), eq(messages.fromMe, true)))
    .orderBy(asc(messages.createdAt))
    .all()

const authRows = (connectionId: string) => ({
  creds: db
    .select()
    .from(channelAuthCreds)
    .where(eq(channelAuthCreds.connectionId, connectionId))
    .all().length,
  keys: db
    .select()
    .from(channelAuthKeys)
    .where(eq(channelAuthKeys.connectionId, connectionId))
    .all().length,
})

describe('boot', () => {
  test('shouldStartAtBoot: all but connections an admin stopped or that are logged out', () => {
    expect(shouldStartAtBoot({ status: 'connected', lastError: null })).toBe(true)
    expect(shouldStartAtBoot({ status: 'opening', lastError: null })).toBe(true)
    expect(shouldStartAtBoot({ status: 'qrcode', lastError: null })).toBe(true)
    expect(shouldStartAtBoot({ status: 'disconnected', lastError: 'connection_lost' })).toBe(true)
    expect(shouldStartAtBoot({ status: 'disconnected', lastError: null })).toBe(false)
    expect(shouldStartAtBoot({ status: 'logged_out', lastError: null })).toBe(false)
  })

  test('startAll starts the connections that should run, and records them connected', async () => {
    const { company, connection: running } = await setup()
    const failed = addConnection(company.id, {
      status: 'disconnected',
      lastError: 'connection_lost',
    })
    const stopped = addConnection(company.id, { status: 'disconnected', lastError: null })
    const loggedOut = addConnection(company.id, { status: 'logged_out' })
    const wa = new FakeWhatsApp()
    const manager = newManager(wa)

    await manager.startAll()

    expect(wa.startsOf(running.id)).toBe(1)
    expect(wa.startsOf(failed.id)).toBe(1)
    expect(wa.startsOf(stopped.id)).toBe(0)
    expect(wa.startsOf(loggedOut.id)).toBe(0)
    expect(manager.isConnected(running.id)).toBe(true)
    expect(manager.isConnected(stopped.id)).toBe(false)
    expect(manager.adapterOf(stopped.id)).toBeNull()
    expect(connectionRow(failed.id)).toMatchObject({
      status: 'connected',
      lastError: null,
      phone: '5511900001111',
      profileName: 'Loja',
    })
    expect(connectionRow(stopped.id)!.status).toBe('disconnected')
    expect(connectionRow(loggedOut.id)!.status).toBe('logged_out')
    // The adapter got the connection's context.
    expect(wa.current(running.id).ctx).toMatchObject({
      connectionId: running.id,
      companyId: company.id,
      mediaDir,
    })
  })

  test('checkNumber asks the running session; null when it cannot (no session, no support, an error)', async () => {
    const { company, connection } = await setup()
    const idle = addConnection(company.id, { status: 'disconnected', lastError: null })
    const wa = new FakeWhatsApp()
    const manager = newManager(wa)
    await manager.startAll()
    // The fake channel cannot check numbers.
    expect(await manager.checkNumber(connection.id, '5511987654321')).toBeNull()
    const adapter = wa.current(connection.id) as RecordingAdapter & ChannelAdapter
    adapter.checkNumber = async (phone) => ({ exists: true, phone, chatId: `${phone}@x` })
    expect(await manager.checkNumber(connection.id, '5511987654321')).toEqual({
      exists: true,
      phone: '5511987654321',
      chatId: '5511987654321@x',
    })
    adapter.checkNumber = async () => {
      throw new Error('socket closed')
    }
    expect(await manager.checkNumber(connection.id, '5511987654321')).toBeNull()
    expect(await manager.checkNumber(idle.id, '5511987654321')).toBeNull()
  })

  test('the adapter context stores inbound messages and receipts through the spine', async () => {
    const { connection } = await setup()
    const wa = new FakeWhatsApp()
    await newManager(wa).startAll()
    const ctx = wa.current(connection.id).ctx!

    await ctx.onInbound({
      externalId: 'SIMC-CTX-1',
      peer: { chatId: '5511955554444', phone: '5511955554444', name: 'Gil' },
      fromMe: false,
      timestamp: Date.now(),
      type: 'text',
      text: 'chegou pelo adaptador',
    })
    const stored = db.select().from(messages).where(eq(messages.externalId, 'SIMC-CTX-1')).get()!
    expect(stored).toMatchObject({
      connectionId: connection.id,
      body: 'chegou pelo adaptador',
      status: 'received',
    })
    expect(await ctx.findMessage!('SIMC-CTX-1')).toMatchObject({
      id: stored.id,
      body: 'chegou pelo adaptador',
    })
  })
})

describe('send queue', () => {
  test('queued messages are sent in creation order, one at a time, then receipts move them on', async () => {
    const { admin, connection } = await setup()
    const ticketId = customerTicket(connection)
    const wa = new FakeWhatsApp()
    wa.sendDelayMs = 5
    await newManager(wa).startAll()

    const sent = ['um', 'dois', 'três', 'quatro', 'cinco'].map((text) =>
      sendMessage(db, admin.actor, ticketId, { text }),
    )

    await waitFor(() =>
      expect(outgoing(ticketId).map((m) => m.status)).toEqual(Array(5).fill('sent')),
    )
    expect(wa.calls.map((c) => c.id)).toEqual(sent.map((m) => m.id))
    expect(wa.calls.map((c) => c.text)).toEqual(['um', 'dois', 'três', 'quatro', 'cinco'])
    expect(wa.calls[0]).toMatchObject({ chatId: '5511987654321', type: 'text' })
    expect(wa.maxInFlight).toBe(1)
    for (const message of sent) {
      expect(messageRow(message.id)).toMatchObject({
        status: 'sent',
        externalId: wa.externalIdFor(message.id),
        attempts: 1,
        error: null,
      })
    }

    // The phone reports delivery, then reading.
    const ctx = wa.current(connection.id).ctx!
    await ctx.onUpdate({
      kind: 'ack',
      externalId: wa.externalIdFor(sent[0]!.id),
      status: 'delivered',
    })
    expect(messageRow(sent[0]!.id).status).toBe('delivered')
    await ctx.onUpdate({ kind: 'ack', externalId: wa.externalIdFor(sent[0]!.id), status: 'read' })
    await ctx.onUpdate({
      kind: 'ack',
      externalId: wa.externalIdFor(sent[0]!.id),
      status: 'delivered',
    })
    expect(messageRow(sent[0]!.id).status).toBe('read')
  })

  test('messages queued while nothing ran are sent once the connection is up; a quote carries its WhatsApp id', async () => {
    const { admin, connection } = await setup()
    const ticketId = customerTicket(connection)
    const [customer] = db.select().from(messages).where(eq(messages.ticketId, ticketId)).all()
    const first = sendMessage(db, admin.actor, ticketId, { text: 'antes do boot' })
    const second = sendMessage(db, admin.actor, ticketId, {
      text: 'citando',
      quotedMessageId: customer!.id,
    })
    const wa = new FakeWhatsApp()

    await newManager(wa).startAll()

    await waitFor(() => expect(messageRow(second.id).status).toBe('sent'))
    expect(wa.calls.map((c) => c.id)).toEqual([first.id, second.id])
    expect(wa.calls[1]!.quotedExternalId).toBe(customer!.externalId)
  })

  test('sends on one connection are paced by sendIntervalMs', async () => {
    const { admin, connection } = await setup()
    const ticketId = customerTicket(connection)
    const wa = new FakeWhatsApp()
    wa.sendDelayMs = 0
    await newManager(wa, { sendIntervalMs: 40 }).startAll()

    for (const text of ['a', 'b', 'c']) sendMessage(db, admin.actor, ticketId, { text })

    await waitFor(() => expect(wa.calls).toHaveLength(3))
    const gaps = wa.calls.slice(1).map((call, i) => call.at - wa.calls[i]!.at)
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(30) // 40 ms −20 % jitter, minus timer slack
  })

  test('a send error while connected ends as failed with the reason; the queue goes on; a retry sends it', async () => {
    const { admin, connection } = await setup()
    const ticketId = customerTicket(connection)
    const wa = new FakeWhatsApp()
    let refuse = true
    wa.beforeSend = (message) => {
      if (refuse && message.text === 'recusada') throw new Error('number is not on WhatsApp')
    }
    await newManager(wa).startAll()

    const bad = sendMessage(db, admin.actor, ticketId, { text: 'recusada' })
    const good = sendMessage(db, admin.actor, ticketId, { text: 'boa' })

    await waitFor(() => expect(messageRow(good.id).status).toBe('sent'))
    expect(messageRow(bad.id)).toMatchObject({
      status: 'failed',
      error: 'number is not on WhatsApp',
      externalId: null,
    })

    refuse = false
    retryMessage(db, admin.actor, bad.id)
    await waitFor(() =>
      expect(messageRow(bad.id)).toMatchObject({ status: 'sent', error: null, attempts: 2 }),
    )
    expect(wa.deliveries).toEqual([good.id, bad.id])
  })

  test('a send error after the channel reported closed puts the message back in the queue; the reconnect sends it', async () => {
    const { admin, connection } = await setup()
    const ticketId = customerTicket(connection)
    const wa = new FakeWhatsApp()
    let drop = true
    wa.beforeSend = (_message, adapter) => {
      if (!drop) return
      drop = false
      adapter.report({ status: 'closed', reason: 'connection_lost', error: 'socket hang up' })
      throw new Error('Connection Closed')
    }
    const manager = newManager(wa)
    await manager.startAll()

    const message = sendMessage(db, admin.actor, ticketId, { text: 'na queda' })
    await waitFor(() => expect(wa.calls).toHaveLength(1))
    await waitFor(() =>
      expect(messageRow(message.id)).toMatchObject({ status: 'queued', error: null }),
    )
    expect(connectionRow(connection.id)).toMatchObject({
      status: 'disconnected',
      lastError: 'socket hang up',
    })
    expect(manager.isConnected(connection.id)).toBe(false)

    // The reconnect (here at once instead of after the backoff) sends it again, with the same id.
    await manager.start(connection.id)
    await waitFor(() => expect(messageRow(message.id).status).toBe('sent'))
    expect(wa.calls.map((c) => c.id)).toEqual([message.id, message.id])
    expect(wa.deliveries).toEqual([message.id])
  })

  test('a send cut short by a restart goes back to the queue and the new session sends it', async () => {
    const { admin, connection } = await setup()
    const ticketId = customerTicket(connection)
    const wa = new FakeWhatsApp()
    let release: (() => void) | undefined
    let first = true
    wa.beforeSend = async (_message, adapter) => {
      if (!first) return
      first = false
      // The socket dies while this send waits for WhatsApp.
      await new Promise<void>((resolve) => (release = resolve))
      if (!adapter.ctx) throw new Error('Connection Closed')
    }
    const manager = newManager(wa)
    await manager.startAll()

    const message = sendMessage(db, admin.actor, ticketId, { text: 'durante o restart' })
    await waitFor(() => expect(release).toBeDefined())
    expect(messageRow(message.id).status).toBe('sending')

    await manager.start(connection.id) // e.g. the admin's "restart" command
    release!()

    await waitFor(() => expect(messageRow(message.id).status).toBe('sent'))
    expect(wa.calls.map((c) => c.id)).toEqual([message.id, message.id])
    expect(wa.deliveries).toEqual([message.id])
    expect(wa.adaptersOf(connection.id)).toHaveLength(2)
  })
})

describe('crash recovery', () => {
  test('messages caught mid-send are sent again by a new manager: one row and one delivery each', async () => {
    const { admin, connection } = await setup()
    const ticketId = customerTicket(connection)
    const created = ['m1', 'm2', 'm3', 'm4'].map((text) =>
      sendMessage(db, admin.actor, ticketId, { text }),
    )
    // The process died while sending m2: WhatsApp may or may not have it (here: it has).
    const interrupted = created[1]!
    recordSendOutcome(db, interrupted, null, { status: 'sending' })
    const wa = new FakeWhatsApp()
    wa.deliver(interrupted.id)

    await newManager(wa).startAll()

    await waitFor(() =>
      expect(outgoing(ticketId).map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent']),
    )
    const rows = outgoing(ticketId)
    expect(rows.map((m) => m.id)).toEqual(created.map((m) => m.id)) // no new rows
    expect(new Set(rows.map((m) => m.externalId)).size).toBe(4)
    expect(messageRow(interrupted.id)).toMatchObject({
      externalId: wa.externalIdFor(interrupted.id),
      attempts: 2,
    })
    expect(wa.calls.map((c) => c.id)).toEqual(created.map((m) => m.id))
    expect(wa.deliveries.filter((id) => id === interrupted.id)).toHaveLength(1)
    expect(wa.deliveries).toHaveLength(4)
  })

  test('a manager that dies inside send() leaves a message the next one resends with the same id', async () => {
    const { admin, connection } = await setup()
    const ticketId = customerTicket(connection)
    const wa = new FakeWhatsApp()
    // Process 1: m2 reaches WhatsApp, then the process "dies" before recording it.
    wa.beforeSend = (message) => {
      if (message.text === 'm2') {
        wa.deliver(message.id)
        return new Promise<never>(() => {})
      }
    }
    const first = newManager(wa)
    await first.startAll()
    const created = ['m1', 'm2', 'm3'].map((text) =>
      sendMessage(db, admin.actor, ticketId, { text }),
    )
    await waitFor(() =>
      expect(outgoing(ticketId).map((m) => m.status)).toEqual(['sent', 'sending', 'queued']),
    )
    await first.stopAll() // what is left of process 1 never writes again

    // Process 2 over the same database.
    wa.beforeSend = null
    await newManager(wa).startAll()

    await waitFor(() =>
      expect(outgoing(ticketId).map((m) => m.status)).toEqual(['sent', 'sent', 'sent']),
    )
    expect(outgoing(ticketId)).toHaveLength(3)
    expect(wa.calls.map((c) => c.text)).toEqual(['m1', 'm2', 'm2', 'm3'])
    expect(wa.calls.filter((c) => c.text === 'm2').map((c) => c.id)).toEqual([
      created[1]!.id,
      created[1]!.id,
    ])
    expect(wa.deliveries).toEqual(created.map((m) => m.id))
    expect(new Set(outgoing(ticketId).map((m) => m.externalId)).size).toBe(3)
  })
})

describe('close reasons', () => {
  test('logged_out forgets the session and marks the connection logged out', async () => {
    const { connection } = await setup()
    const auth = sqliteAuthStore(db, connection)
    auth.writeCreds('{"me":{"id":"5511900001111:1@s.whatsapp.net"}}')
    auth.writeKeys([
      { type: 'session', id: 'a', value: '{}' },
      { type: 'pre-key', id: '1', value: '{}' },
    ])
    expect(authRows(connection.id)).toEqual({ creds: 1, keys: 2 })
    const wa = new FakeWhatsApp()
    const manager = newManager(wa)
    await manager.startAll()

    wa.current(connection.id).report({ status: 'closed', reason: 'logged_out' })

    expect(authRows(connection.id)).toEqual({ creds: 0, keys: 0 })
    expect(connectionRow(connection.id)).toMatchObject({
      status: 'logged_out',
      phone: null,
      lastError: 'logged_out',
    })
    expect(manager.adapterOf(connection.id)).toBeNull()
    await sleep(30)
    expect(wa.startsOf(connection.id)).toBe(1)
  })

  test('restart_required restarts at once', async () => {
    const { connection } = await setup()
    const wa = new FakeWhatsApp()
    const manager = newManager(wa)
    await manager.startAll()

    wa.current(connection.id).report({ status: 'closed', reason: 'restart_required' })

    await waitFor(() => expect(wa.startsOf(connection.id)).toBe(2))
    expect(wa.adaptersOf(connection.id)[0]!.stops).toBe(1)
    expect(manager.isConnected(connection.id)).toBe(true)
    expect(connectionRow(connection.id)!.status).toBe('connected')
  })

  test('replaced stops for good', async () => {
    const { connection } = await setup()
    const wa = new FakeWhatsApp()
    const manager = newManager(wa)
    await manager.startAll()

    wa.current(connection.id).report({ status: 'closed', reason: 'replaced' })

    expect(connectionRow(connection.id)).toMatchObject({
      status: 'disconnected',
      lastError: 'replaced',
    })
    expect(manager.adapterOf(connection.id)).toBeNull()
    await sleep(30)
    expect(wa.startsOf(connection.id)).toBe(1)
  })

  test('an unscanned QR that expires waits for the admin instead of looping', async () => {
    const { connection } = await setup({ status: 'qrcode' })
    const wa = new FakeWhatsApp()
    wa.autoConnect = false
    const manager = newManager(wa)
    await manager.startAll()
    wa.current(connection.id).report({ status: 'qrcode', qr: '2@abc' })
    expect(connectionRow(connection.id)).toMatchObject({ status: 'qrcode', qrCode: '2@abc' })

    wa.current(connection.id).report({ status: 'closed', reason: 'timed_out' })

    expect(connectionRow(connection.id)).toMatchObject({
      status: 'disconnected',
      lastError: 'qr_expired',
      qrCode: null,
    })
    expect(manager.adapterOf(connection.id)).toBeNull()
  })

  test('network failures reconnect with a growing backoff; connecting resets it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { connection } = await setup()
    const wa = new FakeWhatsApp()
    wa.autoConnect = false
    await newManager(wa).startAll()

    wa.current(connection.id).report({ status: 'closed', reason: 'connection_lost' })
    expect(connectionRow(connection.id)).toMatchObject({
      status: 'disconnected',
      lastError: 'connection_lost',
    })
    await vi.advanceTimersByTimeAsync(1_500)
    expect(wa.startsOf(connection.id)).toBe(1)
    await vi.advanceTimersByTimeAsync(1_000) // first retry: 2 s ± 20 %
    expect(wa.startsOf(connection.id)).toBe(2)

    wa.current(connection.id).report({ status: 'closed', reason: 'connection_lost' })
    await vi.advanceTimersByTimeAsync(3_000)
    expect(wa.startsOf(connection.id)).toBe(2) // second retry: 4 s ± 20 %
    await vi.advanceTimersByTimeAsync(2_000)
    expect(wa.startsOf(connection.id)).toBe(3)

    wa.current(connection.id).report({ status: 'connected' })
    wa.current(connection.id).report({ status: 'closed', reason: 'timed_out' })
    await vi.advanceTimersByTimeAsync(2_500) // back to 2 s after a successful connection
    expect(wa.startsOf(connection.id)).toBe(4)
  })
})

describe('commands and connection events', () => {
  test('connect, disconnect, restart, new QR and logout commands', async () => {
    const { admin, connection } = await setup({ status: 'disconnected', lastError: null })
    const wa = new FakeWhatsApp()
    const manager = newManager(wa)
    await manager.startAll()
    expect(wa.startsOf(connection.id)).toBe(0)

    commandConnection(db, admin.actor, connection.id, 'connect')
    await waitFor(() => expect(manager.isConnected(connection.id)).toBe(true))
    expect(connectionRow(connection.id)!.status).toBe('connected')

    commandConnection(db, admin.actor, connection.id, 'disconnect')
    await waitFor(() =>
      expect(connectionRow(connection.id)).toMatchObject({
        status: 'disconnected',
        lastError: null,
      }),
    )
    expect(wa.adaptersOf(connection.id)[0]!.stops).toBe(1)
    expect(manager.adapterOf(connection.id)).toBeNull()

    commandConnection(db, admin.actor, connection.id, 'restart')
    await waitFor(() => expect(wa.startsOf(connection.id)).toBe(2))

    sqliteAuthStore(db, connection).writeCreds('{}')
    commandConnection(db, admin.actor, connection.id, 'new_qr')
    await waitFor(() => expect(wa.startsOf(connection.id)).toBe(3))
    expect(authRows(connection.id).creds).toBe(0)

    sqliteAuthStore(db, connection).writeCreds('{}')
    commandConnection(db, admin.actor, connection.id, 'logout')
    await waitFor(() => expect(connectionRow(connection.id)!.status).toBe('logged_out'))
    expect(wa.current(connection.id).logouts).toBe(1)
    expect(authRows(connection.id).creds).toBe(0)
    expect(manager.adapterOf(connection.id)).toBeNull()
  })

  test('a created connection starts; deleting one stops its session', async () => {
    const { admin } = await setup()
    const wa = new FakeWhatsApp()
    const manager = newManager(wa)
    await manager.startAll()

    const created = createConnection(db, admin.actor, {
      name: 'Nova',
      channel: 'simulator',
      isDefault: false,
      groupsEnabled: false,
    })
    await waitFor(() => expect(manager.isConnected(created.id)).toBe(true))

    deleteConnection(db, admin.actor, created.id)
    await waitFor(() => expect(manager.adapterOf(created.id)).toBeNull())
    expect(wa.current(created.id).stops).toBe(1)
    expect(connectionRow(created.id)).toBeUndefined()
  })

  test('an update that needs it restarts the session with the new settings', async () => {
    const { admin, connection } = await setup()
    const wa = new FakeWhatsApp()
    const manager = newManager(wa)
    await manager.startAll()
    const input = { name: connection.name, channel: 'simulator' as const, isDefault: false }

    updateConnection(db, admin.actor, connection.id, {
      ...input,
      groupsEnabled: false,
      name: 'Renomeada',
    })
    await sleep(30)
    expect(wa.startsOf(connection.id)).toBe(1) // a new name needs no restart

    updateConnection(db, admin.actor, connection.id, { ...input, groupsEnabled: true })
    await waitFor(() => expect(wa.startsOf(connection.id)).toBe(2))
    expect(wa.current(connection.id).ctx!.groupsEnabled).toBe(true)
  })

  test("another company's admin cannot command the connection", async () => {
    const { connection } = await setup({ status: 'disconnected', lastError: null })
    const other = await setup()
    const wa = new FakeWhatsApp()
    await newManager(wa).startAll()

    expect(() => commandConnection(db, other.admin.actor, connection.id, 'connect')).toThrow(
      /not found/,
    )
    await sleep(30)
    expect(wa.startsOf(connection.id)).toBe(0)
  })
})
