import { and, eq, gt } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { createContact } from '#app/domain/contacts/manage.server.ts'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { events } from '#db/schema/system.ts'
import { ticketEvents, tickets } from '#db/schema/tickets.ts'
import { setSetting } from '#app/domain/settings/settings.server.ts'
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
} from '#tests/db-utils.ts'
import { getAccessibleTicket } from './access.server.ts'
import { startConversation, startOptions } from './start.server.ts'

async function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const other = createQueue(db, company.id)
  const connection = addConnection(db, company.id, queue.id)
  const agent = await createUser(db, { companyId: company.id, queueIds: [queue.id] })
  const colleague = await createUser(db, {
    companyId: company.id,
    queueIds: [queue.id],
    name: 'Rita Colega',
  })
  const contact = createContact(db, agent.actor, { name: 'Lia', number: '11987654321' })
  return { company, queue, other, connection, agent, colleague, contact }
}

describe('startConversation', () => {
  test('opens a ticket assigned to me in the connection queue, with history and events', async () => {
    const { company, queue, connection, agent, contact } = await setup()
    const before = lastEventId(db)
    const ticket = startConversation(db, agent.actor, {
      contactId: contact.id,
      connectionId: connection.id,
    })
    expect(ticket).toMatchObject({
      status: 'open',
      userId: agent.id,
      queueId: queue.id,
      chatId: '5511987654321',
      contactId: contact.id,
    })
    expect(
      db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)).all(),
    ).toMatchObject([{ type: 'created', toStatus: 'open', toUserId: agent.id }])
    const emitted = db
      .select()
      .from(events)
      .where(and(eq(events.companyId, company.id), gt(events.id, before)))
      .all()
    expect(emitted.map((e) => [e.type, e.audienceType])).toEqual([
      ['ticket.created', 'queue'],
      ['ticket.created', 'user'],
    ])
    // Again: the same ticket, mine.
    expect(
      startConversation(db, agent.actor, { contactId: contact.id, connectionId: connection.id }).id,
    ).toBe(ticket.id)
  })

  test("someone else's open conversation is refused, naming them", async () => {
    const { connection, colleague, agent, contact } = await setup()
    startConversation(db, colleague.actor, { contactId: contact.id, connectionId: connection.id })
    expect(() =>
      startConversation(db, agent.actor, { contactId: contact.id, connectionId: connection.id }),
    ).toThrow(
      expect.objectContaining({
        code: 'contacts.start.takenBy',
        status: 409,
        params: { name: 'Rita Colega' },
      }),
    )
  })

  test('a waiting ticket of the contact is accepted by me (no second ticket)', async () => {
    const { connection, agent } = await setup()
    const received = customerWrites(db, connection, { phone: '5521912345678', name: 'Zeca' })
    const ticket = startConversation(db, agent.actor, {
      contactId: received.contactId,
      connectionId: connection.id,
    })
    expect(ticket).toMatchObject({ id: received.ticketId, status: 'open', userId: agent.id })
    expect(
      db
        .select()
        .from(ticketEvents)
        .where(eq(ticketEvents.ticketId, ticket.id))
        .all()
        .map((e) => e.type),
    ).toEqual(['created', 'accepted'])
  })

  test('queue: the chosen one (mine), else the connection’s, else my only queue', async () => {
    const { company, other, agent, contact } = await setup()
    const bare = addConnection(db, company.id, null)
    expect(
      startConversation(db, agent.actor, { contactId: contact.id, connectionId: bare.id }).queueId,
    ).toBe(agent.actor.queueIds[0])
    const another = createContact(db, agent.actor, { name: 'Téo', number: '11987650001' })
    expect(() =>
      startConversation(db, agent.actor, {
        contactId: another.id,
        connectionId: bare.id,
        queueId: other.id,
      }),
    ).toThrow(expect.objectContaining({ field: 'queueId' }))
  })

  test('on WhatsApp the chat is the JID; a previous conversation keeps its chat id', async () => {
    const { company, agent, contact } = await setup()
    const whatsapp = addConnection(db, company.id, null, 'whatsapp')
    const first = startConversation(db, agent.actor, {
      contactId: contact.id,
      connectionId: whatsapp.id,
    })
    expect(first.chatId).toBe('5511987654321@s.whatsapp.net')
    db.update(tickets)
      .set({ status: 'closed', chatId: '551187654321@s.whatsapp.net' })
      .where(eq(tickets.id, first.id))
      .run()
    const second = startConversation(db, agent.actor, {
      contactId: contact.id,
      connectionId: whatsapp.id,
    })
    expect(second.id).not.toBe(first.id)
    expect(second.chatId).toBe('551187654321@s.whatsapp.net')
  })

  test('other companies: their contacts and connections do not exist here', async () => {
    const { connection, contact } = await setup()
    const outsider = await setup()
    expect(() =>
      startConversation(db, outsider.agent.actor, {
        contactId: contact.id,
        connectionId: outsider.connection.id,
      }),
    ).toThrow(expect.objectContaining({ status: 404 }))
    expect(() =>
      startConversation(db, outsider.agent.actor, {
        contactId: outsider.contact.id,
        connectionId: connection.id,
      }),
    ).toThrow(expect.objectContaining({ field: 'connectionId' }))
    expect(startOptions(db, outsider.agent.actor).connections.map((c) => c.id)).not.toContain(
      connection.id,
    )
  })

  test('a contact whose active ticket is in a queue I am not in is refused, revealing nothing of it', async () => {
    const { company, other, agent, colleague } = await setup()
    const otherLine = addConnection(db, company.id, other.id)
    const rival = await createUser(db, {
      companyId: company.id,
      queueIds: [other.id],
      name: 'Bruno Outra Fila',
    })
    // Waiting in the other queue: not mine to accept.
    const waiting = customerWrites(db, otherLine, { phone: '5531912345678', name: 'Dora' })
    const before = ticketRow(db, waiting.ticketId)
    const mark = lastEventId(db)
    const refused = domainErrorOf(() =>
      startConversation(db, agent.actor, {
        contactId: waiting.contactId,
        connectionId: otherLine.id,
      }),
    )
    expect(refused).toMatchObject({ code: 'contacts.start.otherQueue', status: 409 })
    expect(refused.params).toBeUndefined()
    expect(refused.message).not.toContain(waiting.ticketId)
    expect(ticketRow(db, waiting.ticketId)).toEqual(before)
    expect(historyOf(db, waiting.ticketId).map((e) => e.type)).toEqual(['created'])
    expect(eventsAfter(db, mark)).toEqual([])
    // …and its history stays closed to me.
    expect(() => getAccessibleTicket(db, agent.actor, waiting.ticketId)).toThrow(
      expect.objectContaining({ status: 404 }),
    )

    // Open with an agent of the other queue: refused without naming them.
    const served = customerWrites(db, otherLine, { phone: '5531987654321', name: 'Eva' })
    startConversation(db, rival.actor, { contactId: served.contactId, connectionId: otherLine.id })
    const taken = domainErrorOf(() =>
      startConversation(db, colleague.actor, {
        contactId: served.contactId,
        connectionId: otherLine.id,
      }),
    )
    expect(taken).toMatchObject({ code: 'contacts.start.otherQueue', status: 409 })
    expect(JSON.stringify(taken)).not.toContain('Bruno')
    expect(ticketRow(db, served.ticketId)).toMatchObject({ userId: rival.id, status: 'open' })

    // Someone who sees every queue still takes the waiting one.
    const supervisor = await createUser(db, { companyId: company.id, role: 'supervisor' })
    expect(
      startConversation(db, supervisor.actor, {
        contactId: waiting.contactId,
        connectionId: otherLine.id,
      }),
    ).toMatchObject({ id: waiting.ticketId, userId: supervisor.id, status: 'open' })
  })

  test('a waiting ticket without a queue is refused to agents when the company hides those', async () => {
    const { company, agent } = await setup()
    const admin = await createUser(db, { companyId: company.id, role: 'admin' })
    const bare = addConnection(db, company.id, null)
    const waiting = customerWrites(db, bare, { phone: '5541912345678' })
    setSetting(db, admin.actor, 'tickets.hideQueuelessFromAgents', true)
    expect(
      domainErrorOf(() =>
        startConversation(db, agent.actor, { contactId: waiting.contactId, connectionId: bare.id }),
      ),
    ).toMatchObject({ code: 'contacts.start.otherQueue', status: 409 })
    expect(ticketRow(db, waiting.ticketId)).toMatchObject({ status: 'pending', userId: null })

    setSetting(db, admin.actor, 'tickets.hideQueuelessFromAgents', false)
    expect(
      startConversation(db, agent.actor, { contactId: waiting.contactId, connectionId: bare.id }),
    ).toMatchObject({ id: waiting.ticketId, userId: agent.id })
  })

  test('the default connection comes first; agents see only their queues', async () => {
    const { company, connection, agent } = await setup()
    const main = addConnection(db, company.id, null)
    db.update(connections).set({ isDefault: true }).where(eq(connections.id, main.id)).run()
    const options = startOptions(db, agent.actor)
    expect(options.connections.map((c) => c.id)).toEqual([main.id, connection.id])
    expect(options.queues.map((q) => q.id)).toEqual(agent.actor.queueIds)
  })
})
