import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { parseForm } from '#app/utils/forms.ts'
import { db } from '#app/utils/db.server.ts'
import { auditLog, jobs, settings } from '#db/schema/system.ts'
import { webhookAttempts, webhookDeliveries, webhooks } from '#db/schema/webhooks.ts'
import { createCompany, createUser, domainErrorOf } from '#tests/db-utils.ts'
import {
  AllowedHostsSchema,
  DeliveryFilterSchema,
  MAX_WEBHOOKS,
  normalizeHost,
  WEBHOOK_EVENT_GROUPS,
  WEBHOOK_EVENTS,
  WebhookEditorSchema,
} from './webhook-schema.ts'
import {
  countWebhooksTurnedOff,
  createWebhook,
  deleteWebhook,
  getAllowedHosts,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  regenerateWebhookSecret,
  setAllowedHosts,
  setWebhookActive,
  updateWebhook,
} from './webhooks.server.ts'

async function company() {
  const row = createCompany(db)
  const admin = await createUser(db, { companyId: row.id, role: 'admin' })
  const agent = await createUser(db, { companyId: row.id, role: 'agent' })
  return { company: row, admin: admin.actor, agent: agent.actor }
}

const input = (overrides: Partial<{ name: string; url: string; events: string[] }> = {}) =>
  WebhookEditorSchema.parse({
    name: 'n8n',
    url: 'https://n8n.example.com/webhook/balcao',
    events: ['ticket.created', 'message.received'],
    ...overrides,
  })

/** The field errors of a refused submission (none when it passed). */
function errorsOf(submission: ReturnType<typeof parseForm>) {
  return submission.status === 'error' ? (submission.error ?? {}) : {}
}

function form(entries: Array<[string, string]>) {
  const data = new FormData()
  for (const [name, value] of entries) data.append(name, value)
  return data
}

/** A delivery row as the relay writes it, with its attempts. */
function addDelivery(
  companyId: string,
  webhookId: string,
  overrides: Partial<typeof webhookDeliveries.$inferInsert> = {},
  attempts: Array<Partial<typeof webhookAttempts.$inferInsert>> = [],
) {
  const row = db
    .insert(webhookDeliveries)
    .values({
      companyId,
      webhookId,
      eventType: 'ticket.created',
      body: '{"id":"evt_1"}',
      ...overrides,
    })
    .returning()
    .get()
  attempts.forEach((attempt, index) =>
    db
      .insert(webhookAttempts)
      .values({ deliveryId: row.id, startedAt: 1_000 + index, ...attempt })
      .run(),
  )
  return row
}

describe('the editor schema', () => {
  test('accepts http(s) URLs and at least one known event; the events keep the canonical order', () => {
    const parsed = parseForm(
      form([
        ['name', ' Automação '],
        ['url', ' http://127.0.0.1:5678/webhook/x '],
        ['events', 'message.received'],
        ['events', 'ticket.created'],
      ]),
      WebhookEditorSchema,
    )
    expect(parsed.status).toBe('success')
    if (parsed.status !== 'success') return
    expect(parsed.value).toEqual({
      name: 'Automação',
      url: 'http://127.0.0.1:5678/webhook/x',
      events: ['ticket.created', 'message.received'],
    })
  })

  test.each([
    ['ftp://example.com/x', 'validation.webhookUrl'],
    ['javascript:alert(1)', 'validation.webhookUrl'],
    ['https://user:pass@example.com/', 'validation.webhookUrl'],
    ['example.com/hook', 'validation.webhookUrl'],
    ['', 'validation.required'],
    [`https://example.com/${'a'.repeat(2100)}`, 'validation.tooLong'],
  ])('refuses the URL %s', (url, key) => {
    const parsed = parseForm(
      form([
        ['name', 'x'],
        ['url', url],
        ['events', 'ticket.created'],
      ]),
      WebhookEditorSchema,
    )
    expect(parsed.status).toBe('error')
    expect(errorsOf(parsed).url?.[0]?.key).toBe(key)
  })

  test("the form's empty events entry is dropped: with a checked event it passes, alone it is none", () => {
    const one = parseForm(
      form([
        ['name', 'x'],
        ['url', 'https://example.com'],
        ['events', ''],
        ['events', 'contact.updated'],
      ]),
      WebhookEditorSchema,
    )
    expect(one.status === 'success' && one.value.events).toEqual(['contact.updated'])
    const none = parseForm(
      form([
        ['name', 'x'],
        ['url', 'https://example.com'],
        ['events', ''],
      ]),
      WebhookEditorSchema,
    )
    expect(errorsOf(none).events?.[0]?.key).toBe('validation.webhookEvents')
  })

  test('refuses no events and unknown events', () => {
    const none = parseForm(
      form([
        ['name', 'x'],
        ['url', 'https://example.com'],
      ]),
      WebhookEditorSchema,
    )
    expect(errorsOf(none).events?.[0]?.key).toBe('validation.webhookEvents')
    const unknown = parseForm(
      form([
        ['name', 'x'],
        ['url', 'https://example.com'],
        ['events', 'ticket.deleted'],
      ]),
      WebhookEditorSchema,
    )
    expect(unknown.status).toBe('error')
  })

  test('the form groups every event exactly once', () => {
    const grouped = WEBHOOK_EVENT_GROUPS.flatMap((group) => [...group.events])
    expect([...grouped].sort()).toEqual([...WEBHOOK_EVENTS].sort())
  })

  test('hosts: names and IP addresses, normalized; URLs, ports, paths and wildcards refused', () => {
    expect(normalizeHost('N8N.Local')).toBe('n8n.local')
    expect(normalizeHost('127.0.0.1')).toBe('127.0.0.1')
    expect(normalizeHost('[::1]')).toBe('::1')
    expect(normalizeHost('::FFFF:127.0.0.1')).toBe('::ffff:7f00:1')
    expect(normalizeHost('example.com.')).toBe('example.com')
    for (const bad of [
      'http://a.com',
      'a.com:80',
      'a.com/x',
      '*.a.com',
      'a..b',
      'user@a.com',
      ':::',
    ])
      expect(normalizeHost(bad), bad).toBeNull()
    const parsed = AllowedHostsSchema.parse({ hosts: '127.0.0.1\nn8n.internal, 127.0.0.1\n\n' })
    expect(parsed.hosts).toEqual(['127.0.0.1', 'n8n.internal'])
    const refused = parseForm(form([['hosts', 'ok.com\nhttp://bad.com']]), AllowedHostsSchema)
    expect(errorsOf(refused).hosts?.[0]).toEqual({
      key: 'validation.allowedHost',
      params: { host: 'http://bad.com' },
    })
    const many = Array.from({ length: 51 }, (_, i) => `h${i}.example.com`).join('\n')
    expect(errorsOf(parseForm(form([['hosts', many]]), AllowedHostsSchema)).hosts?.[0]?.key).toBe(
      'validation.allowedHostsTooMany',
    )
  })

  test('the log filter ignores what it does not know', () => {
    expect(DeliveryFilterSchema.parse({ status: 'nope', before: "x' or 1=1" })).toEqual({})
    expect(DeliveryFilterSchema.parse({ status: 'failed', before: '01ABC' })).toEqual({
      status: 'failed',
      before: '01ABC',
    })
  })
})

describe('webhooks CRUD', () => {
  test('create: active, a whsec_ secret, audited; the list never carries the secret', async () => {
    const { company: c, admin } = await company()
    const created = createWebhook(db, admin, input())
    const webhook = getWebhook(db, admin, created.id)
    expect(webhook).toMatchObject({
      name: 'n8n',
      url: 'https://n8n.example.com/webhook/balcao',
      events: ['ticket.created', 'message.received'],
      active: true,
      failingSince: null,
      disabledAt: null,
    })
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/)
    const [row] = listWebhooks(db, admin)
    expect(row).toMatchObject({ id: created.id, lastStatus: null, pendingCount: 0 })
    expect(row).not.toHaveProperty('secret')
    const audits = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.companyId, c.id), eq(auditLog.entityId, created.id)))
      .all()
    expect(audits.map((entry) => entry.action)).toEqual(['webhook.created'])
  })

  test('names are unique per company (case-insensitive); another company may reuse one', async () => {
    const a = await company()
    const b = await company()
    createWebhook(db, a.admin, input({ name: 'Automação' }))
    expect(
      domainErrorOf(() => createWebhook(db, a.admin, input({ name: 'automação' }))),
    ).toMatchObject({ code: 'validation.nameTaken', field: 'name', status: 422 })
    expect(() => createWebhook(db, b.admin, input({ name: 'Automação' }))).not.toThrow()
  })

  test(`at most ${MAX_WEBHOOKS} webhooks a company`, async () => {
    const { admin } = await company()
    for (let i = 0; i < MAX_WEBHOOKS; i++) createWebhook(db, admin, input({ name: `w${i}` }))
    expect(
      domainErrorOf(() => createWebhook(db, admin, input({ name: 'one more' }))),
    ).toMatchObject({
      code: 'webhooks.limitReached',
      status: 409,
    })
  })

  test('update, regenerate the secret, delete (with its log)', async () => {
    const { company: c, admin } = await company()
    const { id } = createWebhook(db, admin, input())
    const before = getWebhook(db, admin, id).secret
    updateWebhook(
      db,
      admin,
      id,
      input({ name: 'Outro', url: 'http://10.0.0.5/x', events: ['rating.received'] }),
    )
    expect(getWebhook(db, admin, id)).toMatchObject({
      name: 'Outro',
      url: 'http://10.0.0.5/x',
      events: ['rating.received'],
      secret: before,
    })
    const { secret } = regenerateWebhookSecret(db, admin, id)
    expect(secret).not.toBe(before)
    expect(getWebhook(db, admin, id).secret).toBe(secret)
    addDelivery(c.id, id, {}, [{ responseStatus: 500 }])
    expect(deleteWebhook(db, admin, id)).toEqual({ id, name: 'Outro' })
    expect(db.select().from(webhooks).where(eq(webhooks.id, id)).get()).toBeUndefined()
    expect(
      db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id)).all(),
    ).toEqual([])
  })

  test('turning a webhook on clears what Balcão set when it turned it off', async () => {
    const { admin } = await company()
    const { id } = createWebhook(db, admin, input())
    db.update(webhooks)
      .set({ active: false, failingSince: 1, disabledAt: 2, disabledReason: 'HTTP 500 por 24 h' })
      .where(eq(webhooks.id, id))
      .run()
    setWebhookActive(db, admin, id, true)
    const woken = db
      .select()
      .from(jobs)
      .where(eq(jobs.dedupeKey, `webhook:${id}`))
      .all()
    expect(woken).toHaveLength(1)
    expect(getWebhook(db, admin, id)).toMatchObject({
      active: true,
      failingSince: null,
      disabledAt: null,
      disabledReason: null,
    })
    setWebhookActive(db, admin, id, false)
    expect(getWebhook(db, admin, id).active).toBe(false)
  })

  test('the menu’s count of webhooks Balcão turned off: per company, admins only, gone once on again', async () => {
    const a = await company()
    const b = await company()
    const off = createWebhook(db, a.admin, input({ name: 'off' }))
    createWebhook(db, a.admin, input({ name: 'paused' }))
    const otherOff = createWebhook(db, b.admin, input({ name: 'b off' }))
    for (const { id } of [off, otherOff])
      db.update(webhooks)
        .set({ active: false, disabledAt: Date.now(), disabledReason: 'HTTP 503' })
        .where(eq(webhooks.id, id))
        .run()
    setWebhookActive(
      db,
      a.admin,
      listWebhooks(db, a.admin).find((w) => w.name === 'paused')!.id,
      false,
    )
    expect(countWebhooksTurnedOff(db, a.admin)).toBe(1)
    expect(countWebhooksTurnedOff(db, a.agent)).toBe(0)
    setWebhookActive(db, a.admin, off.id, true)
    expect(countWebhooksTurnedOff(db, a.admin)).toBe(0)
    expect(countWebhooksTurnedOff(db, b.admin)).toBe(1)
  })

  test('only admins: every read and write refuses an agent (403)', async () => {
    const { admin, agent } = await company()
    const { id } = createWebhook(db, admin, input())
    const calls: Array<() => unknown> = [
      () => listWebhooks(db, agent),
      () => getWebhook(db, agent, id),
      () => createWebhook(db, agent, input({ name: 'x' })),
      () => updateWebhook(db, agent, id, input()),
      () => deleteWebhook(db, agent, id),
      () => setWebhookActive(db, agent, id, false),
      () => regenerateWebhookSecret(db, agent, id),
      () => listWebhookDeliveries(db, agent, id),
      () => getAllowedHosts(db, agent),
      () => setAllowedHosts(db, agent, ['127.0.0.1']),
    ]
    for (const call of calls) expect(domainErrorOf(call).status).toBe(403)
    expect(getWebhook(db, admin, id).active).toBe(true)
  })

  test("company isolation: another company's webhook is not found, and nothing changes", async () => {
    const a = await company()
    const b = await company()
    const { id } = createWebhook(db, a.admin, input())
    addDelivery(a.company.id, id)
    expect(listWebhooks(db, b.admin)).toEqual([])
    const calls: Array<() => unknown> = [
      () => getWebhook(db, b.admin, id),
      () => updateWebhook(db, b.admin, id, input({ name: 'hijack' })),
      () => deleteWebhook(db, b.admin, id),
      () => setWebhookActive(db, b.admin, id, false),
      () => regenerateWebhookSecret(db, b.admin, id),
      () => listWebhookDeliveries(db, b.admin, id),
    ]
    for (const call of calls) expect(domainErrorOf(call).status).toBe(404)
    const row = getWebhook(db, a.admin, id)
    expect(row).toMatchObject({ name: 'n8n', active: true })
    expect(listWebhookDeliveries(db, a.admin, id).deliveries).toHaveLength(1)
  })
})

describe('the delivery log', () => {
  test('newest first, paged, filtered by status, each with its attempts in order', async () => {
    const { company: c, admin } = await company()
    const { id } = createWebhook(db, admin, input())
    const other = createWebhook(db, admin, input({ name: 'outro' }))
    addDelivery(c.id, other.id)
    const made = Array.from({ length: 5 }, (_, i) =>
      addDelivery(
        c.id,
        id,
        { status: i % 2 ? 'failed' : 'succeeded', eventType: `ticket.created` },
        i === 4
          ? [
              { startedAt: 10, responseStatus: 500, error: 'HTTP 500' },
              { startedAt: 20, responseStatus: 200 },
            ]
          : [],
      ),
    )
    const first = listWebhookDeliveries(db, admin, id, {}, 2)
    expect(first.deliveries.map((d) => d.id)).toEqual([made[4]!.id, made[3]!.id])
    expect(first.deliveries[0]!.attemptLog.map((a) => a.responseStatus)).toEqual([500, 200])
    expect(first.nextBefore).toBe(made[3]!.id)
    const second = listWebhookDeliveries(db, admin, id, { before: first.nextBefore! }, 2)
    expect(second.deliveries.map((d) => d.id)).toEqual([made[2]!.id, made[1]!.id])
    const last = listWebhookDeliveries(db, admin, id, { before: second.nextBefore! }, 2)
    expect(last.deliveries.map((d) => d.id)).toEqual([made[0]!.id])
    expect(last.nextBefore).toBeNull()
    const failed = listWebhookDeliveries(db, admin, id, { status: 'failed' })
    expect(failed.deliveries.map((d) => d.id)).toEqual([made[3]!.id, made[1]!.id])
    const [row] = listWebhooks(db, admin).filter((w) => w.id === id)
    expect(row).toMatchObject({ lastStatus: 'succeeded', lastDeliveryAt: made[4]!.createdAt })
  })
})

describe('allowed hosts', () => {
  test('get/set per company, normalized and without repeats; bad hosts refused, nothing written', async () => {
    const a = await company()
    const b = await company()
    expect(getAllowedHosts(db, a.admin)).toEqual([])
    expect(setAllowedHosts(db, a.admin, ['127.0.0.1', 'N8N.local', '127.0.0.1'])).toEqual([
      '127.0.0.1',
      'n8n.local',
    ])
    expect(getAllowedHosts(db, a.admin)).toEqual(['127.0.0.1', 'n8n.local'])
    expect(getAllowedHosts(db, b.admin)).toEqual([])
    expect(domainErrorOf(() => setAllowedHosts(db, a.admin, ['ok.com', 'http://x']))).toMatchObject(
      {
        code: 'validation.allowedHost',
        field: 'hosts',
        status: 422,
      },
    )
    expect(getAllowedHosts(db, a.admin)).toEqual(['127.0.0.1', 'n8n.local'])
    const stored = db
      .select()
      .from(settings)
      .where(
        and(eq(settings.companyId, b.company.id), eq(settings.key, 'integrations.allowedHosts')),
      )
      .get()
    expect(stored).toBeUndefined()
  })
})
