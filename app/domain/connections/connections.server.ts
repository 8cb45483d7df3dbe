import { TZDate } from '@date-fns/tz'
import { and, asc, count, desc, eq, ne } from 'drizzle-orm'
import { type ConnectionUpdate } from '#app/channels/types.ts'
import { type Actor, isAdmin } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { DomainError, forbidden, invalid, notFound } from '#app/domain/errors.ts'
import { emit, type EventPayload, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { hashSecretToken, newSecretToken } from '#app/utils/secret-token.server.ts'
import { companies } from '#db/schema/companies.ts'
import { connections } from '#db/schema/connections.ts'
import { queues } from '#db/schema/queues.ts'
import { users } from '#db/schema/users.ts'
import { toStoredAutomations } from '#app/domain/bot/automations-schema.ts'
import { type ConnectionCommand, type ConnectionInput } from './connection-schema.ts'

export type Connection = typeof connections.$inferSelect

const publicColumns = {
  id: connections.id,
  companyId: connections.companyId,
  name: connections.name,
  channel: connections.channel,
  status: connections.status,
  phone: connections.phone,
  profileName: connections.profileName,
  qrCode: connections.qrCode,
  pairingCode: connections.pairingCode,
  lastError: connections.lastError,
  isDefault: connections.isDefault,
  queueId: connections.queueId,
  groupsEnabled: connections.groupsEnabled,
  importFrom: connections.importFrom,
  importTo: connections.importTo,
  tokenHint: connections.tokenHint,
  statusChangedAt: connections.statusChangedAt,
  automations: connections.automations,
  updatedAt: connections.updatedAt,
}

function requireAdmin(actor: Actor) {
  if (!isAdmin(actor)) throw forbidden()
}

/** Conexões: every connection of the company with its queue name. */
export function listConnections(db: DbOrTx, actor: Actor) {
  requireAdmin(actor)
  return db
    .select({ ...publicColumns, queueName: queues.name, queueColor: queues.color })
    .from(connections)
    .leftJoin(queues, eq(queues.id, connections.queueId))
    .where(eq(connections.companyId, actor.companyId))
    .orderBy(asc(connections.createdAt))
    .all()
}

export function getConnection(db: DbOrTx, actor: Actor, connectionId: string) {
  requireAdmin(actor)
  const row = db
    .select(publicColumns)
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.companyId, actor.companyId)))
    .get()
  if (!row) throw notFound('Connection')
  return row
}

/** Connection choices for other forms (any role may pick one to start a conversation). */
export function listConnectionOptions(db: DbOrTx, actor: Actor) {
  return db
    .select({
      id: connections.id,
      name: connections.name,
      status: connections.status,
      isDefault: connections.isDefault,
    })
    .from(connections)
    .where(eq(connections.companyId, actor.companyId))
    .orderBy(asc(connections.name))
    .all()
}

/**
 * The connection a user works on unless they pick another (starting a conversation, a new
 * schedule): their own default (Usuários › Conexão padrão) while it is still a connection of
 * their company, else the company's default, else the first one by name. Null without any.
 */
export function defaultConnectionFor(db: DbOrTx, actor: Actor): string | null {
  const own = db
    .select({ id: connections.id })
    .from(users)
    .innerJoin(
      connections,
      and(
        eq(connections.id, users.defaultConnectionId),
        eq(connections.companyId, users.companyId),
      ),
    )
    .where(and(eq(users.id, actor.userId), eq(users.companyId, actor.companyId)))
    .get()
  if (own) return own.id
  const fallback = db
    .select({ id: connections.id })
    .from(connections)
    .where(eq(connections.companyId, actor.companyId))
    .orderBy(desc(connections.isDefault), asc(connections.name))
    .get()
  return fallback?.id ?? null
}

/** Whether a connection id is one of the company's (a user's default connection, a form choice). */
export function isConnectionOfCompany(db: DbOrTx, companyId: string, connectionId: string) {
  return Boolean(
    db
      .select({ id: connections.id })
      .from(connections)
      .where(and(eq(connections.id, connectionId), eq(connections.companyId, companyId)))
      .get(),
  )
}

function timeZoneOf(tx: DbOrTx, companyId: string) {
  return (
    tx.select({ tz: companies.timeZone }).from(companies).where(eq(companies.id, companyId)).get()
      ?.tz ?? 'America/Sao_Paulo'
  )
}

/** YYYY-MM-DD in the company's zone → [start of from, end of to] in UTC ms. */
function importWindow(input: ConnectionInput, timeZone: string) {
  if (!input.importFrom || !input.importTo) return { importFrom: null, importTo: null }
  const [fy, fm, fd] = input.importFrom.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = input.importTo.split('-').map(Number) as [number, number, number]
  return {
    importFrom: new TZDate(fy, fm - 1, fd, 0, 0, 0, timeZone).getTime(),
    importTo: new TZDate(ty, tm - 1, td, 23, 59, 59, timeZone).getTime() + 999,
  }
}

function assertQueue(tx: Tx, actor: Actor, queueId: string | undefined) {
  if (!queueId) return null
  const queue = tx
    .select({ id: queues.id })
    .from(queues)
    .where(and(eq(queues.id, queueId), eq(queues.companyId, actor.companyId)))
    .get()
  if (!queue) throw invalid('queueId', 'validation.invalid')
  return queue.id
}

/** The form's automations as stored; the redirect queue must be one of the company's. */
function automationsOf(tx: Tx, actor: Actor, input: ConnectionInput) {
  if (!input.automations) return {}
  const routing = input.automations.routing
  if (routing.redirectQueueId) {
    try {
      assertQueue(tx, actor, routing.redirectQueueId)
    } catch {
      throw invalid('automations.routing.redirectQueueId', 'validation.invalid')
    }
  }
  return {
    automations: toStoredAutomations(input.automations, timeZoneOf(tx, actor.companyId)),
  }
}

/** Exactly one default connection per company: setting one clears the others. */
function makeDefault(tx: Tx, actor: Actor, connectionId: string) {
  tx.update(connections)
    .set({ isDefault: false })
    .where(
      and(
        eq(connections.companyId, actor.companyId),
        ne(connections.id, connectionId),
        eq(connections.isDefault, true),
      ),
    )
    .run()
  tx.update(connections).set({ isDefault: true }).where(eq(connections.id, connectionId)).run()
}

type ConnectionChange =
  | 'connection.created'
  | 'connection.updated'
  | 'connection.deleted'
  | 'connection.command'

/** Admins hear of it; the channel manager obeys it (ADR 007). */
function changed<T extends ConnectionChange>(
  tx: Tx,
  actor: Actor,
  type: T,
  payload: EventPayload<T>,
) {
  emit<T>(tx, { type, companyId: actor.companyId, audience: { type: 'admins' }, payload })
}

export function createConnection(db: Db, actor: Actor, input: ConnectionInput) {
  requireAdmin(actor)
  return transaction(db, (tx) => {
    const company = tx
      .select({ max: companies.maxConnections })
      .from(companies)
      .where(eq(companies.id, actor.companyId))
      .get()
    const existing =
      tx
        .select({ n: count() })
        .from(connections)
        .where(eq(connections.companyId, actor.companyId))
        .get()?.n ?? 0
    if (company?.max != null && existing >= company.max) {
      throw new DomainError(
        'Connection limit reached',
        'connections.limitReached',
        409,
        undefined,
        { max: company.max },
      )
    }
    const connection = tx
      .insert(connections)
      .values({
        companyId: actor.companyId,
        name: input.name,
        channel: input.channel,
        queueId: assertQueue(tx, actor, input.queueId),
        groupsEnabled: input.groupsEnabled,
        ...importWindow(input, timeZoneOf(tx, actor.companyId)),
        ...automationsOf(tx, actor, input),
        statusChangedAt: Date.now(),
      })
      .returning()
      .get()
    if (input.isDefault || existing === 0) makeDefault(tx, actor, connection.id)
    audit(tx, actor, {
      action: 'connection.created',
      entityType: 'connection',
      entityId: connection.id,
      details: { name: input.name, channel: input.channel },
    })
    changed(tx, actor, 'connection.created', { connectionId: connection.id })
    return connection
  })
}

export function updateConnection(
  db: Db,
  actor: Actor,
  connectionId: string,
  input: ConnectionInput,
) {
  const before = getConnection(db, actor, connectionId)
  return transaction(db, (tx) => {
    const window = importWindow(input, timeZoneOf(tx, actor.companyId))
    const connection = tx
      .update(connections)
      .set({
        name: input.name,
        queueId: assertQueue(tx, actor, input.queueId),
        groupsEnabled: input.groupsEnabled,
        ...window,
        ...automationsOf(tx, actor, input),
      })
      .where(and(eq(connections.id, connectionId), eq(connections.companyId, actor.companyId)))
      .returning()
      .get()!
    if (input.isDefault && !before.isDefault) makeDefault(tx, actor, connectionId)
    const restart =
      before.groupsEnabled !== input.groupsEnabled ||
      before.importFrom !== window.importFrom ||
      before.importTo !== window.importTo
    audit(tx, actor, {
      action: 'connection.updated',
      entityType: 'connection',
      entityId: connectionId,
      details: { name: input.name },
    })
    changed(tx, actor, 'connection.updated', { connectionId, restart })
    return connection
  })
}

/** Deletes a connection; its session is logged out by the channel manager, its tickets go with it. */
export function deleteConnection(db: Db, actor: Actor, connectionId: string) {
  const connection = getConnection(db, actor, connectionId)
  transaction(db, (tx) => {
    tx.delete(connections)
      .where(and(eq(connections.id, connectionId), eq(connections.companyId, actor.companyId)))
      .run()
    // Users who had it as their default fall back to the company's (defaultConnectionFor).
    tx.update(users)
      .set({ defaultConnectionId: null })
      .where(and(eq(users.companyId, actor.companyId), eq(users.defaultConnectionId, connectionId)))
      .run()
    if (connection.isDefault) {
      const next = tx
        .select({ id: connections.id })
        .from(connections)
        .where(eq(connections.companyId, actor.companyId))
        .orderBy(asc(connections.createdAt))
        .get()
      if (next) makeDefault(tx, actor, next.id)
    }
    audit(tx, actor, {
      action: 'connection.deleted',
      entityType: 'connection',
      entityId: connectionId,
      details: { name: connection.name },
    })
    changed(tx, actor, 'connection.deleted', { connectionId })
  })
  return connection
}

/** Asks the channel manager to act on a connection (it listens for this event). */
export function commandConnection(
  db: Db,
  actor: Actor,
  connectionId: string,
  command: ConnectionCommand | { pair: string },
) {
  getConnection(db, actor, connectionId)
  transaction(db, (tx) => {
    const payload =
      typeof command === 'string'
        ? { connectionId, command }
        : { connectionId, command: 'pair' as const, phone: command.pair }
    audit(tx, actor, {
      action: `connection.${payload.command}`,
      entityType: 'connection',
      entityId: connectionId,
    })
    changed(tx, actor, 'connection.command', payload)
  })
}

/** A new API token for this connection: returned once, stored hashed (the old one stops working). */
export function generateConnectionToken(db: Db, actor: Actor, connectionId: string) {
  getConnection(db, actor, connectionId)
  const token = newSecretToken()
  transaction(db, (tx) => {
    tx.update(connections)
      .set({ tokenHash: hashSecretToken(token), tokenHint: token.slice(-4) })
      .where(eq(connections.id, connectionId))
      .run()
    audit(tx, actor, {
      action: 'connection.token_generated',
      entityType: 'connection',
      entityId: connectionId,
    })
    changed(tx, actor, 'connection.updated', { connectionId })
  })
  return token
}

export function revokeConnectionToken(db: Db, actor: Actor, connectionId: string) {
  getConnection(db, actor, connectionId)
  transaction(db, (tx) => {
    tx.update(connections)
      .set({ tokenHash: null, tokenHint: null })
      .where(eq(connections.id, connectionId))
      .run()
    audit(tx, actor, {
      action: 'connection.token_revoked',
      entityType: 'connection',
      entityId: connectionId,
    })
    changed(tx, actor, 'connection.updated', { connectionId })
  })
}

/** The connection an API token belongs to (for the API issue), or null. */
export function findConnectionByToken(db: DbOrTx, token: string) {
  return (
    db
      .select()
      .from(connections)
      .where(eq(connections.tokenHash, hashSecretToken(token)))
      .get() ?? null
  )
}

// ---- used by the channel runtime (no actor: the system acts) ----

export function loadConnection(db: DbOrTx, connectionId: string) {
  return db.select().from(connections).where(eq(connections.id, connectionId)).get() ?? null
}

export function listAllConnections(db: DbOrTx) {
  return db.select().from(connections).all()
}

/** Records what the channel reports and tells the company's admins (live Conexões page). */
export function recordConnectionUpdate(db: Db, connectionId: string, update: ConnectionUpdate) {
  const connection = loadConnection(db, connectionId)
  if (!connection) return null
  const now = Date.now()
  const values: Partial<Connection> = { statusChangedAt: now, qrCode: null, pairingCode: null }
  switch (update.status) {
    case 'opening':
      values.status = 'opening'
      break
    case 'qrcode':
      Object.assign(values, { status: 'qrcode', qrCode: update.qr, lastError: null })
      break
    case 'pairing':
      Object.assign(values, { status: 'pairing', pairingCode: update.pairingCode, lastError: null })
      break
    case 'connected':
      Object.assign(values, {
        status: 'connected',
        lastError: null,
        phone: update.phone ?? connection.phone,
        profileName: update.profileName ?? connection.profileName,
      })
      break
    case 'closed':
      values.status = update.reason === 'logged_out' ? 'logged_out' : 'disconnected'
      values.lastError = update.reason === 'stopped' ? null : (update.error ?? update.reason)
      if (update.reason === 'logged_out') Object.assign(values, { phone: null, profileName: null })
      break
  }
  return transaction(db, (tx) => {
    const row = tx
      .update(connections)
      .set(values)
      .where(eq(connections.id, connectionId))
      .returning()
      .get()!
    emit(tx, {
      type: 'connection.status',
      companyId: row.companyId,
      audience: { type: 'admins' },
      payload: {
        connectionId,
        status: row.status,
        qrCode: row.qrCode,
        pairingCode: row.pairingCode,
        lastError: row.lastError,
        phone: row.phone,
      },
    })
    return row
  })
}
