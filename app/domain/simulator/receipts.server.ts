import { and, eq, isNotNull, sql } from 'drizzle-orm'
import { applyInboundUpdate, applyInboundUpdateIn } from '#app/domain/messages/ingest.server.ts'
import { enqueue, registerJobHandler, transaction, wakeJobs } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, prepared, type Tx } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { messages } from '#db/schema/tickets.ts'

/**
 * The simulator's customer phones are always online: every agent message that reaches one is
 * "delivered", and "read" once the customer opens the chat. Those receipts are database rows, not
 * timers — a job written in the transaction that records the send, and the read acks written in
 * the transaction of "the customer opened the chat" — so a crash or a `kill -9` never leaves a
 * message "sent" forever (docs/decisions/004).
 */
export const SIMULATOR_DELIVERY_JOB = 'simulator.delivery'

type DeliveryPayload = { connectionId: string; externalId: string }

const deliveryKey = (connectionId: string, externalId: string) =>
  `simulator.delivery:${connectionId}:${externalId}`

function isSimulator(tx: DbOrTx, connectionId: string) {
  const row = prepared(tx, 'simulator.isSimulator', () =>
    tx
      .select({ channel: connections.channel })
      .from(connections)
      .where(eq(connections.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: connectionId })
  return row?.channel === 'simulator'
}

/**
 * Called in the transaction that records a message as sent: on a simulator connection, the
 * phone's delivery receipt becomes a job (one per message: the dedupe key). Other channels report
 * their receipts themselves.
 */
export function expectSimulatorDelivery(
  tx: Tx,
  message: { companyId: string; connectionId: string },
  externalId: string,
) {
  if (!isSimulator(tx, message.connectionId)) return false
  enqueue(tx, {
    kind: SIMULATOR_DELIVERY_JOB,
    companyId: message.companyId,
    payload: { connectionId: message.connectionId, externalId } satisfies DeliveryPayload,
    dedupeKey: deliveryKey(message.connectionId, externalId),
  })
  return true
}

/** The delivery job: the receipt reaches Balcão as any channel's would (never moves backwards). */
export function deliverSimulatorReceipt(db: Db, payload: DeliveryPayload) {
  const connection = db
    .select({ id: connections.id, companyId: connections.companyId })
    .from(connections)
    .where(eq(connections.id, payload.connectionId))
    .get()
  if (!connection) return false // deleted with its messages
  return applyInboundUpdate(db, connection, {
    kind: 'ack',
    externalId: payload.externalId,
    status: 'delivered',
    timestamp: Date.now(),
  })
}

/**
 * The customer opened the chat: these agent messages turn "read", all in one transaction (the
 * answer to the customer's phone comes after the commit, so a crash keeps all or none).
 */
export function readOnSimulatorPhone(
  db: Db,
  connection: { id: string; companyId: string },
  externalIds: string[],
) {
  if (externalIds.length === 0) return 0
  const timestamp = Date.now()
  return transaction(db, (tx) => {
    let changed = 0
    for (const externalId of externalIds) {
      if (
        applyInboundUpdateIn(tx, connection, { kind: 'ack', externalId, status: 'read', timestamp })
      )
        changed++
    }
    return changed
  })
}

/**
 * Messages a simulator phone received whose delivery receipt is still owed: sent before receipts
 * were jobs, or recorded by a process that died before its job row existed. Queued once more
 * (the dedupe key keeps a pending job single); returns how many were queued.
 */
export function recoverSimulatorDeliveries(db: Db) {
  const simulators = db
    .select({ id: connections.id, companyId: connections.companyId })
    .from(connections)
    .where(eq(connections.channel, 'simulator'))
    .all()
  let queued = 0
  for (const connection of simulators) {
    const owed = db
      .select({ externalId: messages.externalId })
      .from(messages)
      .where(
        and(
          eq(messages.connectionId, connection.id),
          // On the (connection_id, external_id) index: only messages that left Balcão.
          isNotNull(messages.externalId),
          eq(messages.fromMe, true),
          eq(messages.status, 'sent'),
        ),
      )
      .all()
    if (owed.length === 0) continue
    transaction(db, (tx) => {
      for (const { externalId } of owed) {
        if (!externalId) continue
        const id = enqueue(tx, {
          kind: SIMULATOR_DELIVERY_JOB,
          companyId: connection.companyId,
          payload: { connectionId: connection.id, externalId } satisfies DeliveryPayload,
          dedupeKey: deliveryKey(connection.id, externalId),
        })
        if (id) queued++
      }
    })
  }
  if (queued) wakeJobs(db)
  return queued
}

/** At start-up: the delivery job's handler, and the receipts a previous process still owed. */
export function registerSimulatorJobs(db: Db) {
  registerJobHandler(SIMULATOR_DELIVERY_JOB, (payload: DeliveryPayload) => {
    deliverSimulatorReceipt(db, payload)
  })
  return recoverSimulatorDeliveries(db)
}
