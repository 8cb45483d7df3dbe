import { beforeEach, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { apiId, defineOperation } from '#app/domain/api/contract.ts'
import { credentialLimiter, failedAuthLimiter } from '#app/domain/api/rate-limit.server.ts'
import { createApiToken, revokeApiToken } from '#app/domain/api/tokens.server.ts'
import { systemActor } from '#app/domain/actor.ts'
import { notFound } from '#app/domain/errors.ts'
import { db } from '#app/utils/db.server.ts'
import { consoleError } from '#tests/setup/setup-test-env.ts'
import { createCompany } from '#tests/db-utils.ts'
import { apiRoute } from './__handler.server.ts'

const echo = defineOperation({
  id: 'echo',
  method: 'POST',
  path: '/api/echo/{thingId}',
  scope: 'write',
  tag: 'Test',
  summary: 'Echo',
  params: z.object({ thingId: apiId }),
  query: z.object({ mode: z.enum(['a', 'b']).optional() }),
  body: z.object({ name: z.string().min(1).max(10) }),
  responses: { 200: { description: 'ok' } },
})

const handle = apiRoute(echo, ({ params, query, body, credential }) => {
  if (body.name === 'missing') throw notFound('Thing')
  if (body.name === 'boom') throw new Error('bug')
  return {
    status: 200,
    body: {
      thingId: params.thingId,
      mode: query.mode,
      name: body.name,
      companyId: credential.companyId,
    },
  }
})

const company = createCompany(db)
const actor = systemActor(company.id)
const writer = createApiToken(db, actor, { name: 'w', scopes: ['write'] })
const reader = createApiToken(db, actor, { name: 'r', scopes: ['read'] })

function call(init: {
  token?: string | null
  method?: string
  body?: BodyInit
  type?: string
  query?: string
  ip?: string
}) {
  const headers = new Headers()
  if (init.token !== null) headers.set('authorization', `Bearer ${init.token ?? writer.secret}`)
  if (init.type) headers.set('content-type', init.type)
  const request = new Request(`http://x/api/echo/t1${init.query ?? ''}`, {
    method: init.method ?? 'POST',
    headers,
    body: init.body,
  })
  return handle({
    request,
    params: { thingId: 't1' },
    context: { clientIp: init.ip ?? '10.0.0.1' },
  })
}
const json = (value: unknown) => ({ body: JSON.stringify(value), type: 'application/json' })

beforeEach(() => {
  credentialLimiter.reset()
  failedAuthLimiter.reset()
})

describe('apiRoute', () => {
  test('a valid request reaches the handler with parsed input', async () => {
    const response = await call({ ...json({ name: 'ana' }), query: '?mode=a' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      thingId: 't1',
      mode: 'a',
      name: 'ana',
      companyId: company.id,
    })
  })

  test.each([
    ['no token', { token: null, ...json({ name: 'a' }) }, 401, 'unauthorized'],
    ['unknown token', { token: 'nope', ...json({ name: 'a' }) }, 401, 'unauthorized'],
    ['missing scope', { token: reader.secret, ...json({ name: 'a' }) }, 403, 'missing_scope'],
    ['wrong method', { method: 'GET' }, 405, 'method_not_allowed'],
    ['bad json', { body: '{', type: 'application/json' }, 400, 'validation_error'],
    ['bad field', json({ name: '' }), 400, 'validation_error'],
    ['bad query', { ...json({ name: 'a' }), query: '?mode=z' }, 400, 'validation_error'],
    ['text body', { body: 'hi', type: 'text/plain' }, 415, 'unsupported_media_type'],
    [
      'multipart without files',
      { body: 'x', type: 'multipart/form-data; boundary=b' },
      415,
      'unsupported_media_type',
    ],
    ['domain 404', json({ name: 'missing' }), 404, 'not_found'],
  ] as const)('%s → %i %s', async (_name, init, status, code) => {
    const response = await call(init)
    expect(response.status).toBe(status)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code)
  })

  test('fields name what is wrong', async () => {
    const response = await call({ ...json({ name: 'far too long a name' }), query: '?mode=z' })
    const body = (await response.json()) as { error: { fields: Record<string, string> } }
    expect(Object.keys(body.error.fields)).toEqual(['query.mode'])
  })

  test('a revoked token answers 403 token_revoked', async () => {
    const token = createApiToken(db, actor, { name: 'gone', scopes: ['write'] })
    revokeApiToken(db, actor, token.id)
    const response = await call({ token: token.secret, ...json({ name: 'a' }) })
    expect(response.status).toBe(403)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'token_revoked',
    )
  })

  test('a bug is a logged 500 internal_error', async () => {
    consoleError.mockImplementation(() => {})
    const response = await call(json({ name: 'boom' }))
    expect(response.status).toBe(500)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'internal_error',
    )
  })

  test('per-token limit answers 429 with Retry-After', async () => {
    let limited: Response | undefined
    for (let i = 0; i < 500 && !limited; i++) {
      const response = await call(json({ name: 'a' }))
      if (response.status === 429) limited = response
    }
    expect(limited).toBeDefined()
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })

  test('failed authentications are limited per IP', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 30; i++)
      statuses.push((await call({ token: `bad${i}`, ip: '10.9.9.9' })).status)
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
    // Another address is not affected, and a valid token from the limited one still works.
    expect((await call({ ...json({ name: 'a' }), ip: '10.9.9.8' })).status).toBe(200)
    expect((await call({ ...json({ name: 'a' }), ip: '10.9.9.9' })).status).toBe(200)
  })
})
