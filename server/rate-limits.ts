import { type RequestHandler } from 'express'
import rateLimit from 'express-rate-limit'
import { edgeOf } from './routes.ts'

const minute = 60_000

/**
 * Strict on credentials, firm on other writes, loose on reads (ADR 006). "Credentials" is the
 * route the request reaches (login, setup, profile), however its path is spelled: `/LOGIN`,
 * `/login/`, `/login.data`, `/login?index`, `/%6Cogin` and `/assets/../login` all run the login
 * action, so they share one bucket per IP (ADR 010). It runs after the origin check: a page on
 * another site cannot spend an office's shared login budget.
 */
export function rateLimits({ factor }: { factor: number }): RequestHandler {
  const credentialLimiter = rateLimit({
    windowMs: minute,
    limit: 10 * factor,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The page itself tells the user to wait: the action sees `rateLimited` and refuses politely.
    handler: (_req, res, next) => {
      res.locals.rateLimited = true
      next()
    },
  })
  const writeLimiter = rateLimit({
    windowMs: minute,
    limit: 100 * factor,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
  })
  const readLimiter = rateLimit({
    windowMs: minute,
    limit: 1000 * factor,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
  })
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (isStaticRead(req.originalUrl) || isApiPath(req.originalUrl)) return next()
      return readLimiter(req, res, next)
    }
    // The HTTP API counts per token (and failed authentications per IP) itself (ADR 013).
    if (edgeOf(res)?.policy.api) return next()
    // Every write is counted, whatever its path says: `POST /assets/../login` runs the login action.
    if (edgeOf(res)?.policy.credential) return credentialLimiter(req, res, next)
    return writeLimiter(req, res, next)
  }
}

/**
 * Reads of the HTTP API (`/api/…`, any case, as WHATWG `URL` resolves it): the API limits per
 * token itself. A read spelled so that it reaches another route is counted as that route's.
 */
export function isApiPath(originalUrl: string) {
  try {
    return /^\/api(\/|$)/i.test(new URL(originalUrl, 'http://balcao.invalid').pathname)
  } catch {
    return false
  }
}

/**
 * Reads of static files and the health check are not counted. Decided on the path as WHATWG `URL`
 * resolves it (dot segments, `%2e`), as Remix does: `/assets/../login` is the login page.
 */
export function isStaticRead(originalUrl: string) {
  let pathname: string
  try {
    pathname = new URL(originalUrl, 'http://balcao.invalid').pathname
  } catch {
    return false
  }
  return pathname.startsWith('/assets/') || pathname === '/healthz'
}
