import {
  and,
  asc,
  desc,
  eq,
  exists,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm'
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing'
import { type Actor } from '#app/domain/actor.ts'
import { notFound } from '#app/domain/errors.ts'
import { seesAllTickets, ticketVisibility } from '#app/domain/tickets/access.server.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { queues } from '#db/schema/queues.ts'
import { contactTags, tags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import { tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import { type BoardFilter } from './kanban-schema.ts'
import { ensureDefaultStages, listStages, type Stage } from './stages.server.ts'

export const COLUMN_PAGE = 50

/**
 * The tickets a card may stand for: the contact's tickets the actor may see (canAccessTicket),
 * matching the queue/agent filters. Always used with `tickets.contact_id = …`: the company follows
 * from the contact, and leaving `company_id` out keeps SQLite on the (contact_id, …) index instead
 * of walking every ticket of the company for each contact.
 */
function ticketMatch(db: DbOrTx, actor: Actor, filter: BoardFilter): SQL | undefined {
  return and(
    ticketVisibility(db, actor),
    filter.queueId ? eq(tickets.queueId, filter.queueId) : undefined,
    filter.userId ? eq(tickets.userId, filter.userId) : undefined,
  )
}

/**
 * The contacts on the actor's board with these filters (stage and order aside). Whoever sees all
 * tickets (seesAllTickets) sees every contact of the company; agents the contacts that have a
 * ticket they may see (canAccessTicket: in their queues, assigned to them, or unassigned without
 * a queue unless the company hides those) — the people they actually serve.
 */
function contactScope(db: DbOrTx, actor: Actor, filter: BoardFilter): SQL {
  const needsTicket = !seesAllTickets(actor) || Boolean(filter.queueId || filter.userId)
  return and(
    eq(contacts.companyId, actor.companyId),
    needsTicket
      ? exists(
          db
            .select({ x: sql`1` })
            .from(tickets)
            .where(and(eq(tickets.contactId, contacts.id), ticketMatch(db, actor, filter))),
        )
      : undefined,
    filter.tagId
      ? exists(
          db
            .select({ x: sql`1` })
            .from(contactTags)
            .where(
              and(eq(contactTags.contactId, contacts.id), eq(contactTags.tagId, filter.tagId)),
            ),
        )
      : undefined,
  )!
}

const rowid = sql<number>`"contacts"."rowid"`

const cardColumns = {
  id: contacts.id,
  name: contacts.name,
  number: contacts.number,
  isGroup: contacts.isGroup,
  stageId: contacts.kanbanStageId,
  rank: contacts.kanbanRank,
  rowid,
}

type CardRow = {
  id: string
  name: string
  number: string | null
  isGroup: boolean
  stageId: string | null
  rank: string | null
  rowid: number
}

/**
 * One page of a column. A column is its ranked cards (moved by hand, in rank order) followed by
 * the cards never placed by hand, newest first. Both halves are read off the index
 * (company, stage, rank) — the rowid rides at the end of every index entry. The cursor is
 * "r:<rank>:<rowid>" inside the first half, "u:<rowid>" inside the second.
 */
function columnRows(
  db: DbOrTx,
  scope: SQL,
  stageId: string,
  isFirst: boolean,
  cursor: string | null | undefined,
  limit: number,
) {
  const rows: CardRow[] = []
  let next: string | null = null
  const [kind, ...rest] = (cursor ?? 'r').split(':')
  if (kind === 'r') {
    const rowidAfter = Number(rest.at(-1))
    const rankAfter = rest.slice(0, -1).join(':')
    const ranked = db
      .select(cardColumns)
      .from(contacts)
      .where(
        and(
          scope,
          eq(contacts.kanbanStageId, stageId),
          isNotNull(contacts.kanbanRank),
          rest.length
            ? or(
                gt(contacts.kanbanRank, rankAfter),
                and(eq(contacts.kanbanRank, rankAfter), gt(rowid, rowidAfter)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(contacts.kanbanRank), asc(rowid))
      .limit(limit + 1)
      .all()
    rows.push(...ranked.slice(0, limit))
    if (ranked.length > limit) {
      const last = rows.at(-1)!
      return { rows, next: `r:${last.rank}:${last.rowid}` }
    }
  }
  const room = limit - rows.length
  const before = kind === 'u' ? Number(rest[0]) : null
  const unranked = db
    .select(cardColumns)
    .from(contacts)
    .where(
      and(
        scope,
        isFirst
          ? or(
              and(eq(contacts.kanbanStageId, stageId), isNull(contacts.kanbanRank)),
              isNull(contacts.kanbanStageId),
            )
          : and(eq(contacts.kanbanStageId, stageId), isNull(contacts.kanbanRank)),
        before !== null ? lt(rowid, before) : undefined,
      ),
    )
    .orderBy(desc(rowid))
    .limit(room + 1)
    .all()
  rows.push(...unranked.slice(0, room))
  if (unranked.length > room && rows.length) next = `u:${rows.at(-1)!.rowid}`
  return { rows, next }
}

/** The card of each contact: tags, and the latest ticket the actor may see (matching the filters). */
function hydrate(db: DbOrTx, actor: Actor, filter: BoardFilter, rows: CardRow[]) {
  const ids = rows.map((row) => row.id)
  const tagMap = new Map<string, Array<{ id: string; name: string; color: string }>>()
  const ticketMap = new Map<string, CardTicket>()
  if (ids.length) {
    const tagRows = db
      .select({ contactId: contactTags.contactId, id: tags.id, name: tags.name, color: tags.color })
      .from(contactTags)
      .innerJoin(tags, eq(tags.id, contactTags.tagId))
      .where(inArray(contactTags.contactId, ids))
      .orderBy(sql`${tags.name} collate nocase`)
      .all()
    for (const { contactId, ...tag } of tagRows)
      tagMap.set(contactId, [...(tagMap.get(contactId) ?? []), tag])
    const ranked = db
      .select({
        id: tickets.id,
        contactId: tickets.contactId,
        status: tickets.status,
        lastMessageText: tickets.lastMessageText,
        activityAt: sql<number>`${tickets.activityAt}`.as('activity_at'),
        unreadCount: tickets.unreadCount,
        userName: sql<string | null>`${users.name}`.as('user_name'),
        queueName: sql<string | null>`${queues.name}`.as('queue_name'),
        queueColor: sql<string | null>`${queues.color}`.as('queue_color'),
        rn: sql<number>`row_number() over (partition by ${tickets.contactId} order by ${tickets.activityAt} desc, ${tickets.id} desc)`.as(
          'rn',
        ),
      })
      .from(tickets)
      .leftJoin(users, eq(users.id, tickets.userId))
      .leftJoin(queues, eq(queues.id, tickets.queueId))
      .where(and(inArray(tickets.contactId, ids), ticketMatch(db, actor, filter)))
      .as('ranked')
    for (const { rn: _rn, contactId, ...ticket } of db
      .select()
      .from(ranked)
      .where(eq(ranked.rn, 1))
      .all())
      ticketMap.set(contactId, ticket)
  }
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    number: row.number,
    isGroup: row.isGroup,
    // Cards without a stage are unplaced (first column), whatever rank they kept.
    rank: row.stageId ? row.rank : null,
    tags: tagMap.get(row.id) ?? [],
    ticket: ticketMap.get(row.id) ?? null,
  }))
}

export type CardTicket = {
  id: string
  status: 'pending' | 'open' | 'closed'
  lastMessageText: string | null
  activityAt: number
  unreadCount: number
  userName: string | null
  queueName: string | null
  queueColor: string | null
}
export type KanbanCard = ReturnType<typeof hydrate>[number]

/** Cards per stage, in one grouped read (the contacts without a stage count in the first). */
function countByStage(db: DbOrTx, scope: SQL, stages: Stage[]) {
  const rows = db
    .select({ stageId: contacts.kanbanStageId, n: sql<number>`count(*)` })
    .from(contacts)
    .where(scope)
    .groupBy(contacts.kanbanStageId)
    .all()
  const counts = new Map(rows.map((row) => [row.stageId ?? '', row.n]))
  return stages.map(
    (stage, index) => (counts.get(stage.id) ?? 0) + (index === 0 ? (counts.get('') ?? 0) : 0),
  )
}

/** The board: every stage with its card count and first page of cards. */
export function getBoard(db: Db, actor: Actor, filter: BoardFilter = {}, limit = COLUMN_PAGE) {
  const stages = listStages(db, actor)
  const scope = contactScope(db, actor, filter)
  const counts = countByStage(db, scope, stages)
  return stages.map((stage, index) => {
    const { rows, next } = columnRows(db, scope, stage.id, index === 0, null, limit)
    return {
      ...stage,
      count: counts[index]!,
      cards: hydrate(db, actor, filter, rows),
      nextCursor: next,
    }
  })
}

export type BoardColumn = ReturnType<typeof getBoard>[number]

/** More cards of one column, after a cursor (scrolling down a long column). */
export function getColumnPage(
  db: Db,
  actor: Actor,
  input: { stageId: string; cursor?: string | null; filter?: BoardFilter; limit?: number },
) {
  const stages = listStages(db, actor)
  const index = stages.findIndex((stage) => stage.id === input.stageId)
  if (index < 0) throw notFound('Stage')
  const filter = input.filter ?? {}
  const { rows, next } = columnRows(
    db,
    contactScope(db, actor, filter),
    input.stageId,
    index === 0,
    input.cursor,
    Math.min(input.limit ?? COLUMN_PAGE * 2, 200),
  )
  return { cards: hydrate(db, actor, filter, rows), nextCursor: next }
}

/** A contact on the actor's board (no filters), with its stage and rank as stored. */
function boardContact(db: DbOrTx, actor: Actor, contactId: string) {
  return db
    .select(cardColumns)
    .from(contacts)
    .where(and(eq(contacts.id, contactId), contactScope(db, actor, {})))
    .get()
}

export type MoveInput = {
  contactId: string
  stageId: string
  /** The card that ends up just above (none: at the top). */
  beforeId?: string | null
  /** The card that ends up just below. */
  afterId?: string | null
}

/**
 * Moves a card to a stage, between two neighbours of that column (or to its top), and tells every
 * board of the company. The rank is a fractional index between the neighbours' ranks; when the
 * card lands among cards never placed by hand, those above it get ranks first (in their shown
 * order) so the column keeps the order the user saw.
 */
export function moveCard(db: Db, actor: Actor, input: MoveInput) {
  return transaction(db, (tx) => {
    const stages = ensureDefaultStages(tx, actor.companyId)
    const stage = stages.find((s) => s.id === input.stageId)
    if (!stage) throw notFound('Stage')
    const firstId = stages[0]!.id
    const card = boardContact(tx, actor, input.contactId)
    if (!card) throw notFound('Contact')
    const stageOf = (row: CardRow) => row.stageId ?? firstId
    const rankOf = (row: CardRow) => (row.stageId ? row.rank : null)
    const neighbour = (id?: string | null) => {
      if (!id || id === card.id) return null
      const row = tx
        .select(cardColumns)
        .from(contacts)
        .where(and(eq(contacts.id, id), eq(contacts.companyId, actor.companyId)))
        .get()
      return row && stageOf(row) === stage.id ? row : null
    }
    const before = neighbour(input.beforeId)
    const after = neighbour(input.afterId)
    const inStage = and(
      eq(contacts.companyId, actor.companyId),
      eq(contacts.kanbanStageId, stage.id),
      isNotNull(contacts.kanbanRank),
      ne(contacts.id, card.id),
    )
    /** The smallest rank of the column above `lo` (the next ranked card), or null. */
    const nextRank = (lo: string | null) =>
      tx
        .select({ rank: contacts.kanbanRank })
        .from(contacts)
        .where(and(inStage, lo === null ? undefined : gt(contacts.kanbanRank, lo)))
        .orderBy(asc(contacts.kanbanRank))
        .limit(1)
        .get()?.rank ?? null

    const placed: Array<{ id: string; rank: string }> = []
    let rank: string
    if (before && rankOf(before) === null) {
      // Rank the unplaced cards from the top of that half down to `before`, in their order.
      const lastRanked =
        tx
          .select({ rank: contacts.kanbanRank })
          .from(contacts)
          .where(inStage)
          .orderBy(desc(contacts.kanbanRank))
          .limit(1)
          .get()?.rank ?? null
      const unplaced = tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(
          and(
            eq(contacts.companyId, actor.companyId),
            stage.id === firstId
              ? or(
                  and(eq(contacts.kanbanStageId, stage.id), isNull(contacts.kanbanRank)),
                  isNull(contacts.kanbanStageId),
                )
              : and(eq(contacts.kanbanStageId, stage.id), isNull(contacts.kanbanRank)),
            sql`${rowid} >= ${before.rowid}`,
            ne(contacts.id, card.id),
          ),
        )
        .orderBy(desc(rowid))
        .all()
      const keys = generateNKeysBetween(lastRanked, null, unplaced.length)
      unplaced.forEach((row, index) => {
        const key = keys[index]!
        tx.update(contacts)
          .set({ kanbanStageId: stage.id, kanbanRank: key })
          .where(eq(contacts.id, row.id))
          .run()
        placed.push({ id: row.id, rank: key })
      })
      rank = generateKeyBetween(keys.at(-1) ?? lastRanked, null)
    } else {
      const lo = before ? rankOf(before) : null
      const afterRank = after ? rankOf(after) : null
      const hi = afterRank !== null && (lo === null || afterRank > lo) ? afterRank : nextRank(lo)
      rank = generateKeyBetween(lo, hi)
    }
    tx.update(contacts)
      .set({ kanbanStageId: stage.id, kanbanRank: rank })
      .where(eq(contacts.id, card.id))
      .run()
    const fromStageId = stageOf(card)
    emit(tx, {
      type: 'kanban.moved',
      companyId: actor.companyId,
      audience: { type: 'company' },
      payload: { contactId: card.id, fromStageId, stageId: stage.id, rank, placed },
    })
    return { contactId: card.id, fromStageId, stageId: stage.id, rank, placed }
  })
}

/** The stage a contact is in (the first one when it was never placed), for the side panel. */
export function contactStageId(stages: Stage[], contact: { kanbanStageId: string | null }) {
  return contact.kanbanStageId ?? stages[0]?.id ?? null
}
