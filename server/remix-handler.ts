import { type IncomingHttpHeaders } from 'node:http'
import {
  type AppLoadContext,
  createReadableStreamFromReadable,
  createRequestHandler as createRemixRequestHandler,
  type ServerBuild,
  writeReadableStreamToWritable,
} from '@remix-run/node'
import { type Request, type RequestHandler, type Response } from 'express'
import { limitBody } from './body-limit.ts'

function remixHeaders(requestHeaders: IncomingHttpHeaders) {
  const headers = new Headers()
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue
    if (Array.isArray(values)) for (const value of values) headers.append(key, value)
    else headers.set(key, values)
  }
  return headers
}

/** As @remix-run/express sends it (an event stream is flushed at once). */
async function sendRemixResponse(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) res.append(key, value)
  if (/text\/event-stream/i.test(response.headers.get('content-type') ?? '')) res.flushHeaders()
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}

/**
 * The URL Remix sees, built as @remix-run/express builds it: `req.hostname` and `req.protocol`
 * honour trust proxy, the port comes from X-Forwarded-Host or Host. Null (answered 400) when the
 * request target and Host make no URL.
 */
function requestUrl(req: Request) {
  const [, forwardedPort] = req.get('x-forwarded-host')?.split(':') ?? []
  const [, hostPort] = req.get('host')?.split(':') ?? []
  const port = [forwardedPort, hostPort]
    .map((value) => Number.parseInt(value ?? '', 10))
    .find((value) => Number.isSafeInteger(value))
  // Only an origin-form target (`/path`) is appended to our origin; `http://x/login` or `*` would
  // make an invalid (or another) URL.
  if (!req.originalUrl.startsWith('/')) return null
  try {
    return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
  } catch {
    return null
  }
}

/**
 * @remix-run/express's `createRequestHandler` (its header, URL and response code is copied here),
 * except that the body Remix reads is counted
 * (`limitBody`): a chunked body past the route's cap answers 413 and aborts the app's request,
 * instead of being parsed whole into memory.
 */
export function createRequestHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild | (() => Promise<ServerBuild>)
  mode: string
  getLoadContext: (req: Request, res: Response) => AppLoadContext
}): RequestHandler {
  const handleRequest = createRemixRequestHandler(build, mode)
  return async (req, res, next) => {
    const url = requestUrl(req)
    if (!url) return void res.status(400).type('text/plain').send('Bad request target')
    const controller = new AbortController()
    let finished = false
    res.on('finish', () => (finished = true))
    res.on('close', () => {
      if (!finished) controller.abort()
    })
    try {
      const init: RequestInit & { duplex?: 'half' } = {
        method: req.method,
        headers: remixHeaders(req.headers),
        signal: controller.signal,
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        init.body = createReadableStreamFromReadable(limitBody(req, res, () => controller.abort()))
        init.duplex = 'half'
      }
      const request = new globalThis.Request(url.href, init)
      const response = await handleRequest(request, getLoadContext(req, res))
      // Refused while the app was reading (413): its answer has been sent already.
      if (res.headersSent) return void (await response.body?.cancel().catch(() => {}))
      await sendRemixResponse(res, response)
    } catch (error) {
      if (controller.signal.aborted && res.headersSent) return
      next(error)
    }
  }
}
