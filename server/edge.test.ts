import http from 'node:http'
import { afterEach, describe, expect, test } from 'vitest'
import { createSession } from '#app/domain/auth/auth.server.ts'
import * as loginRoute from '#app/routes/_auth+/login.tsx'
import * as preferencesRoute from '#app/routes/resources+/preferences.ts'
import { db } from '#app/utils/db.server.ts'
import { commitSessionId } from '#app/utils/session.server.ts'
import { createCompany, createUser } from '#tests/db-utils.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'
import { ANONYMOUS_BODY_BYTES, FORM_BODY_BYTES, UPLOAD_MARGIN_BYTES } from './body-limit.ts'
import { listen, testBuild } from './testing.ts'

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string }

/**
 * One HTTP request to the test server. `body` is sent whole with its Content-Length; `chunked`
 * streams that many bytes without one; `declare` sends a Content-Length but only the first KB.
 */
function send(
  url: string,
  options: {
    method?: string
    headers?: Record<string, string>
    body?: string | Buffer
    chunked?: number
    declare?: number
    /** The request target exactly as sent (`url` gives the host): no dot segments resolved. */
    target?: string
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.body !== undefined)
      headers['content-length'] = String(Buffer.byteLength(options.body))
    if (options.declare !== undefined) headers['content-length'] = String(options.declare)
    const target = options.target === undefined ? {} : { path: options.target }
    const request = http.request(
      url,
      { method: options.method ?? 'POST', headers, ...target },
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body }),
        )
        response.on('error', reject)
      },
    )
    let answered = false
    request.on('response', () => (answered = true))
    // The server may close the connection while we still write (that is the point): the answer
    // has been read by then.
    request.on('error', (error) => {
      if (!answered) reject(error)
    })
    if (options.body !== undefined) return void request.end(options.body)
    if (options.declare !== undefined) return void request.write(Buffer.alloc(1024, 'a'))
    if (options.chunked !== undefined) {
      let left = options.chunked
      const chunk = Buffer.alloc(64 * 1024, 'a')
      const pump = () => {
        while (left > 0 && !answered && !request.destroyed) {
          const size = Math.min(left, chunk.length)
          left -= size
          if (!request.write(chunk.subarray(0, size))) return void request.once('drain', pump)
        }
        if (!answered && !request.destroyed) request.end()
      }
      return pump()
    }
    request.end()
  })
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' }

async function sessionCookie() {
  const company = createCompany(db)
  const user = await createUser(db, { companyId: company.id, role: 'admin' })
  const session = createSession(db, user)
  return (await commitSessionId(session.sessionId, session.expiresAt)).split(';')[0]!
}

/** Stub routes record and answer what the edge handed them: the rate-limit flag, the bytes read. */
const calls: Array<{ routeId: string; rateLimited: boolean; bytes: number }> = []
const build = await testBuild(
  {
    // The whole page module: with its `default` Remix runs it as the page it is (testBuild).
    'routes/_auth+/login': { ...loginRoute },
    'routes/resources+/preferences': { action: preferencesRoute.action },
  },
  (routeId) => ({
    action: async ({ request, context }) => {
      const call = {
        routeId,
        rateLimited: Boolean(context.rateLimited),
        bytes: (await request.arrayBuffer()).byteLength,
      }
      calls.push(call)
      return Response.json(call)
    },
    loader: () => Response.json({ routeId }),
  }),
)

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})
async function server(options: Parameters<typeof listen>[1] = {}) {
  const started = await listen(build, options)
  close = started.close
  return started.url
}

// The real login page runs here; the test build answers its document as JSON (the page's data,
// with the page's status), so "refused" is the form error and no session.
describe('credential rate limit, keyed on the route Remix runs', () => {
  const variants = ['/login', '/login/', '/LOGIN', '/login.data', '/login?index', '/%6Cogin']

  for (const variant of variants) {
    test(`10 wrong passwords through ${variant}, then the right one is refused too`, async () => {
      const url = await server()
      const company = createCompany(db)
      const user = await createUser(db, { companyId: company.id })
      for (let i = 0; i < 10; i++) {
        const wrong = await send(`${url}${variant}`, {
          headers: urlencoded,
          body: form({ email: user.email, password: `wrong-${i}` }),
        })
        expect(wrong.headers['set-cookie'] ?? []).not.toContainEqual(
          expect.stringMatching(/^balcao_session=[^;]/),
        )
        expect(wrong.body).not.toContain('auth.tooMany')
      }
      const right = await send(`${url}${variant}`, {
        headers: urlencoded,
        body: form({ email: user.email, password: user.password }),
      })
      expect(right.body).toContain('auth.tooMany')
      expect(right.headers['set-cookie'] ?? []).not.toContainEqual(
        expect.stringMatching(/^balcao_session=[^;]/),
      )
    })
  }

  test('the variants share one bucket per client', async () => {
    const url = await server()
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id })
    for (let i = 0; i < 10; i++) {
      await send(`${url}${variants[i % variants.length]}`, {
        headers: urlencoded,
        body: form({ email: user.email, password: 'wrong' }),
      })
    }
    const right = await send(`${url}/Login/`, {
      headers: urlencoded,
      body: form({ email: user.email, password: user.password }),
    })
    expect(right.body).toContain('auth.tooMany')
  })

  test('setup and profile writes are counted by route too; other writes are not', async () => {
    for (const [route, paths] of [
      ['routes/_auth+/setup', ['/setup', '/SETUP/', '/setup.data', '/setup?index']],
      ['routes/_app+/profile', ['/profile', '/Profile/', '/profile.data', '/profile?index']],
      ['routes/_app+/tags.new', ['/tags/new', '/TAGS/new/', '/tags/new.data']],
    ] as const) {
      const url = await server()
      calls.length = 0
      for (let i = 0; i < 12; i++) {
        await send(`${url}${paths[i % paths.length]}`, {
          headers: urlencoded,
          body: form({ x: '1' }),
        })
      }
      await close?.()
      close = undefined
      const flags = calls.filter((call) => call.routeId === route).map((call) => call.rateLimited)
      expect(flags).toHaveLength(12)
      const limited = route !== 'routes/_app+/tags.new'
      expect(flags).toEqual([...Array(10).fill(false), limited, limited])
    }
  })
})

describe('the limiter is not skipped by a path that resolves elsewhere', () => {
  for (const target of ['/assets/../login', '/assets/%2e%2e/login', '/assets/%2E%2E/LOGIN/']) {
    test(`POST ${target} counts in the login bucket`, async () => {
      const url = await server()
      const company = createCompany(db)
      const user = await createUser(db, { companyId: company.id })
      for (let i = 0; i < 10; i++) {
        const wrong = await send(url, {
          target,
          headers: urlencoded,
          body: form({ email: user.email, password: `wrong-${i}` }),
        })
        // The login page itself refused the password (not the edge, not a 404).
        expect(wrong.status).toBe(400)
        expect(wrong.body).toContain('auth.invalid')
      }
      const right = await send(url, {
        target,
        headers: urlencoded,
        body: form({ email: user.email, password: user.password }),
      })
      expect(right.status).toBe(429)
      expect(right.body).toContain('auth.tooMany')
      expect(right.headers['set-cookie'] ?? []).not.toContainEqual(
        expect.stringMatching(/^balcao_session=[^;]/),
      )
    })
  }

  test('reads of /assets/../login are counted as reads (only real static paths are skipped)', async () => {
    const url = await server({ rateLimitFactor: 0.002 }) // 2 reads a minute
    const statuses: number[] = []
    for (let i = 0; i < 3; i++)
      statuses.push((await send(url, { method: 'GET', target: '/assets/../login' })).status)
    expect(statuses.at(-1)).toBe(429)
  })

  test('cross-site login attempts are refused before they spend the shared login budget', async () => {
    const url = await server()
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id })
    for (let i = 0; i < 20; i++) {
      const forged = await send(`${url}/login`, {
        headers: { ...urlencoded, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
        body: form({ email: user.email, password: `wrong-${i}` }),
      })
      expect(forged.status).toBe(403)
    }
    const right = await send(`${url}/login`, {
      headers: { ...urlencoded, origin: url, 'sec-fetch-site': 'same-origin' },
      body: form({ email: user.email, password: user.password }),
    })
    expect(right.status).toBe(302)
    expect(right.headers['set-cookie'] ?? []).toContainEqual(
      expect.stringMatching(/^balcao_session=[^;]/),
    )
  })
})

describe('request targets and _data never crash or pick the policy', () => {
  test('an absolute-form target (POST http://x/login) answers 400, not 500', async () => {
    const url = await server()
    for (const target of ['http://x/login', 'http://127.0.0.1/login', '*']) {
      const answer = await send(url, { target, headers: urlencoded, body: form({ a: '1' }) })
      expect(answer.status, target).toBe(400)
    }
  })

  test('a ?_data= route id not among the matches does not lend its upload limit', async () => {
    const url = await server()
    const cookie = await sessionCookie()
    const answer = await send(`${url}/tags/new?_data=routes/_app%2B/contacts.import.index`, {
      headers: { 'content-type': 'multipart/form-data; boundary=x', cookie },
      declare: 30 * 1024 * 1024,
    })
    expect(answer.status).toBe(413)
  })
})

describe('open redirects through the real routes', () => {
  const evil = '/\t/evil.example/phish'

  test('a real login with redirectTo=/<tab>/evil.example stays on this site', async () => {
    const url = await server()
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id })
    const answer = await send(`${url}/login`, {
      headers: urlencoded,
      body: form({ email: user.email, password: user.password, redirectTo: evil }),
    })
    expect(answer.status).toBe(302)
    expect(answer.headers.location).toBe('/')
  })

  test('a real login with redirectTo=/.//evil.example (dot segments) stays on this site', async () => {
    const url = await server()
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id })
    const answer = await send(`${url}/login?redirectTo=%2F.%2F%2Fevil.example%2Fphish`, {
      headers: urlencoded,
      body: form({
        email: user.email,
        password: user.password,
        redirectTo: '/.//evil.example/phish',
      }),
    })
    expect(answer.status).toBe(302)
    expect(new URL(answer.headers.location!, url).origin).toBe(url)
  })

  test('preferences: redirectTo and fallbackTo, without a login, never leave the site', async () => {
    const url = await server()
    for (const field of ['redirectTo', 'fallbackTo']) {
      for (const to of [evil, '/\\/evil.example', '/tickets\r\n/evil.example']) {
        const answer = await send(`${url}/resources/preferences`, {
          headers: urlencoded,
          body: form({ theme: 'dark', [field]: to }),
        })
        expect(answer.status, `${field}=${JSON.stringify(to)}`).toBe(302)
        const location = new URL(answer.headers.location!, url)
        expect(location.origin).toBe(url)
      }
    }
  })
})

describe('body caps before parsing', () => {
  test('an anonymous 30 MB login answers 413 from its Content-Length, without reading it', async () => {
    const url = await server()
    const answer = await send(`${url}/login`, { headers: urlencoded, declare: 30 * 1024 * 1024 })
    expect(answer.status).toBe(413)
    expect(answer.headers['content-type']).toMatch(/^text\/plain/)
    expect(answer.headers.connection).toBe('close')
  })

  test('a chunked anonymous body is counted and cut at the cap (login, preferences)', async () => {
    const url = await server()
    const login = await send(`${url}/login`, { headers: urlencoded, chunked: 30 * 1024 * 1024 })
    expect(login.status).toBe(413)
    const preferences = await send(`${url}/resources/preferences`, {
      headers: urlencoded,
      chunked: 1024 * 1024,
    })
    expect(preferences.status).toBe(413)
    expect(JSON.parse(preferences.body)).toEqual({ error: expect.any(String) })
  })

  test('anonymous bodies up to 64 KB pass; a forged session cookie counts as none', async () => {
    const url = await server()
    calls.length = 0
    const small = await send(`${url}/tags/new`, {
      headers: urlencoded,
      body: Buffer.alloc(ANONYMOUS_BODY_BYTES, 'a'),
    })
    expect(small.status).toBe(200)
    expect(calls.at(-1)?.bytes).toBe(ANONYMOUS_BODY_BYTES)
    const forged = await send(`${url}/tags/new`, {
      headers: { ...urlencoded, cookie: 'balcao_session=forged' },
      body: Buffer.alloc(ANONYMOUS_BODY_BYTES + 1, 'a'),
    })
    expect(forged.status).toBe(413)
  })

  test('with a session: forms and JSON up to 1 MB, declared or chunked', async () => {
    const url = await server()
    const cookie = await sessionCookie()
    const ok = await send(`${url}/tags/new`, {
      headers: { ...urlencoded, cookie },
      body: Buffer.alloc(FORM_BODY_BYTES, 'a'),
    })
    expect(ok.status).toBe(200)
    for (const body of [
      { body: Buffer.alloc(FORM_BODY_BYTES + 1, 'a') },
      { chunked: 3 * FORM_BODY_BYTES },
    ]) {
      const over = await send(`${url}/tags/new`, { headers: { ...urlencoded, cookie }, ...body })
      expect(over.status).toBe(413)
    }
    const json = await send(`${url}/simulator/api/connections`, {
      headers: { 'content-type': 'application/json', cookie },
      chunked: 3 * FORM_BODY_BYTES,
    })
    expect(json.status).toBe(413)
    expect(JSON.parse(json.body)).toEqual({ error: expect.any(String) })
  })

  test("multipart gets the route's upload limit with a session, 64 KB without", async () => {
    const url = await server()
    const cookie = await sessionCookie()
    const multipart = { 'content-type': 'multipart/form-data; boundary=x', cookie }
    calls.length = 0
    // The composer takes 16 MB files (COMPOSER_MAX_FILE_BYTES) plus the other fields.
    const file = await send(`${url}/resources/tickets/t1/messages`, {
      headers: multipart,
      chunked: 16 * 1024 * 1024,
    })
    expect(file.status).toBe(200)
    expect(calls.at(-1)?.bytes).toBe(16 * 1024 * 1024)
    const declared = await send(`${url}/resources/tickets/t1/messages`, {
      headers: multipart,
      declare: 18 * 1024 * 1024,
    })
    expect(declared.status).toBe(413)
    const streamed = await send(`${url}/resources/tickets/t1/messages`, {
      headers: multipart,
      chunked: 18 * 1024 * 1024,
    })
    expect(streamed.status).toBe(413)
    // An avatar is at most 2 MB, but the profile form reads 10 MB so its field can say so and keep
    // what was typed: a 4 MB avatar reaches the route; past what the route reads, the edge refuses.
    const avatar = await send(`${url}/profile`, { headers: multipart, chunked: 4 * 1024 * 1024 })
    expect(avatar.status).toBe(200)
    expect(calls.at(-1)).toMatchObject({ routeId: 'routes/_app+/profile', bytes: 4 * 1024 * 1024 })
    const hugeAvatar = await send(`${url}/profile`, {
      headers: multipart,
      declare: UPLOAD_READ_BYTES.avatar + UPLOAD_MARGIN_BYTES + 1,
    })
    expect(hugeAvatar.status).toBe(413)
    // A route that takes no files gets the form cap, multipart or not.
    const tags = await send(`${url}/tags/new`, { headers: multipart, declare: 2 * 1024 * 1024 })
    expect(tags.status).toBe(413)
    const anonymous = await send(`${url}/resources/tickets/t1/messages`, {
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      declare: 100 * 1024,
    })
    expect(anonymous.status).toBe(413)
  })
})

describe('cross-site writes', () => {
  const body = form({ name: 'x' })

  test('Sec-Fetch-Site decides when present', async () => {
    const url = await server()
    for (const [site, status] of [
      ['same-origin', 200],
      ['none', 200],
      ['same-site', 403],
      ['cross-site', 403],
    ] as const) {
      const answer = await send(`${url}/tags/new`, {
        headers: { ...urlencoded, 'sec-fetch-site': site, origin: url },
        body,
      })
      expect(answer.status, site).toBe(status)
    }
  })

  test('otherwise Origin must be our own; no header at all passes (curl, servers)', async () => {
    const url = await server()
    const post = (headers: Record<string, string>) =>
      send(`${url}/tags/new`, { headers: { ...urlencoded, ...headers }, body })
    expect((await post({ origin: url })).status).toBe(200)
    expect((await post({})).status).toBe(200)
    expect((await post({ origin: 'http://evil.example' })).status).toBe(403)
    expect((await post({ origin: 'null' })).status).toBe(403)
    expect((await post({ origin: url.replace('127.0.0.1', 'localhost') })).status).toBe(403)
    // Reads are never refused.
    const read = await send(`${url}/tags/new`, {
      method: 'GET',
      headers: { 'sec-fetch-site': 'cross-site', origin: 'http://evil.example' },
    })
    expect(read.status).toBe(200)
  })

  test('a cross-site form to the simulator API is refused even with an admin cookie', async () => {
    const url = await server()
    const cookie = await sessionCookie()
    calls.length = 0
    const answer = await send(`${url}/simulator/api/connections`, {
      headers: {
        ...urlencoded,
        cookie,
        origin: 'http://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body,
    })
    expect(answer.status).toBe(403)
    expect(JSON.parse(answer.body)).toEqual({ error: expect.any(String) })
    expect(calls).toEqual([])
  })

  test('behind a trusted proxy the forwarded scheme and host are our origin', async () => {
    const headers = {
      ...urlencoded,
      origin: 'https://balcao.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'balcao.example',
    }
    const trusted = await server({ trustProxy: 1 })
    expect((await send(`${trusted}/tags/new`, { headers, body })).status).toBe(200)
    await close?.()
    close = undefined
    // Without TRUST_PROXY the forwarded headers are anyone's to forge: they are ignored.
    const direct = await server()
    expect((await send(`${direct}/tags/new`, { headers, body })).status).toBe(403)
  })
})

describe('the JSON APIs take JSON', () => {
  test('urlencoded or text answers 415 before the route runs; JSON and documented multipart pass', async () => {
    const url = await server()
    const cookie = await sessionCookie()
    calls.length = 0
    for (const [path, type, status] of [
      ['/simulator/api/connections', 'application/x-www-form-urlencoded', 415],
      ['/simulator/api/connections', 'text/plain', 415],
      ['/simulator/api/connections', 'multipart/form-data; boundary=x', 415],
      ['/simulator/api/read', 'application/x-www-form-urlencoded', 415],
      ['/simulator/api/messages', 'application/x-www-form-urlencoded', 415],
      ['/simulator/api/connections', 'application/json', 200],
      ['/simulator/api/connections', 'Application/JSON; charset=utf-8', 200],
      ['/simulator/api/messages', 'multipart/form-data; boundary=x', 200],
    ] as const) {
      const answer = await send(`${url}${path}`, {
        headers: { 'content-type': type, cookie },
        body: '{}',
      })
      expect(answer.status, `${path} ${type}`).toBe(status)
      if (status === 415) expect(JSON.parse(answer.body)).toEqual({ error: expect.any(String) })
    }
    expect(calls).toHaveLength(3)
    // Without a body there is nothing to type (POST /simulator/api/connections names itself).
    expect((await send(`${url}/simulator/api/connections`, { headers: { cookie } })).status).toBe(
      200,
    )
  })
})
