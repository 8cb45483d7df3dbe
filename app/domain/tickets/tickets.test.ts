import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { ingestInbound } from '#app/domain/messages/ingest.server.ts'
import { db } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { tags, ticketTags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import { tickets } from '#db/schema/tickets.ts'
import {
  createSalesAndSupportLines,
  createTicketAt,
  createUser,
  TICKET_T0 as T0,
  type TicketSpec,
} from '#tests/db-utils.ts'
import { addPrivateNote } from './actions.server.ts'
import { countTickets, listTickets, type TicketFilter } from './tickets.server.ts'

let seq = 0

const makeTicket = (spec: TicketSpec) => createTicketAt(db, spec)

/**
 * A company with queues Vendas and Suporte (a connection routed to each), an agent of Vendas, a
 * colleague of Vendas, an agent of Suporte, a supervisor who sees all and an admin.
 */
async function setup() {
  const { company, sales, support, salesLine, supportLine, agent } =
    await createSalesAndSupportLines(db)
  const colleague = await createUser(db, { companyId: company.id, queueIds: [sales.id] })
  const supportAgent = await createUser(db, { companyId: company.id, queueIds: [support.id] })
  const supervisor = await createUser(db, {
    companyId: company.id,
    role: 'supervisor',
    allTickets: true,
  })
  const plainSupervisor = await createUser(db, {
    companyId: company.id,
    role: 'supervisor',
    queueIds: [support.id],
  })
  const allTicketsAgent = await createUser(db, {
    companyId: company.id,
    queueIds: [support.id],
    allTickets: true,
  })
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  return {
    company,
    sales,
    support,
    salesLine,
    supportLine,
    agent,
    colleague,
    supportAgent,
    supervisor,
    plainSupervisor,
    allTicketsAgent,
    admin,
  }
}

type Actor = Awaited<ReturnType<typeof setup>>['admin']['actor']

const ids = (actor: Actor, filter: TicketFilter) =>
  listTickets(db, actor, { limit: 200, ...filter }).tickets.map((t) => t.id)

/** The tickets of a tab (every page), following the cursor. */
function allPages(actor: Actor, filter: TicketFilter, limit: number) {
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page = listTickets(db, actor, { ...filter, limit, cursor })
    expect(page.tickets.length).toBeLessThanOrEqual(limit)
    seen.push(...page.tickets.map((t) => t.id))
    cursor = page.nextCursor
    if (++pages > 100) throw new Error('the cursor does not advance')
  } while (cursor)
  return { seen, pages }
}

/** Both tabs' worth of tickets, in the shapes the panel shows. */
async function scene() {
  const s = await setup()
  const t = {
    agentOpen: makeTicket({ connection: s.salesLine, at: 10, status: 'open', userId: s.agent.id }),
    colleagueOpen: makeTicket({
      connection: s.salesLine,
      at: 20,
      status: 'open',
      userId: s.colleague.id,
    }),
    supportOpen: makeTicket({
      connection: s.supportLine,
      at: 30,
      status: 'open',
      userId: s.supportAgent.id,
    }),
    // Assigned to the agent personally, in a queue that is not theirs.
    agentOpenElsewhere: makeTicket({
      connection: s.supportLine,
      at: 5,
      status: 'open',
      userId: s.agent.id,
    }),
    salesPending: makeTicket({ connection: s.salesLine, at: 40 }),
    salesPendingOlder: makeTicket({ connection: s.salesLine, at: 1 }),
    supportPending: makeTicket({ connection: s.supportLine, at: 50 }),
    noQueuePending: makeTicket({ connection: s.salesLine, at: 45, queueId: null }),
    salesClosed: makeTicket({
      connection: s.salesLine,
      at: 2,
      status: 'closed',
      userId: s.colleague.id,
    }),
    supportClosed: makeTicket({
      connection: s.supportLine,
      at: 3,
      status: 'closed',
      userId: s.supportAgent.id,
    }),
    supportClosedByAgent: makeTicket({
      connection: s.supportLine,
      at: 4,
      status: 'closed',
      userId: s.agent.id,
    }),
  }
  return { ...s, t }
}

describe('tabs', () => {
  test('Atendendo: an agent sees only their own open tickets; admins, supervisors and agents given "all tickets" see everyone\'s (ADR 009)', async () => {
    const { t, agent, colleague, admin, supervisor, plainSupervisor, allTicketsAgent } =
      await scene()

    expect(ids(agent.actor, { status: 'open' })).toEqual([t.agentOpen, t.agentOpenElsewhere])
    expect(ids(colleague.actor, { status: 'open' })).toEqual([t.colleagueOpen])
    // Newest activity first.
    const everyone = [t.supportOpen, t.colleagueOpen, t.agentOpen, t.agentOpenElsewhere]
    expect(ids(admin.actor, { status: 'open' })).toEqual(everyone)
    expect(ids(supervisor.actor, { status: 'open' })).toEqual(everyone)
    // A supervisor sees all tickets whatever the stored flag says (ADR 009)…
    expect(ids(plainSupervisor.actor, { status: 'open' })).toEqual(everyone)
    // …and an agent an admin gave "all tickets" too.
    expect(ids(allTicketsAgent.actor, { status: 'open' })).toEqual(everyone)
  })

  test('Aguardando: pending tickets of my queues plus the unassigned ones without a queue', async () => {
    const { t, agent, supportAgent, admin } = await scene()

    expect(ids(agent.actor, { status: 'pending' })).toEqual([
      t.noQueuePending,
      t.salesPending,
      t.salesPendingOlder,
    ])
    expect(ids(supportAgent.actor, { status: 'pending' })).toEqual([
      t.supportPending,
      t.noQueuePending,
    ])
    expect(ids(admin.actor, { status: 'pending' })).toEqual([
      t.supportPending,
      t.noQueuePending,
      t.salesPending,
      t.salesPendingOlder,
    ])
  })

  test('Resolvidos: closed tickets of my queues and my own', async () => {
    const { t, agent, supportAgent, admin } = await scene()

    expect(ids(agent.actor, { status: 'closed' })).toEqual([t.supportClosedByAgent, t.salesClosed])
    expect(ids(supportAgent.actor, { status: 'closed' })).toEqual([
      t.supportClosedByAgent,
      t.supportClosed,
    ])
    expect(ids(admin.actor, { status: 'closed' })).toEqual([
      t.supportClosedByAgent,
      t.supportClosed,
      t.salesClosed,
    ])
  })

  test('rows carry what the list shows', async () => {
    const { t, agent, sales, salesLine } = await scene()
    const [row] = listTickets(db, agent.actor, { status: 'open' }).tickets
    expect(row).toMatchObject({
      id: t.agentOpen,
      status: 'open',
      unreadCount: 1,
      lastMessageText: 'Olá',
      lastMessageAt: T0 + 10 * 60_000,
      activity: T0 + 10 * 60_000,
      queueName: sales.name,
      userName: agent.name,
      connectionName: expect.stringContaining('Conexão'),
      tags: [],
    })
    expect(row!.contactNumber).toMatch(/^55119/)
    expect(db.select().from(connections).where(eq(connections.id, salesLine.id)).get()!.name).toBe(
      row!.connectionName,
    )
  })

  test('countTickets: badges of the tabs (Atendendo = mine for an agent)', async () => {
    const { t, agent, admin, supportAgent } = await scene()
    db.update(tickets).set({ unreadCount: 3 }).where(eq(tickets.id, t.agentOpen)).run()

    expect(countTickets(db, agent.actor)).toEqual({ open: 2, pending: 3, unread: 4 })
    expect(countTickets(db, supportAgent.actor)).toEqual({ open: 1, pending: 2, unread: 1 })
    expect(countTickets(db, admin.actor)).toEqual({ open: 4, pending: 4, unread: 0 })
  })
})

describe('search', () => {
  test('by contact name, any case, any part', async () => {
    const s = await setup()
    const maria = makeTicket({ connection: s.salesLine, at: 1, name: 'Maria Souza' })
    makeTicket({ connection: s.salesLine, at: 2, name: 'João Silva' })

    expect(ids(s.admin.actor, { status: 'pending', search: 'maria' })).toEqual([maria])
    expect(ids(s.admin.actor, { status: 'pending', search: '  SOUZA ' })).toEqual([maria])
    expect(ids(s.admin.actor, { status: 'pending', search: 'ria sou' })).toEqual([maria])
    expect(ids(s.admin.actor, { status: 'pending', search: 'Pedro' })).toEqual([])
  })

  test('by number: the digits, however they are typed', async () => {
    const s = await setup()
    const ana = makeTicket({ connection: s.salesLine, at: 1, phone: '5511987654321' })
    makeTicket({ connection: s.salesLine, at: 2, phone: '5521912345678' })

    expect(ids(s.admin.actor, { status: 'pending', search: '98765-4321' })).toEqual([ana])
    expect(ids(s.admin.actor, { status: 'pending', search: '+55 (11) 98765' })).toEqual([ana])
    expect(ids(s.admin.actor, { status: 'pending', search: '4321' })).toEqual([ana])
  })

  test('by a word of any message (full text), accents and case ignored, prefixes too', async () => {
    const s = await setup()
    const card = makeTicket({
      connection: s.salesLine,
      at: 1,
      text: 'Quero cancelar a assinatura do cartão',
    })
    const coffee = makeTicket({
      connection: s.salesLine,
      at: 2,
      phone: '5511900000001',
      text: 'Vocês entregam café hoje?',
    })
    // A later message of the same ticket counts too, and a private note of the team.
    ingestInbound(db, s.salesLine, {
      externalId: `T-${++seq}`,
      peer: { chatId: '5511900000001', phone: '5511900000001' },
      fromMe: false,
      timestamp: T0 + 5 * 60_000,
      type: 'text',
      text: 'E pão de queijo?',
    })
    const note = makeTicket({ connection: s.salesLine, at: 3, text: 'oi' })
    addPrivateNote(db, s.admin.actor, note, 'cliente pediu reembolso')

    expect(ids(s.admin.actor, { status: 'pending', search: 'cartao' })).toEqual([card])
    expect(ids(s.admin.actor, { status: 'pending', search: 'CARTÃO' })).toEqual([card])
    expect(ids(s.admin.actor, { status: 'pending', search: 'assinat' })).toEqual([card])
    expect(ids(s.admin.actor, { status: 'pending', search: 'cafe' })).toEqual([coffee])
    expect(ids(s.admin.actor, { status: 'pending', search: 'pao de queijo' })).toEqual([coffee])
    expect(ids(s.admin.actor, { status: 'pending', search: 'cancelar cartão' })).toEqual([card])
    expect(ids(s.admin.actor, { status: 'pending', search: 'reembolso' })).toEqual([note])
    expect(ids(s.admin.actor, { status: 'pending', search: 'cartão café' })).toEqual([])
  })

  test('odd input never breaks the full-text query', async () => {
    const s = await setup()
    makeTicket({ connection: s.salesLine, at: 1, text: 'tudo certo' })
    for (const search of [
      '"',
      '""',
      "'",
      '*',
      '-',
      'AND',
      'OR NOT',
      '(tudo',
      'tudo"',
      'NEAR(a b)',
      '%',
      '_',
      ':',
    ]) {
      expect(() => listTickets(db, s.admin.actor, { status: 'pending', search })).not.toThrow()
    }
    expect(ids(s.admin.actor, { status: 'pending', search: 'tudo"' })).toHaveLength(1)
  })

  test('search respects the tab and the queues of the agent', async () => {
    const s = await setup()
    const mine = makeTicket({ connection: s.salesLine, at: 1, text: 'boleto vencido' })
    makeTicket({ connection: s.supportLine, at: 2, text: 'boleto vencido' })
    makeTicket({ connection: s.salesLine, at: 3, text: 'boleto vencido', status: 'closed' })

    expect(ids(s.agent.actor, { status: 'pending', search: 'boleto' })).toEqual([mine])
  })
})

describe('filters', () => {
  test('by queue, connection, user and tag; combined', async () => {
    const s = await setup()
    const salesNoTag = makeTicket({
      connection: s.salesLine,
      at: 1,
      status: 'open',
      userId: s.agent.id,
    })
    const salesVip = makeTicket({
      connection: s.salesLine,
      at: 2,
      status: 'open',
      userId: s.colleague.id,
    })
    // On the sales line but moved to the support queue.
    const movedVip = makeTicket({
      connection: s.salesLine,
      at: 3,
      status: 'open',
      userId: s.agent.id,
      queueId: s.support.id,
    })
    const supportPlain = makeTicket({
      connection: s.supportLine,
      at: 4,
      status: 'open',
      userId: s.supportAgent.id,
    })
    const vip = db.insert(tags).values({ companyId: s.company.id, name: 'VIP' }).returning().get()
    const urgent = db
      .insert(tags)
      .values({ companyId: s.company.id, name: 'Urgente', color: '#dc2626' })
      .returning()
      .get()
    db.insert(ticketTags)
      .values([
        { companyId: s.company.id, ticketId: salesVip, tagId: vip.id },
        { companyId: s.company.id, ticketId: movedVip, tagId: vip.id },
        { companyId: s.company.id, ticketId: movedVip, tagId: urgent.id },
      ])
      .run()
    const admin = s.admin.actor

    expect(ids(admin, { status: 'open', queueId: s.sales.id })).toEqual([salesVip, salesNoTag])
    expect(ids(admin, { status: 'open', queueId: s.support.id })).toEqual([supportPlain, movedVip])
    expect(ids(admin, { status: 'open', connectionId: s.salesLine.id })).toEqual([
      movedVip,
      salesVip,
      salesNoTag,
    ])
    expect(ids(admin, { status: 'open', connectionId: s.supportLine.id })).toEqual([supportPlain])
    expect(ids(admin, { status: 'open', userId: s.agent.id })).toEqual([movedVip, salesNoTag])
    expect(ids(admin, { status: 'open', tagId: vip.id })).toEqual([movedVip, salesVip])
    expect(ids(admin, { status: 'open', tagId: urgent.id })).toEqual([movedVip])
    expect(ids(admin, { status: 'open', tagId: vip.id, queueId: s.sales.id })).toEqual([salesVip])
    expect(
      ids(admin, {
        status: 'open',
        connectionId: s.salesLine.id,
        userId: s.agent.id,
        queueId: s.sales.id,
      }),
    ).toEqual([salesNoTag])
    expect(ids(admin, { status: 'pending', tagId: vip.id })).toEqual([])

    // Tags come with the rows.
    const row = listTickets(db, admin, { status: 'open', tagId: urgent.id }).tickets[0]!
    expect(row.tags.map((t) => t.name).sort()).toEqual(['Urgente', 'VIP'])
    expect(row.tags).toContainEqual({ id: urgent.id, name: 'Urgente', color: '#dc2626' })
  })

  test('filters never widen what an agent may see', async () => {
    const s = await setup()
    makeTicket({ connection: s.supportLine, at: 1 })
    expect(ids(s.agent.actor, { status: 'pending', queueId: s.support.id })).toEqual([])
    expect(ids(s.agent.actor, { status: 'pending', connectionId: s.supportLine.id })).toEqual([])
  })
})

describe('cursor pagination', () => {
  test('every ticket exactly once, in activity order, across pages (ties and tickets without messages included)', async () => {
    const s = await setup()
    const made: string[] = []
    for (let i = 0; i < 23; i++) {
      // Several tickets share a minute: the id breaks the tie.
      made.push(
        makeTicket({ connection: i % 2 ? s.salesLine : s.supportLine, at: Math.floor(i / 4) }),
      )
    }
    // A ticket whose last message is unknown is ordered by its creation.
    db.update(tickets)
      .set({ lastMessageAt: null, createdAt: T0 + 2 * 60_000 })
      .where(eq(tickets.id, made[0]!))
      .run()

    const expected = db
      .select({
        id: tickets.id,
        lastMessageAt: tickets.lastMessageAt,
        createdAt: tickets.createdAt,
      })
      .from(tickets)
      .where(eq(tickets.companyId, s.company.id))
      .all()
      .map((t) => ({ id: t.id, activity: t.lastMessageAt ?? t.createdAt }))
      .sort((a, b) => b.activity - a.activity || (a.id < b.id ? 1 : -1))
      .map((t) => t.id)
    expect(expected).toHaveLength(23)

    for (const limit of [1, 5, 7, 22, 23, 50]) {
      const { seen, pages } = allPages(s.admin.actor, { status: 'pending' }, limit)
      expect(seen).toEqual(expected)
      expect(new Set(seen).size).toBe(23)
      expect(pages).toBe(Math.max(1, Math.ceil(23 / limit)))
    }
    // Filtered lists page the same way.
    const sales = allPages(s.agent.actor, { status: 'pending' }, 4).seen
    expect(sales).toEqual(
      expected.filter(
        (id) => db.select().from(tickets).where(eq(tickets.id, id)).get()!.queueId === s.sales.id,
      ),
    )
  })

  test('the last page says there is no next one', async () => {
    const s = await setup()
    makeTicket({ connection: s.salesLine, at: 1 })
    makeTicket({ connection: s.salesLine, at: 2 })
    expect(listTickets(db, s.admin.actor, { status: 'pending', limit: 2 }).nextCursor).toBeNull()
    const first = listTickets(db, s.admin.actor, { status: 'pending', limit: 1 })
    expect(first.nextCursor).toEqual(expect.stringMatching(/^\d+:[0-9a-z]+$/))
    const second = listTickets(db, s.admin.actor, {
      status: 'pending',
      limit: 1,
      cursor: first.nextCursor,
    })
    expect(second.nextCursor).toBeNull()
    expect(listTickets(db, s.admin.actor, { status: 'closed' })).toEqual({
      tickets: [],
      nextCursor: null,
    })
  })
})

describe('isolation', () => {
  test("another company's tickets are never listed, searched or counted", async () => {
    const ours = await scene()
    const theirs = await scene()
    const theirsIds = new Set(Object.values(theirs.t))
    db.update(contacts)
      .set({ name: 'Maria Compartilhada' })
      .where(eq(contacts.companyId, theirs.company.id))
      .run()
    const before = countTickets(db, ours.admin.actor)

    for (const actor of [
      ours.admin.actor,
      ours.supervisor.actor,
      ours.agent.actor,
      ours.supportAgent.actor,
    ]) {
      for (const status of ['open', 'pending', 'closed'] as const) {
        for (const search of [undefined, 'Maria', 'Olá', '5511']) {
          expect(ids(actor, { status, search }).filter((id) => theirsIds.has(id))).toEqual([])
        }
        // Filters pointing at the other company's queue, line or people find nothing.
        expect(ids(actor, { status, queueId: theirs.sales.id })).toEqual([])
        expect(ids(actor, { status, connectionId: theirs.salesLine.id })).toEqual([])
        expect(ids(actor, { status, userId: theirs.agent.id })).toEqual([])
      }
    }
    expect(ids(ours.admin.actor, { status: 'open' })).toHaveLength(4)
    expect(countTickets(db, ours.admin.actor)).toEqual(before)
    expect(countTickets(db, ours.admin.actor)).toEqual({ open: 4, pending: 4, unread: 0 })
  })
})
