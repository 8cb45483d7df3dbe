import path from 'node:path'
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { storeMedia } from '#app/channels/media.server.ts'
import { type Actor, isAdmin } from '#app/domain/actor.ts'
import { createConnection } from '#app/domain/connections/connections.server.ts'
import { DomainError, forbidden, invalid, notFound } from '#app/domain/errors.ts'
import { type SimulatedCustomerMessage } from '#app/domain/events.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { newId } from '#app/utils/ids.ts'
import { canonicalPhone, isValidPhone, phoneVariants } from '#app/utils/phone.ts'
import { connections } from '#db/schema/connections.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages } from '#db/schema/tickets.ts'
import { readOnSimulatorPhone } from './receipts.server.ts'

export const simulatorEnabled = () => getEnv().SIMULATOR === 'on'

/** Simulator files: same limit as WhatsApp media. */
export const SIMULATOR_MAX_FILE_BYTES = 16 * 1024 * 1024

function requireSimulator(actor: Actor) {
  if (!simulatorEnabled()) throw new DomainError('Simulator disabled', 'errors.notFound', 404)
  if (!isAdmin(actor)) throw forbidden()
}

function simulatorConnection(db: DbOrTx, actor: Actor, connectionId: string) {
  const connection = db
    .select()
    .from(connections)
    .where(
      and(
        eq(connections.id, connectionId),
        eq(connections.companyId, actor.companyId),
        eq(connections.channel, 'simulator'),
      ),
    )
    .get()
  if (!connection) throw notFound('Simulator connection')
  return connection
}

/** A stopped test connection receives nothing: the status the channel manager recorded says so. */
function assertRunning(connection: { status: string }) {
  if (connection.status !== 'connected') {
    throw new DomainError('The test connection is not connected', 'simulator.notRunning', 409)
  }
}

/** How long a customer's message may take to be stored by the session that receives it. */
const RECEIVE_TIMEOUT_MS = 10_000

function customerPhone(phone: string) {
  if (!isValidPhone(phone)) throw invalid('from', 'validation.phone')
  return canonicalPhone(phone)
}

/** "Create test connection": a simulator connection the channel manager starts at once. */
export function createTestConnection(db: Db, actor: Actor, name: string) {
  requireSimulator(actor)
  return createConnection(db, actor, {
    name,
    channel: 'simulator',
    isDefault: false,
    groupsEnabled: false,
  })
}

/** The simulator page: test connections, the customer phones that talked to the chosen one. */
export function getSimulator(db: DbOrTx, actor: Actor, connectionId?: string | null) {
  requireSimulator(actor)
  const list = db
    .select({ id: connections.id, name: connections.name, status: connections.status })
    .from(connections)
    .where(and(eq(connections.companyId, actor.companyId), eq(connections.channel, 'simulator')))
    .orderBy(asc(connections.createdAt))
    .all()
  const selected = list.find((c) => c.id === connectionId) ?? list[0] ?? null
  const phones = selected
    ? db
        .select({
          phone: contacts.number,
          name: contacts.name,
          lastAt: sql<number>`max(${messages.timestamp})`,
          unread: sql<number>`sum(case when ${messages.fromMe} = 1 and ${messages.status} in ('sent', 'delivered') then 1 else 0 end)`,
        })
        .from(messages)
        .innerJoin(contacts, eq(contacts.id, messages.contactId))
        .where(and(eq(messages.connectionId, selected.id), eq(messages.companyId, actor.companyId)))
        .groupBy(contacts.id)
        .orderBy(desc(sql`max(${messages.timestamp})`))
        .all()
        .filter((p): p is typeof p & { phone: string } => p.phone !== null)
    : []
  return { connections: list, selected, phones }
}

export type CustomerMessageInput = {
  connectionId: string
  from: string
  name?: string
  text?: string
  file?: File
  /**
   * The message id on the phone, chosen by the client: a retry with the same one (same
   * connection) is the same message — answered again, stored once.
   */
  externalId?: string
}

/** Ids a client may choose: letters, digits and . _ : - (SIM- is the agents' messages' prefix). */
export const CUSTOMER_EXTERNAL_ID = /^(?!SIM-)[\w.:-]{1,128}$/

/** Posts of a client-chosen id still being stored: a concurrent retry waits for the first. */
const storing = new Map<string, Promise<string>>()

/**
 * A customer writes from their phone (text and/or a file). Returns the channel message id, and
 * whether this call stored it (false: a retry of an `externalId` already stored — nothing new).
 */
export async function sendAsCustomer(
  db: Db,
  actor: Actor,
  input: CustomerMessageInput,
): Promise<{ externalId: string; created: boolean }> {
  requireSimulator(actor)
  const connection = simulatorConnection(db, actor, input.connectionId)
  const message: CustomerWrites = {
    externalId: input.externalId,
    phone: customerPhone(input.from),
    name: input.name?.trim() || undefined,
    text: input.text?.trim() || undefined,
    file: input.file && input.file.size > 0 ? input.file : undefined,
  }
  if (!message.text && !message.file) throw invalid('text', 'validation.required')
  const chosen = input.externalId
  if (chosen === undefined)
    return { externalId: await receive(db, actor, connection, message), created: true }
  if (!CUSTOMER_EXTERNAL_ID.test(chosen)) throw invalid('externalId', 'validation.invalid')

  // A retry of a message stored (or being stored) already: its answer again, nothing new.
  const key = `${connection.id}:${chosen}`
  const pending = storing.get(key)
  if (pending) return { externalId: await pending, created: false }
  const stored = db
    .select({ fromMe: messages.fromMe })
    .from(messages)
    .where(and(eq(messages.connectionId, connection.id), eq(messages.externalId, chosen)))
    .get()
  if (stored?.fromMe) throw invalid('externalId', 'validation.invalid')
  if (stored) return { externalId: chosen, created: false }
  const receiving = receive(db, actor, connection, message)
  storing.set(key, receiving)
  try {
    return { externalId: await receiving, created: true }
  } finally {
    storing.delete(key)
  }
}

type CustomerWrites = {
  externalId?: string
  phone: string
  name?: string
  text?: string
  file?: File
}

/**
 * Hands the customer's message to the running test connection (its file stored first): a command
 * to the channel manager (ADR 007), which receives it in whichever process holds the session.
 * Resolves with the message's id once the message is stored, as the phone's send would.
 */
async function receive(
  db: Db,
  actor: Actor,
  connection: { id: string; status: string },
  message: CustomerWrites,
) {
  assertRunning(connection)
  const connectionId = connection.id
  const { file, ...rest } = message
  const media = file
    ? await storeMedia(
        path.resolve(getEnv().MEDIA_DIR),
        actor.companyId,
        new Uint8Array(await file.arrayBuffer()),
        {
          declaredMime: file.type || undefined,
          fileName: file.name || undefined,
          maxBytes: SIMULATOR_MAX_FILE_BYTES,
        },
      )
    : undefined
  const externalId = rest.externalId ?? `SIMC-${newId().toUpperCase()}`
  const command: SimulatedCustomerMessage = { ...rest, externalId, media }
  transaction(db, (tx) =>
    emit(tx, {
      type: 'simulator.customer',
      companyId: actor.companyId,
      audience: { type: 'runtime' },
      payload: { connectionId, message: command },
    }),
  )
  await storedMessage(db, connectionId, externalId)
  return externalId
}

/** Waits until the message with this id is stored on the connection (the command was obeyed). */
async function storedMessage(db: DbOrTx, connectionId: string, externalId: string) {
  const deadline = Date.now() + RECEIVE_TIMEOUT_MS
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    const stored = db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.connectionId, connectionId), eq(messages.externalId, externalId)))
      .get()
    if (stored) return stored
    if (Date.now() > deadline)
      throw new DomainError('The test connection is not connected', 'simulator.notRunning', 409)
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
}

function contactIdsFor(db: DbOrTx, actor: Actor, phone: string) {
  return db
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(eq(contacts.companyId, actor.companyId), inArray(contacts.number, phoneVariants(phone))),
    )
    .all()
    .map((c) => c.id)
}

/**
 * The chat as the customer's phone shows it: `fromMe` is true for what the customer wrote.
 */
export function listCustomerMessages(
  db: DbOrTx,
  actor: Actor,
  input: { connectionId: string; phone: string },
) {
  requireSimulator(actor)
  simulatorConnection(db, actor, input.connectionId)
  const ids = contactIdsFor(db, actor, customerPhone(input.phone))
  if (ids.length === 0) return []
  return (
    db
      .select({
        id: messages.id,
        externalId: messages.externalId,
        fromCompany: messages.fromMe,
        type: messages.type,
        text: messages.body,
        status: messages.status,
        timestamp: messages.timestamp,
        mediaName: messages.mediaName,
        mediaType: messages.mediaType,
        deletedAt: messages.deletedAt,
      })
      .from(messages)
      .where(and(eq(messages.connectionId, input.connectionId), inArray(messages.contactId, ids)))
      .orderBy(asc(messages.timestamp), asc(messages.createdAt))
      .all()
      // The customer only sees what actually left the company's number.
      .filter((m) => !m.fromCompany || m.externalId !== null)
      .map(({ fromCompany, ...m }) => ({ ...m, fromMe: !fromCompany }))
  )
}

/**
 * The customer opened the chat: every agent message not yet read turns "read" (one transaction:
 * the receipts are rows by the time this returns, so a restart cannot lose them).
 */
export async function readAsCustomer(
  db: Db,
  actor: Actor,
  input: { connectionId: string; phone: string },
) {
  requireSimulator(actor)
  const connection = simulatorConnection(db, actor, input.connectionId)
  const ids = contactIdsFor(db, actor, customerPhone(input.phone))
  if (ids.length === 0) return 0
  const unread = db
    .select({ externalId: messages.externalId })
    .from(messages)
    .where(
      and(
        eq(messages.connectionId, input.connectionId),
        inArray(messages.contactId, ids),
        eq(messages.fromMe, true),
        inArray(messages.status, ['sent', 'delivered']),
      ),
    )
    .all()
    .flatMap((m) => (m.externalId ? [m.externalId] : []))
  if (unread.length === 0) return 0
  assertRunning(connection) // a stopped test connection receives nothing
  return readOnSimulatorPhone(db, connection, unread)
}
