import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { ingestInbound } from '#app/domain/messages/ingest.server.ts'
import { db } from '#app/utils/db.server.ts'
import { ftsQuery, searchWords, textMatchesWords } from '#app/utils/search-text.ts'
import { contacts } from '#db/schema/contacts.ts'
import { tickets } from '#db/schema/tickets.ts'
import {
  addConnection,
  createCompany,
  createSalesAndSupportLines,
  createTicketAt,
  createUser,
  TICKET_T0 as T0,
  type TicketSpec,
} from '#tests/db-utils.ts'
import { addPrivateNote } from './actions.server.ts'
import { searchGatherBounds } from './search.server.ts'
import { listTickets, type TicketFilter } from './tickets.server.ts'

const makeTicket = (spec: TicketSpec) => createTicketAt(db, spec)

async function setup() {
  const lines = await createSalesAndSupportLines(db)
  const admin = await createUser(db, { companyId: lines.company.id, role: 'admin' })
  return { ...lines, admin }
}

const ids = (actor: Parameters<typeof listTickets>[1], filter: TicketFilter) =>
  listTickets(db, actor, filter).tickets.map((t) => t.id)

/**
 * Every rule holds on both paths: matches gathered from the indexes (few), and the tab walked
 * ticket by ticket with the same rules (many) — forced here by gathering at most 0.
 */
describe.each([
  { path: 'index first', bounds: { min: 200, max: 20_000 } },
  { path: 'ticket by ticket', bounds: { min: 0, max: 0 } },
])('search, $path', ({ bounds }) => {
  const saved = { ...searchGatherBounds }
  afterEach(() => Object.assign(searchGatherBounds, saved))
  const use = () => Object.assign(searchGatherBounds, bounds)

  test('contact name: any part, any case, accents ignored', async () => {
    const s = await setup()
    const maria = makeTicket({ connection: s.salesLine, at: 1, name: 'Maria Souza' })
    const joao = makeTicket({ connection: s.salesLine, at: 2, name: 'João Silva' })
    use()
    const search = (q: string) => ids(s.admin.actor, { status: 'pending', search: q })
    expect(search('maria')).toEqual([maria])
    expect(search('  SOUZA ')).toEqual([maria])
    expect(search('ria sou')).toEqual([maria])
    expect(search('joao')).toEqual([joao])
    expect(search('JOÃO SIL')).toEqual([joao])
    expect(search('ão')).toEqual([joao])
    expect(search('Pedro')).toEqual([])
  })

  test('number: the digits however they are typed', async () => {
    const s = await setup()
    const ana = makeTicket({ connection: s.salesLine, at: 1, phone: '5511987654321' })
    makeTicket({ connection: s.salesLine, at: 2, phone: '5521912345678' })
    use()
    const search = (q: string) => ids(s.admin.actor, { status: 'pending', search: q })
    expect(search('98765-4321')).toEqual([ana])
    expect(search('+55 (11) 98765')).toEqual([ana])
    expect(search('4321')).toEqual([ana])
  })

  test('messages: every word in one message, prefixes, accents and notes', async () => {
    const s = await setup()
    const card = makeTicket({
      connection: s.salesLine,
      at: 1,
      text: 'Quero cancelar a assinatura do cartão',
    })
    const coffee = makeTicket({ connection: s.salesLine, at: 2, text: 'Vocês entregam café hoje?' })
    const note = makeTicket({ connection: s.salesLine, at: 3, text: 'oi' })
    addPrivateNote(db, s.admin.actor, note, 'cliente pediu reembolso 98765-4321')
    use()
    const search = (q: string) => ids(s.admin.actor, { status: 'pending', search: q })
    expect(search('cartao')).toEqual([card])
    expect(search('CARTÃO')).toEqual([card])
    expect(search('assinat')).toEqual([card])
    expect(search('cancelar cartão')).toEqual([card])
    expect(search('cafe')).toEqual([coffee])
    expect(search('cartão café')).toEqual([])
    expect(search('reembolso')).toEqual([note])
    expect(search('98765-43')).toEqual([note])
    for (const odd of ['"', "'", '*', '-', 'AND', 'OR NOT', '(tudo', 'NEAR(a b)', '%', '_', ':'])
      expect(() => search(odd)).not.toThrow()
  })

  test('the tab, the access of the agent and other companies hold', async () => {
    const s = await setup()
    const other = await setup()
    const mine = makeTicket({ connection: s.salesLine, at: 1, text: 'boleto vencido' })
    makeTicket({ connection: s.supportLine, at: 2, text: 'boleto vencido' })
    const closed = makeTicket({
      connection: s.salesLine,
      at: 3,
      text: 'boleto vencido',
      status: 'closed',
    })
    makeTicket({ connection: other.salesLine, at: 4, text: 'boleto vencido', name: 'Boleto' })
    use()
    expect(ids(s.agent.actor, { status: 'pending', search: 'boleto' })).toEqual([mine])
    expect(ids(s.agent.actor, { status: 'closed', search: 'boleto' })).toEqual([closed])
    expect(ids(s.admin.actor, { status: 'pending', search: 'boleto' })).toHaveLength(2)
  })

  test('keyset pages: every match once, newest first', async () => {
    const s = await setup()
    const made = Array.from({ length: 7 }, (_, i) =>
      makeTicket({ connection: s.salesLine, at: i, text: `pedido número ${i}`, status: 'closed' }),
    )
    makeTicket({ connection: s.salesLine, at: 20, text: 'outra coisa', status: 'closed' })
    // Same activity: the id breaks the tie.
    const tie = makeTicket({ connection: s.salesLine, at: 6, text: 'pedido', status: 'closed' })
    use()
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = listTickets(db, s.admin.actor, {
        status: 'closed',
        search: 'pedido',
        limit: 3,
        cursor,
      })
      seen.push(...page.tickets.map((t) => t.id))
      cursor = page.nextCursor
    } while (cursor)
    const expected = [...made, tie]
      .map((id) => db.select().from(tickets).where(eq(tickets.id, id)).get()!)
      .sort((a, b) => b.activityAt! - a.activityAt! || (a.id < b.id ? 1 : -1))
      .map((t) => t.id)
    expect(seen).toEqual(expected)
  })
})

describe('the per-ticket rule is the full-text index’s rule', () => {
  const bodies = [
    'Quero cancelar a assinatura do cartão',
    'Vocês entregam café hoje?',
    'E pão de queijo?',
    'pedido 123456 chegou',
    'Número 98765-4321, ligue',
    'ÁGUA com gás',
    'tudo "certo" por aqui',
    'pedidos atrasados',
  ]
  const queries = [
    'cartao',
    'assinat',
    'cancelar cartão',
    'cafe hoje',
    'pao de queijo',
    'pão queijo',
    'de queijo',
    'queijo de',
    '1234',
    '98765-43',
    '9876 4321',
    'agua gas',
    'AGUA',
    'certo"',
    'pedido',
    'pedidos',
    'ped',
    'chegou 123',
    'x',
    '"',
  ]

  test('search_words agrees with messages_fts on every query', async () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id, null)
    for (const [i, text] of bodies.entries())
      ingestInbound(db, connection, {
        externalId: `FTS-${i}`,
        peer: { chatId: `551190000${1000 + i}`, phone: `551190000${1000 + i}` },
        fromMe: false,
        timestamp: T0 + i,
        type: 'text',
        text,
      })
    const byFts = (q: string) => {
      const query = ftsQuery(q)
      if (!query) return []
      return db.$client
        .prepare(
          `select m.body from messages m where m.connection_id = ? and m.rowid in
             (select rowid from messages_fts where messages_fts match ?) order by m.timestamp`,
        )
        .pluck()
        .all(connection.id, query)
    }
    const bySql = (q: string) =>
      db.$client
        .prepare(
          `select body from messages where connection_id = ? and search_words(body, ?) order by timestamp`,
        )
        .pluck()
        .all(connection.id, JSON.stringify(searchWords(q)))
    for (const q of queries) {
      const expected = byFts(q)
      expect(bySql(q), q).toEqual(expected)
      expect(
        bodies.filter((b) => textMatchesWords(b, searchWords(q))),
        q,
      ).toEqual(expected)
    }
  })

  test('contacts_fts follows renames and deletions', async () => {
    const company = createCompany(db)
    const row = db
      .insert(contacts)
      .values({ companyId: company.id, name: 'Zuleica Prado', number: '5511955554444' })
      .returning()
      .get()
    const find = (q: string) =>
      db.$client
        .prepare(
          `select c.id from contacts_fts f join contacts c on c.rowid = f.rowid where contacts_fts match ?`,
        )
        .pluck()
        .all(q)
    expect(find('"zuleica"')).toEqual([row.id])
    db.update(contacts).set({ name: 'Zenaide Prado' }).where(eq(contacts.id, row.id)).run()
    expect(find('"zuleica"')).toEqual([])
    expect(find('"zenaide"')).toEqual([row.id])
    expect(find('number : "55554444"')).toEqual([row.id])
    db.delete(contacts).where(eq(contacts.id, row.id)).run()
    expect(find('"zenaide"')).toEqual([])
  })
})
