import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import { type SafeFetchOptions, type SafeResponse } from '#app/utils/safe-fetch.server.ts'
import { auditLog, events, jobs, settings } from '#db/schema/system.ts'
import {
  eventCursors,
  webhookAttempts,
  webhookDeliveries,
  webhooks,
  type WebhookEvent,
} from '#db/schema/webhooks.ts'
import {
  addConnection,
  createCompany,
  createUser,
  customerWrites,
  domainErrorOf,
} from '#tests/db-utils.ts'
import { startReceiver } from '#tests/webhook-receiver.ts'
import { setWebhookActive, updateWebhook } from './webhooks.server.ts'
import {
  deliverWebhook,
  deliveryPolicy,
  ensureDeliveryJobs,
  resendDelivery,
  retryDelayMs,
  sendTestEvent,
} from './deliver.server.ts'
import { webhookBodySchema } from './payloads.ts'
import { deliveryJobKey, pruneWebhookDeliveries, relayCursor, relayEvents } from './relay.server.ts'
import { verifySignature } from './signature.ts'

const HOUR = 60 * 60 * 1000
const SECRET = 'whsec_test_secret'

function addWebhook(
  companyId: string,
  url: string,
  events: WebhookEvent[] = ['ticket.created', 'message.received', 'contact.created'],
  overrides: Partial<typeof webhooks.$inferInsert> = {},
) {
  return db
    .insert(webhooks)
    .values({ companyId, name: 'n8n', url, events, secret: SECRET, ...overrides })
    .returning()
    .get()
}

function allowHosts(companyId: string, hosts: string[]) {
  db.insert(settings)
    .values({ companyId, key: 'integrations.allowedHosts', value: hosts })
    .onConflictDoUpdate({ target: [settings.companyId, settings.key], set: { value: hosts } })
    .run()
}

const deliveriesOf = (webhookId: string) =>
  db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(sql`rowid`)
    .all()

const webhookRow = (id: string) => db.select().from(webhooks).where(eq(webhooks.id, id)).get()!

/** A fetch that answers from a list (the last one repeats), recording what it was sent. */
function scriptedFetch(statuses: Array<number | Error>) {
  const calls: Array<{ url: string; options: SafeFetchOptions }> = []
  const fetch = async (url: string, options: SafeFetchOptions = {}): Promise<SafeResponse> => {
    calls.push({ url, options })
    const next = statuses[Math.min(calls.length - 1, statuses.length - 1)]!
    if (next instanceof Error) throw next
    return { status: next, headers: {}, body: `status ${next}`, truncated: false, url }
  }
  return { fetch, calls }
}

let savedPolicy: typeof deliveryPolicy
beforeAll(() => {
  savedPolicy = { ...deliveryPolicy }
})
afterAll(() => {
  Object.assign(deliveryPolicy, savedPolicy)
})

beforeEach(() => {
  // Each test starts with the relay caught up and no webhook of earlier tests active.
  db.update(webhooks).set({ active: false }).run()
  relayEvents(db)
  db.delete(jobs).run()
})

describe('relayEvents', () => {
  test('writes one delivery per subscribed webhook of the company, once per event, and wakes its job', async () => {
    const company = createCompany(db)
    const other = createCompany(db)
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'http://127.0.0.1:9/a')
    const onlyTickets = addWebhook(company.id, 'http://127.0.0.1:9/b', ['ticket.created'])
    const off = addWebhook(company.id, 'http://127.0.0.1:9/c', undefined, { active: false })
    const foreign = addWebhook(other.id, 'http://127.0.0.1:9/d')

    customerWrites(db, connection, { phone: '5511911112222' })
    expect(relayEvents(db)).toBe(4)
    expect(relayEvents(db)).toBe(0) // the durable cursor: nothing twice

    expect(
      deliveriesOf(hook.id)
        .map((d) => d.eventType)
        .sort(),
    ).toEqual(['contact.created', 'message.received', 'ticket.created'])
    expect(deliveriesOf(onlyTickets.id).map((d) => d.eventType)).toEqual(['ticket.created'])
    expect(deliveriesOf(off.id)).toEqual([])
    expect(deliveriesOf(foreign.id)).toEqual([])
    // A ticket event is several outbox rows (one per audience): one delivery all the same.
    const ticketRows = db.select().from(events).where(eq(events.type, 'ticket.created')).all()
    expect(ticketRows.length).toBeGreaterThan(0)
    for (const delivery of deliveriesOf(hook.id)) {
      const body = webhookBodySchema.parse(JSON.parse(delivery.body))
      expect(body.id).toBe(`evt_${delivery.eventId}`)
      expect(body.companyId).toBe(company.id)
      expect(delivery.companyId).toBe(company.id)
    }
    const queued = db.select().from(jobs).all()
    expect(queued.map((j) => j.dedupeKey).sort()).toEqual(
      [deliveryJobKey(hook.id), deliveryJobKey(onlyTickets.id)].sort(),
    )
    expect(relayCursor(db)).toBe(
      db.select({ id: events.id }).from(events).orderBy(events.id).all().at(-1)!.id,
    )
  })

  test('with no active webhook anywhere, a few events cost no write (the cursor stays)', () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    const before = relayCursor(db)
    customerWrites(db, connection, { phone: '5511922223333' })
    expect(relayEvents(db)).toBe(0)
    expect(relayCursor(db)).toBe(before)
  })

  test('a webhook gets only events that happened after it was created', () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    transaction(db, (tx) =>
      emit(tx, {
        type: 'contact.created',
        companyId: company.id,
        audience: { type: 'company' },
        payload: { contactId: 'nope' },
      }),
    )
    customerWrites(db, connection, { phone: '5511933334444' })
    // The relay has not run yet: the webhook is created after those events.
    const hook = addWebhook(company.id, 'http://127.0.0.1:9/late', undefined, {
      createdAt: Date.now() + 1,
    })
    relayEvents(db)
    expect(deliveriesOf(hook.id)).toEqual([])
  })

  test('relays in batches: a cursor moved batch by batch, nothing skipped or doubled', () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'http://127.0.0.1:9/batches', ['message.received'])
    for (let i = 0; i < 7; i++)
      customerWrites(db, connection, { phone: '5511955556666', text: `m${i}` })
    relayEvents(db, { batchSize: 2 })
    const texts = deliveriesOf(hook.id).map(
      (d) => (JSON.parse(d.body) as { data: { message: { body: string } } }).data.message.body,
    )
    expect(texts).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6'])
  })

  test('the sweep queues the job of a webhook with pending deliveries and none queued', () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'http://127.0.0.1:9/sweep')
    customerWrites(db, connection, { phone: '5511977778888' })
    relayEvents(db)
    db.delete(jobs).run()
    expect(ensureDeliveryJobs(db)).toBe(1)
    expect(ensureDeliveryJobs(db)).toBe(0)
    expect(db.select().from(jobs).get()?.dedupeKey).toBe(deliveryJobKey(hook.id))
  })
})

describe('deliverWebhook over HTTP', () => {
  test('POSTs each delivery in order, signed, with its headers; 2xx succeeds', async () => {
    const receiver = await startReceiver()
    try {
      const company = createCompany(db)
      allowHosts(company.id, ['127.0.0.1'])
      const connection = addConnection(db, company.id)
      const hook = addWebhook(company.id, `${receiver.url}/hook`, ['message.received'])
      for (let i = 0; i < 5; i++)
        customerWrites(db, connection, { phone: '5511900001111', text: `n${i}` })
      relayEvents(db)

      expect(await deliverWebhook(db, hook.id)).toBeUndefined()

      expect(receiver.requests.map((r) => JSON.parse(r.body).data.message.body)).toEqual([
        'n0',
        'n1',
        'n2',
        'n3',
        'n4',
      ])
      const deliveries = deliveriesOf(hook.id)
      for (const [i, request] of receiver.requests.entries()) {
        expect(request.method).toBe('POST')
        expect(request.path).toBe('/hook')
        expect(request.headers['content-type']).toMatch(/^application\/json/)
        expect(request.headers['x-balcao-event']).toBe('message.received')
        expect(request.headers['x-balcao-delivery']).toBe(deliveries[i]!.id)
        expect(request.headers['x-balcao-attempt']).toBe('1')
        const header = request.headers['x-balcao-signature'] as string
        expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
        expect(verifySignature({ secret: SECRET, body: request.body, header })).toEqual({
          ok: true,
          timestamp: expect.any(Number),
        })
        expect(request.body).toBe(deliveries[i]!.body)
      }
      for (const delivery of deliveries) {
        expect(delivery).toMatchObject({
          status: 'succeeded',
          attempts: 1,
          responseStatus: 200,
          responseExcerpt: 'ok',
          nextAttemptAt: null,
        })
        expect(delivery.deliveredAt).not.toBeNull()
        const attempts = db
          .select()
          .from(webhookAttempts)
          .where(eq(webhookAttempts.deliveryId, delivery.id))
          .all()
        expect(attempts).toEqual([
          expect.objectContaining({
            responseStatus: 200,
            error: null,
            finishedAt: expect.any(Number),
          }),
        ])
      }
      // The admins' log hears every outcome.
      const live = db
        .select()
        .from(events)
        .where(and(eq(events.type, 'webhook.delivery'), eq(events.companyId, company.id)))
        .all()
      expect(live).toHaveLength(5)
      expect(live[0]).toMatchObject({
        audienceType: 'admins',
        payload: expect.objectContaining({ webhookId: hook.id, status: 'succeeded', attempts: 1 }),
      })
    } finally {
      await receiver.close()
    }
  })

  test('a failing head blocks the ones behind it, then all go in order', async () => {
    let failing = true
    const receiver = await startReceiver(() => (failing ? { status: 503 } : { status: 204 }))
    try {
      const company = createCompany(db)
      allowHosts(company.id, ['127.0.0.1'])
      const connection = addConnection(db, company.id)
      const hook = addWebhook(company.id, receiver.url, ['message.received'])
      for (let i = 0; i < 3; i++)
        customerWrites(db, connection, { phone: '5511900002222', text: `o${i}` })
      relayEvents(db)
      const clock = { now: Date.now() }
      const now = () => clock.now

      const result = await deliverWebhook(db, hook.id, { now, random: () => 0.5 })
      expect(result).toEqual({ rescheduleAt: clock.now + deliveryPolicy.baseDelayMs })
      expect(receiver.requests).toHaveLength(1)
      expect(webhookRow(hook.id).failingSince).toBe(clock.now)
      const [head, ...rest] = deliveriesOf(hook.id)
      expect(head).toMatchObject({
        status: 'pending',
        attempts: 1,
        responseStatus: 503,
        error: 'HTTP 503',
      })
      expect(rest.every((d) => d.attempts === 0)).toBe(true)

      // Not due yet: the job comes back later and sends nothing now.
      expect(await deliverWebhook(db, hook.id, { now })).toEqual({
        rescheduleAt: clock.now + deliveryPolicy.baseDelayMs,
      })
      expect(receiver.requests).toHaveLength(1)

      failing = false
      clock.now += deliveryPolicy.baseDelayMs
      expect(await deliverWebhook(db, hook.id, { now })).toBeUndefined()
      expect(receiver.requests.map((r) => JSON.parse(r.body).data.message.body)).toEqual([
        'o0',
        'o0',
        'o1',
        'o2',
      ])
      expect(receiver.requests[1]!.headers['x-balcao-attempt']).toBe('2')
      expect(deliveriesOf(hook.id).map((d) => d.status)).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
      ])
      expect(webhookRow(hook.id).failingSince).toBeNull()
    } finally {
      await receiver.close()
    }
  })

  test('an address not allowed fails at once (SSRF guard), and so does a 4xx', async () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    // 127.0.0.1 not in the company's allowlist.
    const hook = addWebhook(company.id, 'http://127.0.0.1:9/private', ['message.received'])
    customerWrites(db, connection, { phone: '5511900003333' })
    relayEvents(db)
    expect(await deliverWebhook(db, hook.id)).toBeUndefined()
    expect(deliveriesOf(hook.id)[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^blocked_address/),
    })

    const gone = addWebhook(company.id, 'https://hooks.example.com/x', ['message.received'])
    customerWrites(db, connection, { phone: '5511900003333', text: 'a' })
    customerWrites(db, connection, { phone: '5511900003333', text: 'b' })
    relayEvents(db)
    const { fetch, calls } = scriptedFetch([404, 200])
    expect(await deliverWebhook(db, gone.id, { fetch })).toBeUndefined()
    expect(calls).toHaveLength(2)
    expect(deliveriesOf(gone.id).map((d) => [d.status, d.responseStatus])).toEqual([
      ['failed', 404],
      ['succeeded', 200],
    ])
  })

  test('a 429 waits at least its Retry-After', async () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'https://hooks.example.com/slow', ['message.received'])
    customerWrites(db, connection, { phone: '5511900004444' })
    relayEvents(db)
    const now = Date.now()
    const fetch = async (url: string): Promise<SafeResponse> => ({
      status: 429,
      headers: { 'retry-after': '600' },
      body: '',
      truncated: false,
      url,
    })
    expect(await deliverWebhook(db, hook.id, { fetch, now: () => now, random: () => 0.5 })).toEqual(
      {
        rescheduleAt: now + 600_000,
      },
    )
  })
})

describe('retry schedule and disabling', () => {
  test('delays double from 15 s up to one hour, each within ±20 %', () => {
    const middle = Array.from({ length: 10 }, (_, i) => retryDelayMs(i + 1, () => 0.5))
    expect(middle).toEqual([
      15_000, 30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ])
    expect(retryDelayMs(1, () => 0)).toBe(12_000)
    expect(retryDelayMs(1, () => 1)).toBe(18_000)
    expect(retryDelayMs(30, () => 0.999_999)).toBeLessThanOrEqual(1.2 * HOUR)
  })

  test('a webhook failing for 24 h is retried with backoff, then turned off; admins are told', async () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'https://down.example.com/hook', ['message.received'])
    customerWrites(db, connection, { phone: '5511900005555', text: 'first' })
    customerWrites(db, connection, { phone: '5511900005555', text: 'second' })
    relayEvents(db)
    const start = Date.now()
    const clock = { now: start }
    const { fetch, calls } = scriptedFetch([new Error('ECONNREFUSED')])
    const deps = { fetch, now: () => clock.now }

    const times: number[] = []
    for (let run = 0; run < 100; run++) {
      const result = await deliverWebhook(db, hook.id, deps)
      times.push(clock.now)
      if (!result) break
      expect(result.rescheduleAt).toBeGreaterThan(clock.now)
      clock.now = result.rescheduleAt
    }
    // Attempts every 15 s, 30 s… then hourly, until 24 h have passed since the first failure.
    const gaps = times.slice(1).map((t, i) => t - times[i]!)
    for (const [i, gap] of gaps.entries()) {
      const expected = Math.min(15_000 * 2 ** i, HOUR)
      expect(gap).toBeGreaterThanOrEqual(expected * 0.8)
      expect(gap).toBeLessThanOrEqual(expected * 1.2)
    }
    expect(times.at(-1)! - start).toBeGreaterThanOrEqual(24 * HOUR)
    expect(times.at(-2)! - start).toBeLessThan(24 * HOUR)
    expect(calls.length).toBe(times.length)
    expect(calls.length).toBeGreaterThan(20)
    expect(calls.length).toBeLessThan(40)
    // Only the head was tried (order), and every attempt numbered anew.
    const [head, second] = deliveriesOf(hook.id)
    expect(head).toMatchObject({ status: 'failed', attempts: calls.length })
    expect(second).toMatchObject({ status: 'failed', attempts: 0 })
    expect(head!.error).toMatch(/disabled/)

    const row = webhookRow(hook.id)
    expect(row).toMatchObject({ active: false, disabledAt: clock.now, failingSince: start })
    expect(row.disabledReason).toMatch(/ECONNREFUSED/)
    const disabled = db
      .select()
      .from(events)
      .where(and(eq(events.type, 'webhook.disabled'), eq(events.companyId, company.id)))
      .all()
    expect(disabled).toEqual([
      expect.objectContaining({
        audienceType: 'admins',
        payload: expect.objectContaining({ webhookId: hook.id, name: 'n8n' }),
      }),
    ])
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, hook.id), eq(auditLog.action, 'webhook.disabled')))
        .all(),
    ).toHaveLength(1)
    // Off: the relay writes nothing more for it, and the job finds nothing to send.
    customerWrites(db, connection, { phone: '5511900005555', text: 'third' })
    relayEvents(db)
    expect(deliveriesOf(hook.id)).toHaveLength(2)
    expect(await deliverWebhook(db, hook.id, deps)).toBeUndefined()
  })

  test('a success resets the failing clock', async () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'https://flaky.example.com/hook', ['message.received'])
    customerWrites(db, connection, { phone: '5511900006666' })
    relayEvents(db)
    const clock = { now: Date.now() }
    const { fetch } = scriptedFetch([500, 500, 200])
    let result = await deliverWebhook(db, hook.id, { fetch, now: () => clock.now })
    expect(webhookRow(hook.id).failingSince).toBe(clock.now)
    while (result) {
      clock.now = result.rescheduleAt
      result = await deliverWebhook(db, hook.id, { fetch, now: () => clock.now })
    }
    expect(webhookRow(hook.id)).toMatchObject({ failingSince: null, active: true })
    expect(deliveriesOf(hook.id)[0]).toMatchObject({ status: 'succeeded', attempts: 3 })
  })
})

describe('what counts as failing, and what a webhook turned on again hears', () => {
  test('a 4xx is an answer, not an outage: an old refusal plus one 503 a day later does not turn it off', async () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'https://picky.example.com/hook', ['message.received'])
    const clock = { now: Date.now() }
    customerWrites(db, connection, { phone: '5511900007777', text: 'one' })
    relayEvents(db)
    await deliverWebhook(db, hook.id, { fetch: scriptedFetch([400]).fetch, now: () => clock.now })
    expect(deliveriesOf(hook.id)[0]).toMatchObject({ status: 'failed', responseStatus: 400 })
    expect(webhookRow(hook.id).failingSince).toBeNull()
    clock.now += 25 * HOUR
    customerWrites(db, connection, { phone: '5511900007777', text: 'two' })
    relayEvents(db)
    await deliverWebhook(db, hook.id, { fetch: scriptedFetch([503]).fetch, now: () => clock.now })
    expect(webhookRow(hook.id)).toMatchObject({
      active: true,
      disabledAt: null,
      failingSince: clock.now,
    })
    expect(deliveriesOf(hook.id)[1]).toMatchObject({ status: 'pending', attempts: 1 })
  })

  test('paused during a failed request, an event’s delivery stays pending and goes first when it is on again', async () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    const admin = (await createUser(db, { companyId: company.id, role: 'admin' })).actor
    const hook = addWebhook(company.id, 'https://slow.example.com/hook', ['message.received'])
    customerWrites(db, connection, { phone: '5511900008888', text: 'in flight' })
    relayEvents(db)
    const paused = async (url: string, options: SafeFetchOptions = {}): Promise<SafeResponse> => {
      setWebhookActive(db, admin, hook.id, false)
      void options
      return { status: 503, headers: {}, body: 'down', truncated: false, url }
    }
    await deliverWebhook(db, hook.id, { fetch: paused })
    expect(deliveriesOf(hook.id)[0]).toMatchObject({ status: 'pending', attempts: 1 })
    setWebhookActive(db, admin, hook.id, true)
    const { fetch, calls } = scriptedFetch([200])
    const clock = { now: Date.now() + HOUR }
    await deliverWebhook(db, hook.id, { fetch, now: () => clock.now })
    expect(calls).toHaveLength(1)
    expect(deliveriesOf(hook.id)[0]).toMatchObject({ status: 'succeeded', attempts: 2 })
  })

  test('turned on again, a webhook hears what happens from then on, not what happened while it was off', async () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    const admin = (await createUser(db, { companyId: company.id, role: 'admin' })).actor
    const hook = addWebhook(company.id, 'https://back.example.com/hook', ['message.received'])
    setWebhookActive(db, admin, hook.id, false)
    customerWrites(db, connection, { phone: '5511900009999', text: 'while off' })
    relayEvents(db)
    setWebhookActive(db, admin, hook.id, true)
    relayEvents(db)
    expect(deliveriesOf(hook.id)).toEqual([])
    customerWrites(db, connection, { phone: '5511900009999', text: 'after' })
    relayEvents(db)
    expect(deliveriesOf(hook.id).map((d) => JSON.parse(d.body).data.message.body)).toEqual([
      'after',
    ])
  })

  test('a new URL starts with a clean record', async () => {
    const company = createCompany(db)
    const admin = (await createUser(db, { companyId: company.id, role: 'admin' })).actor
    const hook = addWebhook(company.id, 'https://old.example.com/hook', ['message.received'], {
      failingSince: Date.now() - 20 * HOUR,
    })
    updateWebhook(db, admin, hook.id, {
      name: hook.name,
      url: 'https://old.example.com/hook',
      events: ['message.received'],
    })
    expect(webhookRow(hook.id).failingSince).not.toBeNull()
    updateWebhook(db, admin, hook.id, {
      name: hook.name,
      url: 'https://new.example.com/hook',
      events: ['message.received'],
    })
    expect(webhookRow(hook.id).failingSince).toBeNull()
  })
})

describe('sendTestEvent and resendDelivery', () => {
  test('admins send a test event and resend a delivery: new deliveries, the same body, the job woken', async () => {
    const company = createCompany(db)
    const admin = await createUser(db, { companyId: company.id, role: 'admin' })
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'https://hooks.example.com/t', ['message.received'])
    customerWrites(db, connection, { phone: '5511900007777' })
    relayEvents(db)
    db.delete(jobs).run()

    const { deliveryId } = sendTestEvent(db, admin.actor, hook.id)
    const test = db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId))
      .get()!
    expect(test).toMatchObject({ eventId: null, eventType: 'webhook.test', status: 'pending' })
    expect(JSON.parse(test.body)).toMatchObject({
      id: `evt_test_${deliveryId}`,
      type: 'webhook.test',
      companyId: company.id,
      data: { webhookId: hook.id, name: 'n8n' },
    })
    expect(
      db
        .select()
        .from(jobs)
        .all()
        .map((j) => j.dedupeKey),
    ).toEqual([deliveryJobKey(hook.id)])

    const original = deliveriesOf(hook.id).find((d) => d.eventId !== null)!
    const resent = resendDelivery(db, admin.actor, original.id)
    const copy = db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, resent.deliveryId))
      .get()!
    expect(copy).toMatchObject({
      eventId: null,
      eventType: 'message.received',
      body: original.body,
      status: 'pending',
      webhookId: hook.id,
    })

    const { fetch, calls } = scriptedFetch([200])
    expect(await deliverWebhook(db, hook.id, { fetch })).toBeUndefined()
    expect(calls.map((c) => c.options.headers!['X-Balcao-Event'])).toEqual([
      'message.received',
      'webhook.test',
      'message.received',
    ])
  })

  test('a test event goes even when the webhook is off, and ahead of a head waiting to retry', async () => {
    const company = createCompany(db)
    const admin = await createUser(db, { companyId: company.id, role: 'admin' })
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'https://hooks.example.com/w', ['message.received'])
    customerWrites(db, connection, { phone: '5511900008888' })
    relayEvents(db)
    const clock = { now: Date.now() }
    const failing = scriptedFetch([500])
    await deliverWebhook(db, hook.id, { fetch: failing.fetch, now: () => clock.now })
    const head = deliveriesOf(hook.id)[0]!
    expect(head.nextAttemptAt).toBeGreaterThan(clock.now)

    // The endpoint is fixed: the test event goes first, and its success brings the retry forward.
    sendTestEvent(db, admin.actor, hook.id)
    const ok = scriptedFetch([200])
    expect(
      await deliverWebhook(db, hook.id, { fetch: ok.fetch, now: () => clock.now }),
    ).toBeUndefined()
    expect(ok.calls.map((c) => c.options.headers!['X-Balcao-Event'])).toEqual([
      'webhook.test',
      'message.received',
    ])

    db.update(webhooks).set({ active: false }).where(eq(webhooks.id, hook.id)).run()
    sendTestEvent(db, admin.actor, hook.id)
    const down = scriptedFetch([500])
    expect(await deliverWebhook(db, hook.id, { fetch: down.fetch })).toBeUndefined()
    expect(down.calls).toHaveLength(1)
    // Off: one attempt, no retry, and the webhook's state is left alone.
    expect(deliveriesOf(hook.id).at(-1)).toMatchObject({ status: 'failed', attempts: 1 })
    expect(webhookRow(hook.id).failingSince).toBeNull()
  })

  test('a test event does not wait for the job queued for a later retry; the sweep brings it forward too', async () => {
    const company = createCompany(db)
    const admin = await createUser(db, { companyId: company.id, role: 'admin' })
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'https://hooks.example.com/later', ['message.received'])
    customerWrites(db, connection, { phone: '5511900001313' })
    relayEvents(db)
    db.delete(jobs).run()
    const now = Date.now()
    await deliverWebhook(db, hook.id, { fetch: scriptedFetch([500]).fetch, now: () => now })
    const retryAt = deliveriesOf(hook.id)[0]!.nextAttemptAt!
    // The job as the runner leaves it: queued for the retry.
    expect(ensureDeliveryJobs(db, now)).toBe(1)
    expect(db.select().from(jobs).all()).toEqual([
      expect.objectContaining({ status: 'queued', runAt: retryAt }),
    ])
    expect(ensureDeliveryJobs(db, now)).toBe(0)

    sendTestEvent(db, admin.actor, hook.id)
    const [job] = db.select().from(jobs).all()
    expect(job!.runAt).toBeLessThanOrEqual(Date.now())
    expect(job!.status).toBe('queued')

    // Written behind the runner's back (its job finishing meanwhile): the sweep brings it forward.
    db.update(jobs).set({ runAt: retryAt }).run()
    expect(ensureDeliveryJobs(db)).toBe(1)
    expect(db.select().from(jobs).all()).toEqual([
      expect.objectContaining({ status: 'queued', runAt: expect.any(Number) }),
    ])
    expect(db.select().from(jobs).get()!.runAt).toBeLessThanOrEqual(Date.now())
  })

  test('agents may not; another company’s webhook or delivery is not found', async () => {
    const company = createCompany(db)
    const other = createCompany(db)
    const agent = await createUser(db, { companyId: company.id, role: 'agent' })
    const otherAdmin = await createUser(db, { companyId: other.id, role: 'admin' })
    const connection = addConnection(db, company.id)
    const hook = addWebhook(company.id, 'https://hooks.example.com/i', ['message.received'])
    customerWrites(db, connection, { phone: '5511900009999' })
    relayEvents(db)
    const delivery = deliveriesOf(hook.id)[0]!
    const before = db.select().from(webhookDeliveries).all().length

    expect(domainErrorOf(() => sendTestEvent(db, agent.actor, hook.id)).status).toBe(403)
    expect(domainErrorOf(() => resendDelivery(db, agent.actor, delivery.id)).status).toBe(403)
    expect(domainErrorOf(() => sendTestEvent(db, otherAdmin.actor, hook.id)).status).toBe(404)
    expect(domainErrorOf(() => resendDelivery(db, otherAdmin.actor, delivery.id)).status).toBe(404)
    expect(domainErrorOf(() => resendDelivery(db, otherAdmin.actor, 'missing')).status).toBe(404)
    expect(db.select().from(webhookDeliveries).all()).toHaveLength(before)
  })
})

test('pruning drops finished deliveries past the retention with their attempts, never pending ones', async () => {
  const company = createCompany(db)
  const connection = addConnection(db, company.id)
  const hook = addWebhook(company.id, 'https://hooks.example.com/p', ['message.received'])
  for (let i = 0; i < 3; i++)
    customerWrites(db, connection, { phone: '5511900001212', text: `${i}` })
  relayEvents(db)
  const { fetch } = scriptedFetch([200, 404, 500])
  await deliverWebhook(db, hook.id, { fetch })
  expect(deliveriesOf(hook.id).map((d) => d.status)).toEqual(['succeeded', 'failed', 'pending'])
  const pruned = deliveriesOf(hook.id)
    .filter((d) => d.status !== 'pending')
    .map((d) => d.id)
  expect(
    db
      .select()
      .from(webhookAttempts)
      .all()
      .filter((a) => pruned.includes(a.deliveryId)),
  ).toHaveLength(2)
  const old = Date.now() - 31 * 24 * HOUR
  db.update(webhookDeliveries)
    .set({ createdAt: old })
    .where(eq(webhookDeliveries.webhookId, hook.id))
    .run()
  expect(pruneWebhookDeliveries(db, 30 * 24 * HOUR)).toBe(2)
  expect(deliveriesOf(hook.id).map((d) => d.status)).toEqual(['pending'])
  const kept = deliveriesOf(hook.id)[0]!.id
  const attemptsOf = (ids: string[]) =>
    db
      .select()
      .from(webhookAttempts)
      .all()
      .filter((a) => ids.includes(a.deliveryId))
  expect(attemptsOf(pruned)).toEqual([])
  expect(attemptsOf([kept])).toHaveLength(1)
})

test('the cursor row is named webhooks', () => {
  relayEvents(db)
  expect(
    db
      .select()
      .from(eventCursors)
      .all()
      .map((c) => c.name),
  ).toEqual(['webhooks'])
})
