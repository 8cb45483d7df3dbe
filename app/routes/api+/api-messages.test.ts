/**
 * The message endpoints of the HTTP API (issue 13): POST /api/messages/send,
 * GET /api/numbers/{number}/check, GET /api/messages/{messageId} — called as the routes are, with
 * real Requests on a real database: every error case, scopes, revocation, idempotency, the rate
 * limit and company isolation.
 */
import fs from 'node:fs'
import path from 'node:path'
import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { systemActor } from '#app/domain/actor.ts'
import { pruneIdempotencyKeys } from '#app/domain/api/idempotency.server.ts'
import { credentialLimiter, failedAuthLimiter } from '#app/domain/api/rate-limit.server.ts'
import { createApiToken, revokeApiToken } from '#app/domain/api/tokens.server.ts'
import { generateConnectionToken } from '#app/domain/connections/connections.server.ts'
import { setNumberChecker } from '#app/domain/connections/number-check.server.ts'
import { db } from '#app/utils/db.server.ts'
import { apiIdempotency } from '#db/schema/api.ts'
import { connections } from '#db/schema/connections.ts'
import { contacts } from '#db/schema/contacts.ts'
import { schedules } from '#db/schema/schedules.ts'
import { messages, ticketEvents, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
  uniquePhone,
} from '#tests/db-utils.ts'
import { action as sendRoute } from './messages.send.ts'
import { loader as messageRoute } from './messages.$messageId.ts'
import { loader as checkRoute } from './numbers.$number.check.ts'

// ---- two companies, each with a connection, a queue, a user and tokens ----

async function world() {
  const company = createCompany(db)
  const actor = systemActor(company.id)
  const queue = createQueue(db, company.id)
  const connection = addConnection(db, company.id, queue.id)
  db.update(connections).set({ isDefault: true }).where(eq(connections.id, connection.id)).run()
  const other = addConnection(db, company.id, null)
  const agent = await createUser(db, { companyId: company.id, queueIds: [queue.id] })
  const tokens = {
    all: createApiToken(db, actor, { name: 'tudo', scopes: ['send', 'read', 'write'] }).secret,
    send: createApiToken(db, actor, { name: 'envio', scopes: ['send'] }).secret,
    read: createApiToken(db, actor, { name: 'leitura', scopes: ['read'] }).secret,
    connection: generateConnectionToken(db, actor, other.id),
  }
  return { company, actor, queue, connection, other, agent, tokens }
}

const a = await world()
const b = await world()

/** The simulator's rule, as the runtime would answer for a connected simulator. */
setNumberChecker(async (_connectionId, phone) =>
  phone.endsWith('0000')
    ? { exists: false, phone: null, chatId: null }
    : { exists: true, phone, chatId: phone },
)
afterAll(() => setNumberChecker(null))

beforeEach(() => {
  credentialLimiter.reset()
  failedAuthLimiter.reset()
})

type Init = {
  token?: string | null
  json?: unknown
  body?: BodyInit
  type?: string
  headers?: Record<string, string>
  method?: string
}

function request(url: string, init: Init) {
  const headers = new Headers(init.headers)
  if (init.token !== null) headers.set('authorization', `Bearer ${init.token ?? a.tokens.all}`)
  let body = init.body
  if (init.json !== undefined) {
    body = JSON.stringify(init.json)
    headers.set('content-type', 'application/json')
  } else if (init.type) headers.set('content-type', init.type)
  return new Request(`http://balcao.test${url}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  })
}

const context = { clientIp: '127.0.0.1' }

async function send(init: Init) {
  const response = await sendRoute({
    request: request('/api/messages/send', init),
    params: {},
    context,
  })
  return { response, status: response.status, json: (await response.json()) as any }
}

async function getMessage(messageId: string, init: Init = {}) {
  const response = await messageRoute({
    request: request(`/api/messages/${messageId}`, init),
    params: { messageId },
    context,
  })
  return { status: response.status, json: (await response.json()) as any }
}

async function check(number: string, init: Init & { query?: string } = {}) {
  const response = await checkRoute({
    request: request(`/api/numbers/${encodeURIComponent(number)}/check${init.query ?? ''}`, init),
    params: { number },
    context,
  })
  return { status: response.status, json: (await response.json()) as any }
}

/** Rows that a refused request must not have written. */
function counts() {
  const n = (table: typeof messages | typeof tickets | typeof contacts | typeof schedules) =>
    db.select({ n: count() }).from(table).get()!.n
  return {
    messages: n(messages),
    tickets: n(tickets),
    contacts: n(contacts),
    schedules: n(schedules),
    idempotency: db.select({ n: count() }).from(apiIdempotency).get()!.n,
  }
}

function file(bytes: Uint8Array | string, name: string, type: string) {
  return new File([typeof bytes === 'string' ? bytes : Buffer.from(bytes)], name, {
    type,
  })
}
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
)
const PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'

function multipart(fields: Record<string, string>, files: File[], fileField = 'medias') {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  for (const f of files) form.append(fileField, f)
  return { body: form }
}

const messageRow = (id: string) => db.select().from(messages).where(eq(messages.id, id)).get()!
const ticketOf = (id: string) => db.select().from(tickets).where(eq(tickets.id, id)).get()!

// ---- sending ----

describe('POST /api/messages/send', () => {
  test('a text goes out: 201, the contact and a ticket are created, the message is queued in its history', async () => {
    const number = uniquePhone()
    const { status, json } = await send({ json: { number: `+${number}`, body: 'Seu pedido saiu' } })
    expect(status).toBe(201)
    expect(json).toMatchObject({
      status: 'SUCCESS',
      number,
      connectionId: a.connection.id,
      scheduleId: null,
    })
    const message = messageRow(json.messageId)
    expect(message).toMatchObject({
      body: 'Seu pedido saiu',
      fromMe: true,
      status: 'queued',
      ticketId: json.ticketId,
      contactId: json.contactId,
      companyId: a.company.id,
      userId: null,
    })
    const ticket = ticketOf(json.ticketId)
    // Waits in the connection's queue, written to the number the check returned.
    expect(ticket).toMatchObject({ status: 'pending', queueId: a.queue.id, chatId: number })
    const history = db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)).all()
    expect(history.map((line) => line.type)).toEqual(['created'])
  })

  test('numbers are normalised: +55 (11) 9…, 11 9… and the form without the 9th digit are one contact', async () => {
    // A mobile whose 8-digit form starts 6–9 (old accounts lack the 9th digit).
    const number = `5511998${String(Date.now() % 1_000_000).padStart(6, '1')}`
    const national = number.slice(2)
    const without9 = `${number.slice(0, 4)}${number.slice(5)}`
    const first = await send({
      json: {
        number: `+55 (${national.slice(0, 2)}) ${national.slice(2, 7)}-${national.slice(7)}`,
        body: '1',
      },
    })
    const second = await send({ json: { number: national, body: '2' } })
    const third = await send({ json: { number: Number(without9), body: '3' } })
    expect([first.status, second.status, third.status]).toEqual([201, 201, 201])
    expect(new Set([first.json.contactId, second.json.contactId, third.json.contactId]).size).toBe(
      1,
    )
    // The conversation continues in the same ticket.
    expect(new Set([first.json.ticketId, second.json.ticketId, third.json.ticketId]).size).toBe(1)
    expect(third.json.number).toBe(number)
  })

  test('a number WhatsApp does not know: 400 not_on_whatsapp, nothing written', async () => {
    const before = counts()
    const { status, json } = await send({ json: { number: '5511987650000', body: 'oi' } })
    expect(status).toBe(400)
    expect(json.error).toMatchObject({
      code: 'not_on_whatsapp',
      fields: { number: expect.any(String) },
    })
    expect(counts()).toEqual(before)
  })

  test('on WhatsApp, the address is the account WhatsApp returns (an old mobile without its 9th digit)', async () => {
    const whatsapp = addConnection(db, a.company.id, a.queue.id, 'whatsapp')
    setNumberChecker(async (_id, phone) => ({
      exists: true,
      phone: phone.slice(0, 4) + phone.slice(5),
      chatId: `${phone.slice(0, 4) + phone.slice(5)}@s.whatsapp.net`,
    }))
    try {
      const number = uniquePhone()
      const { status, json } = await send({
        json: { number, body: 'oi', connectionId: whatsapp.id },
      })
      expect(status).toBe(201)
      expect(ticketOf(json.ticketId).chatId).toBe(
        `${number.slice(0, 4)}${number.slice(5)}@s.whatsapp.net`,
      )
      // The contact keeps the canonical number.
      expect(json.number).toBe(number)
    } finally {
      setNumberChecker(async (_id, phone) =>
        phone.endsWith('0000')
          ? { exists: false, phone: null, chatId: null }
          : { exists: true, phone, chatId: phone },
      )
    }
  })

  test('a connection token sends through its own connection; naming another is refused', async () => {
    const { status, json } = await send({
      token: a.tokens.connection,
      json: { number: uniquePhone(), body: 'x' },
    })
    expect(status).toBe(201)
    expect(json.connectionId).toBe(a.other.id)
    const refused = await send({
      token: a.tokens.connection,
      json: { number: uniquePhone(), body: 'x', whatsappId: a.connection.id },
    })
    expect(refused.status).toBe(400)
    expect(refused.json.error.fields).toHaveProperty('whatsappId')
  })

  test('a company token picks a connection with connectionId or whatsappId', async () => {
    const viaId = await send({
      json: { number: uniquePhone(), body: 'x', connectionId: a.other.id },
    })
    const viaWhaticket = await send({
      json: { number: uniquePhone(), body: 'x', whatsappId: a.other.id },
    })
    expect(viaId.json.connectionId).toBe(a.other.id)
    expect(viaWhaticket.json.connectionId).toBe(a.other.id)
  })

  test('userId assigns the ticket (open) and signs with sendSignature; the message is theirs', async () => {
    db.update(users).set({ signature: false }).where(eq(users.id, a.agent.id)).run()
    const { status, json } = await send({
      json: { number: uniquePhone(), body: 'Olá', userId: a.agent.id, sendSignature: 'true' },
    })
    expect(status).toBe(201)
    expect(ticketOf(json.ticketId)).toMatchObject({ status: 'open', userId: a.agent.id })
    expect(messageRow(json.messageId)).toMatchObject({
      userId: a.agent.id,
      body: `*${a.agent.name}:*\nOlá`,
    })
    const unsigned = await send({
      json: { number: uniquePhone(), body: 'Olá', userId: a.agent.id },
    })
    expect(messageRow(unsigned.json.messageId).body).toBe('Olá')
  })

  test('userId/queueId move the contact’s active ticket (history says so)', async () => {
    const number = uniquePhone()
    customerWrites(db, a.connection, { phone: number, text: 'preciso de ajuda' })
    const queue2 = createQueue(db, a.company.id)
    const { json } = await send({
      json: { number, body: 'Já vamos ver', queueId: queue2.id, userId: a.agent.id },
    })
    const ticket = ticketOf(json.ticketId)
    expect(ticket).toMatchObject({ status: 'open', userId: a.agent.id, queueId: queue2.id })
    const types = db
      .select({ type: ticketEvents.type })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticket.id))
      .all()
      .map((row) => row.type)
    expect(types).toContain('transferred')
  })

  test('closeTicket closes the ticket after queuing the message, without farewell', async () => {
    const { json } = await send({
      json: { number: uniquePhone(), body: 'Boleto', closeTicket: true },
    })
    const ticket = ticketOf(json.ticketId)
    expect(ticket.status).toBe('closed')
    expect(messageRow(json.messageId).status).toBe('queued')
    const ticketMessages = db.select().from(messages).where(eq(messages.ticketId, ticket.id)).all()
    expect(ticketMessages).toHaveLength(1)
  })

  test('noRegister: no ticket for the team — a new one is closed at once; an active one is left as it is', async () => {
    const fresh = await send({ json: { number: uniquePhone(), body: 'Aviso', noRegister: '1' } })
    expect(ticketOf(fresh.json.ticketId).status).toBe('closed')

    const number = uniquePhone()
    const { ticketId } = customerWrites(db, a.connection, { phone: number })
    const active = ticketOf(ticketId)
    const inActive = await send({
      json: { number, body: 'Aviso', noRegister: true, userId: a.agent.id },
    })
    expect(inActive.json.ticketId).toBe(active.id)
    expect(ticketOf(active.id)).toMatchObject({ status: active.status, userId: active.userId })
  })

  test('quotedMsg replies to a message of the conversation; an unknown one is 404', async () => {
    const number = uniquePhone()
    const { messageId } = customerWrites(db, a.connection, { phone: number })
    const { status, json } = await send({
      json: { number, body: 'Respondendo', quotedMsg: { id: messageId } },
    })
    expect(status).toBe(201)
    expect(messageRow(json.messageId).quotedMessageId).toBe(messageId)
    const before = counts()
    const unknown = await send({ json: { number, body: 'x', quotedMsg: 'nope' } })
    expect(unknown.status).toBe(404)
    expect(unknown.json.error).toMatchObject({
      code: 'not_found',
      fields: { quotedMsg: expect.any(String) },
    })
    expect(counts()).toEqual(before)
  })

  test.each([
    ['userId', { userId: 'nope' }],
    ['queueId', { queueId: 'nope' }],
    ['connectionId', { connectionId: 'nope' }],
  ])('an unknown %s is 404 with the field, nothing written', async (field, extra) => {
    const before = counts()
    const { status, json } = await send({ json: { number: uniquePhone(), body: 'x', ...extra } })
    expect(status).toBe(404)
    expect(json.error.code).toBe('not_found')
    expect(json.error.fields).toHaveProperty(field)
    expect(counts()).toEqual(before)
  })

  test('scheduleAt goes to Agendamentos: a pending schedule with its job, no message yet', async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString()
    const { status, json } = await send({
      json: { number: uniquePhone(), body: 'Lembrete', scheduleAt: at, userId: a.agent.id },
    })
    expect(status).toBe(201)
    expect(json).toMatchObject({ status: 'SCHEDULED', messageId: null, ticketId: null })
    const schedule = db.select().from(schedules).where(eq(schedules.id, json.scheduleId)).get()!
    expect(schedule).toMatchObject({
      status: 'pending',
      body: 'Lembrete',
      sendAt: Date.parse(at),
      contactId: json.contactId,
      connectionId: a.connection.id,
      userId: a.agent.id,
      openTicket: true,
    })
  })

  test.each([
    ['no number', { body: 'x' }, 'number'],
    ['a bad number', { number: 'abc', body: 'x' }, 'number'],
    ['a short number', { number: '12345', body: 'x' }, 'number'],
    ['no body and no file', { number: '5511987654321' }, 'body'],
    ['a number as an object', { number: { a: 1 }, body: 'x' }, 'number'],
    ['a huge body', { number: '5511987654321', body: 'x'.repeat(5000) }, 'body'],
    ['a bad boolean', { number: '5511987654321', body: 'x', closeTicket: 'maybe' }, 'closeTicket'],
    [
      'a past scheduleAt',
      { number: '5511987654321', body: 'x', scheduleAt: '2020-01-01T00:00:00Z' },
      'scheduleAt',
    ],
    [
      'a bad scheduleAt',
      { number: '5511987654321', body: 'x', scheduleAt: 'amanhã' },
      'scheduleAt',
    ],
    [
      'quotedMsg with scheduleAt',
      { number: '5511987654321', body: 'x', quotedMsg: 'm', scheduleAt: '2099-01-01T00:00:00Z' },
      'quotedMsg',
    ],
    [
      'a long idempotencyKey',
      { number: '5511987654321', body: 'x', idempotencyKey: 'k'.repeat(200) },
      'idempotencyKey',
    ],
  ])('%s: 400 validation_error on the field, nothing written', async (_name, body, field) => {
    const before = counts()
    const { status, json } = await send({ json: body })
    expect(status).toBe(400)
    expect(json.error.code).toBe('validation_error')
    expect(json.error.fields).toHaveProperty(field)
    expect(counts()).toEqual(before)
  })

  test('bad JSON, a JSON array and another content type are refused', async () => {
    expect((await send({ body: '{"number":', type: 'application/json' })).status).toBe(400)
    expect((await send({ json: [1, 2] })).status).toBe(400)
    const text = await send({ body: 'number=1', type: 'text/plain' })
    expect(text.status).toBe(415)
    expect(text.json.error.code).toBe('unsupported_media_type')
  })

  test('a blocked contact: 409 conflict', async () => {
    const number = uniquePhone()
    db.insert(contacts)
      .values({ companyId: a.company.id, name: 'Bloqueado', number, blocked: true })
      .run()
    const { status, json } = await send({ json: { number, body: 'x' } })
    expect(status).toBe(409)
    expect(json.error.code).toBe('conflict')
  })
})

describe('files in medias (multipart)', () => {
  test('two files: two messages, the text is the first one’s caption; types come from the bytes', async () => {
    const { status, json } = await send(
      multipart({ number: uniquePhone(), body: 'Sua nota', closeTicket: 'true' }, [
        file(PNG, 'foto.png', 'image/png'),
        file(PDF, 'nota.pdf', 'application/octet-stream'),
      ]),
    )
    expect(status).toBe(201)
    expect(json.messageIds).toHaveLength(2)
    const [image, pdf] = json.messageIds.map(messageRow)
    expect(image).toMatchObject({
      type: 'image',
      body: 'Sua nota',
      mediaType: 'image/png',
      mediaName: 'foto.png',
    })
    expect(pdf).toMatchObject({ type: 'document', body: null, mediaType: 'application/pdf' })
    expect(fs.existsSync(path.join(process.env.MEDIA_DIR!, pdf.mediaPath))).toBe(true)
    expect(ticketOf(json.ticketId).status).toBe('closed')
  })

  test('a file only (no text) is enough', async () => {
    const { status } = await send(
      multipart({ number: uniquePhone() }, [file(PNG, 'a.png', 'image/png')]),
    )
    expect(status).toBe(201)
  })

  const mediaFiles = () => fs.readdirSync(process.env.MEDIA_DIR!, { recursive: true }).length

  test.each([
    [
      'an "image" that is text',
      file('not an image', 'x.png', 'image/png'),
      415,
      'unsupported_media_type',
    ],
    [
      'an executable',
      file(
        Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]).toString('latin1'),
        'x.exe',
        'application/octet-stream',
      ),
      415,
      'unsupported_media_type',
    ],
    ['an empty file', file('', 'vazio.txt', 'text/plain'), 400, 'validation_error'],
  ])('%s: %i, nothing written or stored', async (_name, bad, status, code) => {
    const before = counts()
    const stored = mediaFiles()
    const result = await send(
      multipart({ number: uniquePhone(), body: 'x' }, [file(PNG, 'ok.png', 'image/png'), bad]),
    )
    expect(result.status).toBe(status)
    expect(result.json.error.code).toBe(code)
    expect(counts()).toEqual(before)
    expect(mediaFiles()).toBe(stored)
  })

  test('a file over 16 MB: 413 payload_too_large', async () => {
    const before = counts()
    const big = new File([new Uint8Array(16 * 1024 * 1024 + 1)], 'big.bin', {
      type: 'application/octet-stream',
    })
    const { status, json } = await send(multipart({ number: uniquePhone(), body: 'x' }, [big]))
    expect(status).toBe(413)
    expect(json.error.code).toBe('payload_too_large')
    expect(counts()).toEqual(before)
  })

  test('a file in another field, or a broken multipart body: 400', async () => {
    const other = await send(
      multipart({ number: uniquePhone(), body: 'x' }, [file(PNG, 'a.png', 'image/png')], 'file'),
    )
    expect(other.status).toBe(400)
    expect(other.json.error.fields).toHaveProperty('file')
    const broken = await send({ body: '--x\r\nbroken', type: 'multipart/form-data; boundary=x' })
    expect(broken.status).toBe(400)
  })

  test('more than 10 files: 400', async () => {
    const files = Array.from({ length: 11 }, (_, i) => file(PNG, `${i}.png`, 'image/png'))
    const { status, json } = await send(multipart({ number: uniquePhone() }, files))
    expect(status).toBe(400)
    expect(json.error.fields).toHaveProperty('medias')
  })
})

describe('idempotency', () => {
  test('the same key twice: one send, the same answer (Idempotent-Replayed)', async () => {
    const body = {
      number: uniquePhone(),
      body: 'Pagamento recebido',
      idempotencyKey: `pay-${Date.now()}`,
    }
    const first = await send({ json: body })
    const before = counts()
    const second = await send({ json: body })
    expect(second.status).toBe(first.status)
    expect(second.json).toEqual(first.json)
    expect(second.response.headers.get('idempotent-replayed')).toBe('true')
    expect(counts()).toEqual(before)
  })

  test('the Idempotency-Key header works the same way', async () => {
    const key = `hdr-${Date.now()}`
    const body = { number: uniquePhone(), body: 'x' }
    const first = await send({ json: body, headers: { 'idempotency-key': key } })
    const second = await send({ json: body, headers: { 'idempotency-key': key } })
    expect(second.json.messageId).toBe(first.json.messageId)
  })

  test('the same key with another request: 409 idempotency_conflict, nothing sent', async () => {
    const key = `k-${Date.now()}`
    const number = uniquePhone()
    await send({ json: { number, body: 'a', idempotencyKey: key } })
    const before = counts()
    const { status, json } = await send({ json: { number, body: 'b', idempotencyKey: key } })
    expect(status).toBe(409)
    expect(json.error.code).toBe('idempotency_conflict')
    // Another token of the company with the same key and body: also a conflict.
    const otherToken = await send({
      token: a.tokens.send,
      json: { number, body: 'a', idempotencyKey: key },
    })
    expect(otherToken.status).toBe(409)
    expect(counts()).toEqual(before)
  })

  test('the same key at once from 5 requests: exactly one message', async () => {
    const body = { number: uniquePhone(), body: 'Corrida', idempotencyKey: `race-${Date.now()}` }
    const before = counts()
    const results = await Promise.all(Array.from({ length: 5 }, () => send({ json: body })))
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201])
    expect(new Set(results.map((r) => r.json.messageId)).size).toBe(1)
    expect(counts().messages).toBe(before.messages + 1)
  })

  test('a key of company A does not exist for company B', async () => {
    const key = `shared-${Date.now()}`
    const inA = await send({ json: { number: uniquePhone(), body: 'x', idempotencyKey: key } })
    const inB = await send({
      token: b.tokens.all,
      json: { number: uniquePhone(), body: 'y', idempotencyKey: key },
    })
    expect(inB.status).toBe(201)
    expect(inB.json.messageId).not.toBe(inA.json.messageId)
  })

  test('keys older than 7 days are pruned', () => {
    db.insert(apiIdempotency)
      .values({
        companyId: a.company.id,
        key: 'old',
        credential: 'token:x',
        requestHash: 'h',
        status: 201,
        response: {},
        createdAt: Date.now() - 8 * 86_400_000,
      })
      .run()
    expect(pruneIdempotencyKeys(db)).toBeGreaterThanOrEqual(1)
    expect(
      db.select().from(apiIdempotency).where(eq(apiIdempotency.key, 'old')).get(),
    ).toBeUndefined()
  })
})

describe('tokens, scopes and limits', () => {
  test.each([
    ['no Authorization header', { token: null }, 401, 'unauthorized'],
    ['an unknown token', { token: 'bt_nope' }, 401, 'unauthorized'],
    [
      'Basic instead of Bearer',
      { token: null, headers: { authorization: 'Basic abc' } },
      401,
      'unauthorized',
    ],
  ] as const)('%s: %i %s', async (_name, init, status, code) => {
    const before = counts()
    const result = await send({ ...init, json: { number: uniquePhone(), body: 'x' } })
    expect(result.status).toBe(status)
    expect(result.json.error.code).toBe(code)
    expect(result.response.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(counts()).toEqual(before)
  })

  test('a revoked token: 403 token_revoked, at once', async () => {
    const token = createApiToken(db, a.actor, { name: 'revogar', scopes: ['send'] })
    expect(
      (await send({ token: token.secret, json: { number: uniquePhone(), body: 'x' } })).status,
    ).toBe(201)
    revokeApiToken(db, a.actor, token.id)
    const { status, json } = await send({
      token: token.secret,
      json: { number: uniquePhone(), body: 'x' },
    })
    expect(status).toBe(403)
    expect(json.error.code).toBe('token_revoked')
  })

  test('scopes: a read token cannot send; a send token cannot read messages', async () => {
    const sent = await send({ token: a.tokens.send, json: { number: uniquePhone(), body: 'x' } })
    expect(sent.status).toBe(201)
    const noSend = await send({ token: a.tokens.read, json: { number: uniquePhone(), body: 'x' } })
    expect(noSend.status).toBe(403)
    expect(noSend.json.error.code).toBe('missing_scope')
    const noRead = await getMessage(sent.json.messageId, { token: a.tokens.send })
    expect(noRead.status).toBe(403)
    expect((await getMessage(sent.json.messageId, { token: a.tokens.read })).status).toBe(200)
  })

  test('the wrong method: 405 with Allow', async () => {
    const response = await sendRoute({
      request: request('/api/messages/send', { method: 'GET' }),
      params: {},
      context,
    })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  test('per token: past the limit 429 rate_limited with Retry-After; another token is not affected', async () => {
    let limited: Awaited<ReturnType<typeof send>> | undefined
    for (let i = 0; i < 400 && !limited; i++) {
      const result = await send({ token: a.tokens.read, json: { number: '1', body: 'x' } })
      if (result.status === 429) limited = result
    }
    expect(limited?.json.error.code).toBe('rate_limited')
    expect(Number(limited?.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(
      (await send({ token: a.tokens.send, json: { number: uniquePhone(), body: 'x' } })).status,
    ).toBe(201)
  })
})

describe('GET /api/messages/{messageId}', () => {
  test('a sent message and its status as the send queue records it', async () => {
    const { json: sent } = await send({ json: { number: uniquePhone(), body: 'Status?' } })
    const queued = await getMessage(sent.messageId)
    expect(queued).toMatchObject({
      status: 200,
      json: {
        id: sent.messageId,
        status: 'queued',
        fromMe: true,
        body: 'Status?',
        ticketId: sent.ticketId,
      },
    })
    for (const [stored, shown] of [
      ['sending', 'queued'],
      ['sent', 'sent'],
      ['delivered', 'delivered'],
      ['read', 'read'],
      ['played', 'read'],
      ['failed', 'failed'],
    ] as const) {
      db.update(messages).set({ status: stored }).where(eq(messages.id, sent.messageId)).run()
      expect((await getMessage(sent.messageId)).json.status).toBe(shown)
    }
  })

  test('unknown, private notes and (for a connection token) other connections: 404', async () => {
    expect((await getMessage('nope')).status).toBe(404)
    const { json: sent } = await send({ json: { number: uniquePhone(), body: 'x' } })
    const viaConnectionToken = await getMessage(sent.messageId, { token: a.tokens.connection })
    expect(viaConnectionToken.status).toBe(404)
    const { json: own } = await send({
      token: a.tokens.connection,
      json: { number: uniquePhone(), body: 'x' },
    })
    expect((await getMessage(own.messageId, { token: a.tokens.connection })).status).toBe(200)
    db.update(messages).set({ isPrivate: true }).where(eq(messages.id, own.messageId)).run()
    expect((await getMessage(own.messageId, { token: a.tokens.connection })).status).toBe(404)
  })
})

describe('GET /api/numbers/{number}/check', () => {
  test('what the connection says: on WhatsApp (normalised) or not', async () => {
    expect(await check('+55 11 98765-4321')).toEqual({
      status: 200,
      json: {
        number: '+55 11 98765-4321',
        numberFormatted: '5511987654321',
        existsInWhatsapp: true,
        connectionId: a.connection.id,
      },
    })
    expect((await check('5511987650000')).json.existsInWhatsapp).toBe(false)
  })

  test('a connection that cannot check answers existsInWhatsapp null', async () => {
    setNumberChecker(async () => null)
    try {
      expect((await check('5511987654321')).json).toMatchObject({
        existsInWhatsapp: null,
        numberFormatted: '5511987654321',
      })
    } finally {
      setNumberChecker(async (_id, phone) =>
        phone.endsWith('0000')
          ? { exists: false, phone: null, chatId: null }
          : { exists: true, phone, chatId: phone },
      )
    }
  })

  test('a bad number is 400; a read-only token lacks the send scope', async () => {
    expect((await check('abc')).status).toBe(400)
    expect((await check('5511987654321', { token: a.tokens.read })).json.error.code).toBe(
      'missing_scope',
    )
  })
})

describe('company isolation: a token of company B never reads or writes company A', () => {
  test('B cannot send through A’s connection, nor name A’s user, queue or quoted message', async () => {
    const number = uniquePhone()
    const { messageId } = customerWrites(db, a.connection, { phone: number })
    const before = counts()
    for (const extra of [
      { connectionId: a.connection.id },
      { whatsappId: a.connection.id },
      { userId: a.agent.id },
      { queueId: a.queue.id },
      { quotedMsg: messageId },
    ]) {
      const result = await send({ token: b.tokens.all, json: { number, body: 'x', ...extra } })
      expect(result.status, JSON.stringify(extra)).toBe(404)
    }
    expect(counts()).toEqual(before)
  })

  test('B’s send to a number A knows creates B’s own contact and ticket', async () => {
    const number = uniquePhone()
    const inA = await send({ json: { number, body: 'de A' } })
    const inB = await send({ token: b.tokens.all, json: { number, body: 'de B' } })
    expect(inB.json.contactId).not.toBe(inA.json.contactId)
    expect(
      db.select().from(contacts).where(eq(contacts.id, inB.json.contactId)).get()!.companyId,
    ).toBe(b.company.id)
    expect(ticketOf(inB.json.ticketId).companyId).toBe(b.company.id)
  })

  test('B cannot read A’s messages, nor check numbers on A’s connection', async () => {
    const { json } = await send({ json: { number: uniquePhone(), body: 'segredo' } })
    expect((await getMessage(json.messageId, { token: b.tokens.all })).status).toBe(404)
    expect(
      (
        await check('5511987654321', {
          token: b.tokens.all,
          query: `?connectionId=${a.connection.id}`,
        })
      ).status,
    ).toBe(404)
  })

  test('a connection token of B cannot reach A’s tickets through quotedMsg', async () => {
    const { messageId } = customerWrites(db, a.connection, { phone: uniquePhone() })
    const result = await send({
      token: b.tokens.connection,
      json: { number: uniquePhone(), body: 'x', quotedMsg: messageId },
    })
    expect(result.status).toBe(404)
    expect(
      db
        .select()
        .from(messages)
        .where(and(eq(messages.companyId, b.company.id), eq(messages.quotedMessageId, messageId)))
        .get(),
    ).toBeUndefined()
  })
})

describe('the simulator’s number rule (ADR 013)', () => {
  test('every valid number is on WhatsApp under its canonical digits, except those ending in 0000', async () => {
    const { simulatorNumberCheck, SimulatorAdapter } =
      await import('#app/channels/simulator/adapter.server.ts')
    expect(simulatorNumberCheck('551187654321')).toEqual({
      exists: true,
      phone: '5511987654321',
      chatId: '5511987654321',
    })
    expect(simulatorNumberCheck('5511987650000').exists).toBe(false)
    expect(simulatorNumberCheck('123').exists).toBe(false)
    // The adapter answers only while its session runs.
    await expect(new SimulatorAdapter().checkNumber('5511987654321')).rejects.toThrow()
  })
})
