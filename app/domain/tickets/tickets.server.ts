import { and, desc, eq, exists, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { ownTickets, visibleTickets } from './access.server.ts'
import { connections } from '#db/schema/connections.ts'
import { selectTicketRows, ticketActivity } from './rows.server.ts'
import { gatheredPage, ticketSearch } from './search.server.ts'
import { queues } from '#db/schema/queues.ts'
import { tags, ticketTags } from '#db/schema/tags.ts'
import { type TicketStatus, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'

export type TicketFilter = {
  status: TicketStatus
  search?: string | null
  queueId?: string | null
  connectionId?: string | null
  userId?: string | null
  tagId?: string | null
  /** "activity:id" of the last row already shown (infinite scroll). */
  cursor?: string | null
  limit?: number
}

/** coalesce(last message, creation): a virtual column, indexed per company and status (and user). */
const activity = ticketActivity

/**
 * Atendimentos: tickets of a tab, most recent activity first, filtered and searched (index first:
 * search.server.ts), a page at a time. "Atendendo" is the agent's own open tickets (everyone's for
 * supervisors and admins).
 */
export function listTickets(db: DbOrTx, actor: Actor, filter: TicketFilter) {
  const limit = filter.limit ?? 40
  const [cursorAt, cursorId] = (filter.cursor ?? '').split(':')
  const search = filter.search?.trim()
    ? ticketSearch(db, actor, { search: filter.search, status: filter.status, limit })
    : {}
  const where = and(
    visibleTickets(db, actor),
    eq(tickets.status, filter.status),
    filter.status === 'open' ? ownTickets(actor) : undefined,
    filter.queueId ? eq(tickets.queueId, filter.queueId) : undefined,
    filter.connectionId ? eq(tickets.connectionId, filter.connectionId) : undefined,
    filter.userId ? eq(tickets.userId, filter.userId) : undefined,
    filter.tagId
      ? exists(
          db
            .select({ x: sql`1` })
            .from(ticketTags)
            .where(and(eq(ticketTags.ticketId, tickets.id), eq(ticketTags.tagId, filter.tagId))),
        )
      : undefined,
    search.where,
    cursorAt && cursorId
      ? or(
          lt(activity, Number(cursorAt)),
          and(eq(activity, Number(cursorAt)), lt(tickets.id, cursorId)),
        )
      : undefined,
  )
  const rows = selectTicketRows(db)
    // A rare term's few tickets: their page is picked first, by id (search.server.ts).
    .where(search.ticketIds ? gatheredPage(db, search.ticketIds, where, limit) : where)
    .orderBy(desc(activity), desc(tickets.id))
    .limit(limit + 1)
    .all()
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    tickets: page,
    nextCursor: rows.length > limit && last ? `${last.activity}:${last.id}` : null,
  }
}

/** Counts for the tab badges (Atendendo = mine for agents). */
export function countTickets(db: DbOrTx, actor: Actor) {
  const own = ownTickets(actor)
  const row = db
    .select({
      open: sql<number>`sum(case when ${tickets.status} = 'open' ${own ? sql`and ${own}` : sql``} then 1 else 0 end)`,
      pending: sql<number>`sum(case when ${tickets.status} = 'pending' then 1 else 0 end)`,
      unread: sql<number>`sum(case when ${tickets.status} = 'open' and ${tickets.userId} = ${actor.userId} then ${tickets.unreadCount} else 0 end)`,
    })
    .from(tickets)
    .where(and(visibleTickets(db, actor), inArray(tickets.status, ['open', 'pending'])))
    .get()
  return { open: row?.open ?? 0, pending: row?.pending ?? 0, unread: row?.unread ?? 0 }
}

/** Filter choices of the panel. */
export function ticketFilterOptions(db: DbOrTx, actor: Actor) {
  return {
    queues: db
      .select({ id: queues.id, name: queues.name })
      .from(queues)
      .where(eq(queues.companyId, actor.companyId))
      .all(),
    connections: db
      .select({ id: connections.id, name: connections.name })
      .from(connections)
      .where(eq(connections.companyId, actor.companyId))
      .all(),
    users: db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.companyId, actor.companyId), isNull(users.disabledAt)))
      .all(),
    tags: db
      .select({ id: tags.id, name: tags.name })
      .from(tags)
      .where(eq(tags.companyId, actor.companyId))
      .all(),
  }
}
