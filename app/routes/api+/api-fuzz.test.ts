/**
 * Fuzz of the HTTP API (issue 13): 1,000 generated bad requests — bad JSON, wrong types, huge
 * fields, bad files, bad tokens, unknown or foreign ids, wrong methods and content types — sent
 * through the real Express edge to every operation of API_OPERATIONS. Every answer is a 4xx in
 * the API's error shape, none is a 500, and nothing is written (business tables and media files
 * are the same before and after).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { systemActor } from '#app/domain/actor.ts'
import { API_ERROR_STATUS, type ApiOperation } from '#app/domain/api/contract.ts'
import { API_OPERATIONS } from '#app/domain/api/operations/index.ts'
import { credentialLimiter, failedAuthLimiter } from '#app/domain/api/rate-limit.server.ts'
import { createApiToken, revokeApiToken } from '#app/domain/api/tokens.server.ts'
import { setNumberChecker } from '#app/domain/connections/number-check.server.ts'
import { db } from '#app/utils/db.server.ts'
import { apiIdempotency } from '#db/schema/api.ts'
import { connections } from '#db/schema/connections.ts'
import { contactTags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import { schedules } from '#db/schema/schedules.ts'
import { events, jobs } from '#db/schema/system.ts'
import { messages, ticketEvents, tickets } from '#db/schema/tickets.ts'
import { eq } from 'drizzle-orm'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
  uniquePhone,
} from '#tests/db-utils.ts'
import { pool, seeded, type Random } from '#tests/fuzz-world.ts'
import { listen, realRouteManifest, testBuild } from '../../../server/testing.ts'

const REQUESTS = 1000

// ---- the world: company A (the caller) and company B (whose ids A must never reach) ----

const a = createCompany(db)
const b = createCompany(db)
const actorA = systemActor(a.id)
const actorB = systemActor(b.id)
const queueA = createQueue(db, a.id)
const connectionA = addConnection(db, a.id, queueA.id)
db.update(connections).set({ isDefault: true }).where(eq(connections.id, connectionA.id)).run()
const connectionB = addConnection(db, b.id, null)
const userB = await createUser(db, { companyId: b.id })
const queueB = createQueue(db, b.id)
const inB = customerWrites(db, connectionB, { phone: uniquePhone() })
const tokens = {
  all: createApiToken(db, actorA, { name: 'all', scopes: ['send', 'read', 'write'] }).secret,
  read: createApiToken(db, actorA, { name: 'read', scopes: ['read'] }).secret,
  send: createApiToken(db, actorA, { name: 'send', scopes: ['send'] }).secret,
  revoked: (() => {
    const token = createApiToken(db, actorA, { name: 'revoked', scopes: ['send', 'read', 'write'] })
    revokeApiToken(db, actorA, token.id)
    return token.secret
  })(),
  b: createApiToken(db, actorB, { name: 'b', scopes: ['send', 'read', 'write'] }).secret,
}
const foreignIds = [inB.ticketId, inB.contactId, inB.messageId, userB.id, queueB.id, connectionB.id]

setNumberChecker(async (_id, phone) =>
  phone.endsWith('0000')
    ? { exists: false, phone: null, chatId: null }
    : { exists: true, phone, chatId: phone },
)

// A key already used, so the same key with another body is a conflict.
const usedKey = `fuzz-used-${crypto.randomUUID()}`

// ---- the app: the real edge with every /api route module ----

const manifest = await realRouteManifest()
const modules: Record<string, object> = {}
for (const route of Object.values(manifest))
  if (route.id.startsWith('routes/api+/') && route.file)
    modules[route.id] = (await import(path.resolve('app', route.file))) as object
const server = await listen(await testBuild(modules))
afterAll(async () => {
  setNumberChecker(null)
  await server.close()
})

// Sent once, before the snapshot: the idempotency key the conflict cases reuse.
{
  const response = await fetch(`${server.url}/api/messages/send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.all}`, 'content-type': 'application/json' },
    body: JSON.stringify({ number: uniquePhone(), body: 'first', idempotencyKey: usedKey }),
  })
  if (response.status !== 201) throw new Error(`setup send: ${response.status}`)
}

// ---- what must not change ----

function snapshot() {
  const tables = {
    contacts,
    contactTags,
    tickets,
    ticketEvents,
    messages,
    schedules,
    apiIdempotency,
    events,
    jobs,
  }
  const state: Record<string, string> = {}
  for (const [name, table] of Object.entries(tables))
    state[name] = JSON.stringify(db.select().from(table).all())
  const mediaDir = process.env.MEDIA_DIR!
  state.media = JSON.stringify(
    // Files only: a refused upload may leave its month folder behind, never a file.
    fs.existsSync(mediaDir)
      ? fs
          .readdirSync(mediaDir, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => path.join(entry.parentPath, entry.name))
          .sort()
      : [],
  )
  return state
}

/** The tables (and media) that differ, with what they hold now. */
function changes(before: Record<string, string>, after: Record<string, string>) {
  return Object.keys(before)
    .filter((name) => before[name] !== after[name])
    .map((name) => ({
      name,
      now: after[name]!.slice(before[name]!.length - 1, before[name]!.length + 600),
    }))
}

// ---- generators ----

type Fuzz = {
  kind: string
  method: string
  path: string
  headers: Record<string, string>
  body?: BodyInit
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

const garbageStrings = (r: Random) =>
  r.pick([
    '',
    ' ',
    'x'.repeat(r.pick([65, 300, 5000])),
    '\u0000',
    '../../etc/passwd',
    '%00',
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '😀'.repeat(50),
    'nope',
    '\ud800',
  ])

const wrongValues = (r: Random): unknown =>
  r.pick([
    null,
    true,
    -1,
    1.5,
    1e308,
    [],
    {},
    [1, 2, 3],
    { $gt: '' },
    'maybe',
    'x'.repeat(r.pick([100, 10_000])),
  ])

const send = API_OPERATIONS.find((op) => op.id === 'sendMessage')!

/** A path segment as a client would send it; a lone surrogate as the bytes a client might send. */
function segment(value: string) {
  try {
    return encodeURIComponent(value)
  } catch {
    return '%ED%A0%80'
  }
}

function fill(operation: ApiOperation, r: Random, ids?: string) {
  return operation.path.replace(/\{(\w+)\}/g, () =>
    segment(ids ?? r.pick(['nope', ...foreignIds, 'x'.repeat(200)])),
  )
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` })
const json = (value: unknown) => ({
  headers: { ...auth(tokens.all), 'content-type': 'application/json' },
  body: JSON.stringify(value),
})

/** A valid send body with exactly one thing wrong. */
function badSendBody(r: Random): Record<string, unknown> {
  const base: Record<string, unknown> = { number: uniquePhone(), body: 'fuzz' }
  switch (r.int(14)) {
    case 0:
      return { ...base, number: wrongValues(r) }
    case 1:
      return { ...base, number: r.pick(['abc', '123', '+', '0000', '9'.repeat(30), '']) }
    case 2:
      return { number: base.number, body: r.pick(['', '   ', undefined]) }
    case 3:
      return { ...base, body: r.pick([null, 1, [], {}, true, 'x'.repeat(4097)]) }
    case 4:
      return {
        ...base,
        [r.pick(['closeTicket', 'noRegister', 'sendSignature'])]: r.pick(['maybe', 2, [], {}]),
      }
    case 5:
      return {
        ...base,
        [r.pick(['userId', 'queueId', 'connectionId', 'whatsappId'])]: r.pick([
          'nope',
          ...foreignIds,
        ]),
      }
    case 6:
      return {
        ...base,
        [r.pick(['userId', 'queueId', 'connectionId'])]: r.pick([{}, [], true, 'x'.repeat(65)]),
      }
    case 7:
      return { ...base, quotedMsg: r.pick(['nope', inB.messageId, { id: {} }, { x: 1 }, 5]) }
    case 8:
      return {
        ...base,
        scheduleAt: r.pick(['2020-01-01T00:00:00Z', 'amanhã', '2099-13-45T99:99:99Z', 1, '']),
      }
    case 9:
      return { ...base, idempotencyKey: r.pick(['', 'k'.repeat(129), 7, {}]) }
    case 10:
      return { ...base, idempotencyKey: usedKey }
    case 11:
      return { ...base, number: `5511987${String(r.int(100)).padStart(2, '0')}0000` }
    case 12:
      return { ...base, scheduleAt: '2099-01-01T00:00:00Z', quotedMsg: 'x' }
    default:
      return Object.fromEntries(
        Array.from({ length: r.pick([1, 50, 2000]) }, (_, i) => [`f${i}`, garbageStrings(r)]),
      )
  }
}

function badFiles(r: Random): FormData {
  const form = new FormData()
  form.append('number', uniquePhone())
  if (r.chance(0.7)) form.append('body', 'fuzz')
  const file = (bytes: Buffer | string, name: string, type: string) =>
    new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type })
  switch (r.int(7)) {
    case 0:
      form.append('medias', file('not an image', 'a.png', 'image/png'))
      break
    case 1:
      form.append(
        'medias',
        file(
          Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]),
          'a.exe',
          'application/octet-stream',
        ),
      )
      break
    case 2:
      form.append('medias', file('', 'empty.txt', 'text/plain'))
      break
    case 3:
      form.append(r.pick(['file', 'media', 'medias[]']), file(PNG, 'a.png', 'image/png'))
      break
    case 4:
      for (let i = 0; i < 11; i++) form.append('medias', file(PNG, `${i}.png`, 'image/png'))
      break
    case 5:
      form.append('medias', file(PNG, 'a.png', 'image/png'))
      form.append('medias', file('<html></html>', 'v.mp4', 'video/mp4'))
      break
    default:
      form.set('number', r.pick(['abc', '', '0000']))
      form.append('medias', file(PNG, 'a.png', 'image/png'))
  }
  return form
}

function generate(r: Random, operation: ApiOperation): Fuzz {
  const hasParams = operation.path.includes('{')
  const base = { method: operation.method, path: fill(operation, r) }
  const withBody = (headers: Record<string, string>) =>
    operation.body ? { ...headers, 'content-type': 'application/json' } : headers
  const kinds = ['noToken', 'badToken', 'revoked', 'scope', 'method']
  if (hasParams) kinds.push('foreign', 'badPath')
  if (operation.query) kinds.push('badQuery')
  if (operation.body) kinds.push('badJson', 'notObject', 'contentType', 'wrongTypes')
  if (operation === send)
    kinds.push('sendBody', 'sendBody', 'sendBody', 'files', 'files', 'multipart', 'huge')
  const kind = r.pick(kinds)
  switch (kind) {
    case 'noToken':
      return { kind, ...base, headers: {} }
    case 'badToken':
      return {
        kind,
        ...base,
        headers: {
          authorization: r.pick([
            'Bearer',
            'Bearer ',
            `Bearer ${crypto.randomBytes(24).toString('base64url')}`,
            `Basic ${tokens.all}`,
            `Bearer ${'x'.repeat(5000)}`,
            `Bearer ${tokens.all}x`,
            tokens.all,
          ]),
        },
      }
    case 'revoked':
      return { kind, ...base, headers: auth(tokens.revoked) }
    case 'scope':
      return {
        kind,
        ...base,
        headers: auth(operation.scope === 'read' ? tokens.send : tokens.read),
      }
    case 'method': {
      // A method no operation of this path takes.
      const taken = API_OPERATIONS.filter((op) => op.path === operation.path).map((op) => op.method)
      const method = r.pick(
        ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !taken.includes(m as never)),
      )
      return {
        kind,
        ...base,
        method,
        headers: { ...auth(tokens.all), 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      }
    }
    case 'foreign':
      // Ids of company B with A's token: never found, whatever the body.
      return {
        kind,
        ...base,
        path: fill(operation, r, r.pick(foreignIds)),
        headers: withBody(auth(tokens.all)),
        body: operation.body ? '{}' : undefined,
      }
    case 'badPath':
      return {
        kind,
        ...base,
        path: fill(operation, r, garbageStrings(r) || 'x'),
        headers: withBody(auth(tokens.all)),
        body: operation.body ? '{}' : undefined,
      }
    case 'badQuery': {
      const keys = Object.keys(operation.query!.shape)
      for (let attempt = 0; attempt < 20; attempt++) {
        const query: Record<string, string> = {}
        for (const key of keys)
          if (r.chance(0.6)) query[key] = String(r.pick([-1, 'abc', 1e15, '💥', 'x'.repeat(300)]))
        if (operation.query!.safeParse(query).success) continue
        return {
          kind,
          ...base,
          path: `${hasParams ? fill(operation, r, 'nope') : base.path}?${new URLSearchParams(query)}`,
          headers: withBody(auth(tokens.all)),
          body: operation.body ? '{' : undefined,
        }
      }
      return { kind: 'noToken', ...base, headers: {} }
    }
    case 'badJson':
      return {
        kind,
        ...base,
        ...json(null),
        body: r.pick([
          '{',
          '{"number":',
          '{"a":1,}',
          "{'a':1}",
          'undefined',
          '\u0000',
          '{"a":"\\x"}',
        ]),
      }
    case 'notObject':
      return {
        kind,
        ...base,
        ...json(null),
        body: r.pick(['null', '[]', '1', '"x"', 'true', JSON.stringify([{ number: '1' }])]),
      }
    case 'contentType':
      return {
        kind,
        ...base,
        headers: {
          ...auth(tokens.all),
          'content-type': r.pick([
            'text/plain',
            'application/xml',
            'image/png',
            'application/octet-stream',
            'multipart/form-data',
          ]),
        },
        body: 'number=1&body=x',
      }
    case 'wrongTypes': {
      const keys = Object.keys(operation.body!.shape)
      const value = Object.fromEntries(keys.map((key) => [key, wrongValues(r)]))
      if (operation.body!.safeParse(value).success) return { kind: 'noToken', ...base, headers: {} }
      return {
        kind,
        ...base,
        path: hasParams ? fill(operation, r, 'nope') : base.path,
        ...json(value),
      }
    }
    case 'sendBody':
      return { kind, ...base, ...json(badSendBody(r)) }
    case 'files':
      // fetch writes the multipart body and its boundary.
      return { kind, ...base, headers: auth(tokens.all), body: badFiles(r) }
    case 'multipart':
      return {
        kind,
        ...base,
        headers: {
          ...auth(tokens.all),
          'content-type': r.pick([
            'multipart/form-data',
            'multipart/form-data; boundary=',
            'multipart/form-data; boundary=zz',
          ]),
        },
        body: r.pick([
          '--zz\r\nContent-Disposition: form-data\r\n\r\nx',
          'garbage',
          '--zz--',
          '--zz\r\nContent-Disposition: form-data; name="number"\r\n\r\n1',
        ]),
      }
    default: {
      // huge: a body over the edge's 1 MB cap, or huge field values under it.
      const big = r.chance(0.5)
      return {
        kind,
        ...base,
        ...json(
          big
            ? { number: uniquePhone(), body: 'x'.repeat(1_100_000) }
            : { number: '5'.repeat(100_000), body: 'y'.repeat(200_000) },
        ),
      }
    }
  }
}

test(
  `${REQUESTS} bad requests to the API: all 4xx in the API's error shape, none 500, nothing written`,
  { timeout: 120_000 },
  async () => {
    const r = seeded(13)
    const operations = API_OPERATIONS
    expect(operations.length).toBeGreaterThanOrEqual(3)
    const cases = Array.from({ length: REQUESTS }, () =>
      generate(r, r.chance(0.4) ? send : r.pick(operations)),
    )
    const before = snapshot()
    const results: Array<{ fuzz: Fuzz; status: number; code?: string }> = []
    await pool(cases, 8, async (fuzz) => {
      // The limits are tested elsewhere; here every request reaches the checks behind them.
      credentialLimiter.reset()
      failedAuthLimiter.reset()
      const response = await fetch(`${server.url}${fuzz.path}`, {
        method: fuzz.method,
        headers: fuzz.headers,
        body: fuzz.body,
      })
      const text = await response.text()
      let code: string | undefined
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code
      } catch {
        code = undefined
      }
      results.push({ fuzz, status: response.status, code })
    })
    const wrong = results.filter(
      ({ status, code }) =>
        status < 400 ||
        status >= 500 ||
        !code ||
        API_ERROR_STATUS[code as keyof typeof API_ERROR_STATUS] !== status,
    )
    expect(
      wrong.slice(0, 5).map(({ fuzz, status, code }) => ({
        kind: fuzz.kind,
        method: fuzz.method,
        path: fuzz.path.slice(0, 120),
        status,
        code,
      })),
    ).toEqual([])
    expect(results).toHaveLength(REQUESTS)
    expect(changes(before, snapshot())).toEqual([])
    // The fuzz reached every kind of refusal, not only the token check.
    const codes = new Set(results.map((result) => result.code))
    for (const code of [
      'unauthorized',
      'token_revoked',
      'missing_scope',
      'method_not_allowed',
      'validation_error',
      'not_found',
      'unsupported_media_type',
      'payload_too_large',
      'not_on_whatsapp',
      'idempotency_conflict',
    ])
      expect(codes, code).toContain(code)
  },
)

test(
  'the edge: a bearer request gets a session’s body caps, and its refusals are in the API’s shape',
  { timeout: 60_000 },
  async () => {
    const send = (body: BodyInit, headers: Record<string, string>) =>
      fetch(`${server.url}/api/messages/send`, { method: 'POST', headers, body })
    // 200 KB of JSON: past the anonymous cap (64 KB), read with a token (then refused by the schema).
    const big = JSON.stringify({ number: uniquePhone(), body: 'x'.repeat(200_000) })
    const withToken = await send(big, { ...auth(tokens.all), 'content-type': 'application/json' })
    expect(withToken.status).toBe(400)
    expect(((await withToken.json()) as { error: { fields: object } }).error.fields).toHaveProperty(
      'body',
    )
    // Files past the route's cap (16 MB + 1 MB) in all: 413 before the body is read.
    const form = new FormData()
    form.append('number', uniquePhone())
    for (let i = 0; i < 2; i++)
      form.append('medias', new File([new Uint8Array(9 * 1024 * 1024)], `${i}.bin`))
    const tooBig = await send(form, auth(tokens.all))
    expect(tooBig.status).toBe(413)
    expect(await tooBig.json()).toMatchObject({ error: { code: 'payload_too_large' } })
    // Another content type: the edge's 415, in the API's shape.
    const xml = await send('<a/>', { ...auth(tokens.all), 'content-type': 'application/xml' })
    expect(xml.status).toBe(415)
    expect(await xml.json()).toMatchObject({ error: { code: 'unsupported_media_type' } })
  },
)
