import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { registerBotJobs } from '#app/domain/bot/bot.server.ts'
import { recordConnectionUpdate } from '#app/domain/connections/connections.server.ts'
import { updateContact } from '#app/domain/contacts/manage.server.ts'
import { applyInboundUpdate } from '#app/domain/messages/ingest.server.ts'
import { recordSendOutcome, sendMessage } from '#app/domain/messages/send.server.ts'
import {
  acceptTicket,
  addPrivateNote,
  closeTicket,
  returnTicketToQueue,
  transferTicket,
} from '#app/domain/tickets/actions.server.ts'
import { JobRunner } from '#app/runtime/jobs.server.ts'
import { db } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { jobs } from '#db/schema/system.ts'
import { tickets } from '#db/schema/tickets.ts'
import { WEBHOOK_EVENTS, webhookDeliveries, webhooks } from '#db/schema/webhooks.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
} from '#tests/db-utils.ts'
import { WEBHOOK_DATA_SCHEMAS, webhookBodySchema } from './payloads.ts'
import { relayEvents } from './relay.server.ts'

registerBotJobs(db)

beforeEach(() => {
  db.delete(jobs).run()
})

async function drain() {
  const runner = new JobRunner(db)
  while ((await runner.tick()) > 0);
}

const RATING = {
  rating: {
    enabled: true,
    question: 'De 0 a 10, que nota você dá?',
    retryMessage: 'Responda com um número de 0 a 10.',
    thanksMessage: 'Obrigado!',
    maxPerPeriod: 0,
    periodDays: 30,
    timeoutMinutes: 60,
  },
}

test('every webhook event type comes from the real flows, each body in its documented shape', async () => {
  const company = createCompany(db)
  const vendas = createQueue(db, company.id, { name: 'Vendas' })
  const suporte = createQueue(db, company.id, { name: 'Suporte' })
  const connection = addConnection(db, company.id)
  db.update(connections).set({ automations: RATING }).where(eq(connections.id, connection.id)).run()
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const agent = await createUser(db, { companyId: company.id, queueIds: [vendas.id], name: 'Ana' })
  const hook = db
    .insert(webhooks)
    .values({
      companyId: company.id,
      name: 'all',
      url: 'https://hooks.example.com/all',
      events: [...WEBHOOK_EVENTS],
      secret: 'whsec_x',
    })
    .returning()
    .get()

  // A new customer writes: contact.created, ticket.created, message.received.
  const { ticketId, contactId } = customerWrites(db, connection, {
    text: 'Oi, quero um orçamento',
    phone: '5511987651234',
    name: 'Maria',
  })
  db.update(tickets).set({ queueId: vendas.id }).where(eq(tickets.id, ticketId)).run()
  await drain()
  acceptTicket(db, agent.actor, ticketId) // ticket.accepted
  const reply = sendMessage(db, agent.actor, ticketId, { text: 'Olá Maria' }) // queued: nothing yet
  recordSendOutcome(db, { ...reply, ticketId }, vendas.id, {
    status: 'sent',
    externalId: 'EXT-REPLY-1',
  }) // message.sent
  applyInboundUpdate(db, connection, {
    kind: 'ack',
    externalId: 'EXT-REPLY-1',
    status: 'read',
  }) // message.status
  addPrivateNote(db, agent.actor, ticketId, 'cliente VIP') // private: never sent
  transferTicket(db, admin.actor, ticketId, { queueId: suporte.id, userId: admin.id }) // transferred
  returnTicketToQueue(db, admin.actor, ticketId) // ticket.transferred, reason returned
  closeTicket(db, admin.actor, ticketId, { sendFarewell: true }) // ticket.closed + rating question
  await drain()
  customerWrites(db, connection, { text: '9', phone: '5511987651234', name: 'Maria' })
  await drain() // rating.received
  updateContact(db, admin.actor, contactId!, {
    name: 'Maria Silva',
    number: '5511987651234',
    email: 'maria@example.com',
  }) // contact.updated
  recordConnectionUpdate(db, connection.id, { status: 'qrcode', qr: 'secret-qr' }) // not sent
  recordConnectionUpdate(db, connection.id, { status: 'connected', phone: '5511900000000' })

  relayEvents(db)
  const deliveries = db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, hook.id))
    .orderBy(webhookDeliveries.eventId)
    .all()
  const types = deliveries.map((d) => d.eventType)
  expect(new Set(types)).toEqual(new Set(WEBHOOK_EVENTS))

  const bodies = deliveries.map((delivery) => {
    const body = webhookBodySchema.parse(JSON.parse(delivery.body))
    expect(body.type).toBe(delivery.eventType)
    expect(body.id).toBe(`evt_${delivery.eventId}`)
    expect(body.companyId).toBe(company.id)
    // A receiver that parsed the JSON (n8n's Webhook node) gets the signed bytes back with
    // JSON.stringify: the body is compact JSON.stringify output.
    expect(JSON.stringify(JSON.parse(delivery.body))).toBe(delivery.body)
    // The documented shape, exactly: parsing strips nothing.
    const schema = WEBHOOK_DATA_SCHEMAS[body.type as keyof typeof WEBHOOK_DATA_SCHEMAS]
    expect(schema.parse(body.data)).toEqual(body.data)
    return body as { type: string; data: Record<string, any> }
  })
  const first = (type: string) => bodies.find((b) => b.type === type)!.data

  expect(first('ticket.created')).toMatchObject({
    ticket: {
      id: ticketId,
      status: 'pending',
      contact: { name: 'Maria', number: '5511987651234' },
    },
    previous: null,
  })
  expect(first('message.received').message).toMatchObject({
    body: 'Oi, quero um orçamento',
    fromMe: false,
    ticketId,
  })
  expect(first('ticket.accepted')).toMatchObject({
    ticket: { status: 'open', user: { id: agent.id, name: 'Ana' } },
    previous: { status: 'pending', userId: null },
  })
  expect(first('message.sent').message).toMatchObject({
    id: reply.id,
    body: '*Ana:*\nOlá Maria', // the agent's signature
    fromMe: true,
    status: 'sent',
    userName: 'Ana',
  })
  expect(first('message.status').message).toMatchObject({ id: reply.id, status: 'read' })
  const transfers = bodies.filter((b) => b.type === 'ticket.transferred').map((b) => b.data)
  expect(transfers.map((t) => [t.reason, t.ticket.queue?.name, t.ticket.user?.id ?? null])).toEqual(
    [
      ['transferred', 'Suporte', admin.id],
      ['returned', 'Suporte', null],
    ],
  )
  expect(first('ticket.closed').ticket.status).toBe('closed')
  expect(first('rating.received').rating).toMatchObject({ ticketId, contactId, score: 9 })
  expect(first('contact.updated').contact).toMatchObject({
    id: contactId,
    name: 'Maria Silva',
    email: 'maria@example.com',
  })
  expect(first('connection.status').connection).toEqual({
    id: connection.id,
    status: 'connected',
    phone: '5511900000000',
    lastError: null,
  })
  // Never sent: the private note, the queued state, the QR code.
  const all = deliveries.map((d) => d.body).join('\n')
  expect(all).not.toContain('cliente VIP')
  expect(all).not.toContain('secret-qr')
  expect(bodies.filter((b) => b.type === 'message.sent')).toHaveLength(
    // The reply, and the bot's rating question and thanks once their sends are recorded (they are not here).
    1,
  )
  // In the order they happened.
  const ids = deliveries.map((d) => d.eventId!)
  expect([...ids].sort((a, b) => a - b)).toEqual(ids)
})
