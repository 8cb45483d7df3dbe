import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { systemActor } from '#app/domain/actor.ts'
import { DomainError } from '#app/domain/errors.ts'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'

import { messages, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites as writeAsCustomer,
  eventsAfter,
  historyOf,
  messagesOf,
  ticketRow,
} from '#tests/db-utils.ts'
import {
  acceptTicket,
  addPrivateNote,
  announceTyping,
  closeTicket,
  openConversation,
  reopenTicket,
  returnTicketToQueue,
  transferTicket,
  updateTicketObservations,
} from './actions.server.ts'

type ConnectionRef = { id: string; companyId: string; queueId: string | null }

/** The customer writes (a new ticket, or the active one). */
/** The customer writes (a new ticket, or the active one). */
const customerWrites = (
  connection: ConnectionRef,
  text = 'Olá, preciso de ajuda',
  phone = '5511987654321',
) => writeAsCustomer(db, connection, { text, phone, name: 'Cliente' })

/**
 * A company with two queues, a connection routed to the first, a customer's pending ticket, and
 * its people: admin, a supervisor who sees all tickets, two agents of the queue and one of the
 * other queue (signatures off, so bodies are the plain text).
 */
async function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const otherQueue = createQueue(db, company.id)
  const connection = addConnection(db, company.id, queue.id)
  const received = customerWrites(connection)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const supervisor = await createUser(db, {
    companyId: company.id,
    role: 'supervisor',
    allTickets: true,
  })
  const agent = await createUser(db, { companyId: company.id, queueIds: [queue.id] })
  const colleague = await createUser(db, { companyId: company.id, queueIds: [queue.id] })
  const outsider = await createUser(db, { companyId: company.id, queueIds: [otherQueue.id] })
  db.update(users).set({ signature: false }).where(eq(users.companyId, company.id)).run()
  return {
    company,
    queue,
    otherQueue,
    connection,
    ticketId: received.ticketId,
    received,
    admin,
    supervisor,
    agent,
    colleague,
    outsider,
  }
}

const audiences = (
  rows: Array<{ type: string; audienceType: string; audienceId: string | null }>,
) => rows.map((e) => [e.type, e.audienceType, e.audienceId])

function domainError(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a DomainError')
}

describe('acceptTicket (Aceitar)', () => {
  test('two agents of the queue accept the same pending ticket: exactly one wins, the other is told', async () => {
    const { ticketId, agent, colleague, queue } = await setup()
    const before = lastEventId(db)

    const taken = acceptTicket(db, agent.actor, ticketId)
    const error = domainError(() => acceptTicket(db, colleague.actor, ticketId))

    expect(taken).toMatchObject({ id: ticketId, status: 'open', userId: agent.id, unreadCount: 0 })
    expect(error).toMatchObject({ status: 409, code: 'tickets.alreadyTaken' })
    expect(ticketRow(db, ticketId)).toMatchObject({ status: 'open', userId: agent.id })
    expect(historyOf(db, ticketId).filter((e) => e.type === 'accepted')).toEqual([
      expect.objectContaining({
        userId: agent.id,
        fromStatus: 'pending',
        toStatus: 'open',
        fromUserId: null,
        toUserId: agent.id,
      }),
    ])
    // Only the winner's change was announced: to the queue and to the new assignee.
    const payload = {
      ticketId,
      ticket: expect.objectContaining({
        id: ticketId,
        status: 'open',
        queueId: queue.id,
        userId: agent.id,
      }),
      previous: { status: 'pending', queueId: queue.id, userId: null },
      change: 'accepted',
    }
    expect(eventsAfter(db, before)).toEqual([
      expect.objectContaining({
        type: 'ticket.updated',
        audienceType: 'queue',
        audienceId: queue.id,
        payload,
      }),
      expect.objectContaining({
        type: 'ticket.updated',
        audienceType: 'user',
        audienceId: agent.id,
        payload,
      }),
    ])
  })

  test('a ticket without a queue is announced to its assignee, and those who saw it waiting see it leave', async () => {
    const { company, agent } = await setup()
    const noQueue = addConnection(db, company.id, null)
    const { ticketId } = customerWrites(noQueue, 'sem fila', '5511976543210')
    const before = lastEventId(db)
    acceptTicket(db, agent.actor, ticketId)
    expect(audiences(eventsAfter(db, before))).toEqual([
      ['ticket.updated', 'queueless', agent.id],
      ['ticket.updated', 'queueless', null],
    ])
  })
})

describe('transferTicket (Transferir)', () => {
  test('to a user: open and theirs, in the same queue', async () => {
    const { ticketId, agent, colleague, queue } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const before = lastEventId(db)

    const moved = transferTicket(db, agent.actor, ticketId, { userId: colleague.id })

    expect(moved).toMatchObject({ status: 'open', userId: colleague.id, queueId: queue.id })
    expect(historyOf(db, ticketId).at(-1)).toMatchObject({
      type: 'transferred',
      userId: agent.id,
      fromStatus: 'open',
      toStatus: 'open',
      fromUserId: agent.id,
      toUserId: colleague.id,
      fromQueueId: queue.id,
      toQueueId: queue.id,
      note: null,
    })
    // The previous assignee sees it leave.
    expect(audiences(eventsAfter(db, before))).toEqual([
      ['ticket.updated', 'queue', queue.id],
      ['ticket.updated', 'user', colleague.id],
      ['ticket.updated', 'user', agent.id],
    ])
    expect(messagesOf(db, ticketId).filter((m) => m.isPrivate)).toEqual([])
  })

  test('to a queue only: it waits there, unassigned; both queues hear of it', async () => {
    const { ticketId, agent, queue, otherQueue } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const before = lastEventId(db)

    const moved = transferTicket(db, agent.actor, ticketId, { queueId: otherQueue.id })

    expect(moved).toMatchObject({ status: 'pending', userId: null, queueId: otherQueue.id })
    expect(historyOf(db, ticketId).at(-1)).toMatchObject({
      type: 'transferred',
      fromStatus: 'open',
      toStatus: 'pending',
      fromUserId: agent.id,
      toUserId: null,
      fromQueueId: queue.id,
      toQueueId: otherQueue.id,
    })
    expect(audiences(eventsAfter(db, before))).toEqual([
      ['ticket.updated', 'queue', otherQueue.id],
      ['ticket.updated', 'queue', queue.id],
      ['ticket.updated', 'user', agent.id],
    ])
  })

  test('to a user and a queue at once', async () => {
    const { ticketId, admin, outsider, otherQueue } = await setup()
    const moved = transferTicket(db, admin.actor, ticketId, {
      userId: outsider.id,
      queueId: otherQueue.id,
    })
    expect(moved).toMatchObject({ status: 'open', userId: outsider.id, queueId: otherQueue.id })
    expect(historyOf(db, ticketId).at(-1)).toMatchObject({
      type: 'transferred',
      fromStatus: 'pending',
      toStatus: 'open',
      toUserId: outsider.id,
      toQueueId: otherQueue.id,
    })
  })

  test('with a note: a private message the next agent sees, and the note in the history', async () => {
    const { ticketId, agent, colleague, queue } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const before = lastEventId(db)

    transferTicket(db, agent.actor, ticketId, {
      userId: colleague.id,
      note: '  Cliente quer segunda via do boleto  ',
    })

    const notes = messagesOf(db, ticketId).filter((m) => m.isPrivate)
    expect(notes).toEqual([
      expect.objectContaining({
        fromMe: true,
        isPrivate: true,
        type: 'text',
        body: 'Cliente quer segunda via do boleto',
        status: 'sent',
        userId: agent.id,
        externalId: null,
      }),
    ])
    expect(historyOf(db, ticketId).at(-1)).toMatchObject({
      type: 'transferred',
      note: 'Cliente quer segunda via do boleto',
    })
    expect(eventsAfter(db, before)).toContainEqual(
      expect.objectContaining({
        type: 'message.created',
        audienceType: 'queue',
        audienceId: queue.id,
        payload: expect.objectContaining({ messageId: notes[0]!.id, ticketId, private: true }),
      }),
    )
    // A blank note is no note.
    transferTicket(db, colleague.actor, ticketId, { userId: agent.id, note: '   ' })
    expect(messagesOf(db, ticketId).filter((m) => m.isPrivate)).toHaveLength(1)
    expect(historyOf(db, ticketId).at(-1)).toMatchObject({ type: 'transferred', note: null })
  })

  test('nothing chosen, or a user or queue of another company, is refused and changes nothing', async () => {
    const { ticketId, agent } = await setup()
    const elsewhere = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const before = lastEventId(db)
    const historyBefore = historyOf(db, ticketId)

    expect(domainError(() => transferTicket(db, agent.actor, ticketId, {}))).toMatchObject({
      status: 422,
      code: 'tickets.transferTarget',
      field: 'userId',
    })
    expect(
      domainError(() =>
        transferTicket(db, agent.actor, ticketId, {
          userId: null,
          queueId: null,
          note: 'só a nota',
        }),
      ),
    ).toMatchObject({
      status: 422,
      code: 'tickets.transferTarget',
    })
    expect(
      domainError(() => transferTicket(db, agent.actor, ticketId, { userId: elsewhere.agent.id })),
    ).toMatchObject({ status: 422, field: 'userId' })
    expect(
      domainError(() => transferTicket(db, agent.actor, ticketId, { queueId: elsewhere.queue.id })),
    ).toMatchObject({ status: 422, field: 'queueId' })

    expect(ticketRow(db, ticketId)).toMatchObject({ status: 'open', userId: agent.id })
    expect(historyOf(db, ticketId)).toEqual(historyBefore)
    expect(eventsAfter(db, before)).toEqual([])
    expect(messagesOf(db, ticketId).filter((m) => m.isPrivate)).toEqual([])
  })

  test('a disabled user cannot receive a transfer; a closed ticket cannot be transferred', async () => {
    const { ticketId, agent, colleague, company } = await setup()
    const gone = await createUser(db, { companyId: company.id, disabledAt: Date.now() })
    expect(
      domainError(() => transferTicket(db, agent.actor, ticketId, { userId: gone.id })),
    ).toMatchObject({ status: 422, field: 'userId' })
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: false })
    expect(
      domainError(() => transferTicket(db, agent.actor, ticketId, { userId: colleague.id })),
    ).toMatchObject({ status: 409, code: 'tickets.closed' })
  })
})

describe('whose ticket it is', () => {
  test("an agent cannot transfer, close or return a colleague's open ticket (403); nothing changes", async () => {
    const { ticketId, agent, colleague, otherQueue } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const before = lastEventId(db)

    for (const act of [
      () => transferTicket(db, colleague.actor, ticketId, { userId: colleague.id }),
      () => transferTicket(db, colleague.actor, ticketId, { queueId: otherQueue.id }),
      () => closeTicket(db, colleague.actor, ticketId, { sendFarewell: false }),
      () => returnTicketToQueue(db, colleague.actor, ticketId),
    ]) {
      expect(domainError(act)).toMatchObject({ status: 403, code: 'tickets.notYours' })
    }
    expect(ticketRow(db, ticketId)).toMatchObject({ status: 'open', userId: agent.id })
    expect(eventsAfter(db, before)).toEqual([])
  })

  test('a supervisor with "all tickets" and an admin can', async () => {
    const { ticketId, agent, colleague, supervisor, admin } = await setup()
    acceptTicket(db, agent.actor, ticketId)

    expect(transferTicket(db, supervisor.actor, ticketId, { userId: colleague.id })).toMatchObject({
      status: 'open',
      userId: colleague.id,
    })
    expect(historyOf(db, ticketId).at(-1)).toMatchObject({
      type: 'transferred',
      userId: supervisor.id,
      fromUserId: agent.id,
      toUserId: colleague.id,
    })
    expect(returnTicketToQueue(db, admin.actor, ticketId)).toMatchObject({
      status: 'pending',
      userId: null,
    })
    acceptTicket(db, colleague.actor, ticketId)
    expect(closeTicket(db, supervisor.actor, ticketId, { sendFarewell: false })).toMatchObject({
      status: 'closed',
      userId: colleague.id,
    })
  })

  test('a supervisor works every ticket, flag or not; an agent only with "all tickets" (ADR 009)', async () => {
    const { ticketId, agent, company, queue } = await setup()
    const supervisor = await createUser(db, {
      companyId: company.id,
      role: 'supervisor',
      queueIds: [queue.id],
    })
    const colleague = await createUser(db, { companyId: company.id, queueIds: [queue.id] })
    acceptTicket(db, agent.actor, ticketId)
    expect(
      domainError(() => closeTicket(db, colleague.actor, ticketId, { sendFarewell: false })),
    ).toMatchObject({ status: 403, code: 'tickets.notYours' })
    expect(closeTicket(db, supervisor.actor, ticketId, { sendFarewell: false })).toMatchObject({
      status: 'closed',
    })
  })

  test('a pending ticket may be transferred or closed by any agent of its queue', async () => {
    const { ticketId, colleague, otherQueue } = await setup()
    expect(transferTicket(db, colleague.actor, ticketId, { queueId: otherQueue.id })).toMatchObject(
      { status: 'pending', queueId: otherQueue.id },
    )
    const second = await setup()
    expect(
      closeTicket(db, second.colleague.actor, second.ticketId, { sendFarewell: false }),
    ).toMatchObject({ status: 'closed', userId: second.colleague.id })
  })
})

describe('closeTicket (Resolver)', () => {
  test("with the farewell: the user's farewell message is queued before the ticket closes", async () => {
    const { ticketId, agent, queue } = await setup()
    db.update(users)
      .set({ farewellMessage: '  Obrigado pelo contato! Até logo.  ' })
      .where(eq(users.id, agent.id))
      .run()
    acceptTicket(db, agent.actor, ticketId)
    const before = lastEventId(db)

    const closed = closeTicket(db, agent.actor, ticketId, { sendFarewell: true })

    expect(closed).toMatchObject({ status: 'closed', userId: agent.id, unreadCount: 0 })
    expect(closed.closedAt).toEqual(expect.any(Number))
    const farewell = messagesOf(db, ticketId).at(-1)!
    expect(farewell).toMatchObject({
      fromMe: true,
      isPrivate: false,
      body: 'Obrigado pelo contato! Até logo.',
      status: 'queued',
      userId: agent.id,
    })
    const statusOf = (e: ReturnType<typeof eventsAfter>[number]) =>
      e.type === 'ticket.updated'
        ? (e.payload.ticket as { status: string }).status
        : e.payload.status
    expect(eventsAfter(db, before).map((e) => [e.type, statusOf(e)])).toEqual([
      ['message.created', 'queued'],
      ['message.created', 'queued'],
      ['ticket.updated', 'closed'],
      ['ticket.updated', 'closed'],
    ])
    expect(audiences(eventsAfter(db, before)).slice(2)).toEqual([
      ['ticket.updated', 'queue', queue.id],
      ['ticket.updated', 'user', agent.id],
    ])
    expect(historyOf(db, ticketId).at(-1)).toMatchObject({
      type: 'closed',
      userId: agent.id,
      fromStatus: 'open',
      toStatus: 'closed',
    })
  })

  test('the farewell follows the signature setting like any message', async () => {
    const { ticketId, agent } = await setup()
    db.update(users)
      .set({ farewellMessage: 'Até mais!', signature: true })
      .where(eq(users.id, agent.id))
      .run()
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: true })
    expect(messagesOf(db, ticketId).at(-1)!.body).toBe(`*${agent.name}:*\nAté mais!`)
  })

  test('without the farewell (or without a farewell message) nothing is sent', async () => {
    const { ticketId, agent } = await setup()
    db.update(users).set({ farewellMessage: 'Tchau!' }).where(eq(users.id, agent.id)).run()
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: false })
    expect(messagesOf(db, ticketId).filter((m) => m.fromMe)).toEqual([])

    const other = await setup()
    acceptTicket(db, other.agent.actor, other.ticketId)
    closeTicket(db, other.agent.actor, other.ticketId, { sendFarewell: true })
    expect(messagesOf(db, other.ticketId).filter((m) => m.fromMe)).toEqual([])
    expect(ticketRow(db, other.ticketId).status).toBe('closed')
  })

  test('closing twice is refused', async () => {
    const { ticketId, agent } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: false })
    const before = lastEventId(db)
    expect(
      domainError(() => closeTicket(db, agent.actor, ticketId, { sendFarewell: true })),
    ).toMatchObject({ status: 409, code: 'tickets.closed' })
    expect(historyOf(db, ticketId).filter((e) => e.type === 'closed')).toHaveLength(1)
    expect(eventsAfter(db, before)).toEqual([])
  })

  test('a pending ticket closed by an admin is recorded as theirs; the system closes without an owner', async () => {
    const { ticketId, admin, company } = await setup()
    expect(closeTicket(db, admin.actor, ticketId, { sendFarewell: false })).toMatchObject({
      status: 'closed',
      userId: admin.id,
    })
    expect(historyOf(db, ticketId).at(-1)).toMatchObject({
      type: 'closed',
      userId: admin.id,
      fromStatus: 'pending',
      toStatus: 'closed',
    })

    // An automation (inactivity, flows) closing a waiting ticket: no user, no farewell.
    const { ticketId: waiting } = customerWrites(
      addConnection(db, company.id, null),
      'oi',
      '5511912345678',
    )
    expect(closeTicket(db, systemActor(company.id), waiting, { sendFarewell: true })).toMatchObject(
      { status: 'closed', userId: null },
    )
    expect(historyOf(db, waiting).at(-1)).toMatchObject({ type: 'closed', userId: null })
    expect(messagesOf(db, waiting).filter((m) => m.fromMe)).toEqual([])
  })
})

describe('reopenTicket (Reabrir)', () => {
  test('a closed ticket comes back open and mine', async () => {
    const { ticketId, agent, colleague, queue } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: false })
    const before = lastEventId(db)

    const reopened = reopenTicket(db, colleague.actor, ticketId)

    expect(reopened).toMatchObject({ status: 'open', userId: colleague.id, closedAt: null })
    expect(historyOf(db, ticketId).at(-1)).toMatchObject({
      type: 'reopened',
      userId: colleague.id,
      fromStatus: 'closed',
      toStatus: 'open',
      fromUserId: agent.id,
      toUserId: colleague.id,
    })
    expect(audiences(eventsAfter(db, before))).toEqual([
      ['ticket.updated', 'queue', queue.id],
      ['ticket.updated', 'user', colleague.id],
      ['ticket.updated', 'user', agent.id],
    ])
  })

  test('refused while the contact has another active ticket on the connection', async () => {
    const { ticketId, agent, connection } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: false })
    const next = customerWrites(connection, 'voltei')
    expect(next.ticketId).not.toBe(ticketId)

    const error = domainError(() => reopenTicket(db, agent.actor, ticketId))
    expect(error).toMatchObject({
      status: 409,
      code: 'tickets.otherActive',
      params: { ticketId: next.ticketId },
    })
    expect(ticketRow(db, ticketId).status).toBe('closed')

    // Once that one is closed too, the old one may come back.
    acceptTicket(db, agent.actor, next.ticketId)
    closeTicket(db, agent.actor, next.ticketId, { sendFarewell: false })
    expect(reopenTicket(db, agent.actor, ticketId).status).toBe('open')
  })

  test("the contact's active ticket on another connection does not block", async () => {
    const { ticketId, agent, company, queue } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: false })
    customerWrites(addConnection(db, company.id, queue.id), 'pelo outro número')
    expect(reopenTicket(db, agent.actor, ticketId).status).toBe('open')
  })

  test('only closed tickets reopen', async () => {
    const { ticketId, agent } = await setup()
    expect(domainError(() => reopenTicket(db, agent.actor, ticketId))).toMatchObject({
      status: 409,
      code: 'tickets.notClosed',
    })
    acceptTicket(db, agent.actor, ticketId)
    expect(domainError(() => reopenTicket(db, agent.actor, ticketId))).toMatchObject({
      status: 409,
      code: 'tickets.notClosed',
    })
  })
})

describe('returnTicketToQueue (Devolver à fila)', () => {
  test('an open ticket waits again in its queue, unassigned', async () => {
    const { ticketId, agent, queue } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const before = lastEventId(db)

    expect(returnTicketToQueue(db, agent.actor, ticketId)).toMatchObject({
      status: 'pending',
      userId: null,
      queueId: queue.id,
    })
    expect(historyOf(db, ticketId).at(-1)).toMatchObject({
      type: 'returned',
      userId: agent.id,
      fromStatus: 'open',
      toStatus: 'pending',
      fromUserId: agent.id,
      toUserId: null,
    })
    expect(audiences(eventsAfter(db, before))).toEqual([
      ['ticket.updated', 'queue', queue.id],
      ['ticket.updated', 'user', agent.id],
    ])
    expect(domainError(() => returnTicketToQueue(db, agent.actor, ticketId))).toMatchObject({
      status: 409,
      code: 'tickets.notOpen',
    })
  })
})

describe('openConversation', () => {
  test('the assignee opening it zeroes unread and marks the customer messages read', async () => {
    const { ticketId, agent, connection } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    customerWrites(connection, 'alô?')
    customerWrites(connection, 'tem alguém aí?')
    db.update(messages)
      .set({ status: 'delivered' })
      .where(eq(messages.id, customerWrites(connection, 'x').messageId))
      .run()
    expect(ticketRow(db, ticketId).unreadCount).toBe(3)
    const before = lastEventId(db)

    await openConversation(db, agent.actor, ticketId)

    expect(ticketRow(db, ticketId).unreadCount).toBe(0)
    expect(messagesOf(db, ticketId).map((m) => m.status)).toEqual([
      'read',
      'read',
      'read',
      'delivered',
    ])
    expect(eventsAfter(db, before)).toEqual([
      expect.objectContaining({ type: 'ticket.updated' }),
      expect.objectContaining({ type: 'ticket.updated' }),
    ])
  })

  test('peeking does not mark read: a pending ticket, or a colleague looking', async () => {
    const { ticketId, agent, colleague } = await setup()
    await openConversation(db, agent.actor, ticketId)
    expect(ticketRow(db, ticketId).unreadCount).toBe(1)
    expect(messagesOf(db, ticketId).map((m) => m.status)).toEqual(['received'])

    acceptTicket(db, agent.actor, ticketId)
    db.update(tickets).set({ unreadCount: 1 }).where(eq(tickets.id, ticketId)).run()
    await openConversation(db, colleague.actor, ticketId)
    expect(ticketRow(db, ticketId).unreadCount).toBe(1)
    expect(messagesOf(db, ticketId).map((m) => m.status)).toEqual(['received'])
  })
})

describe('ticket history', () => {
  test('every status change is one row: created, accepted, transferred, returned, closed, reopened', async () => {
    const { ticketId, agent, colleague, otherQueue, queue, outsider } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    transferTicket(db, agent.actor, ticketId, { userId: colleague.id })
    returnTicketToQueue(db, colleague.actor, ticketId)
    transferTicket(db, colleague.actor, ticketId, { queueId: otherQueue.id, note: 'financeiro' })
    acceptTicket(db, outsider.actor, ticketId)
    closeTicket(db, outsider.actor, ticketId, { sendFarewell: false })
    reopenTicket(db, outsider.actor, ticketId)

    expect(
      historyOf(db, ticketId).map((e) => [
        e.type,
        e.userId,
        e.fromStatus,
        e.toStatus,
        e.fromUserId,
        e.toUserId,
        e.fromQueueId,
        e.toQueueId,
        e.note,
      ]),
    ).toEqual([
      ['created', null, null, 'pending', null, null, null, queue.id, null],
      ['accepted', agent.id, 'pending', 'open', null, agent.id, null, null, null],
      ['transferred', agent.id, 'open', 'open', agent.id, colleague.id, queue.id, queue.id, null],
      ['returned', colleague.id, 'open', 'pending', colleague.id, null, null, null, null],
      [
        'transferred',
        colleague.id,
        'pending',
        'pending',
        null,
        null,
        queue.id,
        otherQueue.id,
        'financeiro',
      ],
      ['accepted', outsider.id, 'pending', 'open', null, outsider.id, null, null, null],
      ['closed', outsider.id, 'open', 'closed', null, null, null, null, null],
      ['reopened', outsider.id, 'closed', 'open', outsider.id, outsider.id, null, null, null],
    ])
    expect(
      historyOf(db, ticketId).every((e) => e.companyId === ticketRow(db, ticketId).companyId),
    ).toBe(true)
  })
})

describe('isolation', () => {
  /** Every ticket action, as one actor on one ticket. */
  function everyAction(
    actor: Parameters<typeof acceptTicket>[1],
    ticketId: string,
    targetUserId: string,
  ) {
    return [
      () => acceptTicket(db, actor, ticketId),
      () => transferTicket(db, actor, ticketId, { userId: targetUserId }),
      () => closeTicket(db, actor, ticketId, { sendFarewell: true }),
      () => reopenTicket(db, actor, ticketId),
      () => returnTicketToQueue(db, actor, ticketId),
      () => addPrivateNote(db, actor, ticketId, 'nota'),
      () => updateTicketObservations(db, actor, ticketId, 'obs'),
    ]
  }

  test("an agent outside the ticket's queue gets 404 on every action, whatever the status", async () => {
    const { ticketId, agent, outsider } = await setup()
    for (const status of ['pending', 'open', 'closed'] as const) {
      if (status === 'open') acceptTicket(db, agent.actor, ticketId)
      if (status === 'closed') closeTicket(db, agent.actor, ticketId, { sendFarewell: false })
      const before = lastEventId(db)
      const row = ticketRow(db, ticketId)
      for (const act of everyAction(outsider.actor, ticketId, outsider.id)) {
        expect(domainError(act)).toMatchObject({ status: 404, code: 'errors.notFound' })
      }
      await expect(openConversation(db, outsider.actor, ticketId)).rejects.toMatchObject({
        status: 404,
      })
      await expect(announceTyping(db, outsider.actor, ticketId, 'composing')).rejects.toMatchObject(
        { status: 404 },
      )
      expect(ticketRow(db, ticketId)).toEqual(row)
      expect(eventsAfter(db, before)).toEqual([])
    }
    expect(messagesOf(db, ticketId).filter((m) => m.fromMe)).toEqual([])
  })

  test('a ticket assigned to an agent personally is theirs even outside their queues', async () => {
    const { ticketId, admin, outsider } = await setup()
    transferTicket(db, admin.actor, ticketId, { userId: outsider.id })
    expect(closeTicket(db, outsider.actor, ticketId, { sendFarewell: false }).status).toBe('closed')
  })

  test("another company's admin and agents get 404 on every action", async () => {
    const { ticketId } = await setup()
    const elsewhere = await setup()
    const before = lastEventId(db)
    const row = ticketRow(db, ticketId)
    for (const actor of [
      elsewhere.admin.actor,
      elsewhere.supervisor.actor,
      elsewhere.agent.actor,
      systemActor(elsewhere.company.id),
    ]) {
      for (const act of everyAction(actor, ticketId, elsewhere.agent.id)) {
        expect(domainError(act)).toMatchObject({ status: 404 })
      }
      await expect(openConversation(db, actor, ticketId)).rejects.toMatchObject({ status: 404 })
    }
    expect(ticketRow(db, ticketId)).toEqual(row)
    expect(eventsAfter(db, before)).toEqual([])
  })
})
