/**
 * Administração › Integrações: a company's webhooks (where its events are POSTed, signed with the
 * webhook's secret), their delivery log and the hosts webhooks may reach on private addresses.
 * Admins only; every read and write is scoped to the actor's company. Delivering is the relay's
 * and the job's (relay.server.ts, deliver.server.ts).
 */
import crypto from 'node:crypto'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { type Actor, isAdmin } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { DomainError, forbidden, notFound } from '#app/domain/errors.ts'
import { lastEventId, transaction } from '#app/domain/outbox.server.ts'
import { getSetting, setSetting } from '#app/domain/settings/settings.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { wakeWebhook } from './relay.server.ts'
import { webhookAttempts, webhookDeliveries, webhooks } from '#db/schema/webhooks.ts'
import {
  DELIVERY_PAGE_SIZE,
  type DeliveryFilter,
  MAX_ALLOWED_HOSTS,
  MAX_WEBHOOKS,
  normalizeHost,
  type WebhookInput,
} from './webhook-schema.ts'

/** A new signing secret: `whsec_` and 32 random base64url characters. */
export function newWebhookSecret() {
  return `whsec_${crypto.randomBytes(24).toString('base64url')}`
}

const isOn = (webhook: { active: boolean; disabledAt: number | null }) =>
  webhook.active && webhook.disabledAt === null

function requireAdmin(actor: Actor) {
  if (!isAdmin(actor)) throw forbidden()
}

const lastDelivery = <T>(column: string) =>
  sql<T | null>`(select d.${sql.raw(column)} from webhook_deliveries d where d.webhook_id = "webhooks"."id" order by d.rowid desc limit 1)`

/**
 * How many of the company's webhooks Balcão turned off (failing for 24 h) and no admin has turned
 * on again: the admins' menu shows it beside Integrações. 0 for everyone else.
 */
export function countWebhooksTurnedOff(db: DbOrTx, actor: Actor) {
  if (!isAdmin(actor)) return 0
  return (
    db
      .select({ count: sql<number>`count(*)` })
      .from(webhooks)
      .where(and(eq(webhooks.companyId, actor.companyId), sql`${webhooks.disabledAt} is not null`))
      .get()?.count ?? 0
  )
}

/**
 * The Integrações list: each webhook with its state (active, failing since, turned off by
 * Balcão) and its last delivery. Never the secret.
 */
export function listWebhooks(db: DbOrTx, actor: Actor) {
  requireAdmin(actor)
  return db
    .select({
      id: webhooks.id,
      name: webhooks.name,
      url: webhooks.url,
      events: webhooks.events,
      active: webhooks.active,
      failingSince: webhooks.failingSince,
      disabledAt: webhooks.disabledAt,
      disabledReason: webhooks.disabledReason,
      createdAt: webhooks.createdAt,
      lastStatus: lastDelivery<string>('status'),
      lastDeliveryAt: lastDelivery<number>('created_at'),
      pendingCount: sql<number>`(select count(*) from webhook_deliveries d where d.webhook_id = "webhooks"."id" and d.status = 'pending')`,
    })
    .from(webhooks)
    .where(eq(webhooks.companyId, actor.companyId))
    .orderBy(asc(webhooks.createdAt), asc(webhooks.id))
    .all()
}

export type WebhookListRow = ReturnType<typeof listWebhooks>[number]

function findWebhook(db: DbOrTx, actor: Actor, webhookId: string) {
  requireAdmin(actor)
  const row = db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.companyId, actor.companyId)))
    .get()
  if (!row) throw notFound('Webhook')
  return row
}

/** One webhook for its page and its edit form, with its secret (admins see and copy it). */
export function getWebhook(db: DbOrTx, actor: Actor, webhookId: string) {
  const { companyId: _company, ...webhook } = findWebhook(db, actor, webhookId)
  return webhook
}

function assertNameFree(tx: Tx, actor: Actor, name: string, exceptId?: string) {
  const clash = tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      and(eq(webhooks.companyId, actor.companyId), sql`lower(${webhooks.name}) = lower(${name})`),
    )
    .get()
  if (clash && clash.id !== exceptId)
    throw new DomainError('Name taken', 'validation.nameTaken', 422, 'name')
}

/** A new webhook, active, with a new secret. */
export function createWebhook(db: Db, actor: Actor, input: WebhookInput) {
  requireAdmin(actor)
  return transaction(db, (tx) => {
    const count =
      tx
        .select({ n: sql<number>`count(*)` })
        .from(webhooks)
        .where(eq(webhooks.companyId, actor.companyId))
        .get()?.n ?? 0
    if (count >= MAX_WEBHOOKS)
      throw new DomainError('Webhook limit reached', 'webhooks.limitReached', 409, undefined, {
        max: MAX_WEBHOOKS,
      })
    assertNameFree(tx, actor, input.name)
    const row = tx
      .insert(webhooks)
      .values({
        companyId: actor.companyId,
        name: input.name,
        url: input.url,
        events: input.events,
        secret: newWebhookSecret(),
        // It hears what happens from now on.
        relayAfterEventId: lastEventId(tx),
      })
      .returning({ id: webhooks.id, name: webhooks.name })
      .get()
    audit(tx, actor, {
      action: 'webhook.created',
      entityType: 'webhook',
      entityId: row.id,
      details: { name: input.name, url: input.url, events: input.events },
    })
    return row
  })
}

/** Name, URL and events. Deliveries already written keep the body they were frozen with. */
export function updateWebhook(db: Db, actor: Actor, webhookId: string, input: WebhookInput) {
  const before = findWebhook(db, actor, webhookId)
  return transaction(db, (tx) => {
    assertNameFree(tx, actor, input.name, webhookId)
    const row = tx
      .update(webhooks)
      .set({
        name: input.name,
        url: input.url,
        events: input.events,
        // Another receiver: the old one's failures say nothing about it.
        ...(input.url === before.url ? {} : { failingSince: null }),
      })
      .where(and(eq(webhooks.id, webhookId), eq(webhooks.companyId, actor.companyId)))
      .returning({ id: webhooks.id, name: webhooks.name })
      .get()
    if (!row) throw notFound('Webhook')
    audit(tx, actor, {
      action: 'webhook.updated',
      entityType: 'webhook',
      entityId: webhookId,
      details: { name: input.name, url: input.url, events: input.events },
    })
    return row
  })
}

/** Deletes a webhook with its delivery log (pending deliveries are never sent). */
export function deleteWebhook(db: Db, actor: Actor, webhookId: string) {
  const webhook = findWebhook(db, actor, webhookId)
  transaction(db, (tx) => {
    tx.delete(webhooks)
      .where(and(eq(webhooks.id, webhookId), eq(webhooks.companyId, actor.companyId)))
      .run()
    audit(tx, actor, {
      action: 'webhook.deleted',
      entityType: 'webhook',
      entityId: webhookId,
      details: { name: webhook.name, url: webhook.url },
    })
  })
  return { id: webhook.id, name: webhook.name }
}

/**
 * Turns a webhook on or off. Turning it on (also after Balcão turned it off for failing) starts
 * afresh: no "failing since", no disabled notice, and its delivery job is woken for what was
 * pending. While off, no new deliveries are written.
 */
export function setWebhookActive(db: Db, actor: Actor, webhookId: string, active: boolean) {
  const webhook = findWebhook(db, actor, webhookId)
  return transaction(db, (tx) => {
    tx.update(webhooks)
      .set(
        active
          ? {
              active: true,
              // Turned on again: it hears what happens from now on, not what it missed while
              // off (deliveries it had before stay pending and go out first).
              ...(isOn(webhook) ? {} : { relayAfterEventId: lastEventId(tx) }),
              disabledAt: null,
              disabledReason: null,
              failingSince: null,
            }
          : { active: false },
      )
      .where(and(eq(webhooks.id, webhookId), eq(webhooks.companyId, actor.companyId)))
      .run()
    audit(tx, actor, {
      action: active ? 'webhook.enabled' : 'webhook.paused',
      entityType: 'webhook',
      entityId: webhookId,
      details: { name: webhook.name, ...(webhook.disabledAt ? { wasDisabledBySystem: true } : {}) },
    })
    // Deliveries that waited while it was off go out now, oldest first.
    if (active) wakeWebhook(tx, webhook)
    return { id: webhook.id, name: webhook.name, active }
  })
}

/**
 * A new signing secret ("gerar novo segredo"): the next attempt is signed with it, so the
 * receiver must be updated at once. Returns the secret.
 */
export function regenerateWebhookSecret(db: Db, actor: Actor, webhookId: string) {
  const webhook = findWebhook(db, actor, webhookId)
  const secret = newWebhookSecret()
  transaction(db, (tx) => {
    tx.update(webhooks)
      .set({ secret })
      .where(and(eq(webhooks.id, webhookId), eq(webhooks.companyId, actor.companyId)))
      .run()
    audit(tx, actor, {
      action: 'webhook.secret_regenerated',
      entityType: 'webhook',
      entityId: webhookId,
      details: { name: webhook.name },
    })
  })
  return { id: webhook.id, name: webhook.name, secret }
}

/**
 * The delivery log of one webhook: newest first, `DELIVERY_PAGE_SIZE` a page (`before`: the last
 * id of the previous page), optionally one status; each delivery with its attempts, oldest first.
 * `nextBefore`: the cursor of the next page, null on the last.
 */
export function listWebhookDeliveries(
  db: DbOrTx,
  actor: Actor,
  webhookId: string,
  filter: DeliveryFilter = {},
  limit = DELIVERY_PAGE_SIZE,
) {
  findWebhook(db, actor, webhookId)
  const rows = db
    .select({
      id: webhookDeliveries.id,
      eventId: webhookDeliveries.eventId,
      eventType: webhookDeliveries.eventType,
      body: webhookDeliveries.body,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      responseStatus: webhookDeliveries.responseStatus,
      latencyMs: webhookDeliveries.latencyMs,
      responseExcerpt: webhookDeliveries.responseExcerpt,
      error: webhookDeliveries.error,
      createdAt: webhookDeliveries.createdAt,
      deliveredAt: webhookDeliveries.deliveredAt,
    })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.companyId, actor.companyId),
        eq(webhookDeliveries.webhookId, webhookId),
        filter.status ? eq(webhookDeliveries.status, filter.status) : undefined,
        filter.before
          ? sql`${webhookDeliveries}.rowid < (select b.rowid from webhook_deliveries b where b.id = ${filter.before})`
          : undefined,
      ),
    )
    // Insertion order: ids are time-sortable only to the millisecond.
    .orderBy(sql`${webhookDeliveries}.rowid desc`)
    .limit(limit + 1)
    .all()
  const page = rows.slice(0, limit)
  const ids = page.map((row) => row.id)
  const attempts = ids.length
    ? db
        .select({
          id: webhookAttempts.id,
          deliveryId: webhookAttempts.deliveryId,
          startedAt: webhookAttempts.startedAt,
          finishedAt: webhookAttempts.finishedAt,
          responseStatus: webhookAttempts.responseStatus,
          latencyMs: webhookAttempts.latencyMs,
          responseExcerpt: webhookAttempts.responseExcerpt,
          error: webhookAttempts.error,
        })
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, ids))
        .orderBy(asc(webhookAttempts.startedAt), asc(webhookAttempts.id))
        .all()
    : []
  const byDelivery = new Map<string, Array<Omit<(typeof attempts)[number], 'deliveryId'>>>()
  for (const { deliveryId, ...attempt } of attempts) {
    const list = byDelivery.get(deliveryId) ?? []
    list.push(attempt)
    byDelivery.set(deliveryId, list)
  }
  return {
    deliveries: page.map((row) => ({ ...row, attemptLog: byDelivery.get(row.id) ?? [] })),
    nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  }
}

export type DeliveryRow = ReturnType<typeof listWebhookDeliveries>['deliveries'][number]

/** Hosts the company's webhooks may reach on private or local addresses. */
export function getAllowedHosts(db: DbOrTx, actor: Actor) {
  requireAdmin(actor)
  return getSetting(db, actor.companyId, 'integrations.allowedHosts')
}

/** Replaces the allowlist (normalized, without repeats). */
export function setAllowedHosts(db: Db, actor: Actor, hosts: readonly string[]) {
  requireAdmin(actor)
  const normalized: string[] = []
  for (const entry of hosts) {
    const host = normalizeHost(entry)
    if (!host)
      throw new DomainError('Not a host', 'validation.allowedHost', 422, 'hosts', { host: entry })
    if (!normalized.includes(host)) normalized.push(host)
  }
  if (normalized.length > MAX_ALLOWED_HOSTS)
    throw new DomainError('Too many hosts', 'validation.allowedHostsTooMany', 422, 'hosts', {
      count: MAX_ALLOWED_HOSTS,
    })
  setSetting(db, actor, 'integrations.allowedHosts', normalized)
  return normalized
}
