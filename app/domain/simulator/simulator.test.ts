import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { createSession } from '#app/domain/auth/auth.server.ts'
import { sendMessage } from '#app/domain/messages/send.server.ts'
import { action as messagesApi } from '#app/routes/simulator+/api.messages.ts'
import { runningChannels, startRuntime, stopRuntime } from '#app/runtime/runtime.server.ts'
import { db } from '#app/utils/db.server.ts'
import { commitSessionId } from '#app/utils/session.server.ts'
import { messages } from '#db/schema/tickets.ts'
import { createCompany, createUser, uniquePhone } from '#tests/db-utils.ts'
import { createTestConnection, readAsCustomer, sendAsCustomer } from './simulator.server.ts'

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 })

// The simulator needs its running adapter: the app's runtime, as in production.
beforeAll(async () => {
  await startRuntime(db)
})
afterAll(async () => {
  await stopRuntime()
})

/** An admin with a running test connection, and a cookie for the API. */
async function setup() {
  const company = createCompany(db)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const connection = createTestConnection(db, admin.actor, 'Teste')
  await waitFor(() => expect(runningChannels()?.isConnected(connection.id)).toBe(true))
  const session = createSession(db, admin)
  const cookie = (await commitSessionId(session.sessionId, session.expiresAt)).split(';')[0]!
  return { company, admin, connection, cookie }
}

const rowsWith = (connectionId: string, externalId: string) =>
  db
    .select({ id: messages.id, body: messages.body })
    .from(messages)
    .where(and(eq(messages.connectionId, connectionId), eq(messages.externalId, externalId)))
    .all()

const countOn = (connectionId: string) =>
  db.select({ id: messages.id }).from(messages).where(eq(messages.connectionId, connectionId)).all()
    .length

describe('sendAsCustomer with an externalId (retries are safe)', () => {
  test('a second post with the same id answers the first result and stores nothing', async () => {
    const { admin, connection } = await setup()
    const from = uniquePhone()
    const input = {
      connectionId: connection.id,
      from,
      text: 'Quero um bolo',
      externalId: 'pedido-42',
    }

    expect(await sendAsCustomer(db, admin.actor, input)).toEqual({
      externalId: 'pedido-42',
      created: true,
    })
    expect(await sendAsCustomer(db, admin.actor, input)).toEqual({
      externalId: 'pedido-42',
      created: false,
    })
    expect(rowsWith(connection.id, 'pedido-42')).toEqual([
      { id: expect.any(String), body: 'Quero um bolo' },
    ])
    expect(countOn(connection.id)).toBe(1)
    // Without an id every post is a new message, as before.
    const plain = await sendAsCustomer(db, admin.actor, {
      connectionId: connection.id,
      from,
      text: 'oi',
    })
    expect(plain.created).toBe(true)
    expect(plain.externalId).toMatch(/^SIMC-/)
    expect(countOn(connection.id)).toBe(2)
  })

  test('two posts at the same time store it once', async () => {
    const { admin, connection } = await setup()
    const input = {
      connectionId: connection.id,
      from: uniquePhone(),
      text: 'Ao mesmo tempo',
      externalId: 'abc.123:x_y-z',
    }
    const results = await Promise.all([
      sendAsCustomer(db, admin.actor, input),
      sendAsCustomer(db, admin.actor, input),
    ])
    expect(results.map((r) => r.externalId)).toEqual(['abc.123:x_y-z', 'abc.123:x_y-z'])
    expect(results.map((r) => r.created).sort()).toEqual([false, true])
    expect(rowsWith(connection.id, 'abc.123:x_y-z')).toHaveLength(1)
  })

  test('the same id on another connection is another message', async () => {
    const { admin, connection } = await setup()
    const other = createTestConnection(db, admin.actor, 'Outra')
    await waitFor(() => expect(runningChannels()?.isConnected(other.id)).toBe(true))
    const input = { from: uniquePhone(), text: 'Oi', externalId: 'mesmo-id' }
    expect(
      (await sendAsCustomer(db, admin.actor, { ...input, connectionId: connection.id })).created,
    ).toBe(true)
    expect(
      (await sendAsCustomer(db, admin.actor, { ...input, connectionId: other.id })).created,
    ).toBe(true)
  })

  test('ids are refused when malformed or in the agents’ namespace', async () => {
    const { admin, connection } = await setup()
    const base = { connectionId: connection.id, from: uniquePhone(), text: 'oi' }
    for (const externalId of ['', 'com espaço', 'x'.repeat(129), 'SIM-01J0000', 'a/b']) {
      await expect(sendAsCustomer(db, admin.actor, { ...base, externalId })).rejects.toMatchObject({
        field: 'externalId',
        status: 422,
      })
    }
    expect(countOn(connection.id)).toBe(0)
  })
})

describe('POST /simulator/api/messages', () => {
  const post = (cookie: string, body: BodyInit, contentType?: string) =>
    messagesApi({
      request: new Request('http://localhost/simulator/api/messages', {
        method: 'POST',
        headers: { cookie, ...(contentType ? { 'content-type': contentType } : {}) },
        body,
      }),
      params: {},
      context: {},
    })

  test('JSON then multipart retries: 201, then 200 with the same body, one message', async () => {
    const { connection, cookie } = await setup()
    const body = {
      connectionId: connection.id,
      from: uniquePhone(),
      text: 'Chegou meu pedido?',
      externalId: 'cliente-7',
    }
    const first = await post(cookie, JSON.stringify(body), 'application/json')
    expect(first.status).toBe(201)
    expect(await first.json()).toEqual({ externalId: 'cliente-7' })

    const again = await post(cookie, JSON.stringify(body), 'application/json')
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ externalId: 'cliente-7' })

    const form = new FormData()
    for (const [key, value] of Object.entries(body)) form.set(key, value)
    form.set('file', new File([new Uint8Array([0x25, 0x50, 0x44, 0x46])], 'nota.pdf'))
    const multipart = await post(cookie, form)
    expect(multipart.status).toBe(200)
    expect(await multipart.json()).toEqual({ externalId: 'cliente-7' })
    expect(countOn(connection.id)).toBe(1)
  })

  test('a bad externalId answers 4xx naming the field', async () => {
    const { connection, cookie } = await setup()
    const bad = await post(
      cookie,
      JSON.stringify({
        connectionId: connection.id,
        from: uniquePhone(),
        text: 'oi',
        externalId: 'tem espaço',
      }),
      'application/json',
    ).catch((response: Response) => response)
    expect(bad.status).toBeGreaterThanOrEqual(400)
    expect(bad.status).toBeLessThan(500)
    expect(((await bad.json()) as { fields?: Record<string, string> }).fields).toHaveProperty(
      'externalId',
    )
  })
})

describe('readAsCustomer', () => {
  test('the agent messages turn read before it returns', async () => {
    const { admin, connection } = await setup()
    const from = uniquePhone()
    await sendAsCustomer(db, admin.actor, { connectionId: connection.id, from, text: 'oi' })
    const ticketId = db
      .select({ ticketId: messages.ticketId })
      .from(messages)
      .where(eq(messages.connectionId, connection.id))
      .get()!.ticketId
    const reply = sendMessage(db, admin.actor, ticketId, { text: 'Olá!' })
    const statusOf = () =>
      db.select({ status: messages.status }).from(messages).where(eq(messages.id, reply.id)).get()!
        .status
    // The runtime's job runner delivers it (the receipt job written with the send).
    await waitFor(() => expect(statusOf()).toBe('delivered'))
    expect(
      await readAsCustomer(db, admin.actor, { connectionId: connection.id, phone: from }),
    ).toBe(1)
    expect(statusOf()).toBe('read')
  })
})
