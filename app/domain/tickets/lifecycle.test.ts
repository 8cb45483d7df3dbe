import { and, eq, inArray } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { systemActor } from '#app/domain/actor.ts'
import { lastEventId, transaction } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import { contacts } from '#db/schema/contacts.ts'
import { tickets } from '#db/schema/tickets.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
  domainErrorOf,
  eventsAfter,
  historyOf,
  ticketRow,
  uniquePhone,
} from '#tests/db-utils.ts'
import { canSee } from './access.server.ts'
import {
  acceptTicket,
  announceMessage,
  closeTicket,
  openTicket,
  reopenTicket,
  returnTicketToQueue,
  transferTicket,
} from './lifecycle.server.ts'
import { listTickets } from './tickets.server.ts'

/**
 * A company with two queues, a connection routed to the first, a contact without a ticket yet, and
 * an agent of each queue plus an admin.
 */
async function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const otherQueue = createQueue(db, company.id)
  const connection = addConnection(db, company.id, queue.id)
  const contact = db
    .insert(contacts)
    .values({ companyId: company.id, name: 'Cliente', number: uniquePhone() })
    .returning()
    .get()
  const agent = await createUser(db, { companyId: company.id, queueIds: [queue.id] })
  const outsider = await createUser(db, { companyId: company.id, queueIds: [otherQueue.id] })
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const opening = {
    companyId: company.id,
    contactId: contact.id,
    connectionId: connection.id,
    queueId: queue.id,
    chatId: contact.number!,
    isGroup: false,
  }
  return { company, queue, otherQueue, connection, contact, agent, outsider, admin, opening }
}

const activeOf = (contactId: string) =>
  db
    .select()
    .from(tickets)
    .where(and(eq(tickets.contactId, contactId), inArray(tickets.status, ['pending', 'open'])))
    .all()

describe('openTicket: the one insert of a ticket', () => {
  test('a second open for the same contact and connection returns the active ticket, never a second one', async () => {
    const { contact, opening, agent } = await setup()
    const first = transaction(db, (tx) => openTicket(tx, systemActor(opening.companyId), opening))
    expect(first.created).toBe(true)
    expect(first.ticket).toMatchObject({ status: 'pending', queueId: opening.queueId })

    // A racing writer (another process, a campaign, the API) opens the same conversation.
    const before = lastEventId(db)
    const second = transaction(db, (tx) =>
      openTicket(tx, agent.actor, { ...opening, userId: agent.id }),
    )
    expect(second).toEqual({ ticket: first.ticket, created: false })
    expect(activeOf(contact.id)).toHaveLength(1)
    // Nothing was announced or written to the history for the refused insert.
    expect(eventsAfter(db, before)).toEqual([])
    expect(historyOf(db, first.ticket.id)).toHaveLength(1)
  })

  test('a closed ticket (imported or blocked) never collides with the active one', async () => {
    const { contact, opening } = await setup()
    const spine = systemActor(opening.companyId)
    const active = transaction(db, (tx) => openTicket(tx, spine, opening))
    const imported = transaction(db, (tx) =>
      openTicket(tx, spine, { ...opening, status: 'closed', imported: true, closedAt: 1 }),
    )
    expect(imported.created).toBe(true)
    expect(imported.ticket.id).not.toBe(active.ticket.id)
    // Imported history has no history line of its own.
    expect(historyOf(db, imported.ticket.id)).toEqual([])
    expect(activeOf(contact.id).map((t) => t.id)).toEqual([active.ticket.id])
  })

  test('ticket.created carries the list row (the same shape listTickets returns) and no previous', async () => {
    const { opening, agent, queue } = await setup()
    const before = lastEventId(db)
    const { ticket } = transaction(db, (tx) =>
      openTicket(tx, agent.actor, { ...opening, userId: agent.id, botState: { done: true } }),
    )
    const [listed] = listTickets(db, agent.actor, { status: 'open' }).tickets
    expect(listed!.id).toBe(ticket.id)
    const emitted = eventsAfter(db, before)
    expect(emitted.map((e) => [e.type, e.audienceType, e.audienceId])).toEqual([
      ['ticket.created', 'queue', queue.id],
      ['ticket.created', 'user', agent.id],
    ])
    for (const event of emitted)
      expect(event.payload).toEqual({ ticketId: ticket.id, ticket: listed, previous: null })
    expect(historyOf(db, ticket.id)).toEqual([
      expect.objectContaining({
        type: 'created',
        userId: agent.id,
        toStatus: 'open',
        toUserId: agent.id,
        toQueueId: queue.id,
      }),
    ])
  })

  test('announce: false leaves the announcement to the caller (the spine, after the message)', async () => {
    const { opening } = await setup()
    const before = lastEventId(db)
    transaction(db, (tx) =>
      openTicket(tx, systemActor(opening.companyId), opening, { announce: false }),
    )
    expect(eventsAfter(db, before)).toEqual([])
  })
})

describe('each transition announces the row after it, with where it was before', () => {
  test('accept, transfer, return, close, reopen: payload = list row + previous; history line each', async () => {
    const { opening, agent, admin, queue, otherQueue } = await setup()
    const spine = systemActor(opening.companyId)
    const { ticket } = transaction(db, (tx) => openTicket(tx, spine, opening))
    const steps: Array<{
      run: () => typeof ticket
      history: string
      previous: { status: string; userId: string | null; queueId: string | null }
    }> = [
      {
        run: () => transaction(db, (tx) => acceptTicket(tx, agent.actor, ticketRow(db, ticket.id))),
        history: 'accepted',
        previous: { status: 'pending', userId: null, queueId: queue.id },
      },
      {
        run: () =>
          transaction(db, (tx) =>
            transferTicket(tx, admin.actor, ticketRow(db, ticket.id), {
              queueId: otherQueue.id,
              userId: null,
              status: 'pending',
              note: 'financeiro',
            }),
          ),
        history: 'transferred',
        previous: { status: 'open', userId: agent.id, queueId: queue.id },
      },
      {
        run: () =>
          transaction(db, (tx) =>
            transferTicket(tx, admin.actor, ticketRow(db, ticket.id), { userId: admin.id }),
          ),
        history: 'transferred',
        previous: { status: 'pending', userId: null, queueId: otherQueue.id },
      },
      {
        run: () =>
          transaction(db, (tx) => returnTicketToQueue(tx, admin.actor, ticketRow(db, ticket.id))),
        history: 'returned',
        previous: { status: 'open', userId: admin.id, queueId: otherQueue.id },
      },
      {
        run: () =>
          transaction(db, (tx) =>
            closeTicket(tx, admin.actor, ticketRow(db, ticket.id), { assignTo: admin.id }),
          ),
        history: 'closed',
        previous: { status: 'pending', userId: null, queueId: otherQueue.id },
      },
      {
        run: () =>
          transaction(db, (tx) =>
            reopenTicket(tx, agent.actor, ticketRow(db, ticket.id), { userId: agent.id }),
          ),
        history: 'reopened',
        previous: { status: 'closed', userId: admin.id, queueId: otherQueue.id },
      },
    ]
    for (const step of steps) {
      const before = lastEventId(db)
      const after = step.run()
      const row = listTickets(db, admin.actor, {
        status: after.status,
      }).tickets.find((t) => t.id === ticket.id)
      expect(row).toMatchObject({ status: after.status, userId: after.userId })
      const emitted = eventsAfter(db, before)
      expect(emitted.length).toBeGreaterThan(0)
      for (const event of emitted) {
        expect(event.type).toBe('ticket.updated')
        expect(event.payload).toEqual({
          ticketId: ticket.id,
          ticket: row,
          previous: step.previous,
          // The step's cause, for webhooks (ticket.accepted, ticket.closed…).
          change: step.history,
        })
      }
      // One event, however many audiences: the rows after the first share its group.
      expect(new Set(emitted.map((e) => e.groupId ?? e.id)).size).toBe(1)
      expect(historyOf(db, ticket.id).at(-1)).toMatchObject({ type: step.history })
    }
    expect(historyOf(db, ticket.id).find((h) => h.note)).toMatchObject({ note: 'financeiro' })
  })

  test('accept of a ticket taken meanwhile, close of a closed one, reopen beside an active one: refused', async () => {
    const { opening, agent, admin, contact } = await setup()
    const spine = systemActor(opening.companyId)
    const { ticket } = transaction(db, (tx) => openTicket(tx, spine, opening))
    const stale = ticketRow(db, ticket.id)
    transaction(db, (tx) => acceptTicket(tx, admin.actor, stale))
    expect(
      domainErrorOf(() => transaction(db, (tx) => acceptTicket(tx, agent.actor, stale))),
    ).toMatchObject({ status: 409, code: 'tickets.alreadyTaken' })

    const open = ticketRow(db, ticket.id)
    transaction(db, (tx) => closeTicket(tx, admin.actor, open))
    expect(
      domainErrorOf(() => transaction(db, (tx) => closeTicket(tx, admin.actor, open))),
    ).toMatchObject({ status: 409, code: 'tickets.closed' })

    const fresh = transaction(db, (tx) => openTicket(tx, spine, opening))
    expect(
      domainErrorOf(() =>
        transaction(db, (tx) => reopenTicket(tx, admin.actor, ticketRow(db, ticket.id))),
      ),
    ).toMatchObject({
      status: 409,
      code: 'tickets.otherActive',
      params: { ticketId: fresh.ticket.id },
    })
    expect(activeOf(contact.id).map((t) => t.id)).toEqual([fresh.ticket.id])
  })
})

describe('audiences', () => {
  test('an agent of another queue receives no row of any ticket or message event; the queue agent and admin do', async () => {
    const { connection, agent, outsider, admin, otherQueue } = await setup()
    const viewer = (actor: typeof agent.actor) => ({ ...actor, hideQueueless: false })
    const before = lastEventId(db)
    // The customer writes (ticket.created + message.created), the agent accepts, gives the
    // ticket back, an admin closes it.
    const { ticketId } = customerWrites(db, connection, { phone: uniquePhone() })
    transaction(db, (tx) => acceptTicket(tx, agent.actor, ticketRow(db, ticketId)))
    transaction(db, (tx) => returnTicketToQueue(tx, agent.actor, ticketRow(db, ticketId)))
    transaction(db, (tx) => closeTicket(tx, admin.actor, ticketRow(db, ticketId)))
    const emitted = eventsAfter(db, before).filter(
      (e) => e.type.startsWith('ticket.') || e.type.startsWith('message.'),
    )
    expect(new Set(emitted.map((e) => e.type))).toEqual(
      new Set(['ticket.created', 'message.created', 'ticket.updated']),
    )
    expect(emitted.filter((e) => canSee(viewer(outsider.actor), e))).toEqual([])
    const keys = (actor: typeof agent.actor) =>
      new Set(emitted.filter((e) => canSee(viewer(actor), e)).map((e) => e.groupId ?? e.id))
    const all = new Set(emitted.map((e) => e.groupId ?? e.id))
    expect(keys(agent.actor)).toEqual(all)
    expect(keys(admin.actor)).toEqual(all)

    // Moved into the outsider's queue: from then on they hear it, and the queue agent hears it leave.
    const mark = lastEventId(db)
    transaction(db, (tx) =>
      reopenTicket(tx, admin.actor, ticketRow(db, ticketId), { userId: null }),
    )
    transaction(db, (tx) =>
      transferTicket(tx, admin.actor, ticketRow(db, ticketId), { queueId: otherQueue.id }),
    )
    const moved = eventsAfter(db, mark).at(-1)!
    const audience = eventsAfter(db, mark).filter(
      (e) => (e.groupId ?? e.id) === (moved.groupId ?? moved.id),
    )
    expect(audience.some((e) => canSee(viewer(outsider.actor), e))).toBe(true)
    expect(audience.some((e) => canSee(viewer(agent.actor), e))).toBe(true)
  })

  test('message events carry the conversation row and the ticket row after it', async () => {
    const { connection } = await setup()
    const { ticketId, messageId } = customerWrites(db, connection, {
      phone: uniquePhone(),
      text: 'preciso de ajuda',
    })
    const event = eventsAfter(db, 0).find(
      (e) => e.type === 'message.created' && e.payload.messageId === messageId,
    )!
    expect(event.payload).toMatchObject({
      ticketId,
      messageId,
      message: { id: messageId, body: 'preciso de ajuda', fromMe: false, hasMedia: false },
      ticket: { id: ticketId, lastMessageText: 'preciso de ajuda', unreadCount: 1 },
    })
    // A message gone meanwhile is not announced (and is no error).
    const before = lastEventId(db)
    expect(
      transaction(db, (tx) =>
        announceMessage(tx, { ...ticketRow(db, ticketId) }, 'no-such-message', 'message.updated', {
          kind: 'send',
          status: 'sent',
        }),
      ),
    ).toBe(false)
    expect(eventsAfter(db, before)).toEqual([])
  })
})
