import path from 'node:path'
import { sqliteAuthStore } from '#app/channels/auth-store.server.ts'
import { SimulatorAdapter } from '#app/channels/simulator/adapter.server.ts'
import {
  type Channel,
  type ChannelAdapter,
  type ChannelContext,
  type ConnectionUpdate,
  type DeviceContact,
  type InboundMessage,
  type InboundUpdate,
  type NumberCheckResult,
} from '#app/channels/types.ts'
import {
  type Connection,
  listAllConnections,
  loadConnection,
  recordConnectionUpdate,
} from '#app/domain/connections/connections.server.ts'
import {
  applyInboundUpdate,
  ingestInbound,
  linkIdentity,
} from '#app/domain/messages/ingest.server.ts'
import { externalIdOf, findMessageByExternalId } from '#app/domain/messages/messages.server.ts'
import {
  nextQueuedMessage,
  recordSendOutcome,
  requeueInterruptedSends,
} from '#app/domain/messages/send.server.ts'
import { type Db } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { type ChatPresence, type EventPayload } from '#app/domain/events.ts'
import { type EventRow, typedEvent } from '#app/domain/outbox.server.ts'
import { eventTail } from '../events.server.ts'
import { decideReconnect } from './reconnect.ts'

export type AdapterFactory = (channel: Channel) => ChannelAdapter

type Session = {
  connection: Connection
  adapter: ChannelAdapter
  /** Set while stopping on purpose: the close that follows is not a failure. */
  stopping: boolean
  connected: boolean
  /** The last status the channel reported (a QR that expires is not a network failure). */
  lastStatus: ConnectionUpdate['status'] | null
  attempt: number
  retryTimer?: NodeJS.Timeout
  sending: boolean
  sendAgain: boolean
}

export type ChannelManagerOptions = {
  createAdapter: AdapterFactory
  /** Absolute MEDIA_DIR. */
  mediaDir: string
  /** Pause between two sends on one connection (protects WhatsApp numbers from bans). */
  sendIntervalMs?: (channel: Channel) => number
}

/** How long the HTTP API waits for WhatsApp to say whether a number exists. */
const NUMBER_CHECK_TIMEOUT_MS = 10_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** At boot, start every connection but those an admin stopped or that are logged out. */
export function shouldStartAtBoot(connection: Pick<Connection, 'status' | 'lastError'>) {
  if (connection.status === 'logged_out') return false
  return !(connection.status === 'disconnected' && connection.lastError === null)
}

/**
 * Holds one channel session per connection: starts them at boot, reconnects per close reason,
 * runs each connection's ordered send queue, and obeys connection commands (events).
 */
export class ChannelManager {
  private sessions = new Map<string, Session>()
  private unsubscribe: (() => void) | null = null
  private closed = false

  constructor(
    private readonly db: Db,
    private readonly options: ChannelManagerOptions,
  ) {}

  async startAll() {
    const requeued = requeueInterruptedSends(this.db)
    if (requeued) logger.warn({ count: requeued }, 'messages interrupted mid-send are queued again')
    this.unsubscribe = eventTail(this.db).subscribe((event) => this.onEvent(event))
    await Promise.all(
      listAllConnections(this.db)
        .filter(shouldStartAtBoot)
        .map((c) => this.start(c.id)),
    )
  }

  async stopAll() {
    this.closed = true
    this.unsubscribe?.()
    await Promise.all([...this.sessions.keys()].map((id) => this.stop(id)))
  }

  isConnected(connectionId: string) {
    return this.sessions.get(connectionId)?.connected ?? false
  }

  /**
   * The phone's contacts ("Importar do WhatsApp", a job the runtime runs): a reason instead when
   * this process holds no connected session of it, or its channel cannot list them.
   */
  async deviceContacts(connectionId: string): Promise<DeviceContact[] | { error: string }> {
    const session = this.sessions.get(connectionId)
    if (!session?.connected) return { error: 'contacts.device.notConnected' }
    if (!session.adapter.listContacts) return { error: 'contacts.device.unsupported' }
    return session.adapter.listContacts()
  }

  /**
   * Whether a number is on WhatsApp, asked through the connection's session (the HTTP API's
   * number check): null when this process holds no connected session of it, its channel cannot
   * ask, or the channel did not answer in time.
   */
  async checkNumber(connectionId: string, phone: string): Promise<NumberCheckResult | null> {
    const session = this.sessions.get(connectionId)
    if (!session?.connected || !session.adapter.checkNumber) return null
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([
        session.adapter.checkNumber(phone),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), NUMBER_CHECK_TIMEOUT_MS)
        }),
      ])
    } catch {
      return null
    } finally {
      clearTimeout(timer)
    }
  }

  /** The running adapter of a connection (tests and benchmarks look at it). */
  adapterOf(connectionId: string) {
    return this.sessions.get(connectionId)?.adapter ?? null
  }

  async start(connectionId: string) {
    if (this.closed) return
    // Read before stop() forgets the session: reconnect backoff grows until a connection succeeds.
    const attempt = this.sessions.get(connectionId)?.attempt ?? 0
    await this.stop(connectionId)
    const connection = loadConnection(this.db, connectionId)
    if (!connection) return
    const session: Session = {
      connection,
      adapter: this.options.createAdapter(connection.channel),
      stopping: false,
      connected: false,
      lastStatus: null,
      attempt,
      sending: false,
      sendAgain: false,
    }
    this.sessions.set(connectionId, session)
    try {
      await session.adapter.start(this.contextFor(session))
    } catch (error) {
      logger.error({ err: error, connectionId }, 'channel failed to start')
      this.onConnectionUpdate(session, {
        status: 'closed',
        reason: 'unknown',
        error: (error as Error).message,
      })
    }
  }

  async stop(connectionId: string) {
    const session = this.sessions.get(connectionId)
    if (!session) return
    clearTimeout(session.retryTimer)
    session.stopping = true
    this.sessions.delete(connectionId)
    await session.adapter
      .stop()
      .catch((error: unknown) => logger.warn({ err: error, connectionId }, 'channel stop failed'))
  }

  /** Unlinks the device and forgets the session; the connection shows "logged out". */
  async logout(connectionId: string) {
    const session = this.sessions.get(connectionId)
    const connection = session?.connection ?? loadConnection(this.db, connectionId)
    if (!connection) return
    if (session) {
      clearTimeout(session.retryTimer)
      session.stopping = true
      this.sessions.delete(connectionId)
      await session.adapter
        .logout()
        .catch((error: unknown) =>
          logger.warn({ err: error, connectionId }, 'channel logout failed'),
        )
    }
    sqliteAuthStore(this.db, connection).clear()
    recordConnectionUpdate(this.db, connectionId, { status: 'closed', reason: 'logged_out' })
  }

  /** The agent opened the ticket: the customer sees blue ticks (channels that support it). */
  async markRead(connectionId: string, chatId: string, externalIds: string[]) {
    const session = this.sessions.get(connectionId)
    if (!session?.connected || externalIds.length === 0) return
    await session.adapter.markRead?.(chatId, externalIds)
  }

  /** "typing…" / "recording…" on the customer's phone while an agent composes. */
  async sendPresence(connectionId: string, chatId: string, presence: ChatPresence) {
    const session = this.sessions.get(connectionId)
    if (!session?.connected) return
    await session.adapter.sendPresence?.(chatId, presence)
  }

  async requestPairingCode(connectionId: string, phone: string) {
    let session = this.sessions.get(connectionId)
    if (!session) {
      await this.start(connectionId)
      session = this.sessions.get(connectionId)
    }
    if (!session?.adapter.requestPairingCode) throw new Error('This channel does not pair by code')
    const code = await session.adapter.requestPairingCode(phone)
    recordConnectionUpdate(this.db, connectionId, { status: 'pairing', pairingCode: code })
    return code
  }

  private contextFor(session: Session): ChannelContext {
    const { connection } = session
    const ref = () => ({
      id: connection.id,
      companyId: connection.companyId,
      queueId: session.connection.queueId,
    })
    const current = () => this.sessions.get(connection.id) === session
    return {
      connectionId: connection.id,
      companyId: connection.companyId,
      mediaDir: this.options.mediaDir,
      groupsEnabled: connection.groupsEnabled,
      historyWindow:
        connection.importFrom !== null && connection.importTo !== null
          ? { from: connection.importFrom, to: connection.importTo }
          : null,
      auth: sqliteAuthStore(this.db, connection),
      logger: logger.child({ connectionId: connection.id, channel: connection.channel }),
      onInbound: async (message: InboundMessage) => {
        ingestInbound(this.db, ref(), message)
      },
      onUpdate: async (update: InboundUpdate) => {
        applyInboundUpdate(this.db, ref(), update)
      },
      onConnectionUpdate: (update) => {
        if (current()) this.onConnectionUpdate(session, update)
      },
      onIdentity: (identity) => linkIdentity(this.db, connection.companyId, identity),
      findMessage: async (externalId) =>
        findMessageByExternalId(this.db, connection.id, externalId),
    }
  }

  private onConnectionUpdate(session: Session, update: ConnectionUpdate) {
    const connectionId = session.connection.id
    if (this.loadedConnectionGone(connectionId)) return
    if (update.status === 'closed' && session.stopping) return
    const waitedForScan = session.lastStatus === 'qrcode' || session.lastStatus === 'pairing'
    session.lastStatus = update.status
    if (
      update.status === 'closed' &&
      waitedForScan &&
      update.reason !== 'restart_required' &&
      update.reason !== 'logged_out'
    ) {
      // Nobody scanned the QR (or typed the code) in time: wait for the admin instead of looping.
      this.sessions.delete(connectionId)
      recordConnectionUpdate(this.db, connectionId, {
        status: 'closed',
        reason: 'timed_out',
        error: 'qr_expired',
      })
      return
    }
    recordConnectionUpdate(this.db, connectionId, update)
    if (update.status === 'connected') {
      session.connected = true
      session.attempt = 0
      this.wakeSender(connectionId)
      return
    }
    if (update.status !== 'closed') return
    session.connected = false
    session.attempt += 1
    const decision = decideReconnect(update.reason, session.attempt)
    logger.info({ connectionId, reason: update.reason, decision }, 'channel closed')
    if (decision.action === 'stop') {
      this.sessions.delete(connectionId)
      if (decision.clearAuth) sqliteAuthStore(this.db, session.connection).clear()
      return
    }
    session.retryTimer = setTimeout(() => {
      if (this.sessions.get(connectionId) === session) void this.start(connectionId)
    }, decision.delayMs)
    session.retryTimer.unref()
  }

  private loadedConnectionGone(connectionId: string) {
    return !this.sessions.has(connectionId) && !loadConnection(this.db, connectionId)
  }

  /** Sends the connection's queued messages one by one, in order, while it is connected. */
  wakeSender(connectionId: string) {
    const session = this.sessions.get(connectionId)
    if (!session) return
    if (session.sending) {
      session.sendAgain = true
      return
    }
    session.sending = true
    void this.drainSendQueue(session)
      .catch((error: unknown) => logger.error({ err: error, connectionId }, 'send queue failed'))
      .finally(() => {
        session.sending = false
        if (session.sendAgain) {
          session.sendAgain = false
          this.wakeSender(connectionId)
        }
      })
  }

  private async drainSendQueue(session: Session) {
    const { id: connectionId, channel } = session.connection
    const interval = this.options.sendIntervalMs?.(channel) ?? 0
    while (session.connected && this.sessions.get(connectionId) === session) {
      const next = nextQueuedMessage(this.db, connectionId)
      if (!next) return
      const { message, chatId, queueId } = next
      recordSendOutcome(this.db, message, queueId, { status: 'sending' })
      try {
        const { externalId } = await session.adapter.send({
          id: message.id,
          chatId,
          type: message.type as Exclude<
            typeof message.type,
            'location' | 'contact' | 'unsupported'
          >,
          text: message.body ?? undefined,
          mediaPath: message.mediaPath
            ? path.join(this.options.mediaDir, message.mediaPath)
            : undefined,
          mimeType: message.mediaType ?? undefined,
          fileName: message.mediaName ?? undefined,
          quotedExternalId: message.quotedMessageId
            ? externalIdOf(this.db, message.quotedMessageId)
            : undefined,
        })
        recordSendOutcome(this.db, message, queueId, { status: 'sent', externalId })
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        if (!session.connected || session.stopping) {
          // Lost the connection mid-send (or stopped/restarted): back in the queue, sent again
          // (same id) on reconnect — by the session that replaced this one, if there is one.
          recordSendOutcome(this.db, message, queueId, { status: 'queued' })
          if (this.sessions.get(connectionId) !== session) this.wakeSender(connectionId)
          return
        }
        logger.warn({ connectionId, messageId: message.id, err: reason }, 'message send failed')
        recordSendOutcome(this.db, message, queueId, { status: 'failed', error: reason })
      }
      if (interval) await sleep(interval * (0.8 + Math.random() * 0.4))
      // A channel that answers at once (the simulator) would otherwise drain a long queue in
      // one run of microtasks, and every HTTP request waits for the end of it.
      else await new Promise((resolve) => setImmediate(resolve))
    }
  }

  /**
   * The events the manager obeys (ADR 007): commands about a connection, from whichever process
   * wrote them. Only the process holding the connection's session acts on it.
   */
  private onEvent(row: EventRow) {
    const event = typedEvent(row)
    if (!event) return
    const run = (connectionId: string, work: Promise<unknown>) =>
      void work.catch((error: unknown) =>
        logger.error({ err: error, connectionId, event: event.type }, 'channel command failed'),
      )
    switch (event.type) {
      case 'message.created': {
        const { connectionId, status } = event.payload
        if (status === 'queued') this.wakeSender(connectionId)
        return
      }
      case 'connection.created':
        return run(event.payload.connectionId, this.start(event.payload.connectionId))
      case 'connection.updated': {
        const { connectionId, restart } = event.payload
        const session = this.sessions.get(connectionId)
        const fresh = loadConnection(this.db, connectionId)
        if (session && fresh) session.connection = fresh
        if (restart && session) run(connectionId, this.start(connectionId))
        return
      }
      case 'connection.deleted':
        return run(event.payload.connectionId, this.stop(event.payload.connectionId))
      case 'connection.command':
        return run(event.payload.connectionId, this.command(event.payload))
      case 'channel.presence': {
        const { connectionId, chatId, presence } = event.payload
        return run(connectionId, this.sendPresence(connectionId, chatId, presence))
      }
      case 'simulator.customer': {
        const { connectionId, message } = event.payload
        const adapter = this.sessions.get(connectionId)?.adapter
        // Another process may hold this test connection: it receives the message there.
        if (adapter instanceof SimulatorAdapter) run(connectionId, adapter.receive(message))
        return
      }
    }
  }

  private async command(payload: EventPayload<'connection.command'>) {
    const { connectionId } = payload
    switch (payload.command) {
      case 'connect':
      case 'restart':
        return this.start(connectionId)
      case 'disconnect':
        await this.stop(connectionId)
        recordConnectionUpdate(this.db, connectionId, { status: 'closed', reason: 'stopped' })
        return
      case 'new_qr': {
        const connection = loadConnection(this.db, connectionId)
        if (!connection) return
        await this.stop(connectionId)
        sqliteAuthStore(this.db, connection).clear()
        return this.start(connectionId)
      }
      case 'logout':
        return this.logout(connectionId)
      case 'pair':
        if (payload.phone) await this.requestPairingCode(connectionId, payload.phone)
        return
    }
  }
}
