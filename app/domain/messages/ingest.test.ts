import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { type InboundMessage, type Peer } from '#app/channels/types.ts'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { jobs } from '#db/schema/system.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  eventsAfter,
  historyOf,
  ticketRow,
} from '#tests/db-utils.ts'
import { applyInboundUpdate, ingestInbound, linkIdentity } from './ingest.server.ts'

const T0 = Date.parse('2025-03-10T12:00:00Z')
let seq = 0

type ConnectionRef = { id: string; companyId: string; queueId: string | null }

/** A company with a queue and a WhatsApp connection routed to it. */
function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const connection = addConnection(db, company.id, queue.id, 'whatsapp')
  return { company, queue, connection }
}

/** A customer addressed by phone number (WhatsApp JID) unless a full peer is given. */
function peerOf(from: string | Omit<Peer, 'chatId'>): Peer {
  if (typeof from === 'string') return { chatId: `${from}@s.whatsapp.net`, phone: from }
  return { chatId: from.phone ? `${from.phone}@s.whatsapp.net` : `${from.lid}@lid`, ...from }
}

function inbound(
  from: string | Omit<Peer, 'chatId'>,
  text: string,
  overrides: Partial<InboundMessage> = {},
): InboundMessage {
  const n = ++seq
  return {
    externalId: `3EB0${String(n).padStart(18, '0')}`,
    peer: peerOf(from),
    fromMe: false,
    timestamp: T0 + n * 1000,
    type: 'text',
    text,
    ...overrides,
  }
}

/** Ingests and asserts it was stored (not a duplicate). */
function ingest(connection: ConnectionRef, message: InboundMessage) {
  const result = ingestInbound(db, connection, message)
  if (result.duplicate) throw new Error(`unexpected duplicate ${message.externalId}`)
  return result
}

const messageRow = (id: string) => db.select().from(messages).where(eq(messages.id, id)).get()!
const contactRow = (id: string) => db.select().from(contacts).where(eq(contacts.id, id)).get()
const contactsOf = (companyId: string) =>
  db.select().from(contacts).where(eq(contacts.companyId, companyId)).all()
const ticketsOf = (companyId: string) =>
  db
    .select()
    .from(tickets)
    .where(eq(tickets.companyId, companyId))
    .orderBy(asc(tickets.createdAt))
    .all()
const messagesOfTicket = (ticketId: string) =>
  db
    .select()
    .from(messages)
    .where(eq(messages.ticketId, ticketId))
    .orderBy(asc(messages.timestamp))
    .all()
/** Ids of the messages whose text matches an FTS5 query. */
const search = (query: string) =>
  (
    db.$client
      .prepare(
        'select m.id from messages_fts f join messages m on m.rowid = f.rowid where messages_fts match ? order by m.rowid',
      )
      .all(query) as Array<{ id: string }>
  ).map((row) => row.id)

describe('dedupe', () => {
  test('the same message delivered twice is stored once; the second call says duplicate', () => {
    const { connection } = setup()
    const message = inbound('5511987654321', 'Oi, tudo bem?')
    const first = ingest(connection, message)
    const before = lastEventId(db)

    const second = ingestInbound(db, connection, { ...message, text: 'a retry with other text' })

    expect(second).toEqual({ duplicate: true, messageId: first.messageId })
    expect(messagesOfTicket(first.ticketId)).toHaveLength(1)
    expect(messageRow(first.messageId).body).toBe('Oi, tudo bem?')
    expect(ticketRow(db, first.ticketId).unreadCount).toBe(1)
    expect(eventsAfter(db, before)).toEqual([])
  })

  test('two connections may carry the same external id', () => {
    const { company, queue, connection } = setup()
    const other = addConnection(db, company.id, queue.id, 'whatsapp')
    const message = inbound('5511987654321', 'Olá')

    const a = ingest(connection, message)
    const b = ingest(other, message)

    expect(a.messageId).not.toBe(b.messageId)
    expect(a.contactId).toBe(b.contactId) // one person …
    expect(a.ticketId).not.toBe(b.ticketId) // … with a conversation on each number
  })
})

describe('contacts', () => {
  test('a mobile without and with the 9th digit is one contact with one ticket', () => {
    const { company, connection } = setup()
    const a = ingest(connection, inbound('551187654321', 'sem o nove'))
    const b = ingest(connection, inbound('5511987654321', 'com o nove'))

    expect(b.contactId).toBe(a.contactId)
    expect(b.ticketId).toBe(a.ticketId)
    expect(b.contactCreated).toBe(false)
    expect(contactsOf(company.id)).toEqual([
      expect.objectContaining({ number: '5511987654321', name: '+5511987654321' }),
    ])
    expect(ticketRow(db, a.ticketId).unreadCount).toBe(2)
  })

  test('LID first, then the identity links the phone: one contact', () => {
    const { company, connection } = setup()
    const first = ingest(
      connection,
      inbound({ lid: '203040506070809', name: 'Bia' }, 'oi pelo LID'),
    )
    expect(contactRow(first.contactId)).toMatchObject({
      lid: '203040506070809',
      number: null,
      name: 'Bia',
    })

    linkIdentity(db, company.id, { lid: '203040506070809', phone: '551187654321' })
    expect(contactRow(first.contactId)).toMatchObject({
      lid: '203040506070809',
      number: '5511987654321',
    })

    const byPhone = ingest(connection, inbound('5511987654321', 'agora pelo número'))
    const byBoth = ingest(
      connection,
      inbound({ lid: '203040506070809', phone: '5511987654321' }, 'os dois'),
    )

    expect(byPhone).toMatchObject({
      contactId: first.contactId,
      ticketId: first.ticketId,
      contactCreated: false,
    })
    expect(byBoth).toMatchObject({
      contactId: first.contactId,
      ticketId: first.ticketId,
      contactCreated: false,
    })
    expect(contactsOf(company.id)).toHaveLength(1)
  })

  test('LID first, then a message carrying both LID and phone completes the contact', () => {
    const { company, connection } = setup()
    const first = ingest(connection, inbound({ lid: '111222333' }, 'oi'))
    expect(contactRow(first.contactId)!.name).toBe('LID 111222333')

    const second = ingest(
      connection,
      inbound({ lid: '111222333', phone: '5521961234567', name: 'Caio' }, 'oi de novo'),
    )

    expect(second.contactId).toBe(first.contactId)
    expect(contactsOf(company.id)).toEqual([
      expect.objectContaining({
        lid: '111222333',
        number: '5521961234567',
        name: 'Caio',
        pushName: 'Caio',
      }),
    ])
  })

  test('phone first, then the identity; a later LID-only message joins the same contact', () => {
    const { company, connection } = setup()
    const first = ingest(connection, inbound('5511987654321', 'pelo número'))

    linkIdentity(db, company.id, { lid: '999888777', phone: '5511987654321' })
    const byLid = ingest(connection, inbound({ lid: '999888777' }, 'pelo LID'))

    expect(byLid).toMatchObject({
      contactId: first.contactId,
      ticketId: first.ticketId,
      contactCreated: false,
    })
    expect(contactsOf(company.id)).toEqual([
      expect.objectContaining({ number: '5511987654321', lid: '999888777' }),
    ])
  })

  test('a person known twice (by LID and by phone) is merged: tickets and messages move, one contact is left', () => {
    const { company, connection } = setup()
    const byLid = ingest(connection, inbound({ lid: '555666777' }, 'mensagem pelo LID'))
    const byPhone = ingest(connection, inbound('5511976543210', 'mensagem pelo número'))
    expect(byLid.contactId).not.toBe(byPhone.contactId)

    linkIdentity(db, company.id, { lid: '555666777', phone: '5511976543210', name: 'Dora' })

    const left = contactsOf(company.id)
    expect(left).toEqual([
      expect.objectContaining({
        id: byPhone.contactId,
        number: '5511976543210',
        lid: '555666777',
        name: 'Dora',
      }),
    ])
    expect(contactRow(byLid.contactId)).toBeUndefined()
    expect(messageRow(byLid.messageId).contactId).toBe(byPhone.contactId)
    expect(messageRow(byPhone.messageId).contactId).toBe(byPhone.contactId)
    // Both tickets now belong to the survivor; only one of them stays active on this connection.
    expect(ticketRow(db, byLid.ticketId)).toMatchObject({
      contactId: byPhone.contactId,
      status: 'closed',
    })
    // Closed by the lifecycle: its history says so, and its lists heard it leave.
    expect(historyOf(db, byLid.ticketId).at(-1)).toMatchObject({
      type: 'closed',
      userId: null,
      fromStatus: 'pending',
      toStatus: 'closed',
    })
    expect(ticketRow(db, byPhone.ticketId)).toMatchObject({
      contactId: byPhone.contactId,
      status: 'pending',
    })

    const next = ingest(connection, inbound({ lid: '555666777' }, 'de novo pelo LID'))
    expect(next).toMatchObject({
      contactId: byPhone.contactId,
      ticketId: byPhone.ticketId,
      contactCreated: false,
    })
  })

  test('a contact named after its LID is named after its number once the number is known', () => {
    const { connection, company } = setup()
    const first = ingest(connection, inbound({ lid: '444555666' }, 'oi'))
    expect(contactRow(first.contactId)!.name).toBe('LID 444555666')

    linkIdentity(db, company.id, { lid: '444555666', phone: '5511987654321' })
    expect(contactRow(first.contactId)).toMatchObject({
      name: '+5511987654321',
      number: '5511987654321',
    })

    // A name the team chose is kept.
    const second = ingest(connection, inbound({ lid: '444555777' }, 'oi'))
    db.update(contacts).set({ name: 'Fornecedor' }).where(eq(contacts.id, second.contactId)).run()
    linkIdentity(db, company.id, { lid: '444555777', phone: '5511976543210' })
    expect(contactRow(second.contactId)).toMatchObject({
      name: 'Fornecedor',
      number: '5511976543210',
    })
  })

  test('an identity for people nobody knows creates nothing', () => {
    const { company } = setup()
    linkIdentity(db, company.id, { lid: '123123123', phone: '5511955554444', name: 'Ninguém' })
    expect(contactsOf(company.id)).toEqual([])
  })

  test('the push name renames a contact the team never renamed, never one it did', () => {
    const { connection } = setup()
    const first = ingest(connection, inbound('5511987654321', 'oi'))
    expect(contactRow(first.contactId)).toMatchObject({ name: '+5511987654321', pushName: null })

    ingest(connection, inbound({ phone: '5511987654321', name: 'Ana' }, 'oi'))
    expect(contactRow(first.contactId)).toMatchObject({ name: 'Ana', pushName: 'Ana' })

    ingest(connection, inbound({ phone: '5511987654321', name: 'Ana Paula' }, 'oi'))
    expect(contactRow(first.contactId)).toMatchObject({ name: 'Ana Paula', pushName: 'Ana Paula' })

    db.update(contacts)
      .set({ name: 'Ana (cliente VIP)' })
      .where(eq(contacts.id, first.contactId))
      .run()
    ingest(connection, inbound({ phone: '5511987654321', name: 'Ana P.' }, 'oi'))
    expect(contactRow(first.contactId)).toMatchObject({
      name: 'Ana (cliente VIP)',
      pushName: 'Ana P.',
    })
  })
})

describe('tickets', () => {
  test('a new conversation is a pending ticket in the connection queue; it is reused while pending or open', () => {
    const { queue, connection } = setup()
    const first = ingest(connection, inbound('5511987654321', 'primeira'))
    expect(first.ticketCreated).toBe(true)
    expect(ticketRow(db, first.ticketId)).toMatchObject({
      status: 'pending',
      queueId: queue.id,
      connectionId: connection.id,
      contactId: first.contactId,
      chatId: '5511987654321@s.whatsapp.net',
      isGroup: false,
      imported: false,
    })

    const second = ingest(connection, inbound('5511987654321', 'segunda'))
    expect(second).toMatchObject({ ticketId: first.ticketId, ticketCreated: false })

    db.update(tickets).set({ status: 'open' }).where(eq(tickets.id, first.ticketId)).run()
    const third = ingest(connection, inbound('5511987654321', 'terceira'))
    expect(third).toMatchObject({ ticketId: first.ticketId, ticketCreated: false })
    expect(messagesOfTicket(first.ticketId)).toHaveLength(3)
  })

  test('after the ticket is closed the next message opens a new pending one', () => {
    const { company, connection } = setup()
    const first = ingest(connection, inbound('5511987654321', 'oi'))
    db.update(tickets)
      .set({ status: 'closed', closedAt: Date.now() })
      .where(eq(tickets.id, first.ticketId))
      .run()

    const next = ingest(connection, inbound('5511987654321', 'voltei'))

    expect(next.ticketCreated).toBe(true)
    expect(next.ticketId).not.toBe(first.ticketId)
    expect(ticketRow(db, next.ticketId).status).toBe('pending')
    expect(ticketsOf(company.id).map((t) => t.status)).toEqual(['closed', 'pending'])
  })

  test('a connection without a queue makes tickets without a queue', () => {
    const company = createCompany(db)
    const connection = addConnection(db, company.id, null, 'whatsapp')
    const result = ingest(connection, inbound('5511987654321', 'oi'))
    expect(ticketRow(db, result.ticketId).queueId).toBeNull()
  })

  test('unread counter and last message follow inbound messages; fromMe ones do not raise unread', () => {
    const { connection } = setup()
    const a = ingest(connection, inbound('5511987654321', 'primeira', { timestamp: T0 + 1_000 }))
    ingest(connection, inbound('5511987654321', '  segunda\n  linha ', { timestamp: T0 + 2_000 }))
    expect(ticketRow(db, a.ticketId)).toMatchObject({
      unreadCount: 2,
      lastMessageText: 'segunda linha',
      lastMessageAt: T0 + 2_000,
    })

    // Sent from the company's phone (not through Balcão): last message, but nothing to read.
    ingest(
      connection,
      inbound('5511987654321', 'resposta do celular', { fromMe: true, timestamp: T0 + 3_000 }),
    )
    expect(ticketRow(db, a.ticketId)).toMatchObject({
      unreadCount: 2,
      lastMessageText: 'resposta do celular',
      lastMessageAt: T0 + 3_000,
    })

    // A late delivery of an older message counts as unread but is not the last message.
    ingest(connection, inbound('5511987654321', 'atrasada', { timestamp: T0 + 500 }))
    expect(ticketRow(db, a.ticketId)).toMatchObject({
      unreadCount: 3,
      lastMessageText: 'resposta do celular',
      lastMessageAt: T0 + 3_000,
    })

    // Media previews carry an icon.
    ingest(
      connection,
      inbound('5511987654321', 'legenda', {
        type: 'image',
        timestamp: T0 + 4_000,
        media: { path: 'x/foto.jpg', mimeType: 'image/jpeg', size: 10 },
      }),
    )
    expect(ticketRow(db, a.ticketId)).toMatchObject({
      unreadCount: 4,
      lastMessageText: '📷 legenda',
    })
  })

  test('stored message fields: status, media, location, contact card', () => {
    const { connection } = setup()
    const text = ingest(connection, inbound('5511987654321', 'oi'))
    expect(messageRow(text.messageId)).toMatchObject({
      fromMe: false,
      status: 'received',
      type: 'text',
      body: 'oi',
      connectionId: connection.id,
      companyId: connection.companyId,
      contactId: text.contactId,
    })
    const mine = ingest(connection, inbound('5511987654321', 'do celular', { fromMe: true }))
    expect(messageRow(mine.messageId)).toMatchObject({ fromMe: true, status: 'sent' })

    const doc = ingest(
      connection,
      inbound('5511987654321', '', {
        type: 'document',
        text: undefined,
        media: {
          path: 'c/doc.pdf',
          mimeType: 'application/pdf',
          size: 1234,
          fileName: 'boleto.pdf',
        },
      }),
    )
    expect(messageRow(doc.messageId)).toMatchObject({
      body: null,
      mediaPath: 'c/doc.pdf',
      mediaType: 'application/pdf',
      mediaName: 'boleto.pdf',
      mediaSize: 1234,
    })
    const place = ingest(
      connection,
      inbound('5511987654321', '', {
        type: 'location',
        text: undefined,
        location: { latitude: -23.55, longitude: -46.63, name: 'Loja Centro' },
      }),
    )
    expect(messageRow(place.messageId)).toMatchObject({
      body: 'Loja Centro',
      latitude: -23.55,
      longitude: -46.63,
    })
    const card = ingest(
      connection,
      inbound('5511987654321', '', {
        type: 'contact',
        text: undefined,
        contactCard: { displayName: 'Zé', vcard: 'BEGIN:VCARD\nEND:VCARD' },
      }),
    )
    expect(messageRow(card.messageId)).toMatchObject({ body: 'Zé', mediaType: 'text/vcard' })
  })

  test('history messages go to a closed imported ticket, emit nothing and never touch the live ticket', () => {
    const { company, connection } = setup()
    const live = ingest(connection, inbound('5511987654321', 'ao vivo', { timestamp: T0 + 10_000 }))
    const liveBefore = ticketRow(db, live.ticketId)
    const before = lastEventId(db)

    const old1 = ingest(
      connection,
      inbound('5511987654321', 'antiga 1', { history: true, timestamp: T0 - 20_000 }),
    )
    const old2 = ingest(
      connection,
      inbound('5511987654321', 'antiga 2', { history: true, timestamp: T0 - 10_000 }),
    )

    expect(eventsAfter(db, before)).toEqual([])
    expect(old1.ticketCreated).toBe(true)
    expect(old2).toMatchObject({
      ticketId: old1.ticketId,
      ticketCreated: false,
      contactId: live.contactId,
    })
    expect(old1.ticketId).not.toBe(live.ticketId)
    expect(ticketRow(db, old1.ticketId)).toMatchObject({
      status: 'closed',
      imported: true,
      unreadCount: 0,
      closedAt: T0 - 20_000,
      lastMessageText: 'antiga 2',
    })
    const liveAfter = ticketRow(db, live.ticketId)
    expect(liveAfter).toMatchObject({
      status: 'pending',
      unreadCount: liveBefore.unreadCount,
      lastMessageText: 'ao vivo',
      lastMessageAt: T0 + 10_000,
    })
    expect(messagesOfTicket(live.ticketId).map((m) => m.body)).toEqual(['ao vivo'])

    // A history-only person: contact without an event, and a live message later opens a real ticket.
    const lonely = ingest(connection, inbound('5511911112222', 'só histórico', { history: true }))
    expect(lonely.contactCreated).toBe(true)
    expect(eventsAfter(db, before)).toEqual([])
    const reply = ingest(connection, inbound('5511911112222', 'agora ao vivo'))
    expect(reply).toMatchObject({ contactId: lonely.contactId, ticketCreated: true })
    expect(reply.ticketId).not.toBe(lonely.ticketId)
    expect(
      ticketsOf(company.id)
        .filter((t) => t.contactId === lonely.contactId)
        .map((t) => t.status)
        .sort(),
    ).toEqual(['closed', 'pending'])
  })

  test('a quoted message resolves to our id (on the same connection only)', () => {
    const { company, queue, connection } = setup()
    const original = inbound('5511987654321', 'original')
    const a = ingest(connection, original)
    const reply = ingest(
      connection,
      inbound('5511987654321', 'respondendo', { quotedExternalId: original.externalId }),
    )
    expect(messageRow(reply.messageId).quotedMessageId).toBe(a.messageId)

    const unknown = ingest(
      connection,
      inbound('5511987654321', '?', { quotedExternalId: 'NOT-STORED' }),
    )
    expect(messageRow(unknown.messageId).quotedMessageId).toBeNull()

    const other = addConnection(db, company.id, queue.id, 'whatsapp')
    const elsewhere = ingest(
      other,
      inbound('5511987654321', 'outra conexão', { quotedExternalId: original.externalId }),
    )
    expect(messageRow(elsewhere.messageId).quotedMessageId).toBeNull()
  })
})

describe('events', () => {
  test('contact.created, ticket.created and message.created, with the audiences of the ticket', () => {
    const { company, queue, connection } = setup()
    const before = lastEventId(db)
    const result = ingest(connection, inbound('5511987654321', 'oi'))

    const emitted = eventsAfter(db, before)
    expect(emitted.map((e) => e.type)).toEqual([
      'contact.created',
      'ticket.created',
      'message.created',
    ])
    expect(emitted.every((e) => e.companyId === company.id)).toBe(true)
    expect(emitted[0]).toMatchObject({
      audienceType: 'company',
      payload: { contactId: result.contactId },
    })
    expect(emitted[1]).toMatchObject({
      audienceType: 'queue',
      audienceId: queue.id,
      payload: {
        ticketId: result.ticketId,
        // The list row, with the first message already in it.
        ticket: {
          id: result.ticketId,
          contactId: result.contactId,
          status: 'pending',
          queueId: queue.id,
          lastMessageText: 'oi',
        },
        previous: null,
      },
    })
    expect(emitted[2]).toMatchObject({
      audienceType: 'queue',
      audienceId: queue.id,
      payload: {
        messageId: result.messageId,
        ticketId: result.ticketId,
        connectionId: connection.id,
        fromMe: false,
        message: { id: result.messageId, fromMe: false, type: 'text', body: 'oi' },
        ticket: { id: result.ticketId, unreadCount: 1 },
      },
    })

    // A follow-up in the same conversation: only message.created.
    const mark = lastEventId(db)
    ingest(connection, inbound('5511987654321', 'mais uma'))
    expect(eventsAfter(db, mark).map((e) => e.type)).toEqual(['message.created'])
  })

  test('events are written in the same transaction as the message: a failure leaves nothing behind', () => {
    const { company, connection } = setup()
    const before = lastEventId(db)
    db.$client.exec(`CREATE TEMP TRIGGER fail_message_event BEFORE INSERT ON events
      WHEN NEW.type = 'message.created' BEGIN SELECT RAISE(ABORT, 'event store is full'); END`)
    try {
      expect(() => ingestInbound(db, connection, inbound('5511987654321', 'perdida'))).toThrow(
        /event store is full/,
      )
    } finally {
      db.$client.exec('DROP TRIGGER fail_message_event')
    }
    expect(contactsOf(company.id)).toEqual([])
    expect(ticketsOf(company.id)).toEqual([])
    expect(db.select().from(messages).where(eq(messages.companyId, company.id)).all()).toEqual([])
    expect(eventsAfter(db, before)).toEqual([])

    // The channel's redelivery is then stored normally.
    ingest(connection, inbound('5511987654321', 'perdida'))
    expect(contactsOf(company.id)).toHaveLength(1)
  })
})

describe('applyInboundUpdate', () => {
  function sentMessage() {
    const { connection, queue } = setup()
    const message = inbound('5511987654321', 'enviada pelo celular', { fromMe: true })
    const result = ingest(connection, message)
    return { connection, queue, externalId: message.externalId, ...result }
  }

  test('acks only move forward', () => {
    const { connection, externalId, messageId } = sentMessage()
    const ack = (status: 'sent' | 'delivered' | 'read' | 'played') =>
      applyInboundUpdate(db, connection, { kind: 'ack', externalId, status, timestamp: Date.now() })

    expect(ack('delivered')).toBe(true)
    expect(messageRow(messageId).status).toBe('delivered')
    expect(ack('read')).toBe(true)
    expect(ack('delivered')).toBe(false) // late receipt
    expect(ack('sent')).toBe(false)
    expect(ack('read')).toBe(false) // same again
    expect(messageRow(messageId).status).toBe('read')
    expect(ack('played')).toBe(true)
    expect(messageRow(messageId).status).toBe('played')
  })

  test('a failed message stays failed whatever receipt arrives', () => {
    const { connection, externalId, messageId } = sentMessage()
    db.update(messages)
      .set({ status: 'failed', error: 'boom' })
      .where(eq(messages.id, messageId))
      .run()
    expect(
      applyInboundUpdate(db, connection, { kind: 'ack', externalId, status: 'delivered' }),
    ).toBe(false)
    expect(applyInboundUpdate(db, connection, { kind: 'ack', externalId, status: 'read' })).toBe(
      false,
    )
    expect(messageRow(messageId)).toMatchObject({ status: 'failed', error: 'boom' })
  })

  test('an update emits message.updated to the ticket audience', () => {
    const { connection, queue, externalId, messageId, ticketId } = sentMessage()
    const before = lastEventId(db)
    applyInboundUpdate(db, connection, { kind: 'ack', externalId, status: 'read' })
    expect(eventsAfter(db, before)).toEqual([
      expect.objectContaining({
        type: 'message.updated',
        audienceType: 'queue',
        audienceId: queue.id,
        payload: {
          messageId,
          ticketId,
          connectionId: connection.id,
          kind: 'ack',
          status: 'read',
          message: expect.objectContaining({ id: messageId, status: 'read' }),
          ticket: expect.objectContaining({ id: ticketId }),
        },
      }),
    ])
  })

  test('unknown messages and other connections are ignored', () => {
    const { connection, externalId, messageId } = sentMessage()
    const before = lastEventId(db)
    expect(
      applyInboundUpdate(db, connection, { kind: 'ack', externalId: 'NOPE', status: 'read' }),
    ).toBe(false)
    const other = addConnection(db, connection.companyId, null, 'whatsapp')
    expect(applyInboundUpdate(db, other, { kind: 'ack', externalId, status: 'read' })).toBe(false)
    expect(applyInboundUpdate(db, other, { kind: 'revoke', externalId, timestamp: 1 })).toBe(false)
    expect(messageRow(messageId)).toMatchObject({ status: 'sent', deletedAt: null })
    expect(eventsAfter(db, before)).toEqual([])
  })

  test('an edit replaces the text (and the search index follows); a revoke marks it deleted', () => {
    const { connection } = setup()
    const message = inbound('5511987654321', 'quero um café com pão de queijo')
    const { messageId } = ingest(connection, message)
    expect(search('queijo')).toContain(messageId)

    expect(
      applyInboundUpdate(db, connection, {
        kind: 'edit',
        externalId: message.externalId,
        text: 'quero um chá',
        timestamp: T0 + 99,
      }),
    ).toBe(true)
    expect(messageRow(messageId)).toMatchObject({
      body: 'quero um chá',
      editedAt: T0 + 99,
      deletedAt: null,
    })
    expect(search('queijo')).not.toContain(messageId)
    expect(search('cha')).toContain(messageId)

    expect(
      applyInboundUpdate(db, connection, {
        kind: 'revoke',
        externalId: message.externalId,
        timestamp: T0 + 120,
      }),
    ).toBe(true)
    expect(messageRow(messageId)).toMatchObject({ deletedAt: T0 + 120 })
  })

  test('reactions: one per person, replaced, removed; ours apart', () => {
    const { connection } = setup()
    const message = inbound('5511987654321', 'promoção de hoje')
    const { messageId } = ingest(connection, message)
    const react = (who: string | 'me', emoji: string, at: number) =>
      applyInboundUpdate(db, connection, {
        kind: 'reaction',
        targetExternalId: message.externalId,
        emoji,
        from: who === 'me' ? {} : { phone: who },
        fromMe: who === 'me',
        timestamp: at,
      })
    const reactions = () => messageRow(messageId).reactions

    react('5511987654321', '👍', 1)
    react('5521961234567', '❤️', 2)
    react('me', '🙏', 3)
    expect(reactions()).toEqual([
      { emoji: '👍', fromMe: false, from: '5511987654321', at: 1 },
      { emoji: '❤️', fromMe: false, from: '5521961234567', at: 2 },
      { emoji: '🙏', fromMe: true, from: 'me', at: 3 },
    ])

    react('5511987654321', '😂', 4) // replaced
    expect(reactions()).toEqual([
      { emoji: '❤️', fromMe: false, from: '5521961234567', at: 2 },
      { emoji: '🙏', fromMe: true, from: 'me', at: 3 },
      { emoji: '😂', fromMe: false, from: '5511987654321', at: 4 },
    ])

    react('5511987654321', '', 5) // removed
    react('me', '', 6)
    expect(reactions()).toEqual([{ emoji: '❤️', fromMe: false, from: '5521961234567', at: 2 }])
  })
})

describe('full-text search (FTS5)', () => {
  test('an ingested message is found by a word, accents ignored both ways', () => {
    const { connection } = setup()
    const cafe = ingest(connection, inbound('5511987654321', 'Vocês têm CAFÉ expresso?'))
    const other = ingest(connection, inbound('5511987654321', 'Qual o horário de funcionamento?'))

    expect(search('expresso')).toEqual([cafe.messageId])
    expect(search('cafe')).toEqual([cafe.messageId])
    expect(search('café')).toEqual([cafe.messageId])
    expect(search('horario')).toEqual([other.messageId])
    expect(search('voces')).toEqual([cafe.messageId])
    expect(search('chocolate')).toEqual([])
  })

  test('messages without text are not indexed', () => {
    // (count(*) on messages_fts would read the content table; docsize has one row per indexed row.)
    const { connection } = setup()
    const before = (
      db.$client.prepare('select count(*) as n from messages_fts_docsize').get() as { n: number }
    ).n
    ingest(
      connection,
      inbound('5511987654321', '', {
        type: 'sticker',
        text: undefined,
        media: { path: 's/x.webp', mimeType: 'image/webp', size: 10 },
      }),
    )
    const after = (
      db.$client.prepare('select count(*) as n from messages_fts_docsize').get() as { n: number }
    ).n
    expect(after).toBe(before)
  })
})

describe('company isolation', () => {
  test('the same phone in two companies is two contacts with their own tickets', () => {
    const a = setup()
    const b = setup()
    const inA = ingest(a.connection, inbound('5511987654321', 'oi A'))
    const inB = ingest(b.connection, inbound('551187654321', 'oi B'))

    expect(inB.contactCreated).toBe(true)
    expect(inA.contactId).not.toBe(inB.contactId)
    expect(contactRow(inA.contactId)!.companyId).toBe(a.company.id)
    expect(contactRow(inB.contactId)!.companyId).toBe(b.company.id)
    expect(ticketRow(db, inB.ticketId).companyId).toBe(b.company.id)
    expect(messageRow(inB.messageId).companyId).toBe(b.company.id)
    // The same external id on each company's connection: each stores its own.
    const message = inbound('5511987654321', 'igual')
    expect(ingestInbound(db, a.connection, message).duplicate).toBe(false)
    expect(ingestInbound(db, b.connection, message).duplicate).toBe(false)
  })

  test('linkIdentity never crosses companies', () => {
    const a = setup()
    const b = setup()
    const lidInA = ingest(a.connection, inbound({ lid: '777000111' }, 'LID na empresa A'))
    const phoneInB = ingest(b.connection, inbound('5511987654321', 'número na empresa B'))

    // B learns the mapping: only B's contact is completed; A's LID contact is not touched or moved.
    linkIdentity(db, b.company.id, { lid: '777000111', phone: '5511987654321', name: 'Eva' })
    expect(contactRow(lidInA.contactId)).toMatchObject({
      companyId: a.company.id,
      number: null,
      lid: '777000111',
    })
    expect(contactRow(phoneInB.contactId)).toMatchObject({
      companyId: b.company.id,
      number: '5511987654321',
      lid: '777000111',
    })
    expect(contactsOf(a.company.id)).toHaveLength(1)
    expect(contactsOf(b.company.id)).toHaveLength(1)

    // A company that knows neither gets nothing.
    const c = setup()
    linkIdentity(db, c.company.id, { lid: '777000111', phone: '5511987654321' })
    expect(contactsOf(c.company.id)).toEqual([])

    // Updates are per connection: B cannot ack A's messages.
    const sent = inbound('5511987654321', 'x', { fromMe: true })
    const inA = ingest(a.connection, sent)
    expect(
      applyInboundUpdate(db, b.connection, {
        kind: 'ack',
        externalId: sent.externalId,
        status: 'read',
      }),
    ).toBe(false)
    expect(messageRow(inA.messageId).status).toBe('sent')
    expect(
      db
        .select()
        .from(tickets)
        .where(and(eq(tickets.companyId, b.company.id), eq(tickets.contactId, lidInA.contactId)))
        .all(),
    ).toEqual([])
  })
})

describe('the bot job', () => {
  const botJobsOf = (companyId: string) =>
    db
      .select()
      .from(jobs)
      .where(and(eq(jobs.companyId, companyId), eq(jobs.kind, 'bot.inbound')))
      .all()

  test('a live customer message enqueues one bot job keyed by the message, in the same transaction', () => {
    const { company, connection } = setup()
    db.update(connections)
      .set({ automations: { chatbot: { enabled: true } } })
      .where(eq(connections.id, connection.id))
      .run()
    const { messageId } = ingest(connection, inbound('5511966660001', 'Oi'))
    expect(botJobsOf(company.id)).toEqual([
      expect.objectContaining({
        payload: { messageId },
        dedupeKey: `bot.inbound:${messageId}`,
        status: 'queued',
      }),
    ])
    // Ours, history and groups never wake the bot.
    ingest(connection, inbound('5511966660001', 'resposta', { fromMe: true }))
    ingest(connection, inbound('5511966660001', 'antiga', { history: true }))
    ingest(
      connection,
      inbound('5511966660001', 'grupo', {
        peer: { chatId: '120363000000000001@g.us', isGroup: true, name: 'Grupo' },
        author: { phone: '5511966660001' },
      }),
    )
    expect(botJobsOf(company.id)).toHaveLength(1)
  })

  test('a connection without automations (or with everything off) enqueues nothing', () => {
    const { company, connection } = setup()
    ingest(connection, inbound('5511966660002', 'Oi'))
    db.update(connections)
      .set({ automations: { chatbot: { enabled: false }, greeting: 'Olá' } })
      .where(eq(connections.id, connection.id))
      .run()
    ingest(connection, inbound('5511966660002', 'Oi de novo'))
    expect(botJobsOf(company.id)).toEqual([])
  })
})
