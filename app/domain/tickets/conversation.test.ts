import { asc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'
import { ingestInbound } from '#app/domain/messages/ingest.server.ts'
import { sendMessage } from '#app/domain/messages/send.server.ts'
import { db } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { contactTags, tags, ticketTags } from '#db/schema/tags.ts'
import { messages } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import { createCompany, createQueue, createUser } from '#tests/db-utils.ts'
import { acceptTicket, addPrivateNote, transferTicket } from './actions.server.ts'
import { getConversation, listTicketMessages, PAGE_SIZE } from './conversation.server.ts'

const T0 = Date.parse('2026-05-04T09:00:00Z')
let seq = 0

type ConnectionRef = { id: string; companyId: string; queueId: string | null }

async function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id, { name: 'Suporte', color: '#16a34a' })
  const otherQueue = createQueue(db, company.id)
  const row = db
    .insert(connections)
    .values({
      companyId: company.id,
      name: `Conexão ${++seq}`,
      channel: 'simulator',
      queueId: queue.id,
    })
    .returning()
    .get()
  const connection: ConnectionRef = { id: row.id, companyId: company.id, queueId: queue.id }
  const first = customerWrites(connection, 'Olá, meu pedido não chegou', T0)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const agent = await createUser(db, {
    companyId: company.id,
    queueIds: [queue.id],
    name: 'Ana Atendente',
  })
  const outsider = await createUser(db, { companyId: company.id, queueIds: [otherQueue.id] })
  db.update(users).set({ signature: false }).where(eq(users.companyId, company.id)).run()
  return {
    company,
    queue,
    otherQueue,
    connection,
    ticketId: first.ticketId,
    first,
    admin,
    agent,
    outsider,
  }
}

function customerWrites(
  connection: ConnectionRef,
  text: string,
  timestamp: number,
  extra: { externalId?: string; quotedExternalId?: string } = {},
) {
  const result = ingestInbound(db, connection, {
    externalId: extra.externalId ?? `C-${++seq}`,
    peer: { chatId: '5511987654321', phone: '5511987654321', name: 'Carla Cliente' },
    fromMe: false,
    timestamp,
    type: 'text',
    text,
    quotedExternalId: extra.quotedExternalId,
  })
  if (result.duplicate) throw new Error('unexpected duplicate')
  return result
}

function domainError(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a DomainError')
}

describe('getConversation', () => {
  test('everything the screen shows: ticket, contact, connection, queue, assignee, tags, timeline, newest page', async () => {
    const { ticketId, agent, admin, queue, company, connection, first } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const vip = db.insert(tags).values({ companyId: company.id, name: 'VIP' }).returning().get()
    const late = db
      .insert(tags)
      .values({ companyId: company.id, name: 'Atrasado' })
      .returning()
      .get()
    db.insert(tags).values({ companyId: company.id, name: 'Sem uso' }).run()
    db.insert(ticketTags).values({ companyId: company.id, ticketId, tagId: late.id }).run()
    db.insert(contactTags)
      .values({ companyId: company.id, contactId: first.contactId, tagId: vip.id })
      .run()

    const conversation = getConversation(db, admin.actor, ticketId)

    expect(conversation).toMatchObject({
      ticket: { id: ticketId, status: 'open', userId: agent.id },
      contact: { id: first.contactId, name: 'Carla Cliente', number: '5511987654321' },
      connection: { id: connection.id, channel: 'simulator' },
      queue: { id: queue.id, name: 'Suporte', color: '#16a34a' },
      assignee: { id: agent.id, name: 'Ana Atendente' },
      ticketTags: [{ id: late.id, name: 'Atrasado', color: late.color }],
      contactTags: [{ id: vip.id, name: 'VIP', color: vip.color }],
      nextCursor: null,
    })
    expect(
      conversation.timeline.map((e) => [e.type, e.actorName, e.toUserName, e.toQueueName]),
    ).toEqual([
      ['created', null, null, 'Suporte'],
      ['accepted', 'Ana Atendente', 'Ana Atendente', null],
    ])
    expect(conversation.messages).toEqual([
      expect.objectContaining({
        id: first.messageId,
        fromMe: false,
        isPrivate: false,
        body: 'Olá, meu pedido não chegou',
        hasMedia: false,
        quotedId: null,
      }),
    ])
  })

  test('agents of the queue see it; an agent outside the queue and other companies get 404', async () => {
    const { ticketId, agent, outsider, otherQueue } = await setup()
    const elsewhere = await setup()

    expect(getConversation(db, agent.actor, ticketId).ticket.id).toBe(ticketId)
    for (const actor of [outsider.actor, elsewhere.admin.actor, elsewhere.agent.actor]) {
      expect(domainError(() => getConversation(db, actor, ticketId))).toMatchObject({
        status: 404,
        code: 'errors.notFound',
      })
    }
    expect(domainError(() => getConversation(db, agent.actor, 'no-such-ticket'))).toMatchObject({
      status: 404,
    })

    // Assigned to the outsider personally (transferred to them), it is theirs to see.
    acceptTicket(db, agent.actor, ticketId)
    transferTicket(db, agent.actor, ticketId, { userId: outsider.id })
    expect(getConversation(db, outsider.actor, ticketId).assignee?.id).toBe(outsider.id)
    // Moved to the other queue and unassigned, the first agent loses it.
    transferTicket(db, outsider.actor, ticketId, { queueId: otherQueue.id })
    expect(domainError(() => getConversation(db, agent.actor, ticketId))).toMatchObject({
      status: 404,
    })
    expect(getConversation(db, outsider.actor, ticketId).queue?.id).toBe(otherQueue.id)
  })
})

describe('listTicketMessages', () => {
  test('pages back with the cursor: every message exactly once, oldest → newest (ties in the same millisecond too)', async () => {
    const { ticketId, connection, agent } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    for (let i = 0; i < 130; i++) {
      // Pairs of messages share a millisecond: the id breaks the tie.
      customerWrites(connection, `mensagem ${i}`, T0 + 1000 + Math.floor(i / 2))
    }
    const expected = db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.ticketId, ticketId))
      .orderBy(asc(messages.timestamp), asc(messages.id))
      .all()
      .map((m) => m.id)
    expect(expected).toHaveLength(131)

    const first = getConversation(db, agent.actor, ticketId)
    expect(first.messages).toHaveLength(PAGE_SIZE)
    expect(first.messages.map((m) => m.id)).toEqual(expected.slice(-PAGE_SIZE))

    let all = first.messages.map((m) => m.id)
    let cursor = first.nextCursor
    let pages = 1
    while (cursor) {
      // The next pages come through the conversation too (scroll back).
      const page =
        pages % 2
          ? listTicketMessages(db, ticketId, cursor)
          : getConversation(db, agent.actor, ticketId, cursor)
      const pageIds = page.messages.map((m) => m.id)
      // Each page is itself oldest → newest and older than everything already shown.
      expect(pageIds).toEqual(expected.filter((id) => pageIds.includes(id)))
      all = [...pageIds, ...all]
      cursor = page.nextCursor
      pages++
      if (pages > 10) throw new Error('the cursor does not advance')
    }
    expect(pages).toBe(Math.ceil(131 / PAGE_SIZE))
    expect(all).toEqual(expected)
  })

  test("a page never shows another ticket's messages", async () => {
    const a = await setup()
    const b = await setup()
    customerWrites(b.connection, 'de outra empresa', T0 + 1)
    const page = listTicketMessages(db, a.ticketId)
    expect(page.messages.map((m) => m.id)).toEqual([a.first.messageId])
    expect(page.nextCursor).toBeNull()
  })

  test('quoted messages come with what they quoted', async () => {
    const { ticketId, connection, agent, first } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const reply = sendMessage(db, agent.actor, ticketId, {
      text: 'Vou verificar',
      quotedMessageId: first.messageId,
    })
    db.update(messages)
      .set({ externalId: 'OUT-1', status: 'sent' })
      .where(eq(messages.id, reply.id))
      .run()
    const answer = customerWrites(connection, 'Obrigada', T0 + 60_000, {
      quotedExternalId: 'OUT-1',
    })

    const page = listTicketMessages(db, ticketId)
    const byId = new Map(page.messages.map((m) => [m.id, m]))
    expect(byId.get(reply.id)).toMatchObject({
      fromMe: true,
      body: 'Vou verificar',
      userName: 'Ana Atendente',
      quotedId: first.messageId,
      quotedBody: 'Olá, meu pedido não chegou',
      quotedType: 'text',
      quotedFromMe: false,
    })
    expect(byId.get(answer.messageId)).toMatchObject({
      fromMe: false,
      quotedId: reply.id,
      quotedBody: 'Vou verificar',
      quotedFromMe: true,
    })
    expect(byId.get(first.messageId)).toMatchObject({ quotedId: null, quotedBody: null })
  })

  test('private notes of the team are part of the conversation, marked private', async () => {
    const { ticketId, agent } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const note = addPrivateNote(db, agent.actor, ticketId, 'cliente já ligou duas vezes')

    const { messages: page } = getConversation(db, agent.actor, ticketId)
    expect(page.at(-1)).toMatchObject({
      id: note.id,
      isPrivate: true,
      fromMe: true,
      body: 'cliente já ligou duas vezes',
      userName: 'Ana Atendente',
      status: 'sent',
    })
  })

  test('media rows say they have media without exposing the path', async () => {
    const { ticketId, agent } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const photo = sendMessage(db, agent.actor, ticketId, {
      media: { path: 'c/foto.jpg', mimeType: 'image/jpeg', size: 10, fileName: 'foto.jpg' },
    })
    const row = listTicketMessages(db, ticketId).messages.find((m) => m.id === photo.id)!
    expect(row).toMatchObject({
      type: 'image',
      hasMedia: true,
      mediaType: 'image/jpeg',
      mediaSize: 10,
    })
    expect(row).not.toHaveProperty('mediaPath')
  })
})
