/**
 * The resource endpoints through HTTP: the app's real route manifest and Express edge, the real
 * route modules and tokens. Every endpoint is called by a token of another company (it never
 * reads or writes this company's rows), by the right token (the answer matches the operation's
 * documented schema), and the scopes and the connection limit hold.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { type ApiOperation } from '#app/domain/api/contract.ts'
import { resourceOperation, resourceOperations } from '#app/domain/api/operations/resources.ts'
import { credentialLimiter, failedAuthLimiter } from '#app/domain/api/rate-limit.server.ts'
import { createApiToken } from '#app/domain/api/tokens.server.ts'
import { generateConnectionToken } from '#app/domain/connections/connections.server.ts'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import { contacts } from '#db/schema/contacts.ts'
import { contactTags, tags } from '#db/schema/tags.ts'
import { tickets } from '#db/schema/tickets.ts'
import { createSalesAndSupport, createTicketAt, eventsAfter, ticketRow } from '#tests/db-utils.ts'
import { listen, testBuild } from '../../../server/testing.ts'
import * as connectionsRoute from './connections.ts'
import * as contactRoute from './contacts.$contactId.ts'
import * as contactTagsRoute from './contacts.$contactId.tags.ts'
import * as contactsRoute from './contacts.ts'
import * as openapiRoute from './openapi[.]json.ts'
import * as queuesRoute from './queues.ts'
import * as tagsRoute from './tags.ts'
import * as ticketCloseRoute from './tickets.$ticketId.close.ts'
import * as ticketReopenRoute from './tickets.$ticketId.reopen.ts'
import * as ticketTransferRoute from './tickets.$ticketId.transfer.ts'
import * as ticketRoute from './tickets.$ticketId.ts'
import * as ticketsRoute from './tickets.ts'
import * as usersRoute from './users.ts'

const modules = {
  'routes/api+/connections': connectionsRoute,
  'routes/api+/contacts.$contactId': contactRoute,
  'routes/api+/contacts.$contactId.tags': contactTagsRoute,
  'routes/api+/contacts': contactsRoute,
  'routes/api+/openapi[.]json': openapiRoute,
  'routes/api+/queues': queuesRoute,
  'routes/api+/tags': tagsRoute,
  'routes/api+/tickets.$ticketId.close': ticketCloseRoute,
  'routes/api+/tickets.$ticketId.reopen': ticketReopenRoute,
  'routes/api+/tickets.$ticketId.transfer': ticketTransferRoute,
  'routes/api+/tickets.$ticketId': ticketRoute,
  'routes/api+/tickets': ticketsRoute,
  'routes/api+/users': usersRoute,
}

let server: Awaited<ReturnType<typeof listen>>

beforeAll(async () => {
  const build = await testBuild(modules)
  for (const id of Object.keys(modules)) expect(build.routes[id], id).toBeDefined()
  server = await listen(build, { rateLimitFactor: 1000 })
})
afterAll(() => server.close())
beforeEach(() => {
  credentialLimiter.reset()
  failedAuthLimiter.reset()
})

/** A company: Vendas and Suporte lines, a pending ticket on each, a closed one, a tagged contact. */
async function company(name: string) {
  const world = await createSalesAndSupport(db)
  const full = createApiToken(db, world.admin, { name: `${name} ERP`, scopes: ['read', 'write'] })
  const readOnly = createApiToken(db, world.admin, { name: `${name} BI`, scopes: ['read'] })
  const line = generateConnectionToken(db, world.admin, world.vendas.id)
  const salesTicket = createTicketAt(db, { connection: world.vendas, at: 1, name: `${name} 1` })
  const supportTicket = createTicketAt(db, { connection: world.suporte, at: 2, name: `${name} 2` })
  const closedTicket = createTicketAt(db, {
    connection: world.vendas,
    at: 0,
    status: 'closed',
    userId: world.agent.userId,
    name: `${name} 3`,
  })
  const contactId = ticketRow(db, salesTicket).contactId
  const tag = db
    .insert(tags)
    .values({ companyId: world.company.id, name: `Tag ${name}`, color: '#16a34a' })
    .returning()
    .get()
  db.insert(contactTags).values({ companyId: world.company.id, contactId, tagId: tag.id }).run()
  return {
    ...world,
    tokens: { full: full.secret, readOnly: readOnly.secret, line },
    salesTicket,
    supportTicket,
    closedTicket,
    contactId,
    tagId: tag.id,
  }
}

type Company = Awaited<ReturnType<typeof company>>

async function call(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

/** The operation's documented answer for this status parses the body (the document tells the truth). */
function expectDocumented(operation: ApiOperation, answer: { status: number; body: unknown }) {
  const schema = operation.responses[answer.status]?.schema
  expect(schema, `${operation.id} documents ${answer.status}`).toBeDefined()
  const parsed = schema!.safeParse(answer.body)
  expect(parsed.success ? null : parsed.error.issues, operation.id).toBeNull()
}

/** A snapshot of company A's rows the writes could touch. */
function snapshot(a: Company) {
  return {
    contacts: db.select().from(contacts).where(eq(contacts.companyId, a.company.id)).all(),
    tickets: db.select().from(tickets).where(eq(tickets.companyId, a.company.id)).all(),
    contactTags: db.select().from(contactTags).where(eq(contactTags.companyId, a.company.id)).all(),
    tags: db.select().from(tags).where(eq(tags.companyId, a.company.id)).all(),
  }
}

type Case = {
  operation: ApiOperation
  /** The request on company A's rows. */
  request: (a: Company) => { path: string; body?: unknown }
  /** What company A's token gets. */
  status: number
}

const op = resourceOperation
const cases: Case[] = [
  { operation: op.listContacts, request: () => ({ path: '/api/contacts' }), status: 200 },
  {
    operation: op.getContact,
    request: (a) => ({ path: `/api/contacts/${a.contactId}` }),
    status: 200,
  },
  {
    operation: op.createContact,
    request: () => ({
      path: '/api/contacts',
      body: { name: 'Nova', number: '5511912345678', tags: ['Nova tag'] },
    }),
    status: 201,
  },
  {
    operation: op.updateContact,
    request: (a) => ({ path: `/api/contacts/${a.contactId}`, body: { name: 'Renomeado' } }),
    status: 200,
  },
  {
    operation: op.setContactTags,
    request: (a) => ({ path: `/api/contacts/${a.contactId}/tags`, body: { names: ['Outra'] } }),
    status: 200,
  },
  { operation: op.listTickets, request: () => ({ path: '/api/tickets' }), status: 200 },
  {
    operation: op.getTicket,
    request: (a) => ({ path: `/api/tickets/${a.salesTicket}` }),
    status: 200,
  },
  {
    operation: op.closeTicket,
    request: (a) => ({ path: `/api/tickets/${a.salesTicket}/close`, body: {} }),
    status: 200,
  },
  {
    operation: op.transferTicket,
    request: (a) => ({
      path: `/api/tickets/${a.supportTicket}/transfer`,
      body: { userId: a.agent.userId, note: 'Com você' },
    }),
    status: 200,
  },
  {
    operation: op.reopenTicket,
    request: (a) => ({ path: `/api/tickets/${a.closedTicket}/reopen`, body: {} }),
    status: 200,
  },
  { operation: op.listQueues, request: () => ({ path: '/api/queues' }), status: 200 },
  { operation: op.listUsers, request: () => ({ path: '/api/users' }), status: 200 },
  { operation: op.listTags, request: () => ({ path: '/api/tags' }), status: 200 },
  { operation: op.listConnections, request: () => ({ path: '/api/connections' }), status: 200 },
]

/** Every id of company A an answer could leak. */
function idsOf(a: Company) {
  const row = (ticketId: string) => ticketRow(db, ticketId)
  return [
    a.company.id,
    a.contactId,
    a.salesTicket,
    a.supportTicket,
    a.closedTicket,
    a.tagId,
    a.vendasId,
    a.vendas.id,
    a.suporte.id,
    a.admin.userId,
    a.agent.userId,
    row(a.supportTicket).contactId,
  ]
}

describe('every resource endpoint', () => {
  test('the cases cover every resource operation', () => {
    expect(cases.map((c) => c.operation.id).sort()).toEqual(
      resourceOperations.map((o) => o.id).sort(),
    )
  })

  test('a token of another company never reads or writes this company (404 or nothing of it)', async () => {
    const a = await company('A')
    const b = await company('B')
    const before = snapshot(a)
    const aIds = idsOf(a)
    for (const { operation, request } of cases) {
      const { path, body } = request(a)
      const answer = await call(b.tokens.full, operation.method, path, body)
      const where = `${operation.method} ${path}`
      if (operation.params) {
        // A row of company A named by id: as if it did not exist.
        expect(answer.status, where).toBe(404)
        expect(answer.body.error.code, where).toBe('not_found')
      } else {
        expect(answer.status, where).toBe(operation.method === 'POST' ? 201 : 200)
        expectDocumented(operation, answer)
        const text = JSON.stringify(answer.body)
        for (const id of aIds) expect(text, `${where} leaks ${id}`).not.toContain(id)
      }
    }
    // B's own writes landed in B; A is exactly as it was.
    expect(snapshot(a)).toEqual(before)
    const bContacts = await call(b.tokens.full, 'GET', '/api/contacts?search=Nova')
    expect(bContacts.body.data.map((c: { name: string }) => c.name)).toEqual(['Nova'])
  })

  test('the company’s own token: each endpoint answers its documented schema', async () => {
    const a = await company('A')
    for (const { operation, request, status } of cases) {
      const { path, body } = request(a)
      const answer = await call(a.tokens.full, operation.method, path, body)
      expect(answer.status, `${operation.method} ${path}: ${JSON.stringify(answer.body)}`).toBe(
        status,
      )
      expectDocumented(operation, answer)
    }
    expect(ticketRow(db, a.salesTicket).status).toBe('closed')
    expect(ticketRow(db, a.supportTicket)).toMatchObject({
      status: 'open',
      userId: a.agent.userId,
    })
    expect(ticketRow(db, a.closedTicket)).toMatchObject({
      status: 'open',
      userId: a.agent.userId,
    })
    const contact = await call(a.tokens.full, 'GET', `/api/contacts/${a.contactId}`)
    expect(contact.body).toMatchObject({ name: 'Renomeado', tags: [{ name: 'Outra' }] })
  })

  test('writes need the write scope: a read token and a connection token get 403, nothing written', async () => {
    const a = await company('A')
    const before = snapshot(a)
    const events = lastEventId(db)
    for (const { operation, request } of cases.filter((c) => c.operation.scope === 'write')) {
      const { path, body } = request(a)
      for (const token of [a.tokens.readOnly, a.tokens.line]) {
        const answer = await call(token, operation.method, path, body)
        expect(answer.status, path).toBe(403)
        expect(answer.body.error.code).toBe('missing_scope')
      }
    }
    expect(snapshot(a)).toEqual(before)
    expect(eventsAfter(db, events)).toEqual([])
  })

  test('a connection token reads its connection’s tickets and itself only', async () => {
    const a = await company('A')
    const list = await call(a.tokens.line, 'GET', '/api/tickets')
    expect(list.body.data.map((t: { id: string }) => t.id)).toEqual([a.salesTicket, a.closedTicket])
    expect((await call(a.tokens.line, 'GET', `/api/tickets/${a.salesTicket}`)).status).toBe(200)
    const other = await call(a.tokens.line, 'GET', `/api/tickets/${a.supportTicket}`)
    expect(other.status).toBe(404)
    const lines = await call(a.tokens.line, 'GET', '/api/connections')
    expect(lines.body.data.map((c: { id: string }) => c.id)).toEqual([a.vendas.id])
    // Contacts, queues, users and tags are company-wide.
    expect((await call(a.tokens.line, 'GET', '/api/contacts')).body.data).toHaveLength(3)
    expect((await call(a.tokens.line, 'GET', '/api/queues')).body.data).toHaveLength(2)
  })

  test('the agent-level restriction does not apply: the API is the company’s system', async () => {
    const a = await company('A')
    // Ana (agent of Vendas) would not see the Suporte ticket; the company token does.
    const answer = await call(a.tokens.full, 'GET', `/api/tickets/${a.supportTicket}`)
    expect(answer.status).toBe(200)
    expect(answer.body.queueName).toBe('Suporte')
  })
})

describe('bad requests are clear 4xx answers', () => {
  test('no token, unknown token, bad query, bad body, unknown ids', async () => {
    const a = await company('A')
    expect((await call(null, 'GET', '/api/contacts')).status).toBe(401)
    expect((await call('nope', 'GET', '/api/tickets')).status).toBe(401)

    const badLimit = await call(a.tokens.full, 'GET', '/api/tickets?limit=0&status=bogus')
    expect(badLimit.status).toBe(400)
    expect(Object.keys(badLimit.body.error.fields).sort()).toEqual(['query.limit', 'query.status'])
    const badCursor = await call(a.tokens.full, 'GET', '/api/tickets?cursor=garbage')
    expect(badCursor).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_error', fields: { cursor: expect.any(String) } } },
    })
    expect((await call(a.tokens.full, 'GET', '/api/contacts?cursor=garbage')).status).toBe(400)
    expect(
      (await call(a.tokens.full, 'GET', `/api/tickets/${a.salesTicket}?before=x`)).status,
    ).toBe(400)

    const before = snapshot(a)
    const noName = await call(a.tokens.full, 'POST', '/api/contacts', { number: '5511912345678' })
    expect(noName).toMatchObject({
      status: 400,
      body: { error: { fields: { name: expect.any(String) } } },
    })
    const badNumber = await call(a.tokens.full, 'POST', '/api/contacts', {
      name: 'X',
      number: '12',
    })
    expect(badNumber).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_error', fields: { number: expect.any(String) } } },
    })
    const taken = await call(a.tokens.full, 'POST', '/api/contacts', {
      name: 'Dup',
      number: '5511900000000',
    })
    expect(taken.status).toBe(201)
    const duplicate = await call(a.tokens.full, 'POST', '/api/contacts', {
      name: 'Dup 2',
      number: '+55 11 90000-0000',
    })
    expect(duplicate).toMatchObject({
      status: 400,
      body: { error: { fields: { number: expect.any(String) } } },
    })
    const nobody = await call(a.tokens.full, 'POST', `/api/tickets/${a.salesTicket}/transfer`, {})
    expect(nobody).toMatchObject({
      status: 400,
      body: { error: { fields: { userId: expect.any(String) } } },
    })
    const foreignTag = await call(a.tokens.full, 'PUT', `/api/contacts/${a.contactId}/tags`, {
      tagIds: ['01AAAAAAAAAAAAAAAAAAAAAAAA'],
    })
    expect(foreignTag).toMatchObject({
      status: 400,
      body: { error: { fields: { tagIds: expect.any(String) } } },
    })
    expect((await call(a.tokens.full, 'GET', '/api/contacts/unknown')).status).toBe(404)
    expect(
      (await call(a.tokens.full, 'POST', `/api/tickets/${a.salesTicket}/reopen`, {})).status,
    ).toBe(409)
    expect((await call(a.tokens.full, 'DELETE', `/api/contacts/${a.contactId}`)).status).toBe(405)
    const after = snapshot(a)
    expect(after.tickets).toEqual(before.tickets)
    expect(after.contacts.length).toBe(before.contacts.length + 1)
  })
})
