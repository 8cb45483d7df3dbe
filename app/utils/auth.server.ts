import { redirect } from '@remix-run/node'
import { getSessionUser, type SessionUser, toActor } from '#app/domain/auth/auth.server.ts'
import { type Actor } from '#app/domain/actor.ts'
import { type Role } from '#db/schema/users.ts'
import { db } from './db.server.ts'
import { destroySessionCookie, readSessionId } from './session.server.ts'

export type CurrentUser = SessionUser & { actor: Actor }

/** The logged-in user of a request, or null. */
export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const sessionId = await readSessionId(request)
  if (!sessionId) return null
  const sessionUser = getSessionUser(db, sessionId)
  return sessionUser ? { ...sessionUser, actor: toActor(sessionUser) } : null
}

type Requirement = {
  /** Roles allowed; any logged-in user when omitted. */
  role?: Role | Role[]
  superAdmin?: boolean
  /** API-style answers (401/403 JSON) instead of a redirect to the login page. */
  json?: boolean
}

/**
 * The one guard of every loader and action: no session → login (or 401); wrong role → 403.
 */
export async function requireUser(
  request: Request,
  requirement: Requirement = {},
): Promise<CurrentUser> {
  const current = await getCurrentUser(request)
  if (!current) {
    if (requirement.json) throw Response.json({ error: 'Not logged in' }, { status: 401 })
    const url = new URL(request.url)
    const redirectTo = `${url.pathname}${url.search}`
    const params = redirectTo === '/' ? '' : `?${new URLSearchParams({ redirectTo })}`
    const hadCookie = Boolean(await readSessionId(request))
    throw redirect(
      `/login${params}`,
      hadCookie ? { headers: { 'set-cookie': await destroySessionCookie() } } : undefined,
    )
  }
  const roles = requirement.role ? [requirement.role].flat() : null
  const denied =
    (roles && !roles.includes(current.user.role)) ||
    (requirement.superAdmin && !current.user.isSuperAdmin)
  if (denied) {
    throw requirement.json
      ? Response.json({ error: 'Forbidden' }, { status: 403 })
      : new Response('Forbidden', { status: 403 })
  }
  return current
}

/** Pages for logged-out visitors only (login, setup). */
export async function requireAnonymous(request: Request) {
  if (await getCurrentUser(request)) throw redirect('/')
}

/** The origin relative paths are resolved against; nothing is ever served from it. */
const SELF = 'http://balcao.invalid'

/**
 * A redirect target that stays on this site, or `fallback`. The value is parsed as a URL the way
 * a browser parses a Location header (tabs and newlines dropped, a backslash read as `/`), must resolve
 * to our own origin, and what is returned is the parsed path, query and hash: so `/\t/evil.example`
 * (which browsers read as `//evil.example`) is refused, and no control character reaches a header.
 * A parsed path that starts with `//` (dot segments removed: `/.//x`, `/..//x`, `/%2e//x`) is
 * refused too: the returned value is itself checked to stay on this site.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (!to || typeof to !== 'string' || !to.startsWith('/')) return fallback
  let url: URL
  try {
    url = new URL(to, SELF)
  } catch {
    return fallback
  }
  if (url.origin !== SELF) return fallback
  // Dot segments collapse while parsing: `/.//evil.example` and `/%2e//evil.example` have the
  // pathname `//evil.example`, which a browser reads as another host. What is returned must itself
  // be a path of this site, so the result is checked, not only the input.
  if (/^\/[/\\]/.test(url.pathname)) return fallback
  const target = `${url.pathname}${url.search}${url.hash}`
  if (new URL(target, SELF).origin !== SELF) return fallback
  return target
}
