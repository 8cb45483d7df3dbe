import { createCookie, createCookieSessionStorage } from '@remix-run/node'
import { getEnv } from './env.server.ts'

const secure = () => getEnv().NODE_ENV === 'production'

/** The login cookie holds only the id of a row in `sessions`, so sessions can be revoked. */
export const sessionCookie = createCookie('balcao_session', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  get secure() {
    return secure()
  },
  get secrets() {
    return getEnv().SESSION_SECRET.split(',')
  },
})

export async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get('cookie'))
  return typeof value === 'string' ? value : null
}

export const commitSessionId = (sessionId: string, expiresAt: number) =>
  sessionCookie.serialize(sessionId, { expires: new Date(expiresAt) })

export const destroySessionCookie = () => sessionCookie.serialize('', { maxAge: 0 })

/** Short-lived flash messages shown as toasts after a redirect. */
export const toastStorage = createCookieSessionStorage({
  cookie: {
    name: 'balcao_toast',
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    get secure() {
      return secure()
    },
    get secrets() {
      return getEnv().SESSION_SECRET.split(',')
    },
  },
})
