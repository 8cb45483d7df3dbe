/**
 * The webhook relay (ADR 014): follows the outbox from a durable cursor (`event_cursors` row
 * `webhooks`) and turns each event a webhook subscribes to into a delivery row, then wakes that
 * webhook's delivery job. Cursor, deliveries and jobs move in one transaction, so after a crash an
 * event is relayed exactly once: either the batch committed (cursor past it, deliveries written)
 * or nothing did. The runtime calls relayEvents after commits and at start (catch-up).
 */
import { and, asc, eq, gt, inArray, isNull, lt, lte, ne } from 'drizzle-orm'
import {
  cancelJobs,
  enqueue,
  eventKey,
  lastEventId,
  transaction,
  typedEvent,
} from '#app/domain/outbox.server.ts'
import { type Db, type Tx } from '#app/utils/db.server.ts'
import { contacts } from '#db/schema/contacts.ts'
import { events } from '#db/schema/system.ts'
import { eventCursors, webhookDeliveries, webhooks } from '#db/schema/webhooks.ts'
import {
  MAPPED_OUTBOX_TYPES,
  type MappingContext,
  webhookBody,
  webhookEventId,
  webhookEventOf,
} from './payloads.ts'

export const RELAY_CURSOR = 'webhooks'
export const WEBHOOK_DELIVER_JOB = 'webhook.deliver'

export type WebhookDeliverJob = { webhookId: string }

/** One delivery job per webhook at a time (its deliveries go out one by one, in order). */
export const deliveryJobKey = (webhookId: string) => `webhook:${webhookId}`

/**
 * Queues the webhook's delivery job, due at `runAt` (now by default). Nothing when one is already
 * queued or running — unless `bringForward`: a queued job due later (waiting for a retry) is
 * replaced by one due at `runAt` (a test event or resend must not wait for that retry). A running
 * job looks for more before it ends.
 */
export function wakeWebhook(
  tx: Tx | Db,
  webhook: { id: string; companyId: string },
  options: { runAt?: number; bringForward?: boolean } = {},
) {
  const key = deliveryJobKey(webhook.id)
  if (options.bringForward) cancelJobs(tx, key)
  return enqueue(tx, {
    kind: WEBHOOK_DELIVER_JOB,
    companyId: webhook.companyId,
    payload: { webhookId: webhook.id } satisfies WebhookDeliverJob,
    dedupeKey: key,
    runAt: options.runAt,
    maxAttempts: 10,
  })
}

/** Where the relay has got to (0: nothing relayed yet). */
export function relayCursor(tx: Tx | Db) {
  return (
    tx
      .select({ id: eventCursors.lastEventId })
      .from(eventCursors)
      .where(eq(eventCursors.name, RELAY_CURSOR))
      .get()?.id ?? 0
  )
}

function setCursor(tx: Tx, id: number) {
  tx.insert(eventCursors)
    .values({ name: RELAY_CURSOR, lastEventId: id })
    .onConflictDoUpdate({
      target: eventCursors.name,
      set: { lastEventId: id, updatedAt: Date.now() },
    })
    .run()
}

function contactLookup(tx: Tx, companyId: string): MappingContext {
  return {
    contact: (contactId) =>
      tx
        .select({
          id: contacts.id,
          name: contacts.name,
          number: contacts.number,
          email: contacts.email,
          isGroup: contacts.isGroup,
          blocked: contacts.blocked,
          extraInfo: contacts.extraInfo,
          createdAt: contacts.createdAt,
          updatedAt: contacts.updatedAt,
        })
        .from(contacts)
        .where(and(eq(contacts.id, contactId), eq(contacts.companyId, companyId)))
        .get() ?? null,
  }
}

/** Without any active webhook the cursor is written once per this many events. */
const IDLE_CURSOR_STEP = 5000

type Hook = {
  id: string
  companyId: string
  events: string[]
  createdAt: number
  afterEventId: number | null
}

/** One batch in one transaction: read events after the cursor, write deliveries, move the cursor. */
function relayBatch(tx: Tx, batchSize: number) {
  const cursor = relayCursor(tx)
  // The transaction holds the write lock: no event commits meanwhile, so this is where we stop.
  const newest = lastEventId(tx)
  if (newest <= cursor) return { read: 0, deliveries: 0, done: true }
  const hooks = tx
    .select({
      id: webhooks.id,
      companyId: webhooks.companyId,
      events: webhooks.events,
      createdAt: webhooks.createdAt,
      afterEventId: webhooks.relayAfterEventId,
    })
    .from(webhooks)
    .where(and(eq(webhooks.active, true), isNull(webhooks.disabledAt)))
    .all() as Hook[]
  if (!hooks.length) {
    // Nobody listens: no write per event, only now and then (a webhook created later gets only
    // events after its creation anyway).
    if (newest - cursor >= IDLE_CURSOR_STEP) setCursor(tx, newest)
    return { read: 0, deliveries: 0, done: true }
  }
  const byCompany = new Map<string, Hook[]>()
  for (const hook of hooks)
    byCompany.set(hook.companyId, [...(byCompany.get(hook.companyId) ?? []), hook])
  // Only the first row of an event (group_id null): the rows of one event are relayed once.
  const rows = tx
    .select()
    .from(events)
    .where(
      and(
        gt(events.id, cursor),
        lte(events.id, newest),
        isNull(events.groupId),
        inArray(events.type, [...MAPPED_OUTBOX_TYPES]),
        inArray(events.companyId, [...byCompany.keys()]),
      ),
    )
    .orderBy(asc(events.id))
    .limit(batchSize)
    .all()
  const touched = new Map<string, Hook>()
  let deliveries = 0
  for (const row of rows) {
    const event = typedEvent(row)
    if (!event) continue
    const subscribed = (byCompany.get(row.companyId) ?? []).filter(
      (hook) =>
        hook.afterEventId === null ? hook.createdAt <= row.createdAt : row.id > hook.afterEventId,
    )
    if (!subscribed.length) continue
    const mapped = webhookEventOf(event, contactLookup(tx, row.companyId))
    if (!mapped) continue
    const key = eventKey(row)
    const body = webhookBody({
      id: webhookEventId(key),
      type: mapped.type,
      createdAt: row.createdAt,
      companyId: row.companyId,
      data: mapped.data,
    })
    for (const hook of subscribed) {
      if (!hook.events.includes(mapped.type)) continue
      const written = tx
        .insert(webhookDeliveries)
        .values({
          companyId: row.companyId,
          webhookId: hook.id,
          eventId: key,
          eventType: mapped.type,
          body,
        })
        .onConflictDoNothing()
        .run().changes
      deliveries += written
      if (written) touched.set(hook.id, hook)
    }
  }
  const full = rows.length === batchSize
  setCursor(tx, full ? rows.at(-1)!.id : newest)
  for (const hook of touched.values()) wakeWebhook(tx, hook)
  return { read: rows.length, deliveries, done: !full }
}

/**
 * Relays every event written since the last call, in batches of `batchSize` (one transaction
 * each). Returns how many deliveries it wrote.
 */
export function relayEvents(db: Db, options: { batchSize?: number } = {}) {
  const batchSize = options.batchSize ?? 500
  // The common case of a company without webhooks costs two reads, not a write transaction.
  const anyActive = db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.active, true), isNull(webhooks.disabledAt)))
    .limit(1)
    .get()
  if (!anyActive && lastEventId(db) - relayCursor(db) < IDLE_CURSOR_STEP) return 0
  let deliveries = 0
  for (;;) {
    const batch = transaction(db, (tx) => relayBatch(tx, batchSize))
    deliveries += batch.deliveries
    if (batch.done) return deliveries
  }
}

/**
 * Deletes finished deliveries (succeeded or failed) older than `olderThanMs`, with their attempts;
 * pending ones stay whatever their age. Returns how many went.
 */
export function pruneWebhookDeliveries(db: Db, olderThanMs: number) {
  return db
    .delete(webhookDeliveries)
    .where(
      and(
        ne(webhookDeliveries.status, 'pending'),
        lt(webhookDeliveries.createdAt, Date.now() - olderThanMs),
      ),
    )
    .run().changes
}
