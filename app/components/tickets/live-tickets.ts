/**
 * The browser half of the live path (issue 12, part 4): `ticket.*` and `message.*` events carry
 * the rows the screens show, and the ticket list, the tab and sidebar counts and the conversation
 * patch their own state from them instead of asking the server again. Pure functions here (tested
 * in live-tickets.test.ts); the components hold the state.
 *
 * The server only sends an event to those who may see the ticket before or after the change
 * (ticketAudiences, ADR 009), so whatever arrives is either visible now or leaving.
 */
import { type TicketRowData } from './ticket-row.tsx'

/** What decides who the viewer sees (the browser twin of canAccessTicket, ADR 009). */
export type TicketViewer = {
  userId: string
  /** seesAllTickets: admins, supervisors and agents given "ver todos os atendimentos". */
  seesAll: boolean
  queueIds: string[]
  /** The company hides tickets without a queue from those who do not see all. */
  hideQueueless: boolean
}

/** Who a ticket belongs to: enough to place it in a tab, a filter and a count. */
export type TicketPlace = { status: string; userId: string | null; queueId: string | null }

/** A list row as events carry it: the list's row plus what its filters look at. */
export type LiveTicketRow = TicketRowData &
  TicketPlace & {
    connectionId?: string | null
    contactId?: string
  }

/** The list a page shows: its tab and the filters of the URL. */
export type TicketListFilter = {
  status: string
  search?: string | null
  queueId?: string | null
  connectionId?: string | null
  userId?: string | null
  tagId?: string | null
}

/** A change to one ticket, as `ticket.*` and `message.*` events say it. */
export type TicketChange = {
  ticketId: string
  /** The ticket after the change; absent when it is gone (its contact deleted). */
  ticket: LiveTicketRow | null
  /** The ticket before the change: null when created, undefined when the event does not say. */
  previous?: TicketPlace | null
  /** A new message that adds to the ticket's unread count (inbound, live). */
  inbound?: boolean
}

/** Reads a change out of a live event's payload; null when the payload carries no row. */
export function ticketChangeOf(
  type: string,
  payload: Record<string, unknown>,
): TicketChange | null {
  const ticketId = typeof payload.ticketId === 'string' ? payload.ticketId : null
  if (!ticketId) return null
  const ticket = isRow(payload.ticket) ? payload.ticket : null
  if (payload.deleted === true)
    return { ticketId, ticket: null, previous: placeOf(payload.previous) }
  if (!ticket) return null
  const message = payload.message as { fromMe?: unknown } | undefined
  return {
    ticketId,
    ticket,
    previous: type === 'ticket.created' ? null : placeOf(payload.previous),
    inbound: type === 'message.created' && message?.fromMe === false,
  }
}

function isRow(value: unknown): value is LiveTicketRow {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string' &&
    typeof (value as { status?: unknown }).status === 'string'
  )
}

function placeOf(value: unknown): TicketPlace | null | undefined {
  if (value === null) return null
  if (typeof value !== 'object' || value === undefined) return undefined
  const place = value as Partial<TicketPlace>
  return typeof place.status === 'string'
    ? { status: place.status, userId: place.userId ?? null, queueId: place.queueId ?? null }
    : undefined
}

/** canAccessTicket in the browser, for a ticket of the viewer's company. */
export function viewerSees(viewer: TicketViewer, ticket: Omit<TicketPlace, 'status'>) {
  if (viewer.seesAll) return true
  if (ticket.userId === viewer.userId) return true
  return ticket.queueId === null
    ? ticket.userId === null && !viewer.hideQueueless
    : viewer.queueIds.includes(ticket.queueId)
}

/** Lower case without accents: how a search term meets a name in the browser. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

/**
 * Whether a ticket belongs to a list (listTickets' conditions). A search is matched against the
 * contact's name and number and the last message: an approximation of the server's index, which
 * only decides whether a ticket new to the list enters it before the next navigation.
 */
export function inTicketList(
  viewer: TicketViewer,
  filter: TicketListFilter,
  ticket: LiveTicketRow,
): boolean {
  if (!viewerSees(viewer, ticket)) return false
  if (ticket.status !== filter.status) return false
  if (filter.status === 'open' && !viewer.seesAll && ticket.userId !== viewer.userId) return false
  if (filter.queueId && ticket.queueId !== filter.queueId) return false
  if (filter.connectionId && ticket.connectionId !== filter.connectionId) return false
  if (filter.userId && ticket.userId !== filter.userId) return false
  if (filter.tagId && !ticket.tags.some((tag) => tag.id === filter.tagId)) return false
  const search = filter.search?.trim()
  if (search) {
    const term = fold(search)
    const digits = search.replace(/\D/g, '')
    const hit =
      fold(ticket.contactName).includes(term) ||
      fold(ticket.lastMessageText ?? '').includes(term) ||
      (digits.length >= 3 && (ticket.contactNumber ?? '').includes(digits))
    if (!hit) return false
  }
  return true
}

/** listTickets' order: most recent activity first, then id. Negative when a comes first. */
const byActivity = (a: TicketRowData, b: TicketRowData) =>
  b.activity - a.activity || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

/**
 * The list after a change: the ticket leaves it, or takes its new place in the order. While more
 * pages wait behind "Carregar mais" (`complete` false), a ticket that would sort after the last
 * row shown belongs to a later page and stays out. Returns `rows` itself when nothing changed.
 */
export function patchTicketList<Row extends TicketRowData>(
  rows: Row[],
  change: TicketChange,
  belongs: (ticket: LiveTicketRow) => boolean,
  complete: boolean,
): Row[] {
  const index = rows.findIndex((row) => row.id === change.ticketId)
  const rest = index === -1 ? rows : rows.filter((_, i) => i !== index)
  const ticket = change.ticket
  if (!ticket || !belongs(ticket)) return index === -1 ? rows : rest
  const row = { ...(index === -1 ? {} : rows[index]), ...ticket } as unknown as Row
  const at = rest.findIndex((other) => byActivity(row, other) < 0)
  if (at === -1) return complete || index !== -1 ? [...rest, row] : rows
  return [...rest.slice(0, at), row, ...rest.slice(at)]
}

export type TabCounts = { open: number; pending: number }

/** Where a ticket counts for the viewer: the "Atendendo" (open, mine unless seeing all) or "Aguardando" badge. */
function countedIn(viewer: TicketViewer, place: TicketPlace | null): keyof TabCounts | null {
  if (!place || !viewerSees(viewer, place)) return null
  if (place.status === 'pending') return 'pending'
  if (place.status === 'open' && (viewer.seesAll || place.userId === viewer.userId)) return 'open'
  return null
}

/**
 * The tab counts after a change, moved with the ticket's place before and after. Null when the
 * event does not say where the ticket was (then only the server can count).
 */
export function moveTabCounts<C extends TabCounts>(
  counts: C,
  viewer: TicketViewer,
  change: TicketChange,
  messageOnly: boolean,
): C | null {
  // A message does not move its ticket between tabs (a reopen comes as its own ticket.updated).
  if (messageOnly) return counts
  if (change.previous === undefined) return null
  const before = countedIn(viewer, change.previous)
  const after = countedIn(viewer, change.ticket)
  if (before === after) return counts
  const next = { ...counts }
  if (before) next[before] = Math.max(0, next[before] - 1)
  if (after) next[after] += 1
  return next
}

/**
 * The viewer's unread messages per open ticket of theirs (the sidebar's "unread"), after a
 * change: the row carries the ticket's unread count, so this is exact and a repeated event
 * changes nothing.
 */
export function patchUnread(
  unread: Record<string, number>,
  viewer: TicketViewer,
  change: TicketChange,
): Record<string, number> {
  const ticket = change.ticket
  const mine = ticket && ticket.status === 'open' && ticket.userId === viewer.userId
  const value = mine ? ticket.unreadCount : 0
  if ((unread[change.ticketId] ?? 0) === value) return unread
  const next = { ...unread }
  if (value) next[change.ticketId] = value
  else delete next[change.ticketId]
  return next
}

export const sumOf = (values: Record<string, number>) =>
  Object.values(values).reduce((total, value) => total + value, 0)
