/**
 * Delivering webhooks (ADR 014): the job `webhook.deliver` (one per webhook at a time) sends the
 * webhook's pending deliveries one by one, oldest first, so a receiver gets a webhook's events in
 * the order they happened. Each attempt is a `webhook_attempts` row written before the request
 * goes out; the request is signed (signature.ts) and goes through the SSRF guard.
 *
 * Outcomes: 2xx succeeded. A timeout, a network error, 5xx, 408, 425 or 429 is retried with
 * exponential backoff and jitter (the head delivery blocks the ones behind it: order first). Any
 * other answer (3xx left after redirects, 4xx) and a refused address fail the delivery for good,
 * and the next one goes. A webhook whose every attempt failed for 24 hours is turned off, its
 * pending deliveries fail, and the admins are told (`webhook.disabled`).
 *
 * Test events and resends (deliveries without an outbox event) do not wait behind a head that is
 * waiting to retry, and one that succeeds brings that retry forward: the endpoint is back.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { type Actor, isAdmin, systemActor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { forbidden, notFound } from '#app/domain/errors.ts'
import { emit, type JobResult, registerJobHandler, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type Tx } from '#app/utils/db.server.ts'
import { newId } from '#app/utils/ids.ts'
import { logger } from '#app/utils/logger.server.ts'
import {
  type Resolver,
  safeFetch,
  SafeFetchError,
  type SafeResponse,
} from '#app/utils/safe-fetch.server.ts'
import { jobs } from '#db/schema/system.ts'
import { webhookAttempts, webhookDeliveries, webhooks } from '#db/schema/webhooks.ts'
import { companyAllowedHosts } from './allowed-hosts.server.ts'
import { WEBHOOK_TEST_EVENT, webhookBody } from './payloads.ts'
import {
  deliveryJobKey,
  WEBHOOK_DELIVER_JOB,
  type WebhookDeliverJob,
  wakeWebhook,
} from './relay.server.ts'
import {
  ATTEMPT_HEADER,
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signPayload,
} from './signature.ts'

const HOUR = 60 * 60 * 1000

/** The retry and disable policy; tests (and the kill/restart test's child) shorten it. */
export const deliveryPolicy = {
  /** Delay before the 2nd attempt; each next one doubles it… */
  baseDelayMs: 15_000,
  /** …up to this. */
  maxDelayMs: HOUR,
  /** ±20 % of each delay, so many webhooks failing at once do not retry in step. */
  jitter: 0.2,
  /** A webhook failing this long is turned off. */
  disableAfterMs: 24 * HOUR,
  timeoutMs: 10_000,
  /** Deliveries one job run sends before it yields its slot to other jobs. */
  maxPerRun: 50,
  runBudgetMs: 30_000,
}

export type DeliveryPolicy = typeof deliveryPolicy

export function setDeliveryPolicy(changes: Partial<DeliveryPolicy>) {
  Object.assign(deliveryPolicy, changes)
}

/** The delay after failed attempt number `attempt` (1-based): base × 2^(attempt−1), capped, ± jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random) {
  const { baseDelayMs, maxDelayMs, jitter } = deliveryPolicy
  const base = Math.min(baseDelayMs * 2 ** Math.max(0, attempt - 1), maxDelayMs)
  return Math.round(base * (1 - jitter + random() * 2 * jitter))
}

/** What a job run may be given instead of the real clock and network (tests). */
export type DeliverDeps = {
  now?: () => number
  fetch?: typeof safeFetch
  resolve?: Resolver
  random?: () => number
}

type Webhook = typeof webhooks.$inferSelect
type Delivery = typeof webhookDeliveries.$inferSelect

type Outcome = {
  result: 'succeeded' | 'retry' | 'failed'
  responseStatus: number | null
  responseExcerpt: string | null
  error: string | null
  /** From Retry-After, when the receiver sent one. */
  retryAfterMs: number | null
}

const EXCERPT_CHARS = 1000
const RETRY_STATUSES = new Set([408, 425, 429])

function retryAfterMs(value: string | string[] | undefined, now: number) {
  const text = Array.isArray(value) ? value[0] : value
  if (!text) return null
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

function classify(response: SafeResponse, now: number): Outcome {
  const status = response.status
  const excerpt = response.body.slice(0, EXCERPT_CHARS) || null
  if (status >= 200 && status < 300)
    return {
      result: 'succeeded',
      responseStatus: status,
      responseExcerpt: excerpt,
      error: null,
      retryAfterMs: null,
    }
  const retry = status >= 500 || RETRY_STATUSES.has(status)
  return {
    result: retry ? 'retry' : 'failed',
    responseStatus: status,
    responseExcerpt: excerpt,
    error: `HTTP ${status}`,
    retryAfterMs: retry ? retryAfterMs(response.headers['retry-after'], now) : null,
  }
}

function failure(error: unknown): Outcome {
  if (error instanceof SafeFetchError) {
    // A refused address or a bad URL will not get better by waiting.
    const permanent = error.code === 'blocked_address' || error.code === 'invalid_url'
    return {
      result: permanent ? 'failed' : 'retry',
      responseStatus: null,
      responseExcerpt: null,
      error: `${error.code}: ${error.message}`,
      retryAfterMs: null,
    }
  }
  return {
    result: 'retry',
    responseStatus: null,
    responseExcerpt: null,
    error: error instanceof Error ? error.message : String(error),
    retryAfterMs: null,
  }
}

const isActive = (webhook: Webhook) => webhook.active && webhook.disabledAt === null

/**
 * The pending deliveries of a webhook, in the order they were written (rowid); `manual`: only test
 * events and resends.
 */
const pendingOf = (tx: Tx | Db, webhookId: string, manual = false) =>
  tx
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, webhookId),
        eq(webhookDeliveries.status, 'pending'),
        manual ? isNull(webhookDeliveries.eventId) : undefined,
      ),
    )
    .orderBy(asc(sql`${webhookDeliveries}.rowid`))

type Next = { kind: 'none' } | { kind: 'wait'; at: number } | { kind: 'send'; delivery: Delivery }

/**
 * The delivery to send now. Active webhook: the oldest pending one (events in order); when it
 * waits for a retry, a due test event or resend may go first. Inactive: test events and resends
 * only, once each.
 */
function nextDelivery(db: Tx | Db, webhook: Webhook, now: number): Next {
  const due = (d: Delivery) => d.nextAttemptAt === null || d.nextAttemptAt <= now
  if (!isActive(webhook)) {
    const first = pendingOf(db, webhook.id, true).limit(1).get()
    return first ? { kind: 'send', delivery: first } : { kind: 'none' }
  }
  const head = pendingOf(db, webhook.id).limit(1).get()
  if (!head) return { kind: 'none' }
  if (due(head)) return { kind: 'send', delivery: head }
  const waiting = pendingOf(db, webhook.id, true).all()
  const manual = waiting.find(due)
  if (manual) return { kind: 'send', delivery: manual }
  const at = Math.min(head.nextAttemptAt!, ...waiting.map((d) => d.nextAttemptAt ?? now))
  return { kind: 'wait', at }
}

/** Tells the admins' delivery log about a delivery as it is now. */
function announceDelivery(tx: Tx, delivery: Delivery) {
  emit(tx, {
    type: 'webhook.delivery',
    companyId: delivery.companyId,
    audience: { type: 'admins' },
    payload: {
      webhookId: delivery.webhookId,
      deliveryId: delivery.id,
      status: delivery.status,
      eventType: delivery.eventType,
      attempts: delivery.attempts,
      responseStatus: delivery.responseStatus,
      nextAttemptAt: delivery.nextAttemptAt,
    },
  })
}

/** Turns the webhook off after 24 h of failures: its pending deliveries fail, admins hear it. */
function disableWebhook(tx: Tx, webhook: Webhook, now: number, lastError: string) {
  // The page says "failed for 24 hours"; the reason is what the last attempt got.
  const reason = lastError
  tx.update(webhooks)
    .set({ active: false, disabledAt: now, disabledReason: reason, updatedAt: now })
    .where(eq(webhooks.id, webhook.id))
    .run()
  const dropped = tx
    .update(webhookDeliveries)
    .set({
      status: 'failed',
      nextAttemptAt: null,
      error: 'webhook disabled after 24 h of failures',
    })
    .where(
      and(eq(webhookDeliveries.webhookId, webhook.id), eq(webhookDeliveries.status, 'pending')),
    )
    .returning()
    .all()
  for (const delivery of dropped) announceDelivery(tx, delivery)
  audit(tx, systemActor(webhook.companyId), {
    action: 'webhook.disabled',
    entityType: 'webhook',
    entityId: webhook.id,
    details: { reason, failingSince: webhook.failingSince },
  })
  emit(tx, {
    type: 'webhook.disabled',
    companyId: webhook.companyId,
    audience: { type: 'admins' },
    payload: { webhookId: webhook.id, name: webhook.name, reason, disabledAt: now },
  })
  logger.warn({ webhookId: webhook.id, reason }, 'webhook disabled')
}

/** One HTTP attempt of one delivery, recorded before and after. */
async function attempt(db: Db, webhook: Webhook, delivery: Delivery, deps: DeliverDeps) {
  const now = deps.now ?? Date.now
  const startedAt = now()
  const attemptId = newId()
  const number = transaction(db, (tx) => {
    // An attempt a crash interrupted stays in the log as such; its number is never used again.
    tx.update(webhookAttempts)
      .set({ finishedAt: startedAt, error: 'interrupted (the server restarted)' })
      .where(and(eq(webhookAttempts.deliveryId, delivery.id), isNull(webhookAttempts.finishedAt)))
      .run()
    tx.insert(webhookAttempts).values({ id: attemptId, deliveryId: delivery.id, startedAt }).run()
    return tx
      .update(webhookDeliveries)
      .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: startedAt })
      .where(eq(webhookDeliveries.id, delivery.id))
      .returning({ attempts: webhookDeliveries.attempts })
      .get()!.attempts
  })
  const body = delivery.body
  let outcome: Outcome
  try {
    const response = await (deps.fetch ?? safeFetch)(webhook.url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Balcao-Webhooks/1',
        [EVENT_HEADER]: delivery.eventType,
        [DELIVERY_HEADER]: delivery.id,
        [ATTEMPT_HEADER]: String(number),
        [SIGNATURE_HEADER]: signPayload(webhook.secret, body, Math.floor(startedAt / 1000)),
      },
      allowedHosts: companyAllowedHosts(db, webhook.companyId),
      timeoutMs: deliveryPolicy.timeoutMs,
      resolve: deps.resolve,
    })
    outcome = classify(response, now())
  } catch (error) {
    outcome = failure(error)
  }
  const finishedAt = now()
  const latencyMs = Math.max(0, finishedAt - startedAt)
  if (!db.$client.open) return
  transaction(db, (tx) => {
    tx.update(webhookAttempts)
      .set({
        finishedAt,
        responseStatus: outcome.responseStatus,
        latencyMs,
        responseExcerpt: outcome.responseExcerpt,
        error: outcome.error,
      })
      .where(eq(webhookAttempts.id, attemptId))
      .run()
    // The webhook as it is now: an admin may have turned it off or on meanwhile.
    const current = tx.select().from(webhooks).where(eq(webhooks.id, webhook.id)).get()
    const active = current ? isActive(current) : false
    const common = {
      responseStatus: outcome.responseStatus,
      latencyMs,
      responseExcerpt: outcome.responseExcerpt,
      error: outcome.error,
    }
    if (outcome.result === 'succeeded') {
      const done = tx
        .update(webhookDeliveries)
        .set({ ...common, status: 'succeeded', nextAttemptAt: null, deliveredAt: finishedAt })
        .where(eq(webhookDeliveries.id, delivery.id))
        .returning()
        .get()
      if (done) announceDelivery(tx, done)
      if (current && active) {
        if (current.failingSince !== null)
          tx.update(webhooks).set({ failingSince: null }).where(eq(webhooks.id, webhook.id)).run()
        // The endpoint answers again: a retry waiting for later goes now.
        tx.update(webhookDeliveries)
          .set({ nextAttemptAt: finishedAt })
          .where(
            and(
              eq(webhookDeliveries.webhookId, webhook.id),
              eq(webhookDeliveries.status, 'pending'),
              sql`${webhookDeliveries.nextAttemptAt} > ${finishedAt}`,
            ),
          )
          .run()
      }
      return
    }
    const failingSince = current?.failingSince ?? startedAt
    // A test event or a resend to a webhook that is off: one attempt only. An event's delivery
    // stays pending when an admin paused the webhook during the request: it goes, in its place,
    // when the webhook is on again.
    const retry = outcome.result === 'retry' && (active || delivery.eventId !== null)
    const wait = Math.max(
      retryDelayMs(number, deps.random),
      Math.min(outcome.retryAfterMs ?? 0, deliveryPolicy.maxDelayMs),
    )
    const updated = tx
      .update(webhookDeliveries)
      .set({
        ...common,
        status: retry ? 'pending' : 'failed',
        nextAttemptAt: retry ? finishedAt + wait : null,
      })
      .where(eq(webhookDeliveries.id, delivery.id))
      .returning()
      .get()
    if (updated) announceDelivery(tx, updated)
    // Only failures worth retrying (timeouts, 5xx, 429, the network) make the receiver
    // "failing": a 4xx is an answer from a receiver that is up, and counting it would let an old
    // refusal plus one brief outage a day later look like 24 h of failures.
    if (!current || !active || outcome.result !== 'retry') return
    if (current.failingSince === null)
      tx.update(webhooks).set({ failingSince }).where(eq(webhooks.id, webhook.id)).run()
    if (finishedAt - failingSince >= deliveryPolicy.disableAfterMs)
      disableWebhook(tx, { ...current, failingSince }, finishedAt, outcome.error ?? 'failed')
  })
}

/**
 * The job: sends the webhook's deliveries that are due, in order, until none is (then it is done,
 * or comes back when the next retry is due), or until it has used its share (then it yields).
 */
export async function deliverWebhook(
  db: Db,
  webhookId: string,
  deps: DeliverDeps = {},
): Promise<JobResult> {
  const now = deps.now ?? Date.now
  const started = now()
  for (let sent = 0; sent < deliveryPolicy.maxPerRun; sent++) {
    if (!db.$client.open) return
    const webhook = db.select().from(webhooks).where(eq(webhooks.id, webhookId)).get()
    if (!webhook) return
    const next = nextDelivery(db, webhook, now())
    if (next.kind === 'none') return
    if (next.kind === 'wait') return { rescheduleAt: next.at }
    await attempt(db, webhook, next.delivery, deps)
    if (now() - started > deliveryPolicy.runBudgetMs) return { rescheduleAt: now() }
  }
  return { rescheduleAt: now() }
}

export function registerWebhookJobs(db: Db, deps: DeliverDeps = {}) {
  registerJobHandler(WEBHOOK_DELIVER_JOB, (job: WebhookDeliverJob) =>
    deliverWebhook(db, job.webhookId, deps),
  )
}

/**
 * The safety net (runtime: at start and every 30 s): every webhook with something to send has its
 * job, due when that is — a delivery written while its job was finishing, or a test event written
 * while the job was waiting for a later retry, would otherwise wait. Returns how many jobs it
 * queued or brought forward.
 */
export function ensureDeliveryJobs(db: Db, now = Date.now()) {
  return transaction(db, (tx) => {
    const pending = tx
      .selectDistinct({ id: webhookDeliveries.webhookId })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.status, 'pending'))
      .all()
    let woken = 0
    for (const { id } of pending) {
      const webhook = tx.select().from(webhooks).where(eq(webhooks.id, id)).get()
      if (!webhook) continue
      const next = nextDelivery(tx, webhook, now)
      if (next.kind === 'none') continue
      const runAt = next.kind === 'send' ? now : next.at
      const queued = tx
        .select({ runAt: jobs.runAt, status: jobs.status })
        .from(jobs)
        .where(
          and(eq(jobs.dedupeKey, deliveryJobKey(id)), inArray(jobs.status, ['queued', 'running'])),
        )
        .all()
      if (queued.some((job) => job.status === 'running' || job.runAt <= runAt)) continue
      if (wakeWebhook(tx, webhook, { runAt, bringForward: true })) woken++
    }
    return woken
  })
}

// ---- for the Integrações page (admins) ----

function companyWebhook(db: Db, actor: Actor, webhookId: string) {
  if (!isAdmin(actor)) throw forbidden()
  const webhook = db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.companyId, actor.companyId)))
    .get()
  if (!webhook) throw notFound('Webhook')
  return webhook
}

/**
 * "Enviar evento de teste": a `webhook.test` body to the webhook, now, even when it is off (to try
 * it before turning it on). Returns the new delivery's id.
 */
export function sendTestEvent(db: Db, actor: Actor, webhookId: string) {
  const webhook = companyWebhook(db, actor, webhookId)
  return transaction(db, (tx) => {
    const id = newId()
    const now = Date.now()
    queueManualDelivery(tx, webhook, {
      id,
      eventType: WEBHOOK_TEST_EVENT,
      body: webhookBody({
        id: `evt_test_${id}`,
        type: WEBHOOK_TEST_EVENT,
        createdAt: now,
        companyId: webhook.companyId,
        data: { webhookId: webhook.id, name: webhook.name, message: 'Balcão test event' },
      }),
    })
    return { deliveryId: id }
  })
}

/** A delivery no outbox event made (a test event, a resend), sent next: it skips a waiting retry. */
function queueManualDelivery(
  tx: Tx,
  webhook: Webhook,
  delivery: { id: string; eventType: string; body: string },
) {
  tx.insert(webhookDeliveries)
    .values({ ...delivery, companyId: webhook.companyId, webhookId: webhook.id, eventId: null })
    .run()
  wakeWebhook(tx, webhook, { bringForward: true })
}

/**
 * "Reenviar": the same body again (the same event id, so a receiver that already has it can tell)
 * as a new delivery, now. Returns the new delivery's id.
 */
export function resendDelivery(db: Db, actor: Actor, deliveryId: string) {
  if (!isAdmin(actor)) throw forbidden()
  const original = db
    .select()
    .from(webhookDeliveries)
    .where(
      and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.companyId, actor.companyId)),
    )
    .get()
  if (!original) throw notFound('Delivery')
  const webhook = companyWebhook(db, actor, original.webhookId)
  return transaction(db, (tx) => {
    const id = newId()
    queueManualDelivery(tx, webhook, { id, eventType: original.eventType, body: original.body })
    audit(tx, actor, {
      action: 'webhook.resend',
      entityType: 'webhook',
      entityId: webhook.id,
      details: { deliveryId: original.id, resendId: id, eventType: original.eventType },
    })
    return { deliveryId: id }
  })
}
