import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { createSession } from '#app/domain/auth/auth.server.ts'
import { sessions, users } from '#db/schema/users.ts'
import { createCompany, createUser } from '#tests/db-utils.ts'
import { requireAnonymous, requireUser, safeRedirect } from './auth.server.ts'
import { db } from './db.server.ts'
import { commitSessionId } from './session.server.ts'

/** The `name=value` part of a real signed Set-Cookie, as a browser would send it back. */
async function cookieFor(sessionId: string, expiresAt = Date.now() + 60_000) {
  const setCookie = await commitSessionId(sessionId, expiresAt)
  return setCookie.split(';')[0]!
}

function requestTo(path: string, cookie?: string) {
  return new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} })
}

async function loggedIn(
  role: 'admin' | 'supervisor' | 'agent',
  extra: { isSuperAdmin?: boolean } = {},
) {
  const company = createCompany(db)
  const user = await createUser(db, { companyId: company.id, role, ...extra })
  const session = createSession(db, user)
  return { user, session, cookie: await cookieFor(session.sessionId, session.expiresAt) }
}

/** Runs a guard that is expected to throw a Response and returns that Response. */
async function thrownResponse(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the guard to throw')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(Response)
  return error as Response
}

describe('requireUser', () => {
  test('without a cookie it redirects to the login page, keeping where the user was going', async () => {
    const response = await thrownResponse(requireUser(requestTo('/tickets?status=open')))

    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location')!, 'http://localhost')
    expect(location.pathname).toBe('/login')
    expect(location.searchParams.get('redirectTo')).toBe('/tickets?status=open')
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  test('from the home page it redirects to /login without a redirectTo', async () => {
    const response = await thrownResponse(requireUser(requestTo('/')))

    expect(response.headers.get('location')).toBe('/login')
  })

  test('a valid admin cookie returns the user with their actor', async () => {
    const { user, cookie } = await loggedIn('admin')

    const current = await requireUser(requestTo('/users', cookie), { role: 'admin' })

    expect(current.user.id).toBe(user.id)
    expect(current.actor).toEqual(user.actor)
    expect(current.user).not.toHaveProperty('passwordHash')
  })

  test('an agent asking for an admin page gets a 403', async () => {
    const { cookie } = await loggedIn('agent')

    const response = await thrownResponse(
      requireUser(requestTo('/users', cookie), { role: 'admin' }),
    )

    expect(response.status).toBe(403)
    expect(response.headers.get('location')).toBeNull()
  })

  test('a list of roles lets any of them in', async () => {
    const { user, cookie } = await loggedIn('supervisor')

    const current = await requireUser(requestTo('/reports', cookie), {
      role: ['admin', 'supervisor'],
    })

    expect(current.user.id).toBe(user.id)
  })

  test('superAdmin pages refuse a plain admin and accept a super-admin', async () => {
    const plain = await loggedIn('admin')
    const superAdmin = await loggedIn('admin', { isSuperAdmin: true })

    const response = await thrownResponse(
      requireUser(requestTo('/companies', plain.cookie), { superAdmin: true }),
    )
    const current = await requireUser(requestTo('/companies', superAdmin.cookie), {
      superAdmin: true,
    })

    expect(response.status).toBe(403)
    expect(current.user.id).toBe(superAdmin.user.id)
  })

  test('json: true answers 401 JSON without a session and 403 JSON for a wrong role', async () => {
    const unauthenticated = await thrownResponse(requireUser(requestTo('/api/x'), { json: true }))
    expect(unauthenticated.status).toBe(401)
    expect(unauthenticated.headers.get('content-type')).toMatch(/application\/json/)
    expect(await unauthenticated.json()).toEqual({ error: 'Not logged in' })

    const { cookie } = await loggedIn('agent')
    const forbidden = await thrownResponse(
      requireUser(requestTo('/api/x', cookie), { json: true, role: 'admin' }),
    )
    expect(forbidden.status).toBe(403)
    expect(await forbidden.json()).toEqual({ error: 'Forbidden' })
  })

  test('the cookie of a deleted user redirects to login and clears the cookie', async () => {
    const { user, cookie } = await loggedIn('admin')
    db.delete(users).where(eq(users.id, user.id)).run()

    const response = await thrownResponse(requireUser(requestTo('/users', cookie)))

    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
    expect(response.headers.get('set-cookie')).toMatch(/^balcao_session=;/)
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0/i)
  })

  test('the cookie of an expired session redirects to login', async () => {
    const { session, cookie } = await loggedIn('admin')
    db.update(sessions)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(sessions.id, session.sessionId))
      .run()

    const response = await thrownResponse(requireUser(requestTo('/users', cookie)))

    expect(response.status).toBe(302)
  })

  test('a cookie with a forged signature is ignored', async () => {
    const { cookie } = await loggedIn('admin')
    const [name, value] = cookie.split('=') as [string, string]
    const forged = `${name}=${value.slice(0, -3)}abc`

    const response = await thrownResponse(requireUser(requestTo('/users', forged)))

    expect(response.status).toBe(302)
  })
})

describe('requireAnonymous', () => {
  test('sends a logged-in user home and lets a visitor through', async () => {
    const { cookie } = await loggedIn('agent')

    const response = await thrownResponse(requireAnonymous(requestTo('/login', cookie)))

    expect(response.headers.get('location')).toBe('/')
    await expect(requireAnonymous(requestTo('/login'))).resolves.toBeUndefined()
  })
})

describe('safeRedirect', () => {
  test('keeps same-site relative paths', () => {
    expect(safeRedirect('/tickets?status=open')).toBe('/tickets?status=open')
    expect(safeRedirect('/')).toBe('/')
  })

  test('rejects other sites and anything not a relative path', () => {
    expect(safeRedirect('//evil.com')).toBe('/')
    expect(safeRedirect('//evil.com/login')).toBe('/')
    expect(safeRedirect('/\\evil.com')).toBe('/')
    expect(safeRedirect('https://evil.com')).toBe('/')
    expect(safeRedirect('http://localhost/users')).toBe('/')
    expect(safeRedirect('javascript:alert(1)')).toBe('/')
    expect(safeRedirect('tickets')).toBe('/')
  })

  test('refuses what a browser reads as another site once control characters are dropped', () => {
    for (const to of [
      '/\t/evil.example/phish',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/\t\\evil.example',
      '/\\/evil.example',
      '/ /evil.example',
    ]) {
      const safe = safeRedirect(to)
      expect(new URL(safe, 'http://localhost').origin, JSON.stringify(to)).toBe('http://localhost')
    }
    expect(safeRedirect('/\t/evil.example/phish')).toBe('/')
  })

  test('refuses paths whose dot segments collapse into another host (`//evil.example`)', () => {
    for (const to of [
      '/.//evil.example',
      '/..//evil.example',
      '/%2e//evil.example',
      '/%2E%2E//evil.example/phish',
      '/./\\evil.example',
      '/a/..//evil.example',
      '/.//evil.example/phish?x=1#y',
    ]) {
      expect(safeRedirect(to), JSON.stringify(to)).toBe('/')
    }
    // The login page's redirectTo, decoded as the action reads it.
    const redirectTo = new URL('/login?redirectTo=%2F.%2F%2Fevil.example%2Fphish', 'http://x')
      .searchParams.get('redirectTo')
    expect(safeRedirect(redirectTo)).toBe('/')
    // Still fine: dot segments that leave a path of ours.
    expect(safeRedirect('/./tickets')).toBe('/tickets')
  })

  test('returns the parsed path, so no control character reaches the Location header', () => {
    expect(safeRedirect('/tickets\r\nSet-Cookie: x=1')).toBe('/ticketsSet-Cookie:%20x=1')
    expect(safeRedirect('/tickets?q=a b#top')).toBe('/tickets?q=a%20b#top')
    expect(safeRedirect('/a/../contacts')).toBe('/contacts')
    expect(() => new Headers({ location: safeRedirect('/x\u0000y\r\n') })).not.toThrow()
  })

  test('falls back on empty or non-string values', () => {
    expect(safeRedirect(null)).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
    expect(safeRedirect('')).toBe('/')
    expect(safeRedirect(new File(['x'], 'x.txt'))).toBe('/')
    expect(safeRedirect('//evil.com', '/home')).toBe('/home')
  })
})
