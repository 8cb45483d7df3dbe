import { type RequestHandler } from 'express'
import rateLimit from 'express-rate-limit'
import { edgeOf } from './routes.ts'

const minute = 60_000

/**
 * Strict on credentials, firm on other writes, loose on reads (ADR 006). "Credentials" is the
 * route the request reaches (login, setup, profile), however its path is spelled: `/LOGIN`,
 * `/login/`, `/login.data`, `/login?index` and `/%6Cogin` all run the login action, so they
 * share one bucket per IP (ADR 010).
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
    if (req.path.startsWith('/assets/') || req.path === '/healthz') return next()
    if (req.method === 'GET' || req.method === 'HEAD') return readLimiter(req, res, next)
    if (edgeOf(res)?.policy.credential) return credentialLimiter(req, res, next)
    return writeLimiter(req, res, next)
  }
}
