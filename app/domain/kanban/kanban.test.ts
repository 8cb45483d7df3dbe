import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { createCompany as createCompanyAsSuperAdmin } from '#app/domain/companies/companies.server.ts'
import { db } from '#app/utils/db.server.ts'
import { kanbanStages } from '#db/schema/kanban.ts'
import { events } from '#db/schema/system.ts'
import { contactTags, tags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import { tickets } from '#db/schema/tickets.ts'
import { setSetting } from '#app/domain/settings/settings.server.ts'
import {
  addConnection,
  createCompany,
  createSalesAndSupport,
  createUser,
  customerWrites,
  domainErrorOf,
  uniquePhone,
} from '#tests/db-utils.ts'
import { getBoard, getColumnPage, moveCard } from './board.server.ts'
import {
  createStage,
  deleteStage,
  listStages,
  moveStage,
  reorderStages,
  updateStage,
} from './stages.server.ts'

const setup = () => createSalesAndSupport(db)

/** A customer writes in; returns the contact id and ticket id. */
function customer(
  connection: { id: string; companyId: string; queueId: string | null },
  name: string,
  text = 'Olá',
) {
  const result = customerWrites(db, connection, { phone: uniquePhone(), name, text })
  if (result.duplicate) throw new Error('duplicate')
  return { contactId: result.contactId, ticketId: result.ticketId }
}

const names = (column: { cards: Array<{ name: string }> }) => column.cards.map((c) => c.name)

describe('stages', () => {
  test('a new company gets the default funnel; older ones get it on first look', async () => {
    const superAdmin = (
      await createUser(db, { companyId: createCompany(db).id, isSuperAdmin: true, role: 'admin' })
    ).actor
    const company = await createCompanyAsSuperAdmin(db, superAdmin, {
      name: 'Nova',
      timeZone: 'America/Sao_Paulo',
      maxUsers: 5,
      maxConnections: 1,
      maxQueues: 3,
      adminName: 'Dona',
      adminEmail: `dona${Date.now()}@example.com`,
      adminPassword: 'senha-forte-123',
    })
    const rows = db.select().from(kanbanStages).where(eq(kanbanStages.companyId, company.id)).all()
    expect(rows.map((r) => r.name).sort()).toEqual(
      ['Aguardando resposta', 'Concluído', 'Em atendimento', 'Novo'].sort(),
    )
    const s = await setup()
    expect(listStages(db, s.agent).map((stage) => stage.name)).toEqual([
      'Novo',
      'Em atendimento',
      'Aguardando resposta',
      'Concluído',
    ])
    // Idempotent.
    expect(listStages(db, s.admin)).toHaveLength(4)
  })

  test('create, rename, recolour, reorder; managers only; names unique', async () => {
    const s = await setup()
    const stage = createStage(db, s.supervisor, { name: 'Proposta', color: '#7C3AED' })
    expect(stage).toMatchObject({ name: 'Proposta', color: '#7c3aed', position: 4 })
    expect(
      domainErrorOf(() => createStage(db, s.admin, { name: 'novo', color: '#000000' })).code,
    ).toBe('validation.nameTaken')
    expect(
      domainErrorOf(() => createStage(db, s.agent, { name: 'X', color: '#000000' })).status,
    ).toBe(403)
    updateStage(db, s.admin, stage.id, { name: 'Proposta enviada', color: '#db2777' })
    moveStage(db, s.admin, stage.id, 'left')
    expect(listStages(db, s.admin).map((x) => x.name)).toEqual([
      'Novo',
      'Em atendimento',
      'Aguardando resposta',
      'Proposta enviada',
      'Concluído',
    ])
    const ids = listStages(db, s.admin).map((x) => x.id)
    expect(domainErrorOf(() => reorderStages(db, s.admin, ids.slice(1))).field).toBe('stageIds')
    expect(domainErrorOf(() => moveStage(db, s.agent, stage.id, 'left')).status).toBe(403)
  })

  test('reordering the first column keeps unplaced cards where they were', async () => {
    const s = await setup()
    const c = customer(s.vendas, 'Carla')
    const [novo, atendimento] = listStages(db, s.admin)
    expect(names(getBoard(db, s.admin)[0]!)).toEqual(['Carla'])
    moveStage(db, s.admin, atendimento!.id, 'left')
    const board = getBoard(db, s.admin)
    expect(board[0]!.id).toBe(atendimento!.id)
    expect(names(board.find((col) => col.id === novo!.id)!)).toEqual(['Carla'])
    expect(
      db.select().from(contacts).where(eq(contacts.id, c.contactId)).get()?.kanbanStageId,
    ).toBe(novo!.id)
  })

  test('deleting a stage moves its cards to the target, in one go; never the last stage', async () => {
    const s = await setup()
    const [novo, atendimento, aguardando, concluido] = listStages(db, s.admin)
    const a = customer(s.vendas, 'Alice')
    const b = customer(s.vendas, 'Bruno')
    const c = customer(s.vendas, 'Caio')
    moveCard(db, s.admin, { contactId: a.contactId, stageId: atendimento!.id })
    moveCard(db, s.admin, { contactId: b.contactId, stageId: atendimento!.id })
    expect(
      domainErrorOf(() => deleteStage(db, s.admin, atendimento!.id, atendimento!.id)).field,
    ).toBe('targetStageId')
    expect(domainErrorOf(() => deleteStage(db, s.agent, atendimento!.id, novo!.id)).status).toBe(
      403,
    )
    expect(deleteStage(db, s.admin, atendimento!.id, concluido!.id).moved).toBe(2)
    // The first stage (holding Caio, never placed) goes too: Caio follows to its target.
    deleteStage(db, s.admin, novo!.id, aguardando!.id)
    const board = getBoard(db, s.admin)
    expect(board.map((col) => [col.name, col.count, names(col).sort()])).toEqual([
      ['Aguardando resposta', 1, ['Caio']],
      ['Concluído', 2, ['Alice', 'Bruno']],
    ])
    deleteStage(db, s.admin, aguardando!.id, concluido!.id)
    expect(domainErrorOf(() => deleteStage(db, s.admin, concluido!.id, novo!.id)).code).toBe(
      'kanban.errors.lastStage',
    )
    expect(c.contactId).toBeTruthy()
  })

  test('another company cannot touch the stages', async () => {
    const s = await setup()
    const other = await setup()
    const [novo, atendimento] = listStages(db, s.admin)
    expect(
      domainErrorOf(() => updateStage(db, other.admin, novo!.id, { name: 'X', color: '#000000' }))
        .status,
    ).toBe(404)
    expect(
      domainErrorOf(() => deleteStage(db, other.admin, novo!.id, atendimento!.id)).status,
    ).toBe(404)
    expect(domainErrorOf(() => moveStage(db, other.admin, novo!.id, 'right')).status).toBe(404)
    const c = customer(s.vendas, 'Dora')
    expect(
      domainErrorOf(() =>
        moveCard(db, other.admin, {
          contactId: c.contactId,
          stageId: listStages(db, other.admin)[1]!.id,
        }),
      ).status,
    ).toBe(404)
    expect(
      domainErrorOf(() =>
        moveCard(db, s.admin, {
          contactId: c.contactId,
          stageId: listStages(db, other.admin)[1]!.id,
        }),
      ).status,
    ).toBe(404)
    expect(getBoard(db, other.admin).every((col) => col.count === 0)).toBe(true)
    expect(domainErrorOf(() => getColumnPage(db, other.admin, { stageId: novo!.id })).status).toBe(
      404,
    )
  })
})

describe('moveCard ordering', () => {
  test('unplaced cards come newest first; a moved card lands between its neighbours', async () => {
    const s = await setup()
    const [novo, atendimento] = listStages(db, s.admin)
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((name) => customer(s.vendas, name))
    expect(names(getBoard(db, s.admin)[0]!)).toEqual(['D', 'C', 'B', 'A'])

    // Into an empty column, then to its top, its bottom, and between two cards.
    moveCard(db, s.admin, { contactId: a!.contactId, stageId: atendimento!.id })
    moveCard(db, s.admin, {
      contactId: b!.contactId,
      stageId: atendimento!.id,
      afterId: a!.contactId,
    })
    moveCard(db, s.admin, {
      contactId: c!.contactId,
      stageId: atendimento!.id,
      beforeId: a!.contactId,
    })
    moveCard(db, s.admin, {
      contactId: d!.contactId,
      stageId: atendimento!.id,
      beforeId: b!.contactId,
      afterId: a!.contactId,
    })
    let board = getBoard(db, s.admin)
    expect(names(board[1]!)).toEqual(['B', 'D', 'A', 'C'])
    expect(board.map((col) => col.count)).toEqual([0, 4, 0, 0])

    // Within the column: C to the top; B between A and C... (stale neighbours are ignored).
    moveCard(db, s.admin, {
      contactId: c!.contactId,
      stageId: atendimento!.id,
      afterId: b!.contactId,
    })
    moveCard(db, s.admin, {
      contactId: b!.contactId,
      stageId: atendimento!.id,
      beforeId: a!.contactId,
    })
    board = getBoard(db, s.admin)
    expect(names(board[1]!)).toEqual(['C', 'D', 'A', 'B'])
    const ranks = board[1]!.cards.map((card) => card.rank!)
    expect([...ranks].sort()).toEqual(ranks)

    // A neighbour from another column does not count: the card goes to the top.
    moveCard(db, s.admin, { contactId: a!.contactId, stageId: novo!.id, beforeId: c!.contactId })
    board = getBoard(db, s.admin)
    expect(names(board[0]!)).toEqual(['A'])
    expect(names(board[1]!)).toEqual(['C', 'D', 'B'])
  })

  test('dropping among unplaced cards ranks those above it, keeping the order seen', async () => {
    const s = await setup()
    const [novo] = listStages(db, s.admin)
    const cards = ['A', 'B', 'C', 'D', 'E'].map((name) => customer(s.vendas, name))
    // Shown: E D C B A. Move A below D (between D and C).
    const byName = (n: string) => cards['ABCDE'.indexOf(n)]!.contactId
    const result = moveCard(db, s.admin, {
      contactId: byName('A'),
      stageId: novo!.id,
      beforeId: byName('D'),
      afterId: byName('C'),
    })
    expect(result.placed.map((p) => p.id)).toEqual([byName('E'), byName('D')])
    expect(names(getBoard(db, s.admin)[0]!)).toEqual(['E', 'D', 'A', 'C', 'B'])
    // A newcomer shows below the placed cards, above the other unplaced ones.
    customer(s.vendas, 'F')
    expect(names(getBoard(db, s.admin)[0]!)).toEqual(['E', 'D', 'A', 'F', 'C', 'B'])
  })

  test('moves are announced to the company with stage and rank', async () => {
    const s = await setup()
    const [novo, atendimento] = listStages(db, s.admin)
    const a = customer(s.vendas, 'A')
    const moved = moveCard(db, s.agent, { contactId: a.contactId, stageId: atendimento!.id })
    const event = db
      .select()
      .from(events)
      .where(eq(events.companyId, s.company.id))
      .all()
      .filter((e) => e.type === 'kanban.moved')
      .at(-1)!
    expect(event.audienceType).toBe('company')
    expect(event.payload).toEqual({
      contactId: a.contactId,
      fromStageId: novo!.id,
      stageId: atendimento!.id,
      rank: moved.rank,
      placed: [],
    })
  })

  test('columns page with a cursor through placed then unplaced cards', async () => {
    const s = await setup()
    const [novo] = listStages(db, s.admin)
    const all = Array.from({ length: 7 }, (_, i) => customer(s.vendas, `C${i}`))
    // Place C0 and C1 at the top (C1 above C0).
    moveCard(db, s.admin, { contactId: all[0]!.contactId, stageId: novo!.id })
    moveCard(db, s.admin, { contactId: all[1]!.contactId, stageId: novo!.id })
    const first = getBoard(db, s.admin, {}, 3)[0]!
    expect(names(first)).toEqual(['C1', 'C0', 'C6'])
    expect(first.count).toBe(7)
    const seen = [...names(first)]
    let cursor = first.nextCursor
    while (cursor) {
      const page = getColumnPage(db, s.admin, { stageId: novo!.id, cursor, limit: 2 })
      seen.push(...names(page))
      cursor = page.nextCursor
    }
    expect(seen).toEqual(['C1', 'C0', 'C6', 'C5', 'C4', 'C3', 'C2'])
  })
})

describe('board visibility and filters', () => {
  test('agents see contacts with a ticket they may see; admins and supervisors all', async () => {
    const s = await setup()
    const mine = customer(s.vendas, 'Vera', 'Quero comprar')
    customer(s.suporte, 'Sara')
    const assigned = customer(s.suporte, 'Igor')
    db.update(tickets)
      .set({ userId: s.agent.userId, status: 'open' })
      .where(eq(tickets.id, assigned.ticketId))
      .run()
    // A contact with no ticket at all (typed in by hand).
    db.insert(contacts)
      .values({ companyId: s.company.id, name: 'Manual', number: uniquePhone(), source: 'manual' })
      .run()

    expect(names(getBoard(db, s.agent)[0]!).sort()).toEqual(['Igor', 'Vera'])
    expect(getBoard(db, s.agent)[0]!.count).toBe(2)
    expect(names(getBoard(db, s.supervisor)[0]!).sort()).toEqual(['Igor', 'Manual', 'Sara', 'Vera'])
    expect(getBoard(db, s.admin)[0]!.count).toBe(4)

    const sara = getBoard(db, s.admin)[0]!.cards.find((card) => card.name === 'Sara')!
    const stageId = listStages(db, s.agent)[1]!.id
    expect(domainErrorOf(() => moveCard(db, s.agent, { contactId: sara.id, stageId })).status).toBe(
      404,
    )

    const vera = getBoard(db, s.agent)[0]!.cards.find((card) => card.id === mine.contactId)!
    expect(vera.ticket).toMatchObject({
      id: mine.ticketId,
      status: 'pending',
      lastMessageText: 'Quero comprar',
      queueName: 'Vendas',
      userName: null,
    })
    const igor = getBoard(db, s.agent)[0]!.cards.find((card) => card.id === assigned.contactId)!
    expect(igor.ticket).toMatchObject({ status: 'open', userName: 'Ana' })
  })

  test('"hide tickets without a queue": their cards and last message leave an agent\'s board, column pages and moves', async () => {
    const s = await setup()
    const bare = addConnection(db, s.company.id, null)
    const hidden = customer(bare, 'Quieta', 'segredo sem fila')
    customer(s.vendas, 'Vera')
    const first = () => getBoard(db, s.agent)[0]!
    // Visible while the company shows them (unassigned, no queue).
    expect(names(first()).sort()).toEqual(['Quieta', 'Vera'])

    setSetting(db, s.admin, 'tickets.hideQueuelessFromAgents', true)
    expect(names(first())).toEqual(['Vera'])
    expect(first().count).toBe(1)
    const page = getColumnPage(db, s.agent, { stageId: first().id })
    expect(page.cards.map((card) => card.name)).toEqual(['Vera'])
    expect(JSON.stringify(page)).not.toContain('segredo sem fila')
    const stageId = listStages(db, s.agent)[1]!.id
    expect(
      domainErrorOf(() => moveCard(db, s.agent, { contactId: hidden.contactId, stageId })).status,
    ).toBe(404)
    // Supervisors and admins still see it, with its last message.
    for (const viewer of [s.supervisor, s.admin]) {
      const card = getBoard(db, viewer)[0]!.cards.find((c) => c.id === hidden.contactId)
      expect(card?.ticket).toMatchObject({ lastMessageText: 'segredo sem fila' })
    }
  })

  test('filters by queue, agent and tag', async () => {
    const s = await setup()
    const v = customer(s.vendas, 'Vera')
    customer(s.suporte, 'Sara')
    const i = customer(s.suporte, 'Igor')
    db.update(tickets)
      .set({ userId: s.agent.userId, status: 'open' })
      .where(eq(tickets.id, i.ticketId))
      .run()
    const vip = db.insert(tags).values({ companyId: s.company.id, name: 'VIP' }).returning().get()
    db.insert(contactTags)
      .values({ companyId: s.company.id, contactId: v.contactId, tagId: vip.id })
      .run()

    const col = (filter: Parameters<typeof getBoard>[2]) =>
      names(getBoard(db, s.admin, filter)[0]!).sort()
    expect(col({ queueId: s.vendasId })).toEqual(['Vera'])
    expect(col({ userId: s.agent.userId })).toEqual(['Igor'])
    expect(col({ tagId: vip.id })).toEqual(['Vera'])
    expect(getBoard(db, s.admin, { tagId: vip.id })[0]!.cards[0]!.tags).toEqual([
      { id: vip.id, name: 'VIP', color: '#64748b' },
    ])
    expect(getBoard(db, s.admin, { tagId: vip.id })[0]!.count).toBe(1)
  })

  test('the column query reads the (company, stage, rank) index, without sorting', async () => {
    const s = await setup()
    customer(s.vendas, 'A')
    const [, atendimento] = listStages(db, s.admin)
    const plan = (query: string) =>
      db.$client
        .prepare(`explain query plan ${query}`)
        .all(s.company.id, atendimento!.id)
        .map((row) => (row as { detail: string }).detail)
        .join('\n')
    const ranked = plan(
      'select id from contacts where company_id = ? and kanban_stage_id = ? and kanban_rank is not null order by kanban_rank, rowid limit 51',
    )
    expect(ranked).toMatch(/contacts_company_kanban_idx/)
    expect(ranked).not.toMatch(/TEMP B-TREE/)
    const unranked = plan(
      'select id from contacts where company_id = ? and kanban_stage_id = ? and kanban_rank is null order by rowid desc limit 51',
    )
    expect(unranked).toMatch(/contacts_company_kanban_idx/)
    expect(unranked).not.toMatch(/TEMP B-TREE/)
  })
})
