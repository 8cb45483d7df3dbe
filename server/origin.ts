import { type Request, type RequestHandler } from 'express'
import { refuse } from './answers.ts'
import { edgeOf } from './routes.ts'

/**
 * The origin this server answers as: the request's own scheme and host, or the proxy's
 * `X-Forwarded-Proto` / `X-Forwarded-Host` when the peer is a trusted proxy (TRUST_PROXY).
 */
export function ownOrigin(req: Request) {
  const trust = req.app.get('trust proxy fn') as (address: string, hop: number) => boolean
  const trusted = trust(req.socket.remoteAddress ?? '', 0)
  const forwardedHost = trusted ? req.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined
  // Express's req.protocol already honours trust proxy for X-Forwarded-Proto.
  return `${req.protocol}://${forwardedHost || req.get('host') || ''}`
}

function sameOrigin(a: string, b: string) {
  try {
    const left = new URL(a)
    return left.origin !== 'null' && left.origin === new URL(b).origin
  } catch {
    return false
  }
}

/**
 * True when a browser says the request comes from another site. `Sec-Fetch-Site` decides when
 * present (`same-origin`, or `none` for a URL typed by the user); otherwise `Origin` must be our
 * own. A request with neither (curl, a script, a server) is not a browser's and passes: the
 * session cookie is what a cross-site form would ride on, and a browser always sends one of them.
 */
export function isCrossSite(req: Request) {
  const site = req.get('sec-fetch-site')
  if (site) return site !== 'same-origin' && site !== 'none'
  const origin = req.get('origin')
  if (origin === undefined) return false
  return !sameOrigin(origin, ownOrigin(req))
}

/** Refuses (403) every cross-site request that is not a read. SameSite=Lax alone lets a top-level POST through on some browsers and a same-site subdomain always. */
export const sameOriginWrites: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next()
  if (!isCrossSite(req)) return next()
  const policy = edgeOf(res)?.policy
  refuse(req, res, 403, 'Cross-site request refused', {
    json: policy?.jsonApi || policy?.routeIds.at(-1)?.startsWith('routes/resources+/'),
    api: policy?.api,
  })
}
