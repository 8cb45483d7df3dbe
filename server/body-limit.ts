import { Transform, type TransformCallback } from 'node:stream'
import { type Request, type RequestHandler, type Response } from 'express'
import { mediaTypeOf } from '#app/utils/multipart.server.ts'
import { sessionCookie } from '#app/utils/session.server.ts'
import { refuse } from './answers.ts'
import { type Edge, edgeOf, type RoutePolicy } from './routes.ts'

/** Any body without a session: login, setup and preferences forms are a few hundred bytes. */
export const ANONYMOUS_BODY_BYTES = 64 * 1024
/** A form or JSON body with a session (no route takes more than a few kilobytes of text). */
export const FORM_BODY_BYTES = 1024 * 1024
/** Room for the other fields and the multipart framing on top of an upload route's file limit. */
export const UPLOAD_MARGIN_BYTES = 1024 * 1024

/** True when the request carries a body (a length above 0, or chunked). */
export const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0

/**
 * Cheap session check for the edge: a `balcao_session` cookie with a valid signature. No database
 * read: a signed cookie is only ever handed out at login, and the route still checks the row.
 */
export async function hasSessionCookie(req: Request) {
  const header = req.headers.cookie
  if (!header?.includes('balcao_session=')) return false
  try {
    return typeof (await sessionCookie.parse(header)) === 'string'
  } catch {
    return false
  }
}

/** The largest body a request may send, from its route, its content type and its session. */
export function bodyCap(policy: RoutePolicy, type: string, withSession: boolean) {
  if (!withSession) return ANONYMOUS_BODY_BYTES
  if (type === 'multipart/form-data' && policy.uploadBytes !== null)
    return policy.uploadBytes + UPLOAD_MARGIN_BYTES
  return FORM_BODY_BYTES
}

const mb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`

function tooLarge(req: Request, res: Response, edge: Edge, cap: number) {
  // The rest of the body is never read: close the connection after the answer.
  res.set('connection', 'close')
  refuse(req, res, 413, `The body is larger than ${mb(cap)}`, {
    json: edge.policy.jsonApi || edge.policy.routeIds.at(-1)?.startsWith('routes/resources+/'),
    api: edge.policy.api,
  })
}

/**
 * Before anything reads a body: JSON APIs take only their documented content types (415), and a
 * declared Content-Length above the route's cap answers 413. Chunked bodies have no length: the
 * request handler counts their bytes with `limitBody`.
 */
export const checkBody: RequestHandler = async (req, res, next) => {
  const edge = edgeOf(res)
  if (!edge || !hasBody(req)) return next()
  const type = mediaTypeOf(req.get('content-type'))
  const { bodyTypes } = edge.policy
  if (bodyTypes && !bodyTypes.includes(type)) {
    return refuse(req, res, 415, `Send the body as ${bodyTypes.join(' or ')}`, {
      json: true,
      api: edge.policy.api,
    })
  }
  try {
    // The HTTP API's caller has a bearer token instead of a session (the route checks it).
    const authenticated =
      (edge.policy.api && /^bearer\s/i.test(req.get('authorization') ?? '')) ||
      (await hasSessionCookie(req))
    const cap = bodyCap(edge.policy, type, authenticated)
    edge.bodyCap = cap
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > cap) return tooLarge(req, res, edge, cap)
    next()
  } catch (error) {
    next(error)
  }
}

export class BodyTooLargeError extends Error {
  constructor(readonly cap: number) {
    super(`The body is larger than ${cap} bytes`)
  }
}

/**
 * The body stream the app reads: the request's bytes, counted. Past the cap it answers 413 at
 * once, stops reading and errors the stream, so the route's parser fails and nothing more is
 * buffered. `onTooLarge` lets the caller abort the app's request first.
 */
export function limitBody(req: Request, res: Response, onTooLarge: () => void) {
  const edge = edgeOf(res)
  const cap = edge?.bodyCap ?? ANONYMOUS_BODY_BYTES
  let seen = 0
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.byteLength
      if (seen <= cap) return callback(null, chunk)
      req.unpipe(counted)
      onTooLarge()
      if (!res.headersSent && edge) tooLarge(req, res, edge, cap)
      else if (!res.headersSent) res.set('connection', 'close').status(413).end()
      callback(new BodyTooLargeError(cap))
    },
  })
  req.on('close', () => {
    if (!req.complete && !counted.destroyed) counted.destroy(new Error('The client went away'))
  })
  return req.pipe(counted)
}
