import { describe, expect, test } from 'vitest'
import { authenticateApiToken, createApiToken } from '#app/domain/api/tokens.server.ts'
import { createSession } from '#app/domain/auth/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { commitSessionId } from '#app/utils/session.server.ts'
import { createCompany, createUser } from '#tests/db-utils.ts'
import { apiTokens } from '#db/schema/api.ts'
import { action, loader } from './api.tsx'

type Person = Awaited<ReturnType<typeof createUser>>

async function cookieOf(user: Person) {
  const session = createSession(db, user)
  return (await commitSessionId(session.sessionId, session.expiresAt)).split(';')[0]!
}

async function load(user: Person) {
  return loader({
    request: new Request('https://balcao.example.com/admin/api', {
      headers: { cookie: await cookieOf(user) },
    }),
    params: {},
    context: {},
  })
}

async function post(user: Person, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams()
  for (const [name, value] of Object.entries(fields))
    for (const item of [value].flat()) body.append(name, item)
  return action({
    request: new Request('https://balcao.example.com/admin/api', {
      method: 'POST',
      body,
      headers: {
        cookie: await cookieOf(user),
        'content-type': 'application/x-www-form-urlencoded',
      },
    }),
    params: {},
    context: {},
  }).catch((error: unknown) => error)
}

/** `data()` answers (an object with `data` and `init`) and Responses, read the same way. */
function statusOf(answer: unknown) {
  if (answer instanceof Response) return answer.status
  return (answer as { init?: { status?: number } | null }).init?.status ?? 200
}

function dataOf<T>(answer: unknown) {
  return (answer as { data: T }).data
}

const tokenCount = (companyId: string) =>
  db.$client
    .prepare('select count(*) from api_tokens where company_id = ?')
    .pluck()
    .get(companyId) as number

async function twoCompanies() {
  const a = createCompany(db)
  const b = createCompany(db)
  return {
    adminA: await createUser(db, { companyId: a.id, role: 'admin' }),
    agentA: await createUser(db, { companyId: a.id, role: 'agent' }),
    adminB: await createUser(db, { companyId: b.id, role: 'admin' }),
  }
}

describe('Administração › API', () => {
  test('each admin sees only the tokens of their own company; the docs and origin come along', async () => {
    const { adminA, adminB } = await twoCompanies()
    createApiToken(db, adminA.actor, { name: 'n8n de A', scopes: ['send'] })
    createApiToken(db, adminB.actor, { name: 'ERP de B', scopes: ['read'] })

    const pageA = await load(adminA)
    const pageB = await load(adminB)
    expect(pageA.tokens.map((token) => token.name)).toEqual(['n8n de A'])
    expect(pageB.tokens.map((token) => token.name)).toEqual(['ERP de B'])
    expect(JSON.stringify(pageA)).not.toContain('tokenHash')
    expect(pageA.origin).toBe('https://balcao.example.com')
    const operations = pageA.docs.groups.flatMap((group) => group.operations)
    expect(operations.find((operation) => operation.id === 'sendMessage')).toMatchObject({
      method: 'POST',
      path: '/api/messages/send',
    })
  })

  test('an agent is refused the page and its action (403), and nothing is written', async () => {
    const { agentA } = await twoCompanies()
    const denied = await load(agentA).catch((error: unknown) => error)
    expect(denied).toBeInstanceOf(Response)
    expect((denied as Response).status).toBe(403)
    const answer = await post(agentA, { intent: 'create', name: 'x', scopes: 'send' })
    expect(statusOf(answer)).toBe(403)
    expect(tokenCount(agentA.companyId)).toBe(0)
  })

  test('creating answers the secret once (not cached), and the secret authenticates as the company', async () => {
    const { adminA } = await twoCompanies()
    const answer = await post(adminA, {
      intent: 'create',
      name: '  Site  ',
      scopes: ['send', 'read'],
    })
    expect(statusOf(answer)).toBe(200)
    expect(new Headers((answer as { init: ResponseInit }).init.headers).get('cache-control')).toBe(
      'no-store',
    )
    const { created } = dataOf<{ created: { id: string; name: string; secret: string } }>(answer)
    expect(created.name).toBe('Site')
    const auth = authenticateApiToken(db, created.secret)
    expect(auth).toMatchObject({
      ok: true,
      credential: { companyId: adminA.companyId, scopes: ['send', 'read'], name: 'Site' },
    })
    const page = await load(adminA)
    expect(page.tokens).toEqual([
      expect.objectContaining({ id: created.id, tokenHint: created.secret.slice(-4) }),
    ])
    expect(JSON.stringify(page)).not.toContain(created.secret)
  })

  test('bad input is a 400 form reply and writes nothing', async () => {
    const { adminA } = await twoCompanies()
    const noScope = await post(adminA, { intent: 'create', name: 'Sem escopo' })
    expect(statusOf(noScope)).toBe(400)
    expect(
      dataOf<{ result: { error: Record<string, unknown> } }>(noScope).result.error.scopes,
    ).toEqual([expect.objectContaining({ key: 'api.tokens.noScope' })])
    const badScope = await post(adminA, { intent: 'create', name: 'x', scopes: 'admin' })
    expect(statusOf(badScope)).toBe(400)
    const noName = await post(adminA, { intent: 'create', name: '  ', scopes: 'send' })
    expect(statusOf(noName)).toBe(400)
    const badIntent = await post(adminA, { intent: 'drop' })
    expect(statusOf(badIntent)).toBe(400)
    expect(tokenCount(adminA.companyId)).toBe(0)
  })

  test("an admin of company B cannot revoke company A's token", async () => {
    const { adminA, adminB } = await twoCompanies()
    const { id, secret } = createApiToken(db, adminA.actor, { name: 'A', scopes: ['send'] })
    const answer = await post(adminB, { intent: 'revoke', tokenId: id })
    // Refused as unknown (a toast back on B's page), and A's token still works.
    expect(answer).toBeInstanceOf(Response)
    expect((answer as Response).headers.get('location')).toBe('/admin/api')
    expect(authenticateApiToken(db, secret).ok).toBe(true)
    expect(
      db
        .select()
        .from(apiTokens)
        .all()
        .find((row) => row.id === id)?.revokedAt,
    ).toBeNull()

    const revoked = await post(adminA, { intent: 'revoke', tokenId: id })
    expect((revoked as Response).status).toBe(302)
    expect(authenticateApiToken(db, secret)).toEqual({ ok: false, reason: 'revoked' })
    const page = await load(adminA)
    expect(page.tokens[0]?.revokedAt).toEqual(expect.any(Number))
  })
})
