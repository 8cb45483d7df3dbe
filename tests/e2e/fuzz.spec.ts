/**
 * Bad input answers 4xx, never 500 (issue 11, STYLE rule 25). Every route and method of the route
 * manifest, as a visitor, an agent of one queue and an admin, with generated bad bodies, headers
 * and ids, against the real server (server.ts with all its middleware). Every answer must be 2xx,
 * 3xx or 4xx, and the rows each caller must not touch hash the same before and after.
 */
import fs from 'node:fs'
import path from 'node:path'
import { type APIRequestContext } from '@playwright/test'
import { eq } from 'drizzle-orm'
import { db } from '#app/utils/db.server.ts'
import { messages } from '#db/schema/tickets.ts'
import {
  agentScope,
  checksums,
  intentLiteralsIn,
  makeWorld,
  type ManifestRoute,
  pool,
  type Random,
  routeManifest,
  seeded,
  TICKET_COMMANDS,
  unknownId,
  type World,
} from '../fuzz-world.ts'
import { expect, test } from '../playwright-utils.ts'

const SEED = 0x0ba1ca0
/** Requests in flight at once: enough to overlap, little enough for a busy 2-core machine. */
const CONCURRENCY = 8

// Values a form field may carry: ids are added per world; these are the junk.
const JUNK = [
  '',
  ' ',
  'x',
  '-1',
  '0',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '{"a":',
  '../../../etc/passwd',
  '%00',
  '\u0000',
  'a\r\nLocation: //evil.example',
  '/ok\r\nSet-Cookie: x=1',
  '//evil.example',
  '/\\evil.example',
  '/😀',
  '😀'.repeat(40),
  "'; drop table users; --",
  '<script>alert(1)</script>',
  'A'.repeat(5000),
  '2024-13-45T25:61',
  '99999999999999999999',
  'ção é ü',
]
const FIELDS = [
  'intent',
  'id',
  'ticketId',
  'contactId',
  'userId',
  'queueId',
  'connectionId',
  'tagId',
  'stageId',
  'messageId',
  'scheduleId',
  'importId',
  'companyId',
  'text',
  'name',
  'phone',
  'from',
  'email',
  'redirectTo',
  'fallbackTo',
  'theme',
  'language',
  'note',
  'farewell',
  'presence',
  'observations',
  'quotedId',
  'private',
  'voice',
  'color',
  'shortcut',
  'message',
  'sendAt',
  'recurrence',
  'cursor',
  'position',
  'tagIds',
  'queueIds',
  'role',
  'body',
  'before',
  'after',
  'value',
]
const QUERY = [
  'cursor',
  'before',
  'q',
  'search',
  'status',
  'queue',
  'connection',
  'phone',
  'tag',
  'tagId',
  'start',
  'end',
  'view',
  'redirectTo',
  'index',
  'page',
  'contactId',
  'source',
  'sort',
]
const FILE_NAMES = [
  'a;b.pdf',
  'a=b.pdf',
  'name="x"; filename=y.pdf',
  'aspas "duplas".pdf',
  "it's.png",
  'linha\r\nquebrada.pdf',
  'relatório – ação 😀.pdf',
  '..\\..\\windows.ini',
  '../../etc/passwd',
  '',
  'x'.repeat(300),
]
/** Intent literals the route files compare against, so bodies reach past the first `if`. */
function intentsOfTheApp() {
  const found = new Set<string>()
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (/\.tsx?$/.test(entry.name))
        for (const literal of intentLiteralsIn(fs.readFileSync(file, 'utf8'))) found.add(literal)
    }
  }
  walk(path.resolve('app/routes'))
  return [...found].sort()
}

type Role = 'anonymous' | 'agent' | 'admin'
type Call = {
  role: Role
  method: string
  url: string
  headers: Record<string, string>
  body?: Buffer | string
  label: string
}

function idPool(world: World) {
  const byParam: Record<string, string[]> = {}
  for (const company of [world.A, world.B])
    for (const [name, ids] of Object.entries(company.ids)) (byParam[name] ??= []).push(...ids)
  return byParam
}

/** A value for a `:param` of a URL: a real id of either company, an unknown id or junk. */
function paramValue(rand: Random, name: string, ids: Record<string, string[]>) {
  if (name === 'command' && rand.chance(0.8)) return rand.pick(TICKET_COMMANDS)
  const real = ids[name] ?? []
  const roll = rand.next()
  if (real.length && roll < 0.6) return rand.pick(real)
  if (roll < 0.75) return unknownId()
  return encodeURIComponent(rand.pick(JUNK).slice(0, 300)) || 'x'
}

function fieldValue(rand: Random, ids: string[], intents: string[], field: string) {
  if (field === 'intent' && rand.chance(0.7)) return rand.pick(intents)
  if (rand.chance(0.45)) return rand.pick(ids)
  return rand.pick(JUNK)
}

function multipart(
  rand: Random,
  fields: [string, string][],
  file?: { field: string; name: string },
) {
  const boundary = `----fuzz${rand.int(1e9)}`
  const quote = (value: string) =>
    value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
  const parts: Buffer[] = []
  for (const [name, value] of fields)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
      ),
    )
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${quote(file.name)}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 fuzz\r\n`,
      ),
    )
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` }
}

const BROKEN_MULTIPART: ((b: string) => string)[] = [
  (b) => `--${b}\r\nContent-Disposition: form-data; name="text"\r\n\r\nno end`,
  (b) => `--${b}\r\nno-colon-header\r\n\r\nx\r\n--${b}--\r\n`,
  (b) => `--${b}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${b}--\r\n`,
  (b) =>
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a;b=c"d.pdf"\r\n\r\nx\r\n--${b}--\r\n`,
  (b) =>
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''%E0%A4%A.pdf\r\n\r\nx\r\n--${b}--\r\n`,
  (b) => `--${b}\r\nContent-Disposition: form-data; name="\xff\xfe"\r\n\r\n\xff\r\n--${b}--\r\n`,
  () => `no boundary here at all`,
  (b) => `--${b}`,
  (b) => `--${b}X\r\n\r\n`,
]

/** One request's body and content type, cycling through every kind of bad input. */
function makeBody(rand: Random, kind: number, ids: string[], intents: string[]) {
  const fields = (): [string, string][] =>
    Array.from({ length: 1 + rand.int(5) }, () => {
      const field = rand.pick(FIELDS)
      return [field, fieldValue(rand, ids, intents, field)] as [string, string]
    })
  const urlencoded = (pairs: [string, string][]) => ({
    body: new URLSearchParams(pairs).toString(),
    type: 'application/x-www-form-urlencoded',
  })
  switch (kind % 11) {
    case 0:
    case 1:
      return { ...urlencoded(fields()), label: 'form' }
    case 2:
      return {
        ...multipart(rand, fields(), {
          field: rand.pick(['file', 'media', 'avatar']),
          name: rand.pick(FILE_NAMES),
        }),
        label: 'multipart+file',
      }
    case 3: {
      const boundary = `fuzz${rand.int(1e6)}`
      return {
        body: Buffer.from(rand.pick(BROKEN_MULTIPART)(boundary), 'latin1'),
        type: rand.pick([
          `multipart/form-data; boundary=${boundary}`,
          'multipart/form-data',
          `multipart/form-data; boundary="${boundary}"; charset=utf-8`,
          `multipart/mixed; boundary=${boundary}`,
        ]),
        label: 'broken multipart',
      }
    }
    case 4:
      return {
        body: rand.pick([
          JSON.stringify(Object.fromEntries(fields())),
          '{"connectionId":',
          '[1,2,3]',
          'null',
          '"text"',
          JSON.stringify({
            connectionId: rand.pick(ids),
            from: rand.pick(JUNK),
            text: rand.pick(JUNK),
          }),
        ]),
        type: rand.pick(['application/json', 'application/json; charset=utf-8', 'text/json']),
        label: 'json',
      }
    case 5:
      return {
        body: urlencoded(fields()).body,
        type: rand.pick([
          'text/plain',
          'application/xml',
          'application/octet-stream',
          'image/png',
          ';;;',
          'x/y; boundary=',
        ]),
        label: 'wrong type',
      }
    case 6:
      return { body: urlencoded(fields()).body, type: undefined, label: 'no type' }
    case 7:
      return { body: undefined, type: undefined, label: 'empty' }
    case 8:
      return {
        ...urlencoded([...fields(), [rand.pick(FIELDS), 'z'.repeat(100_000)]]),
        label: 'huge field',
      }
    case 9:
      return {
        body: Buffer.from([0xff, 0xfe, 0x00, 0x25, 0x80, 0x3d, 0x26, 0x3d]),
        type: 'application/x-www-form-urlencoded',
        label: 'binary form',
      }
    default:
      return {
        ...multipart(rand, fields()),
        label: 'multipart',
      }
  }
}

function buildCalls(world: World, routes: ManifestRoute[], baseURL: string) {
  const rand = seeded(SEED)
  const intents = intentsOfTheApp()
  const ids = idPool(world)
  const allIds = Object.values(ids).flat()
  const calls: Call[] = []
  let bodyKind = 0
  for (const role of ['anonymous', 'agent', 'admin'] as const) {
    for (const route of routes) {
      // The live stream never ends by itself (GET, HEAD and OPTIONS reach its loader): with a
      // session only its writes are fuzzed; its reads have their own tests.
      const streams = route.path === '/events' && role !== 'anonymous'
      const methods: string[] = streams ? [] : ['GET', 'GET']
      for (let i = 0; i < (route.hasAction ? 4 : 1); i++) methods.push('POST')
      methods.push(
        rand.pick(
          streams ? ['PUT', 'PATCH', 'DELETE'] : ['PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
        ),
      )
      for (const method of methods) {
        // Logging out would end the session the rest of the run uses.
        if (role !== 'anonymous' && route.path === '/logout') continue
        let url = route.path
          .replace(/:(\w+)/g, (_, name: string) => paramValue(rand, name, ids))
          .replace('*', () => encodeURIComponent(rand.pick(JUNK)) || 'x')
        if (!route.resource && rand.chance(0.3))
          url = `${url === '/' ? '/_root' : url.replace(/\/$/, '')}.data`
        const query = new URLSearchParams()
        if (route.index && method !== 'GET') query.set('index', '')
        if (rand.chance(method === 'GET' ? 0.8 : 0.3))
          for (let i = 0, n = 1 + rand.int(3); i < n; i++)
            query.set(
              rand.pick(QUERY),
              rand.chance(0.5) ? rand.pick(allIds) : rand.pick(JUNK).slice(0, 200),
            )
        const search = query.toString()
        const headers: Record<string, string> = {}
        if (rand.chance(0.2))
          headers['accept-language'] = rand.pick(['xx', 'en', '*', 'pt-BR;q=abc'])
        if (rand.chance(0.1))
          headers.range = rand.pick(['bytes=5-1', 'bytes=-0', 'bytes=abc', 'bytes=0-'])
        // Header values are bytes a client can send: printable ASCII junk.
        if (rand.chance(0.05))
          headers['last-event-id'] = rand
            .pick(JUNK)
            .replace(/[^\x20-\x7e]/g, '?')
            .slice(0, 200)
        let body: Buffer | string | undefined
        let label = method
        if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
          // Same-origin, as the browser sends; now and then a cross-origin or no Origin at all.
          const origin = rand.next()
          if (origin < 0.85) headers.origin = baseURL
          else if (origin < 0.95) headers.origin = 'https://evil.example'
          const made = makeBody(rand, bodyKind++, allIds, intents)
          body = made.body
          if (made.type) headers['content-type'] = made.type
          label = `${method} ${made.label}`
        }
        calls.push({ role, method, url: search ? `${url}?${search}` : url, headers, body, label })
      }
    }
  }
  return calls
}

async function send(api: APIRequestContext, cookie: string | undefined, call: Call) {
  const response = await api.fetch(call.url, {
    method: call.method,
    headers: { ...call.headers, ...(cookie ? { cookie } : {}) },
    data: call.body,
    maxRedirects: 0,
    failOnStatusCode: false,
    timeout: 60_000,
  })
  const status = response.status()
  const text = status >= 500 ? (await response.text()).slice(0, 300) : ''
  await response.dispose()
  return { status, text }
}

test('every route and method answers 2xx/3xx/4xx to bad input, and touches only what it may', async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(300_000)
  const world = await makeWorld('fuzz')
  const routes = routeManifest()
  expect(routes.length).toBeGreaterThan(40)
  const calls = buildCalls(world, routes, baseURL!)
  expect(calls.length).toBeGreaterThanOrEqual(1000)

  const api = await playwright.request.newContext({ baseURL })
  const cookies: Record<Role, string | undefined> = {
    anonymous: undefined,
    agent: world.A.cookies.agentX,
    admin: world.A.cookies.admin,
  }
  const failures: string[] = []
  const statuses = new Map<number, number>()
  const phase = async (role: Role) => {
    await pool(
      calls.filter((call) => call.role === role),
      CONCURRENCY,
      async (call) => {
        const { status, text } = await send(api, cookies[role], call)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if (status >= 500) failures.push(`${status} ${role} ${call.label} ${call.url} ${text}`)
      },
    )
  }

  const bothBefore = {
    A: checksums({ companyId: world.A.company.id }),
    B: checksums({ companyId: world.B.company.id }),
  }
  // A visitor changes nothing anywhere.
  await phase('anonymous')
  expect(checksums({ companyId: world.A.company.id }), 'company A after the visitor').toEqual(
    bothBefore.A,
  )
  expect(checksums({ companyId: world.B.company.id }), 'company B after the visitor').toEqual(
    bothBefore.B,
  )

  // An agent of queue X: no admin data, nothing of queue Y, nothing of company B.
  const agentBefore = checksums(agentScope(world.A))
  await phase('agent')
  expect(
    checksums(agentScope(world.A)),
    'company A (admin data, queue Y) after its agent X',
  ).toEqual(agentBefore)
  expect(checksums({ companyId: world.B.company.id }), 'company B after A’s agent').toEqual(
    bothBefore.B,
  )

  // A's admin may change A; never B.
  await phase('admin')
  expect(checksums({ companyId: world.B.company.id }), 'company B after A’s admin').toEqual(
    bothBefore.B,
  )
  await api.dispose()

  console.log(
    `fuzz: ${calls.length} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
  )
  expect(failures, 'answers of 500 and above').toEqual([])
})

test('a file name is data: one with ; = and quotes uploads and downloads intact', async ({
  playwright,
  baseURL,
}) => {
  const world = await makeWorld('file-name')
  const api = await playwright.request.newContext({ baseURL })
  const ticketId = world.A.ticketX.ticketId
  for (const name of ['a;b.pdf', 'preço=10; "final".pdf', 'ação 😀;x=1.pdf']) {
    const sent = await api.post(`/resources/tickets/${ticketId}/messages`, {
      headers: { cookie: world.A.cookies.admin, origin: baseURL! },
      multipart: {
        text: '',
        file: { name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 teste') },
      },
    })
    expect(sent.status(), await sent.text()).toBe(200)
    const { messageId } = (await sent.json()) as { messageId: string }
    const stored = db.select().from(messages).where(eq(messages.id, messageId)).get()
    expect(stored?.mediaName).toBe(name)
    const file = await api.get(`/resources/media/${messageId}`, {
      headers: { cookie: world.A.cookies.admin },
    })
    expect(file.status()).toBe(200)
    const disposition = file.headers()['content-disposition'] ?? ''
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? ''
    expect(decodeURIComponent(encoded)).toBe(name)
    expect((await file.body()).toString()).toBe('%PDF-1.4 teste')
  }
  await api.dispose()
})
