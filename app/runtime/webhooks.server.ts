/**
 * The webhook relay in the runtime (ADR 014): relays the outbox to webhook deliveries after the
 * commits that wrote events a webhook could want, once at start (catch-up from the durable cursor)
 * and every 30 s as a safety net; the domain's job `webhook.deliver` sends them. Finished
 * deliveries are kept 30 days.
 */
import { Cron } from 'croner'
import { MAPPED_OUTBOX_TYPES } from '#app/domain/webhooks/payloads.ts'
import { ensureDeliveryJobs } from '#app/domain/webhooks/deliver.server.ts'
import { pruneWebhookDeliveries, relayEvents } from '#app/domain/webhooks/relay.server.ts'
import { type Db } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { eventTail } from './events.server.ts'

const RELAYED: ReadonlySet<string> = new Set(MAPPED_OUTBOX_TYPES)

/** How long the delivery log keeps finished deliveries. */
export const DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000

/** Starts relaying; returns the function that stops it. */
export function startWebhookRelay(db: Db) {
  let scheduled = false
  const relay = () => {
    if (!db.$client.open) return
    try {
      relayEvents(db)
    } catch (error) {
      logger.error({ err: error }, 'webhook relay failed')
    }
  }
  // Many events in one burst are relayed by one pass, after the writer's tick.
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      relay()
    })
  }
  relay()
  ensureDeliveryJobs(db)
  const unsubscribe = eventTail(db).subscribe((row) => {
    if (RELAYED.has(row.type)) schedule()
  })
  const sweep = new Cron('*/30 * * * * *', { protect: true, name: 'webhook-sweep' }, () => {
    relay()
    if (db.$client.open) ensureDeliveryJobs(db)
  })
  const prune = new Cron('0 40 3 * * *', { protect: true, name: 'webhook-prune' }, () => {
    if (!db.$client.open) return
    const deliveries = pruneWebhookDeliveries(db, DELIVERY_RETENTION_MS)
    logger.info({ deliveries }, 'pruned old webhook deliveries')
  })
  return () => {
    unsubscribe()
    sweep.stop()
    prune.stop()
  }
}
