import { inArray, like, or, sql, type SQL } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { digitsOnly } from '#app/utils/phone.ts'
import { foldText, ftsQuery, searchWords } from '#app/utils/search-text.ts'
import { contacts } from '#db/schema/contacts.ts'
import { type TicketStatus, tickets } from '#db/schema/tickets.ts'

/**
 * The ticket list's search: a ticket matches when its contact's name or number contains the
 * typed text, or one of its messages has every typed word (full text, accents and case ignored,
 * prefixes too). It never scans closed history row by row for a rare term:
 *
 * - index first: the matching messages (messages_fts) and contacts (contacts_fts, trigram) come
 *   from their full-text indexes, then the tickets they belong to — the list query reads only
 *   those, by id, filtered by the tab, access and filters, newest first from the keyset cursor;
 * - when a part matches too much to list (a common word, a short name), its rows are not
 *   gathered: the list walks the tab's tickets newest first on its index and checks that part
 *   per ticket (search_words / search_contains, the same rules) until the page is full — a common
 *   term fills a page within a few dozen tickets.
 *
 * "Too much" is about √(page × rows): where gathering the matches and walking the tab cost the
 * same, so the worse of the two stays small at any size.
 */
export function ticketSearch(
  db: DbOrTx,
  actor: Actor,
  input: { search: string; status: TicketStatus; limit: number },
): { where?: SQL; ticketIds?: string[] } {
  const term = input.search.trim()
  if (!term) return {}
  const messagePart = messageMatches(db, term, input.limit)
  const contactPart = contactMatches(db, actor, term, input.limit)
  const parts = [messagePart, contactPart]
  if (parts.every((part) => part.kind !== 'scan')) {
    // Index first: the tickets of the matching messages and contacts, by id.
    const ids = new Set<string>()
    for (const part of parts) {
      if (part.kind === 'messages') for (const id of ticketsOfMessages(db, actor, part)) ids.add(id)
      if (part.kind === 'contacts')
        for (const id of ticketsOfContacts(db, actor, part, input.status)) ids.add(id)
    }
    return { ticketIds: [...ids] }
  }
  // Too many matches to gather: checked ticket by ticket on the tab's index.
  return { where: or(...parts.map((part) => perTicket(part))) }
}

type Part =
  | { kind: 'none' }
  /** Rowids of the matching messages (few). */
  | { kind: 'messages'; rowids: number[] }
  /** Rowids of the matching contacts (few). */
  | { kind: 'contacts'; rowids: number[] }
  /** Too many to gather: a condition on each ticket row (contacts joined). */
  | { kind: 'scan'; condition: SQL }

/** Bounds of "few" matches (tests set both to 0 to check the per-ticket path alike). */
export const searchGatherBounds = { min: 200, max: 20_000 }

/** How many matches are "few": √(page × rows), within searchGatherBounds. */
function gatherLimit(db: DbOrTx, table: 'messages' | 'contacts', limit: number) {
  const rows =
    db.get<{ n: number | null }>(sql`select max(rowid) as n from ${sql.identifier(table)}`)?.n ?? 0
  const { min, max } = searchGatherBounds
  return Math.min(max, Math.max(min, Math.round(Math.sqrt((limit + 1) * rows))))
}

function ftsRowids(db: DbOrTx, table: 'messages_fts' | 'contacts_fts', query: string, max: number) {
  return db
    .all<{ rowid: number }>(
      sql`select rowid from ${sql.identifier(table)} where ${sql.identifier(table)} match ${query} limit ${max}`,
    )
    .map((row) => row.rowid)
}

function ftsCount(db: DbOrTx, query: string, max: number) {
  return (
    db.get<{ n: number }>(
      sql`select count(*) as n from (select rowid from messages_fts where messages_fts match ${query} limit ${max})`,
    )?.n ?? 0
  )
}

function messageMatches(db: DbOrTx, term: string, limit: number): Part {
  const words = searchWords(term)
  if (words.length === 0) return { kind: 'none' }
  const max = gatherLimit(db, 'messages', limit)
  const scan = {
    kind: 'scan' as const,
    condition: sql`exists (select 1 from messages m where m.ticket_id = ${tickets.id} and m.body is not null and search_words(m.body, ${JSON.stringify(words)}))`,
  }
  // Whole words first: cheap even when common (a prefix query reads every matching word's list).
  if (ftsCount(db, ftsQuery(term, { prefix: false }), max) >= max) return scan
  const rowids = ftsRowids(db, 'messages_fts', ftsQuery(term), max + 1)
  return rowids.length > max ? scan : { kind: 'messages', rowids }
}

function contactMatches(db: DbOrTx, actor: Actor, term: string, limit: number): Part {
  const text = foldText(term)
  const digits = digitsOnly(term)
  const byNumber = digits.length >= 4
  if (text.length === 0) return { kind: 'none' }
  const scan = {
    kind: 'scan' as const,
    condition: or(
      sql`search_contains(${contacts.name}, ${text})`,
      byNumber ? like(contacts.number, `%${digits}%`) : undefined,
    )!,
  }
  const max = gatherLimit(db, 'contacts', limit)
  let rowids: number[]
  if (text.length >= 3) {
    const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`
    const query = [`name : ${quoted(text)}`, byNumber ? `number : ${quoted(digits)}` : null]
      .filter(Boolean)
      .join(' OR ')
    rowids = ftsRowids(db, 'contacts_fts', query, max + 1)
  } else {
    // The trigram index needs 3 characters: 1 or 2 are looked for in the names (on their index).
    rowids = db
      .all<{ rowid: number }>(
        sql`select rowid from contacts where company_id = ${actor.companyId}
            and search_contains(name, ${text}) limit ${max + 1}`,
      )
      .map((row) => row.rowid)
  }
  return rowids.length > max ? scan : { kind: 'contacts', rowids }
}

/**
 * The page of gathered tickets: `where` (tab, access, filters, cursor) checked on each of them,
 * newest first. The loops start from the ids (CROSS JOIN keeps that order; SQLite would otherwise
 * walk the tab's index and probe the list for every ticket of the history). Returns the condition
 * that picks that page's rows.
 */
export function gatheredPage(
  db: DbOrTx,
  ticketIds: string[],
  where: SQL | undefined,
  limit: number,
) {
  if (ticketIds.length === 0) return sql`0`
  const page = db
    .all<{ id: string }>(
      sql`select ${tickets.id} as id
          from json_each(${JSON.stringify(ticketIds)}) as found
          cross join ${tickets} on ${tickets.id} = found.value
          where ${where ?? sql`1`}
          order by ${tickets.activityAt} desc, ${tickets.id} desc
          limit ${limit + 1}`,
    )
    .map((row) => row.id)
  return page.length ? inArray(tickets.id, page) : sql`0`
}

function perTicket(part: Part): SQL | undefined {
  switch (part.kind) {
    case 'none':
      return undefined
    case 'scan':
      return part.condition
    case 'messages':
      return sql`${tickets.id} in (select m.ticket_id from messages m where m.rowid in (select value from json_each(${JSON.stringify(part.rowids)})))`
    case 'contacts':
      return sql`${contacts}.rowid in (select value from json_each(${JSON.stringify(part.rowids)}))`
  }
}

function ticketsOfMessages(db: DbOrTx, actor: Actor, part: { rowids: number[] }) {
  if (part.rowids.length === 0) return []
  return db
    .all<{ id: string }>(
      sql`select distinct m.ticket_id as id
          from json_each(${JSON.stringify(part.rowids)}) as found
          cross join messages m on m.rowid = found.value
          where m.company_id = ${actor.companyId}`,
    )
    .map((row) => row.id)
}

function ticketsOfContacts(
  db: DbOrTx,
  actor: Actor,
  part: { rowids: number[] },
  status: TicketStatus,
) {
  if (part.rowids.length === 0) return []
  return db
    .all<{ id: string }>(
      sql`select t.id
          from json_each(${JSON.stringify(part.rowids)}) as found
          cross join contacts c on c.rowid = found.value
          cross join tickets t on t.contact_id = c.id
          where c.company_id = ${actor.companyId} and t.status = ${status}`,
    )
    .map((row) => row.id)
}
