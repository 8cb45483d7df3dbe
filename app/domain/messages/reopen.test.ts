import { and, asc, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { type InboundMessage } from '#app/channels/types.ts'
import { systemActor } from '#app/domain/actor.ts'
import { getSetting, setSetting } from '#app/domain/settings/settings.server.ts'
import { acceptTicket, closeTicket } from '#app/domain/tickets/actions.server.ts'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { db, openDatabase } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'

import { contacts } from '#db/schema/contacts.ts'
import { tickets } from '#db/schema/tickets.ts'
import {
  createCompany,
  createQueue,
  createUser,
  eventsAfter,
  historyOf,
  messagesOf,
  ticketRow,
} from '#tests/db-utils.ts'
import { ingestInbound } from './ingest.server.ts'

/**
 * Ingest rules of the Painel de Atendimentos: after a close, a new pending ticket — or the same
 * one again within `tickets.reopenWindowMinutes`; blocked contacts open nothing; one active
 * ticket per contact and connection, enforced by the database.
 */

const MINUTE = 60_000
let seq = 0

type ConnectionRef = { id: string; companyId: string; queueId: string | null }

async function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const row = db
    .insert(connections)
    .values({
      companyId: company.id,
      name: `Conexão ${++seq}`,
      channel: 'whatsapp',
      queueId: queue.id,
    })
    .returning()
    .get()
  const connection: ConnectionRef = { id: row.id, companyId: company.id, queueId: queue.id }
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const agent = await createUser(db, { companyId: company.id, queueIds: [queue.id] })
  return { company, queue, connection, admin, agent }
}

function inbound(text: string, timestamp: number, phone = '5511987654321'): InboundMessage {
  return {
    externalId: `3EB0R${String(++seq).padStart(12, '0')}`,
    peer: { chatId: `${phone}@s.whatsapp.net`, phone },
    fromMe: false,
    timestamp,
    type: 'text',
    text,
  }
}

function ingest(connection: ConnectionRef, message: InboundMessage) {
  const result = ingestInbound(db, connection, message)
  if (result.duplicate) throw new Error(`unexpected duplicate ${message.externalId}`)
  return result
}

const ticketsOfContact = (contactId: string) =>
  db
    .select()
    .from(tickets)
    .where(eq(tickets.contactId, contactId))
    .orderBy(asc(sql`${tickets}.rowid`))
    .all()
/** A conversation the agent accepted and closed; returns it with the close time. */
async function closedConversation() {
  const s = await setup()
  const first = ingest(s.connection, inbound('oi', Date.now() - 5 * MINUTE))
  acceptTicket(db, s.agent.actor, first.ticketId)
  closeTicket(db, s.agent.actor, first.ticketId, { sendFarewell: false })
  const closedAt = ticketRow(db, first.ticketId).closedAt!
  return { ...s, first, closedAt }
}

describe('a customer writing after the close', () => {
  test('by default opens a NEW pending ticket; the closed one stays closed', async () => {
    const { connection, first, closedAt, queue, company } = await closedConversation()
    expect(getSetting(db, company.id, 'tickets.reopenWindowMinutes')).toBe(0)
    const before = lastEventId(db)

    const next = ingest(connection, inbound('voltei', closedAt + MINUTE))

    expect(next).toMatchObject({ ticketCreated: true, contactId: first.contactId })
    expect(next.ticketId).not.toBe(first.ticketId)
    expect(ticketRow(db, next.ticketId)).toMatchObject({
      status: 'pending',
      userId: null,
      queueId: queue.id,
      unreadCount: 1,
    })
    expect(ticketRow(db, first.ticketId)).toMatchObject({ status: 'closed', closedAt })
    expect(historyOf(db, next.ticketId)).toEqual([
      expect.objectContaining({
        type: 'created',
        toStatus: 'pending',
        toQueueId: queue.id,
        userId: null,
      }),
    ])
    expect(eventsAfter(db, before).map((e) => e.type)).toEqual([
      'ticket.created',
      'message.created',
    ])
  })

  test('within tickets.reopenWindowMinutes the SAME ticket reopens, open for its last agent', async () => {
    const { connection, first, closedAt, admin, agent, company, queue } = await closedConversation()
    setSetting(db, admin.actor, 'tickets.reopenWindowMinutes', 30)
    expect(getSetting(db, company.id, 'tickets.reopenWindowMinutes')).toBe(30)
    const before = lastEventId(db)

    const next = ingest(
      connection,
      inbound('esqueci de perguntar uma coisa', closedAt + 10 * MINUTE),
    )

    expect(next).toMatchObject({ ticketId: first.ticketId, ticketCreated: false })
    expect(ticketRow(db, first.ticketId)).toMatchObject({
      status: 'open',
      userId: agent.id,
      closedAt: null,
      unreadCount: 1,
      lastMessageText: 'esqueci de perguntar uma coisa',
    })
    expect(ticketsOfContact(first.contactId)).toHaveLength(1)
    expect(historyOf(db, first.ticketId).at(-1)).toMatchObject({
      type: 'reopened',
      userId: null,
      fromStatus: 'closed',
      toStatus: 'open',
    })
    expect(eventsAfter(db, before)).toEqual([
      expect.objectContaining({
        type: 'ticket.updated',
        audienceType: 'queue',
        audienceId: queue.id,
        payload: {
          ticketId: first.ticketId,
          ticket: expect.objectContaining({
            id: first.ticketId,
            status: 'open',
            queueId: queue.id,
            userId: agent.id,
          }),
          previous: { status: 'closed', queueId: queue.id, userId: agent.id },
          change: 'reopened',
        },
      }),
      // Its agent hears it too, in the queue or not.
      expect.objectContaining({
        type: 'ticket.updated',
        audienceType: 'user',
        audienceId: agent.id,
      }),
      expect.objectContaining({
        type: 'message.created',
        audienceType: 'queue',
        payload: expect.objectContaining({ ticketId: first.ticketId }),
      }),
      expect.objectContaining({
        type: 'message.created',
        audienceType: 'user',
        audienceId: agent.id,
        payload: expect.objectContaining({ ticketId: first.ticketId }),
      }),
    ])
    expect(messagesOf(db, first.ticketId)).toHaveLength(2)
  })

  test('a ticket closed without an agent (by the system) reopens pending', async () => {
    const s = await setup()
    setSetting(db, s.admin.actor, 'tickets.reopenWindowMinutes', 30)
    const first = ingest(s.connection, inbound('oi', Date.now() - MINUTE))
    closeTicket(db, systemActor(s.company.id), first.ticketId, { sendFarewell: false })
    const closedAt = ticketRow(db, first.ticketId).closedAt!

    const next = ingest(s.connection, inbound('ainda estou aqui', closedAt + 10 * MINUTE))

    expect(next).toMatchObject({ ticketId: first.ticketId, ticketCreated: false })
    expect(ticketRow(db, first.ticketId)).toMatchObject({
      status: 'pending',
      userId: null,
      closedAt: null,
    })
    expect(historyOf(db, first.ticketId).at(-1)).toMatchObject({
      type: 'reopened',
      fromStatus: 'closed',
      toStatus: 'pending',
    })
  })

  test('after the window: a new ticket again', async () => {
    const { connection, first, closedAt, admin } = await closedConversation()
    setSetting(db, admin.actor, 'tickets.reopenWindowMinutes', 30)

    const atTheEdge = ingest(connection, inbound('meia hora depois', closedAt + 30 * MINUTE))

    expect(atTheEdge.ticketCreated).toBe(true)
    expect(atTheEdge.ticketId).not.toBe(first.ticketId)
    expect(ticketRow(db, first.ticketId).status).toBe('closed')
    expect(historyOf(db, first.ticketId).map((e) => e.type)).not.toContain('reopened')
  })

  test('only the last ticket of the contact on that connection reopens', async () => {
    const { connection, first, admin, agent } = await closedConversation()
    setSetting(db, admin.actor, 'tickets.reopenWindowMinutes', 30)
    // A second conversation after the window, closed too.
    const second = ingest(
      connection,
      inbound('outra coisa', ticketRow(db, first.ticketId).closedAt! + 60 * MINUTE),
    )
    acceptTicket(db, agent.actor, second.ticketId)
    closeTicket(db, agent.actor, second.ticketId, { sendFarewell: false })
    const secondClosedAt = ticketRow(db, second.ticketId).closedAt!

    const third = ingest(connection, inbound('mais uma', secondClosedAt + 5 * MINUTE))

    expect(third.ticketId).toBe(second.ticketId)
    expect(ticketRow(db, first.ticketId).status).toBe('closed')
    expect(ticketRow(db, second.ticketId).status).toBe('open')
  })

  test("the window is the company's setting: another company keeps opening new tickets", async () => {
    const a = await closedConversation()
    const b = await closedConversation()
    setSetting(db, a.admin.actor, 'tickets.reopenWindowMinutes', 30)

    expect(ingest(a.connection, inbound('a', a.closedAt + MINUTE)).ticketId).toBe(a.first.ticketId)
    expect(ingest(b.connection, inbound('b', b.closedAt + MINUTE)).ticketId).not.toBe(
      b.first.ticketId,
    )
  })

  test('only admins set the window, within its bounds', async () => {
    const { agent, admin } = await setup()
    expect(() => setSetting(db, agent.actor, 'tickets.reopenWindowMinutes', 30)).toThrow(
      expect.objectContaining({ status: 403 }),
    )
    expect(() => setSetting(db, admin.actor, 'tickets.reopenWindowMinutes', -1)).toThrow()
    expect(() => setSetting(db, admin.actor, 'tickets.reopenWindowMinutes', 1.5)).toThrow()
  })
})

describe('a blocked contact', () => {
  test('opens no ticket: the message is kept quietly in the last one (unread unchanged, no events)', async () => {
    const { connection, first, closedAt, admin } = await closedConversation()
    // Even within the reopen window.
    setSetting(db, admin.actor, 'tickets.reopenWindowMinutes', 30)
    db.update(contacts).set({ blocked: true }).where(eq(contacts.id, first.contactId)).run()
    const before = lastEventId(db)
    const historyBefore = historyOf(db, first.ticketId)

    const result = ingest(connection, inbound('spam spam spam', closedAt + MINUTE))

    expect(result).toMatchObject({
      ticketId: first.ticketId,
      ticketCreated: false,
      contactCreated: false,
    })
    expect(ticketRow(db, first.ticketId)).toMatchObject({
      status: 'closed',
      unreadCount: 0,
      closedAt,
    })
    expect(ticketsOfContact(first.contactId)).toHaveLength(1)
    expect(messagesOf(db, first.ticketId).map((m) => m.body)).toContain('spam spam spam')
    expect(historyOf(db, first.ticketId)).toEqual(historyBefore)
    expect(eventsAfter(db, before)).toEqual([])
  })

  test('without any ticket yet: a closed ticket holds the message, nothing is announced', async () => {
    const { connection, company } = await setup()
    const contact = db
      .insert(contacts)
      .values({ companyId: company.id, name: 'Bloqueado', number: '5511955554444', blocked: true })
      .returning()
      .get()
    const before = lastEventId(db)

    const result = ingest(connection, inbound('oi', Date.now(), '5511955554444'))

    expect(result).toMatchObject({
      contactId: contact.id,
      ticketCreated: false,
      contactCreated: false,
    })
    expect(ticketsOfContact(contact.id)).toEqual([
      expect.objectContaining({
        id: result.ticketId,
        status: 'closed',
        unreadCount: 0,
        closedAt: expect.any(Number),
      }),
    ])
    expect(messagesOf(db, result.ticketId)).toHaveLength(1)
    expect(eventsAfter(db, before)).toEqual([])
    // A second message goes to the same closed ticket.
    expect(ingest(connection, inbound('oi de novo', Date.now(), '5511955554444')).ticketId).toBe(
      result.ticketId,
    )
    expect(ticketsOfContact(contact.id)).toHaveLength(1)
  })

  test('unblocked, the contact opens a new ticket as usual', async () => {
    const { connection, first, closedAt } = await closedConversation()
    db.update(contacts).set({ blocked: true }).where(eq(contacts.id, first.contactId)).run()
    ingest(connection, inbound('bloqueado', closedAt + MINUTE))
    db.update(contacts).set({ blocked: false }).where(eq(contacts.id, first.contactId)).run()
    const next = ingest(connection, inbound('desbloqueado', closedAt + 2 * MINUTE))
    expect(next.ticketCreated).toBe(true)
    expect(ticketRow(db, next.ticketId).status).toBe('pending')
  })
})

describe('one open or pending ticket per contact and connection', () => {
  test('two messages of a new contact ingested back to back make exactly one ticket', async () => {
    const { connection, company } = await setup()
    const now = Date.now()
    const a = ingest(connection, inbound('oi', now, '5521912345678'))
    const b = ingest(connection, inbound('tudo bem?', now, '5521912345678'))

    expect(a.ticketCreated).toBe(true)
    expect(b).toMatchObject({
      ticketId: a.ticketId,
      contactId: a.contactId,
      ticketCreated: false,
      contactCreated: false,
    })
    expect(db.select().from(tickets).where(eq(tickets.companyId, company.id)).all()).toHaveLength(1)
    expect(ticketRow(db, a.ticketId).unreadCount).toBe(2)
  })

  test('two database connections writing in turn still make one ticket', async () => {
    const { connection } = await setup()
    const other = openDatabase(process.env.DATABASE_PATH!)
    try {
      const now = Date.now()
      const results = [0, 1, 2, 3].map((i) => {
        const result = ingestInbound(
          i % 2 ? other : db,
          connection,
          inbound(`mensagem ${i}`, now + i, '5531998887777'),
        )
        if (result.duplicate) throw new Error('duplicate')
        return result
      })
      expect(new Set(results.map((r) => r.ticketId)).size).toBe(1)
      expect(results.filter((r) => r.ticketCreated)).toHaveLength(1)
    } finally {
      other.$client.close()
    }
  })

  test('the database refuses a second pending or open ticket (partial unique index)', async () => {
    const { connection, company } = await setup()
    const first = ingest(connection, inbound('oi', Date.now()))
    const row = ticketRow(db, first.ticketId)
    const duplicate = (status: 'pending' | 'open' | 'closed', connectionId = connection.id) =>
      db
        .insert(tickets)
        .values({
          companyId: company.id,
          contactId: row.contactId,
          connectionId,
          chatId: row.chatId,
          status,
        })
        .run()

    expect(() => duplicate('pending')).toThrow(
      /UNIQUE constraint failed: tickets\.contact_id, tickets\.connection_id/,
    )
    expect(() => duplicate('open')).toThrow(/UNIQUE constraint failed/)
    // Closed ones are history: any number of them.
    expect(() => duplicate('closed')).not.toThrow()
    expect(() => duplicate('closed')).not.toThrow()
    // Making a closed one active again while another is active is refused too.
    const closed = db
      .select()
      .from(tickets)
      .where(and(eq(tickets.contactId, row.contactId), eq(tickets.status, 'closed')))
      .get()!
    expect(() =>
      db.update(tickets).set({ status: 'open' }).where(eq(tickets.id, closed.id)).run(),
    ).toThrow(/UNIQUE constraint failed/)
    // On another connection the same contact may have its own active ticket.
    const otherLine = db
      .insert(connections)
      .values({ companyId: company.id, name: `Conexão ${++seq}`, channel: 'whatsapp' })
      .returning()
      .get()
    expect(() => duplicate('pending', otherLine.id)).not.toThrow()
    expect(
      db
        .select()
        .from(tickets)
        .where(
          and(
            eq(tickets.contactId, row.contactId),
            eq(tickets.connectionId, connection.id),
            sql`${tickets.status} in ('pending', 'open')`,
          ),
        )
        .all(),
    ).toHaveLength(1)
  })
})
