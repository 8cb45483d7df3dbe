import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'

import { users } from '#db/schema/users.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import { createCompany, createQueue, createUser, eventsAfter } from '#tests/db-utils.ts'
import { ingestInbound } from './ingest.server.ts'
import {
  nextQueuedMessage,
  recordSendOutcome,
  requeueInterruptedSends,
  retryMessage,
  sendMessage,
} from './send.server.ts'

let seq = 0

/** A company with a queue, a connection routed to it, a customer's ticket, and its people. */
async function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const otherQueue = createQueue(db, company.id)
  const connection = db
    .insert(connections)
    .values({
      companyId: company.id,
      name: `Conexão ${++seq}`,
      channel: 'simulator',
      queueId: queue.id,
    })
    .returning()
    .get()
  const received = ingestInbound(db, connection, {
    externalId: `SIMC-${++seq}`,
    peer: { chatId: '5511987654321', phone: '5511987654321', name: 'Cliente' },
    fromMe: false,
    timestamp: Date.now(),
    type: 'text',
    text: 'Olá, preciso de ajuda',
  })
  if (received.duplicate) throw new Error('unexpected duplicate')
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const agent = await createUser(db, { companyId: company.id, role: 'agent', queueIds: [queue.id] })
  const outsider = await createUser(db, {
    companyId: company.id,
    role: 'agent',
    queueIds: [otherQueue.id],
  })
  // Signatures off (they prefix the text; one test covers them), and the ticket accepted.
  db.update(users).set({ signature: false }).where(eq(users.companyId, company.id)).run()
  db.update(tickets).set({ status: 'open' }).where(eq(tickets.id, received.ticketId)).run()
  return {
    company,
    queue,
    connection,
    ticketId: received.ticketId,
    received,
    admin,
    agent,
    outsider,
  }
}

const messageRow = (id: string) => db.select().from(messages).where(eq(messages.id, id)).get()!
function domainError(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a DomainError')
}

describe('sendMessage', () => {
  test('stores the message as queued, updates the ticket and emits message.created', async () => {
    const { agent, ticketId, queue, connection, received } = await setup()
    const before = lastEventId(db)

    const message = sendMessage(db, agent.actor, ticketId, {
      text: '  Bom dia! Como posso ajudar?  ',
    })

    expect(messageRow(message.id)).toMatchObject({
      ticketId,
      contactId: received.contactId,
      connectionId: connection.id,
      fromMe: true,
      type: 'text',
      body: 'Bom dia! Como posso ajudar?',
      status: 'queued',
      externalId: null,
      userId: agent.id,
      attempts: 0,
    })
    const ticket = db.select().from(tickets).where(eq(tickets.id, ticketId)).get()!
    expect(ticket).toMatchObject({
      lastMessageText: 'Bom dia! Como posso ajudar?',
      lastMessageAt: message.timestamp,
    })
    expect(eventsAfter(db, before)).toEqual([
      expect.objectContaining({
        type: 'message.created',
        audienceType: 'queue',
        audienceId: queue.id,
        payload: {
          messageId: message.id,
          ticketId,
          connectionId: connection.id,
          fromMe: true,
          type: 'text',
          status: 'queued',
          message: expect.objectContaining({
            id: message.id,
            fromMe: true,
            type: 'text',
            status: 'queued',
            body: 'Bom dia! Como posso ajudar?',
          }),
          ticket: expect.objectContaining({
            id: ticketId,
            lastMessageText: 'Bom dia! Como posso ajudar?',
            lastMessageAt: message.timestamp,
          }),
        },
      }),
    ])
  })

  test('media: type derived from the file, caption optional', async () => {
    const { admin, ticketId } = await setup()
    const photo = sendMessage(db, admin.actor, ticketId, {
      media: { path: 'c/foto.jpg', mimeType: 'image/jpeg', size: 10 },
    })
    expect(messageRow(photo.id)).toMatchObject({
      type: 'image',
      body: null,
      mediaPath: 'c/foto.jpg',
      mediaType: 'image/jpeg',
      mediaSize: 10,
    })
    const pdf = sendMessage(db, admin.actor, ticketId, {
      text: 'segue o boleto',
      media: { path: 'c/b.pdf', mimeType: 'application/pdf', size: 20, fileName: 'boleto.pdf' },
    })
    expect(messageRow(pdf.id)).toMatchObject({
      type: 'document',
      body: 'segue o boleto',
      mediaName: 'boleto.pdf',
    })
    const voice = sendMessage(db, admin.actor, ticketId, {
      type: 'voice',
      media: { path: 'c/v.webm', mimeType: 'audio/webm', size: 5, durationSeconds: 3 },
    })
    expect(messageRow(voice.id)).toMatchObject({ type: 'voice', mediaDuration: 3 })
  })

  test('rejects an empty message on the text field', async () => {
    const { agent, ticketId } = await setup()
    for (const text of [undefined, '', '   \n ']) {
      const error = domainError(() => sendMessage(db, agent.actor, ticketId, { text }))
      expect(error).toMatchObject({ status: 422, field: 'text', code: 'messages.empty' })
    }
    expect(db.select().from(messages).where(eq(messages.ticketId, ticketId)).all()).toHaveLength(1)
  })

  test("404 for another company's ticket and for an agent outside the ticket's queue", async () => {
    const { ticketId } = await setup()
    const elsewhere = await setup()
    const { ticketId: ours, outsider, agent } = await setup()
    const before = lastEventId(db)

    expect(
      domainError(() => sendMessage(db, elsewhere.admin.actor, ticketId, { text: 'oi' })),
    ).toMatchObject({ status: 404 })
    expect(
      domainError(() => sendMessage(db, elsewhere.agent.actor, ticketId, { text: 'oi' })),
    ).toMatchObject({ status: 404 })

    expect(domainError(() => sendMessage(db, outsider.actor, ours, { text: 'oi' }))).toMatchObject({
      status: 404,
    })
    expect(
      domainError(() => sendMessage(db, agent.actor, 'no-such-ticket', { text: 'oi' })),
    ).toMatchObject({ status: 404 })
    expect(eventsAfter(db, before).filter((e) => e.type === 'message.created')).toEqual([])

    // The ticket assigned to the outsider personally is theirs to answer.
    db.update(tickets).set({ userId: outsider.id }).where(eq(tickets.id, ours)).run()
    expect(sendMessage(db, outsider.actor, ours, { text: 'assumi' }).status).toBe('queued')
  })

  test('a quoted message must belong to the same ticket', async () => {
    const { agent, ticketId, received } = await setup()
    const other = await setup()

    const reply = sendMessage(db, agent.actor, ticketId, {
      text: 'respondendo',
      quotedMessageId: received.messageId,
    })
    expect(reply.quotedMessageId).toBe(received.messageId)

    expect(
      domainError(() =>
        sendMessage(db, agent.actor, ticketId, {
          text: 'x',
          quotedMessageId: other.received.messageId,
        }),
      ),
    ).toMatchObject({ status: 404 })
    expect(
      domainError(() =>
        sendMessage(db, agent.actor, ticketId, { text: 'x', quotedMessageId: 'nope' }),
      ),
    ).toMatchObject({ status: 404 })
  })

  test('an agent accepts a pending ticket before answering; closed tickets take no messages', async () => {
    const { agent, admin, ticketId } = await setup()
    db.update(tickets).set({ status: 'pending' }).where(eq(tickets.id, ticketId)).run()
    expect(domainError(() => sendMessage(db, agent.actor, ticketId, { text: 'oi' }))).toMatchObject(
      { status: 409 },
    )
    expect(sendMessage(db, admin.actor, ticketId, { text: 'oi' }).status).toBe('queued')
    db.update(tickets).set({ status: 'closed' }).where(eq(tickets.id, ticketId)).run()
    expect(domainError(() => sendMessage(db, admin.actor, ticketId, { text: 'oi' }))).toMatchObject(
      { status: 409 },
    )
  })

  test("the agent's signature (when on) prefixes the text", async () => {
    const { agent, ticketId } = await setup()
    db.update(users).set({ signature: true }).where(eq(users.id, agent.id)).run()
    const message = sendMessage(db, agent.actor, ticketId, { text: 'Bom dia' })
    expect(message.body).toBe(`*${agent.name}:*\nBom dia`)
  })

  test('imported (history) tickets are read-only', async () => {
    const { admin, connection } = await setup()
    const history = ingestInbound(db, connection, {
      externalId: `OLD-${++seq}`,
      peer: { chatId: '5511911112222', phone: '5511911112222' },
      fromMe: false,
      timestamp: Date.now() - 86_400_000,
      type: 'text',
      text: 'antiga',
      history: true,
    })
    if (history.duplicate) throw new Error('unexpected duplicate')
    expect(
      domainError(() => sendMessage(db, admin.actor, history.ticketId, { text: 'oi' })),
    ).toMatchObject({ status: 409 })
  })
})

describe('retryMessage', () => {
  test('only a failed message goes back to the queue, with the same id', async () => {
    const { agent, ticketId, queue } = await setup()
    const message = sendMessage(db, agent.actor, ticketId, { text: 'vai falhar' })

    expect(domainError(() => retryMessage(db, agent.actor, message.id))).toMatchObject({
      status: 409,
    })

    db.update(messages)
      .set({ status: 'failed', error: 'not on WhatsApp' })
      .where(eq(messages.id, message.id))
      .run()
    const before = lastEventId(db)
    retryMessage(db, agent.actor, message.id)

    expect(messageRow(message.id)).toMatchObject({ status: 'queued', error: null })
    expect(eventsAfter(db, before)).toEqual([
      expect.objectContaining({
        type: 'message.created',
        audienceId: queue.id,
        payload: expect.objectContaining({ messageId: message.id, status: 'queued' }),
      }),
    ])
    // Sent or received messages cannot be retried either.
    db.update(messages).set({ status: 'sent' }).where(eq(messages.id, message.id)).run()
    expect(domainError(() => retryMessage(db, agent.actor, message.id))).toMatchObject({
      status: 409,
    })
  })

  test('404 across companies and queues', async () => {
    const { agent, outsider, ticketId } = await setup()
    const other = await setup()
    const message = sendMessage(db, agent.actor, ticketId, { text: 'x' })
    db.update(messages)
      .set({ status: 'failed', error: 'x' })
      .where(eq(messages.id, message.id))
      .run()

    expect(domainError(() => retryMessage(db, other.admin.actor, message.id))).toMatchObject({
      status: 404,
    })
    expect(domainError(() => retryMessage(db, outsider.actor, message.id))).toMatchObject({
      status: 404,
    })
    expect(messageRow(message.id).status).toBe('failed')
  })
})

describe('the send queue side', () => {
  test('nextQueuedMessage: oldest queued first, in creation order even within one millisecond', async () => {
    const { agent, ticketId, connection } = await setup()
    const sent = Array.from({ length: 20 }, (_, i) =>
      sendMessage(db, agent.actor, ticketId, { text: `mensagem ${i}` }),
    )
    // Make every message share the same millisecond (a bot sends several at once).
    db.update(messages).set({ createdAt: 1 }).where(eq(messages.ticketId, ticketId)).run()

    const order: string[] = []
    for (
      let next = nextQueuedMessage(db, connection.id);
      next;
      next = nextQueuedMessage(db, connection.id)
    ) {
      expect(next.chatId).toBe('5511987654321')
      order.push(next.message.id)
      recordSendOutcome(db, next.message, next.queueId, {
        status: 'sent',
        externalId: `X-${next.message.id}`,
      })
    }
    expect(order).toEqual(sent.map((m) => m.id))
  })

  test('recordSendOutcome steps and requeueInterruptedSends', async () => {
    const { agent, ticketId } = await setup()
    const message = sendMessage(db, agent.actor, ticketId, { text: 'x' })
    const before = lastEventId(db)

    recordSendOutcome(db, message, null, { status: 'sending' })
    expect(messageRow(message.id)).toMatchObject({ status: 'sending', attempts: 1 })
    expect(requeueInterruptedSends(db)).toBeGreaterThanOrEqual(1)
    expect(messageRow(message.id)).toMatchObject({ status: 'queued', attempts: 1 })

    recordSendOutcome(db, message, null, { status: 'sending' })
    recordSendOutcome(db, message, null, { status: 'failed', error: 'timeout' })
    expect(messageRow(message.id)).toMatchObject({
      status: 'failed',
      error: 'timeout',
      attempts: 2,
    })
    recordSendOutcome(db, message, null, { status: 'sent', externalId: 'WA-1' })
    expect(messageRow(message.id)).toMatchObject({
      status: 'sent',
      error: null,
      externalId: 'WA-1',
    })

    // (requeueInterruptedSends is silent: it runs at boot, before anyone listens.)
    expect(eventsAfter(db, before).map((e) => [e.type, e.payload.status])).toEqual([
      ['message.updated', 'sending'],
      ['message.updated', 'sending'],
      ['message.updated', 'failed'],
      ['message.updated', 'sent'],
    ])
  })
})
