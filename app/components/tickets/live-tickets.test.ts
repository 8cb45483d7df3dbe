import { describe, expect, test } from 'vitest'
import {
  inTicketList,
  type LiveTicketRow,
  moveTabCounts,
  patchTicketList,
  patchUnread,
  sumOf,
  ticketChangeOf,
  type TicketViewer,
} from './live-tickets.ts'

const agent: TicketViewer = { userId: 'me', seesAll: false, queueIds: ['q1'], hideQueueless: false }
const admin: TicketViewer = { userId: 'boss', seesAll: true, queueIds: [], hideQueueless: false }

function row(id: string, patch: Partial<LiveTicketRow> = {}): LiveTicketRow {
  return {
    id,
    status: 'pending',
    unreadCount: 0,
    lastMessageText: null,
    lastInboundAt: null,
    createdAt: 0,
    activity: 0,
    contactName: `Cliente ${id}`,
    contactNumber: '5511999990000',
    queueName: null,
    queueColor: null,
    connectionName: 'WhatsApp',
    userName: null,
    tags: [],
    userId: null,
    queueId: 'q1',
    connectionId: 'c1',
    ...patch,
  }
}

describe('ticketChangeOf', () => {
  test('reads the row and previous of ticket and message events', () => {
    const ticket = row('t1')
    expect(ticketChangeOf('ticket.created', { ticketId: 't1', ticket, previous: null })).toEqual({
      ticketId: 't1',
      ticket,
      previous: null,
      inbound: false,
    })
    const change = ticketChangeOf('message.created', {
      ticketId: 't1',
      ticket,
      message: { id: 'm1', fromMe: false },
    })
    expect(change).toMatchObject({ ticket, previous: undefined, inbound: true })
  })
  test('an event without a row (old payload) is not a change', () => {
    expect(ticketChangeOf('ticket.updated', { ticketId: 't1', status: 'open' })).toBeNull()
  })
  test('a deleted ticket has no row', () => {
    expect(
      ticketChangeOf('ticket.updated', {
        ticketId: 't1',
        deleted: true,
        previous: { status: 'open', userId: 'me', queueId: 'q1' },
      }),
    ).toEqual({
      ticketId: 't1',
      ticket: null,
      previous: { status: 'open', userId: 'me', queueId: 'q1' },
    })
  })
})

describe('inTicketList', () => {
  test('tab, "mine" for agents, visibility and filters', () => {
    const pending = { status: 'pending' }
    expect(inTicketList(agent, pending, row('a'))).toBe(true)
    expect(inTicketList(agent, pending, row('a', { queueId: 'q2' }))).toBe(false)
    expect(inTicketList(admin, pending, row('a', { queueId: 'q2' }))).toBe(true)
    expect(inTicketList(agent, { status: 'open' }, row('a', { status: 'open', userId: 'x' }))).toBe(
      false,
    )
    expect(inTicketList(admin, { status: 'open' }, row('a', { status: 'open', userId: 'x' }))).toBe(
      true,
    )
    expect(
      inTicketList(agent, { status: 'open' }, row('a', { status: 'open', userId: 'me' })),
    ).toBe(true)
    expect(inTicketList(agent, { ...pending, queueId: 'q9' }, row('a'))).toBe(false)
    expect(inTicketList(agent, { ...pending, tagId: 'g' }, row('a'))).toBe(false)
    expect(
      inTicketList(
        agent,
        { ...pending, tagId: 'g' },
        row('a', { tags: [{ id: 'g', name: 'x', color: '' }] }),
      ),
    ).toBe(true)
    expect(
      inTicketList(agent, { ...pending, search: 'JOÃO' }, row('a', { contactName: 'João' })),
    ).toBe(true)
    expect(inTicketList(agent, { ...pending, search: 'maria' }, row('a'))).toBe(false)
  })
  test('queueless tickets follow the company setting', () => {
    const queueless = row('a', { queueId: null })
    expect(inTicketList(agent, { status: 'pending' }, queueless)).toBe(true)
    expect(inTicketList({ ...agent, hideQueueless: true }, { status: 'pending' }, queueless)).toBe(
      false,
    )
  })
})

describe('patchTicketList', () => {
  const list = [row('c', { activity: 30 }), row('b', { activity: 20 }), row('a', { activity: 10 })]
  const all = () => true
  test('a new ticket enters in order; a moved one takes its new place', () => {
    const change = { ticketId: 'd', ticket: row('d', { activity: 25 }) }
    expect(patchTicketList(list, change, all, true).map((r) => r.id)).toEqual(['c', 'd', 'b', 'a'])
    const newer = { ticketId: 'a', ticket: row('a', { activity: 40 }) }
    expect(patchTicketList(list, newer, all, true).map((r) => r.id)).toEqual(['a', 'c', 'b'])
  })
  test('a ticket that no longer belongs leaves; one that never did changes nothing', () => {
    const gone = { ticketId: 'b', ticket: row('b', { status: 'open' }) }
    const pendingOnly = (t: LiveTicketRow) => t.status === 'pending'
    expect(patchTicketList(list, gone, pendingOnly, true).map((r) => r.id)).toEqual(['c', 'a'])
    expect(patchTicketList(list, { ticketId: 'x', ticket: null }, all, true)).toBe(list)
    expect(
      patchTicketList(
        list,
        { ticketId: 'x', ticket: row('x', { status: 'open' }) },
        pendingOnly,
        true,
      ),
    ).toBe(list)
  })
  test('a ticket older than the last row shown waits for its page', () => {
    const old = { ticketId: 'z', ticket: row('z', { activity: 1 }) }
    expect(patchTicketList(list, old, all, false)).toBe(list)
    expect(patchTicketList(list, old, all, true).map((r) => r.id)).toEqual(['c', 'b', 'a', 'z'])
  })
})

describe('counts', () => {
  const counts = { open: 1, pending: 2, unread: 3 }
  test('a ticket moves between the badges with its previous place', () => {
    const accepted = {
      ticketId: 't',
      ticket: row('t', { status: 'open', userId: 'me' }),
      previous: { status: 'pending', userId: null, queueId: 'q1' },
    }
    expect(moveTabCounts(counts, agent, accepted, false)).toEqual({
      open: 2,
      pending: 1,
      unread: 3,
    })
    // Someone else's: for an agent it leaves "pending" and enters nothing.
    const taken = { ...accepted, ticket: row('t', { status: 'open', userId: 'x' }) }
    expect(moveTabCounts(counts, agent, taken, false)).toEqual({ open: 1, pending: 1, unread: 3 })
    expect(moveTabCounts(counts, admin, taken, false)).toEqual({ open: 2, pending: 1, unread: 3 })
    const created = { ticketId: 'n', ticket: row('n'), previous: null }
    expect(moveTabCounts(counts, agent, created, false)).toEqual({ open: 1, pending: 3, unread: 3 })
    // Transferred out of my queue.
    const away = {
      ticketId: 't',
      ticket: row('t', { queueId: 'q2' }),
      previous: { status: 'pending', userId: null, queueId: 'q1' },
    }
    expect(moveTabCounts(counts, agent, away, false)).toEqual({ open: 1, pending: 1, unread: 3 })
  })
  test('messages do not move; an event without previous cannot be counted here', () => {
    expect(moveTabCounts(counts, agent, { ticketId: 't', ticket: row('t') }, true)).toBe(counts)
    expect(moveTabCounts(counts, agent, { ticketId: 't', ticket: row('t') }, false)).toBeNull()
  })
  test('unread is exact per ticket of mine, and a repeated event changes nothing', () => {
    const mine = {
      ticketId: 't',
      ticket: row('t', { status: 'open', userId: 'me', unreadCount: 2 }),
    }
    const once = patchUnread({ u: 1 }, agent, mine)
    expect(sumOf(once)).toBe(3)
    expect(patchUnread(once, agent, mine)).toBe(once)
    const read = {
      ticketId: 't',
      ticket: row('t', { status: 'open', userId: 'me', unreadCount: 0 }),
    }
    expect(sumOf(patchUnread(once, agent, read))).toBe(1)
    const closed = {
      ticketId: 't',
      ticket: row('t', { status: 'closed', userId: 'me', unreadCount: 2 }),
    }
    expect(sumOf(patchUnread(once, agent, closed))).toBe(1)
  })
})
