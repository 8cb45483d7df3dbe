import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { createSession } from '#app/domain/auth/auth.server.ts'
import {
  createWebhook,
  getAllowedHosts,
  getWebhook,
  setAllowedHosts,
} from '#app/domain/webhooks/webhooks.server.ts'
import { db } from '#app/utils/db.server.ts'
import { commitSessionId } from '#app/utils/session.server.ts'
import { webhookDeliveries, webhooks } from '#db/schema/webhooks.ts'
import { createCompany, createUser } from '#tests/db-utils.ts'
import { action as indexAction, loader as indexLoader } from './integrations.index.tsx'
import {
  action as detailAction,
  loader as detailLoader,
} from './integrations.webhooks.$webhookId.tsx'
import {
  action as editAction,
  loader as editLoader,
} from './integrations.webhooks.$webhookId_.edit.tsx'
import { action as newAction, loader as newLoader } from './integrations.webhooks.new.tsx'

type Person = Awaited<ReturnType<typeof createUser>>

async function cookieOf(user: Person) {
  const session = createSession(db, user)
  return (await commitSessionId(session.sessionId, session.expiresAt)).split(';')[0]!
}

/** Runs a loader as `user`; a thrown Response (403, 404, redirect) is returned. */
async function load(
  loader: (args: LoaderFunctionArgs) => unknown,
  user: Person,
  path: string,
  params: Record<string, string> = {},
) {
  const request = new Request(`https://balcao.example.com${path}`, {
    headers: { cookie: await cookieOf(user) },
  })
  try {
    return await loader({ request, params, context: {} })
  } catch (error) {
    return error
  }
}

async function post(
  action: (args: ActionFunctionArgs) => unknown,
  user: Person,
  path: string,
  fields: Record<string, string | string[]>,
  params: Record<string, string> = {},
) {
  const body = new URLSearchParams()
  for (const [name, value] of Object.entries(fields))
    for (const item of [value].flat()) body.append(name, item)
  const request = new Request(`https://balcao.example.com${path}`, {
    method: 'POST',
    body,
    headers: {
      cookie: await cookieOf(user),
      'content-type': 'application/x-www-form-urlencoded',
    },
  })
  try {
    return await action({ request, params, context: {} })
  } catch (error) {
    return error
  }
}

/** `data()` answers (an object with `data` and `init`) and Responses, read the same way. */
function statusOf(answer: unknown) {
  if (answer instanceof Response) return answer.status
  return (answer as { init?: { status?: number } | null }).init?.status ?? 200
}

async function twoCompanies() {
  const a = createCompany(db)
  const b = createCompany(db)
  return {
    adminA: await createUser(db, { companyId: a.id, role: 'admin' }),
    agentA: await createUser(db, { companyId: a.id, role: 'agent' }),
    adminB: await createUser(db, { companyId: b.id, role: 'admin' }),
  }
}

const hook = (admin: Person, name = 'n8n') =>
  createWebhook(db, admin.actor, {
    name,
    url: 'https://n8n.example.com/webhook/x',
    events: ['ticket.created'],
  })

const deliveriesOf = (webhookId: string) =>
  db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId)).all()

const webhookCount = (companyId: string) =>
  db.select().from(webhooks).where(eq(webhooks.companyId, companyId)).all().length

describe('Administração › Integrações', () => {
  test('each admin sees only the webhooks and allowed hosts of their own company', async () => {
    const { adminA, adminB } = await twoCompanies()
    hook(adminA, 'de A')
    hook(adminB, 'de B')
    setAllowedHosts(db, adminA.actor, ['127.0.0.1'])
    const pageA = (await load(indexLoader, adminA, '/admin/integrations')) as Awaited<
      ReturnType<typeof indexLoader>
    >
    const pageB = (await load(indexLoader, adminB, '/admin/integrations')) as Awaited<
      ReturnType<typeof indexLoader>
    >
    expect(pageA.webhooks.map((w) => w.name)).toEqual(['de A'])
    expect(pageB.webhooks.map((w) => w.name)).toEqual(['de B'])
    expect(pageA.allowedHosts).toEqual(['127.0.0.1'])
    expect(pageB.allowedHosts).toEqual([])
    expect(pageA.origin).toBe('https://balcao.example.com')
    expect(JSON.stringify(pageA)).not.toContain('whsec_')
  })

  test('agents get 403 from every page and every form, and nothing is written', async () => {
    const { adminA, agentA } = await twoCompanies()
    const { id } = hook(adminA)
    const params = { webhookId: id }
    for (const [loader, path, p] of [
      [indexLoader, '/admin/integrations', {}],
      [newLoader, '/admin/integrations/webhooks/new', {}],
      [detailLoader, `/admin/integrations/webhooks/${id}`, params],
      [editLoader, `/admin/integrations/webhooks/${id}/edit`, params],
    ] as const)
      expect(statusOf(await load(loader, agentA, path, p)), path).toBe(403)
    const posts = [
      () => post(indexAction, agentA, '/admin/integrations', { intent: 'delete', webhookId: id }),
      () =>
        post(indexAction, agentA, '/admin/integrations', {
          intent: 'toggle',
          webhookId: id,
          active: 'false',
        }),
      () =>
        post(indexAction, agentA, '/admin/integrations', { intent: 'hosts', hosts: '10.0.0.1' }),
      () =>
        post(newAction, agentA, '/admin/integrations/webhooks/new', {
          name: 'x',
          url: 'https://x.example.com',
          events: 'ticket.created',
        }),
      () =>
        post(
          detailAction,
          agentA,
          `/admin/integrations/webhooks/${id}`,
          { intent: 'test' },
          params,
        ),
      () =>
        post(
          editAction,
          agentA,
          `/admin/integrations/webhooks/${id}/edit`,
          { intent: 'regenerate-secret' },
          params,
        ),
    ]
    for (const run of posts) expect(statusOf(await run())).toBe(403)
    expect(getWebhook(db, adminA.actor, id)).toMatchObject({ name: 'n8n', active: true })
    expect(webhookCount(adminA.companyId)).toBe(1)
    expect(deliveriesOf(id)).toEqual([])
    expect(getAllowedHosts(db, adminA.actor)).toEqual([])
  })

  test("another company's webhook: its pages answer 404 and its forms change nothing", async () => {
    const { adminA, adminB } = await twoCompanies()
    const { id } = hook(adminA)
    const before = getWebhook(db, adminA.actor, id)
    const params = { webhookId: id }
    expect(
      statusOf(await load(detailLoader, adminB, `/admin/integrations/webhooks/${id}`, params)),
    ).toBe(404)
    expect(
      statusOf(await load(editLoader, adminB, `/admin/integrations/webhooks/${id}/edit`, params)),
    ).toBe(404)
    const detail = `/admin/integrations/webhooks/${id}`
    expect(statusOf(await post(detailAction, adminB, detail, { intent: 'test' }, params))).toBe(404)
    expect(statusOf(await post(detailAction, adminB, detail, { intent: 'enable' }, params))).toBe(
      404,
    )
    const edit = `${detail}/edit`
    expect(
      statusOf(
        await post(
          editAction,
          adminB,
          edit,
          { name: 'roubado', url: 'https://evil.example.com', events: 'ticket.created' },
          params,
        ),
      ),
    ).toBe(404)
    expect(
      statusOf(await post(editAction, adminB, edit, { intent: 'regenerate-secret' }, params)),
    ).toBe(404)
    // The list's switch and delete: a refusal toast back on the list (no error page).
    const listForms: Array<Record<string, string>> = [
      { intent: 'toggle', webhookId: id, active: 'false' },
      { intent: 'delete', webhookId: id },
    ]
    for (const fields of listForms) {
      const answer = await post(indexAction, adminB, '/admin/integrations', fields)
      expect(statusOf(answer)).toBe(302)
    }
    expect(getWebhook(db, adminA.actor, id)).toEqual(before)
    expect(deliveriesOf(id)).toEqual([])
  })

  test("a delivery of another company's webhook cannot be resent", async () => {
    const { adminA, adminB } = await twoCompanies()
    const a = hook(adminA)
    const b = hook(adminB)
    const delivery = db
      .insert(webhookDeliveries)
      .values({
        companyId: adminA.companyId,
        webhookId: a.id,
        eventType: 'ticket.created',
        body: '{}',
      })
      .returning()
      .get()
    const answer = await post(
      detailAction,
      adminB,
      `/admin/integrations/webhooks/${b.id}`,
      { intent: 'resend', deliveryId: delivery.id },
      { webhookId: b.id },
    )
    expect(statusOf(answer)).toBe(404)
    expect(deliveriesOf(a.id)).toHaveLength(1)
    expect(deliveriesOf(b.id)).toEqual([])
  })

  test('bad input is a 400 and writes nothing', async () => {
    const { adminA } = await twoCompanies()
    const answer = await post(newAction, adminA, '/admin/integrations/webhooks/new', {
      name: 'x',
      url: 'ftp://x.example.com',
    })
    expect(statusOf(answer)).toBe(400)
    expect(webhookCount(adminA.companyId)).toBe(0)
    const hosts = await post(indexAction, adminA, '/admin/integrations', {
      intent: 'hosts',
      hosts: '127.0.0.1\nhttp://n8n:5678',
    })
    expect(statusOf(hosts)).toBe(400)
    expect(getAllowedHosts(db, adminA.actor)).toEqual([])
    expect(
      statusOf(await post(indexAction, adminA, '/admin/integrations', { intent: 'nope' })),
    ).toBe(400)
  })

  test('an admin creates, pauses, sends a test event to and deletes a webhook', async () => {
    const { adminA } = await twoCompanies()
    const created = await post(newAction, adminA, '/admin/integrations/webhooks/new', {
      name: 'Automação',
      url: 'http://127.0.0.1:5678/webhook/balcao',
      events: ['ticket.created', 'message.received'],
    })
    expect(statusOf(created)).toBe(302)
    const [row] = db.select().from(webhooks).where(eq(webhooks.companyId, adminA.companyId)).all()
    expect(row).toMatchObject({ name: 'Automação', events: ['ticket.created', 'message.received'] })
    expect((created as Response).headers.get('location')).toBe(
      `/admin/integrations/webhooks/${row!.id}`,
    )
    const toggled = await post(indexAction, adminA, '/admin/integrations', {
      intent: 'toggle',
      webhookId: row!.id,
      active: 'false',
    })
    expect(statusOf(toggled)).toBe(302)
    expect(getWebhook(db, adminA.actor, row!.id).active).toBe(false)
    const params = { webhookId: row!.id }
    const test = await post(
      detailAction,
      adminA,
      `/admin/integrations/webhooks/${row!.id}`,
      { intent: 'test' },
      params,
    )
    expect(statusOf(test)).toBe(302)
    expect(deliveriesOf(row!.id).map((d) => d.eventType)).toEqual(['webhook.test'])
    const page = (await load(
      detailLoader,
      adminA,
      `/admin/integrations/webhooks/${row!.id}?status=pending`,
      params,
    )) as Awaited<ReturnType<typeof detailLoader>>
    expect(page.deliveries).toHaveLength(1)
    expect(page.webhook).not.toHaveProperty('secret')
    const secretBefore = getWebhook(db, adminA.actor, row!.id).secret
    await post(
      editAction,
      adminA,
      `/admin/integrations/webhooks/${row!.id}/edit`,
      { intent: 'regenerate-secret' },
      params,
    )
    expect(getWebhook(db, adminA.actor, row!.id).secret).not.toBe(secretBefore)
    const deleted = await post(indexAction, adminA, '/admin/integrations', {
      intent: 'delete',
      webhookId: row!.id,
    })
    expect(statusOf(deleted)).toBe(302)
    expect(webhookCount(adminA.companyId)).toBe(0)
  })
})
