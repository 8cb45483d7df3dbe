import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { generateConnectionToken } from '#app/domain/connections/connections.server.ts'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import { contacts } from '#db/schema/contacts.ts'
import { tags } from '#db/schema/tags.ts'
import {
  createSalesAndSupport,
  createTicketAt,
  createUser,
  domainErrorOf,
  eventsAfter,
  ticketRow,
  uniquePhone,
} from '#tests/db-utils.ts'
import {
  closeApiTicket,
  createApiContact,
  getApiContact,
  getApiTicket,
  listApiConnections,
  listApiContacts,
  listApiQueues,
  listApiTags,
  listApiTickets,
  listApiUsers,
  reopenApiTicket,
  setApiContactTags,
  transferApiTicket,
  updateApiContact,
} from './resources.server.ts'
import { authenticateApiToken, createApiToken } from './tokens.server.ts'

function credentialOf(secret: string) {
  const result = authenticateApiToken(db, secret)
  if (!result.ok) throw new Error(`token refused: ${result.reason}`)
  return result.credential
}

/**
 * A company (Vendas and Suporte, a connection to each, an admin and an agent of Vendas) with a
 * company token (read + write), a connection token of the Vendas line, a pending ticket in each
 * queue and a closed one in Vendas.
 */
async function company() {
  const world = await createSalesAndSupport(db)
  const token = credentialOf(
    createApiToken(db, world.admin, { name: 'ERP', scopes: ['read', 'write'] }).secret,
  )
  const lineToken = credentialOf(generateConnectionToken(db, world.admin, world.vendas.id))
  const salesTicket = createTicketAt(db, { connection: world.vendas, at: 1, name: 'Bruna' })
  const supportTicket = createTicketAt(db, { connection: world.suporte, at: 2, name: 'Caio' })
  const closedTicket = createTicketAt(db, {
    connection: world.vendas,
    at: 0,
    status: 'closed',
    userId: world.agent.userId,
    name: 'Dora',
  })
  return { ...world, token, lineToken, salesTicket, supportTicket, closedTicket }
}

const contactIdOf = (ticketId: string) => ticketRow(db, ticketId).contactId

describe('contacts', () => {
  test('list: the company only, searched and paged; get; another company is a 404', async () => {
    const a = await company()
    const b = await company()
    const all = listApiContacts(db, a.token).data
    expect(all.map((c) => c.name).sort()).toEqual(['Bruna', 'Caio', 'Dora'])
    expect(all.every((c) => !c.isGroup && c.createdAt.endsWith('Z'))).toBe(true)
    expect(listApiContacts(db, a.token, { search: 'bru' }).data.map((c) => c.name)).toEqual([
      'Bruna',
    ])

    const first = listApiContacts(db, a.token, { limit: 2 })
    expect(first.data).toHaveLength(2)
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = listApiContacts(db, a.token, { limit: 2, cursor: first.nextCursor! })
    expect(second.data.map((c) => c.name)).toEqual(['Dora'])
    expect(second.nextCursor).toBeNull()

    const contactId = contactIdOf(a.salesTicket)
    expect(getApiContact(db, a.token, contactId)).toMatchObject({ id: contactId, name: 'Bruna' })
    expect(domainErrorOf(() => getApiContact(db, b.token, contactId)).status).toBe(404)
    // The connection token reads contacts too: they are company-wide, as for any user.
    expect(listApiContacts(db, a.lineToken).data).toHaveLength(3)
    expect(domainErrorOf(() => getApiContact(db, b.lineToken, contactId)).status).toBe(404)
  })

  test('create: validated, tags by name, duplicate numbers refused, announced and audited', async () => {
    const a = await company()
    const b = await company()
    const number = uniquePhone()
    const before = lastEventId(db)
    const created = createApiContact(db, a.token, {
      name: '  Elisa  ',
      number: `+${number}`,
      email: 'elisa@example.com',
      cpf: '529.982.247-25',
      custom: [{ key: 'Pedido', value: '123' }],
      tags: ['VIP', 'vip', 'Atacado'],
    })
    expect(created).toMatchObject({
      name: 'Elisa',
      number,
      email: 'elisa@example.com',
      cpf: '52998224725',
      custom: [{ key: 'Pedido', value: '123' }],
      source: 'manual',
    })
    expect(created.tags.map((t) => t.name).sort()).toEqual(['Atacado', 'VIP'])
    expect(eventsAfter(db, before).map((e) => e.type)).toContain('contact.created')

    expect(
      domainErrorOf(() => createApiContact(db, a.token, { name: 'Outra', number })),
    ).toMatchObject({ status: 422, field: 'number', code: 'contacts.numberTaken' })
    expect(
      domainErrorOf(() => createApiContact(db, a.token, { name: 'X', number: '12' })),
    ).toMatchObject({ status: 422, field: 'number' })
    // The same number is free in another company: contacts never cross.
    expect(createApiContact(db, b.token, { name: 'Elisa B', number }).number).toBe(number)
    expect(listApiContacts(db, b.token).data.map((c) => c.name)).not.toContain('Elisa')
  })

  test('update: only the fields given change; null clears; another company is a 404', async () => {
    const a = await company()
    const b = await company()
    const created = createApiContact(db, a.token, {
      name: 'Fábio',
      number: uniquePhone(),
      email: 'fabio@example.com',
      notes: 'cliente antigo',
      tags: ['VIP'],
    })
    const before = lastEventId(db)
    const updated = updateApiContact(db, a.token, created.id, { name: 'Fábio Souza', notes: null })
    expect(updated).toMatchObject({
      name: 'Fábio Souza',
      email: 'fabio@example.com',
      notes: null,
      number: created.number,
    })
    expect(updated.tags.map((t) => t.name)).toEqual(['VIP'])
    expect(eventsAfter(db, before).map((e) => e.type)).toContain('contact.updated')

    expect(updateApiContact(db, a.token, created.id, { tags: [] }).tags).toEqual([])
    expect(
      domainErrorOf(() => updateApiContact(db, a.token, created.id, { email: 'not-an-email' })),
    ).toMatchObject({ status: 422, field: 'email' })

    expect(
      domainErrorOf(() => updateApiContact(db, b.token, created.id, { name: 'Hacked' })).status,
    ).toBe(404)
    expect(db.select().from(contacts).where(eq(contacts.id, created.id)).get()!.name).toBe(
      'Fábio Souza',
    )
  })

  test('set tags: ids of the company and names; another company’s tag or contact refused', async () => {
    const a = await company()
    const b = await company()
    const contactId = contactIdOf(a.salesTicket)
    const gold = db
      .insert(tags)
      .values({ companyId: a.company.id, name: 'Ouro', color: '#eab308' })
      .returning()
      .get()
    const foreign = db
      .insert(tags)
      .values({ companyId: b.company.id, name: 'Deles', color: '#000000' })
      .returning()
      .get()

    const before = lastEventId(db)
    const tagged = setApiContactTags(db, a.token, contactId, {
      tagIds: [gold.id],
      names: ['Novo cliente'],
    })
    expect(tagged.tags.map((t) => t.name).sort()).toEqual(['Novo cliente', 'Ouro'])
    expect(eventsAfter(db, before).map((e) => e.type)).toEqual(
      expect.arrayContaining(['tag.created', 'contact.updated']),
    )
    // Setting the same tags again changes nothing and announces nothing.
    const again = lastEventId(db)
    setApiContactTags(db, a.token, contactId, { tagIds: tagged.tags.map((t) => t.id) })
    expect(eventsAfter(db, again)).toEqual([])

    expect(
      domainErrorOf(() => setApiContactTags(db, a.token, contactId, { tagIds: [foreign.id] })),
    ).toMatchObject({ status: 422, field: 'tagIds' })
    expect(
      domainErrorOf(() => setApiContactTags(db, b.token, contactId, { tagIds: [foreign.id] }))
        .status,
    ).toBe(404)
    expect(
      getApiContact(db, a.token, contactId)
        .tags.map((t) => t.name)
        .sort(),
    ).toEqual(['Novo cliente', 'Ouro'])
    expect(setApiContactTags(db, a.token, contactId, {}).tags).toEqual([])
  })
})

describe('tickets', () => {
  test('list: every status and queue of the company (the system sees all), filtered, paged', async () => {
    const a = await company()
    const b = await company()
    const ids = (page: { data: Array<{ id: string }> }) => page.data.map((t) => t.id)
    // Newest activity first; the agent-level queue restriction does not apply to the API.
    expect(ids(listApiTickets(db, a.token))).toEqual([
      a.supportTicket,
      a.salesTicket,
      a.closedTicket,
    ])
    expect(ids(listApiTickets(db, a.token, { status: 'closed' }))).toEqual([a.closedTicket])
    expect(ids(listApiTickets(db, a.token, { queueId: a.vendasId }))).toEqual([
      a.salesTicket,
      a.closedTicket,
    ])
    expect(ids(listApiTickets(db, a.token, { userId: a.agent.userId }))).toEqual([a.closedTicket])
    expect(ids(listApiTickets(db, a.token, { contactId: contactIdOf(a.supportTicket) }))).toEqual([
      a.supportTicket,
    ])
    expect(ids(listApiTickets(db, a.token, { connectionId: a.suporte.id }))).toEqual([
      a.supportTicket,
    ])
    // Another company's ids as filters find nothing.
    expect(ids(listApiTickets(db, a.token, { connectionId: b.suporte.id }))).toEqual([])
    expect(ids(listApiTickets(db, b.token))).not.toContain(a.salesTicket)

    const first = listApiTickets(db, a.token, { limit: 2 })
    expect(ids(first)).toEqual([a.supportTicket, a.salesTicket])
    const second = listApiTickets(db, a.token, { limit: 2, cursor: first.nextCursor! })
    expect(ids(second)).toEqual([a.closedTicket])
    expect(second.nextCursor).toBeNull()

    const row = listApiTickets(db, a.token, { status: 'pending', queueId: a.vendasId }).data[0]!
    expect(row).toMatchObject({
      id: a.salesTicket,
      status: 'pending',
      contactName: 'Bruna',
      queueName: 'Vendas',
      lastMessageText: 'Olá',
    })
    expect(row.protocol).toMatch(/^\d{8}-[0-9A-Z]{6}$/)
  })

  test('a connection token reaches its connection’s tickets only', async () => {
    const a = await company()
    const ids = listApiTickets(db, a.lineToken).data.map((t) => t.id)
    expect(ids).toEqual([a.salesTicket, a.closedTicket])
    expect(listApiTickets(db, a.lineToken, { connectionId: a.suporte.id }).data).toEqual([])
    expect(getApiTicket(db, a.lineToken, a.salesTicket).id).toBe(a.salesTicket)
    expect(domainErrorOf(() => getApiTicket(db, a.lineToken, a.supportTicket)).status).toBe(404)
    expect(domainErrorOf(() => closeApiTicket(db, a.lineToken, a.supportTicket)).status).toBe(404)
    expect(ticketRow(db, a.supportTicket).status).toBe('pending')
    expect(listApiConnections(db, a.lineToken).data.map((c) => c.id)).toEqual([a.vendas.id])
  })

  test('get: the ticket, its contact and messages; another company is a 404', async () => {
    const a = await company()
    const b = await company()
    const ticket = getApiTicket(db, a.token, a.salesTicket)
    expect(ticket).toMatchObject({
      id: a.salesTicket,
      contact: { name: 'Bruna' },
      nextCursor: null,
    })
    expect(ticket.messages).toEqual([
      expect.objectContaining({ fromMe: false, body: 'Olá', type: 'text', private: false }),
    ])
    expect(ticket.messages[0]!.timestamp).toBe('2026-03-10T12:01:00.000Z')
    expect(domainErrorOf(() => getApiTicket(db, b.token, a.salesTicket)).status).toBe(404)
    expect(domainErrorOf(() => getApiTicket(db, a.token, 'nope')).status).toBe(404)
  })

  test('close, transfer and reopen through the lifecycle; another company is a 404', async () => {
    const a = await company()
    const b = await company()
    const colleague = await createUser(db, { companyId: a.company.id, name: 'Gil' })

    const transferred = transferApiTicket(db, a.token, a.supportTicket, {
      userId: colleague.id,
      note: 'Cliente pediu o Gil',
    })
    expect(transferred).toMatchObject({ status: 'open', userId: colleague.id, userName: 'Gil' })
    const notes = getApiTicket(db, a.token, a.supportTicket).messages.filter((m) => m.private)
    expect(notes.map((m) => m.body)).toEqual(['Cliente pediu o Gil'])

    expect(transferApiTicket(db, a.token, a.salesTicket, { queueId: a.vendasId })).toMatchObject({
      status: 'pending',
      queueName: 'Vendas',
    })
    expect(
      domainErrorOf(() =>
        transferApiTicket(db, a.token, a.salesTicket, { userId: b.agent.userId }),
      ),
    ).toMatchObject({ status: 422, field: 'userId' })
    expect(
      domainErrorOf(() => transferApiTicket(db, b.token, a.salesTicket, { userId: b.agent.userId }))
        .status,
    ).toBe(404)

    const closed = closeApiTicket(db, a.token, a.supportTicket)
    expect(closed).toMatchObject({ status: 'closed', userId: colleague.id })
    expect(closed.closedAt).toEqual(expect.any(String))
    expect(domainErrorOf(() => closeApiTicket(db, a.token, a.supportTicket)).status).toBe(409)
    expect(domainErrorOf(() => closeApiTicket(db, b.token, a.salesTicket)).status).toBe(404)
    expect(ticketRow(db, a.salesTicket).status).toBe('pending')

    // Reopened by the system: the assignee it had stays; never "system" as an assignee.
    expect(reopenApiTicket(db, a.token, a.supportTicket)).toMatchObject({
      status: 'open',
      userId: colleague.id,
    })
    closeApiTicket(db, a.token, a.supportTicket)
    expect(reopenApiTicket(db, a.token, a.supportTicket, { userId: a.agent.userId })).toMatchObject(
      { status: 'open', userId: a.agent.userId },
    )
    expect(domainErrorOf(() => reopenApiTicket(db, a.token, a.supportTicket)).status).toBe(409)
    expect(domainErrorOf(() => reopenApiTicket(db, b.token, a.closedTicket)).status).toBe(404)
    expect(
      domainErrorOf(() => reopenApiTicket(db, a.token, a.closedTicket, { userId: b.agent.userId })),
    ).toMatchObject({ status: 422, field: 'userId' })
    expect(ticketRow(db, a.closedTicket).status).toBe('closed')
  })
})

describe('reference lists', () => {
  test('queues, users, tags and connections of the company only; no secrets', async () => {
    const a = await company()
    const b = await company()
    expect(listApiQueues(db, a.token).data.map((q) => q.name)).toEqual(['Vendas', 'Suporte'])
    expect(listApiQueues(db, a.token).data.map((q) => q.id)).not.toContain(b.vendasId)

    const people = listApiUsers(db, a.token).data
    expect(people.map((u) => u.id).sort()).toEqual(
      [a.admin.userId, a.supervisor.userId, a.agent.userId].sort(),
    )
    expect(people.find((u) => u.id === a.agent.userId)).toMatchObject({
      name: 'Ana',
      role: 'agent',
      active: true,
      queues: [{ id: a.vendasId, name: 'Vendas' }],
    })
    expect(JSON.stringify(people)).not.toMatch(/password/i)

    db.insert(tags).values({ companyId: b.company.id, name: 'Só B', color: '#000000' }).run()
    db.insert(tags).values({ companyId: a.company.id, name: 'Só A', color: '#111111' }).run()
    expect(listApiTags(db, a.token).data.map((t) => t.name)).toEqual(['Só A'])

    const lines = listApiConnections(db, a.token).data
    expect(lines.map((c) => c.id).sort()).toEqual([a.vendas.id, a.suporte.id].sort())
    expect(lines[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      channel: 'simulator',
      status: expect.any(String),
      phone: null,
      isDefault: expect.any(Boolean),
      queueId: expect.any(String),
      queueName: expect.any(String),
      statusChangedAt: null,
    })
  })
})
