import crypto from 'node:crypto'
import { type IncomingMessage, type ServerResponse } from 'node:http'
import path from 'node:path'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import { type Logger } from 'pino'
import { pinoHttp } from 'pino-http'
import { type ViteDevServer } from 'vite'
import { checkBody } from './body-limit.ts'
import { sameOriginWrites } from './origin.ts'
import { rateLimits } from './rate-limits.ts'
import { createRequestHandler } from './remix-handler.ts'
import { type BuildSource, originFormOnly, resolveRoute } from './routes.ts'

export type AppOptions = {
  build: BuildSource
  mode: 'production' | 'development' | 'test'
  logger: Logger
  trustProxy: number
  rateLimitFactor: number
  /** Where the production build's client files are (static serving); absent in dev and tests. */
  buildDir?: string
  viteDevServer?: ViteDevServer
}

/**
 * The Express app: security headers (nonce CSP), logging, the request edge (route resolution,
 * rate limits, origin check, body checks — ADRs 006 and 010), static files and the Remix handler.
 * It starts nothing: server.ts listens and runs the runtime, tests listen on 127.0.0.1:0.
 */
export function createApp(options: AppOptions) {
  const isProduction = options.mode === 'production'
  const app = express()
  app.disable('x-powered-by')
  if (options.trustProxy) app.set('trust proxy', options.trustProxy)
  app.use(
    compression({ filter: (req, res) => req.path !== '/events' && compression.filter(req, res) }),
  )

  app.use(
    pinoHttp({
      logger: options.logger,
      autoLogging: { ignore: (req) => /^\/(healthz|assets\/|favicon)/.test(req.url ?? '') },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: IncomingMessage & { id?: unknown }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
    }),
  )

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString('hex')
    next()
  })

  app.use(
    helmet({
      xPoweredBy: false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      crossOriginEmbedderPolicy: false,
      hsts: isProduction,
      contentSecurityPolicy: {
        // Enforced in production. Vite's dev server injects inline scripts, so dev only reports.
        reportOnly: !isProduction,
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': [
            "'strict-dynamic'",
            "'self'",
            (_req, res) =>
              `'nonce-${(res as ServerResponse & { locals: { cspNonce: string } }).locals.cspNonce}'`,
          ],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'media-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'", ...(isProduction ? [] : ['ws:'])],
          'frame-ancestors': ["'self'"],
          'form-action': ["'self'"],
          'base-uri': ["'self'"],
          'object-src': ["'none'"],
          'worker-src': ["'self'", 'blob:'],
          'manifest-src': ["'self'"],
        },
      },
    }),
  )

  // The request edge, in order: only origin-form targets (`/path`), else 400; which route a write
  // reaches; cross-site writes 403 (before the limiter, so another site cannot spend a shared IP's
  // login budget); rate limits (credentials by route); JSON APIs' content types 415 and body caps
  // 413, before any parsing.
  app.use(originFormOnly)
  app.use(resolveRoute(options.build))
  app.use(sameOriginWrites)
  app.use(rateLimits({ factor: options.rateLimitFactor }))
  app.use(checkBody)

  if (options.viteDevServer) {
    app.use(options.viteDevServer.middlewares)
  } else if (options.buildDir) {
    app.use(
      '/assets',
      express.static(path.join(options.buildDir, 'client/assets'), {
        immutable: true,
        maxAge: '1y',
      }),
    )
    app.use(express.static(path.join(options.buildDir, 'client'), { maxAge: '1h' }))
  }
  app.use(express.static('public', { maxAge: '1h' }))

  // `use`, not `all('*')`: Express decodes a route's params, and a path with a malformed escape
  // (`/api/contacts/%ED%A0%80`) failed there with its own HTML 400 before Remix (and the API's
  // error shape) saw it. Remix reads the URL itself.
  app.use(
    createRequestHandler({
      build: options.build,
      mode: options.mode,
      getLoadContext: (req, res) => {
        // Aborted when the client goes away. Remix hands loaders a copy of a copy of the request,
        // and once the middle copy is garbage-collected its signal no longer follows the socket
        // (undici): long-lived responses (SSE) must listen to this one instead.
        const closed = new AbortController()
        res.on('close', () => closed.abort())
        return {
          cspNonce: res.locals.cspNonce as string,
          rateLimited: Boolean(res.locals.rateLimited),
          clientGone: closed.signal,
          clientIp: req.ip,
        }
      },
    }),
  )
  return app
}
