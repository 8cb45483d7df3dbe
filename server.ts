import crypto from 'node:crypto'
import { type IncomingMessage, type ServerResponse } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type ServerBuild } from '@remix-run/node'
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'
import rateLimit from 'express-rate-limit'
import helmet from 'helmet'
import { pinoHttp } from 'pino-http'
import { getEnv } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'

const env = getEnv()
const isProduction = env.NODE_ENV === 'production'

type Runtime = {
  start: () => Promise<unknown>
  stop: () => Promise<void>
  closeDatabase: () => void
}

const viteDevServer = isProduction
  ? undefined
  : await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))

/** Where `remix vite:build` wrote the app (BUILD_DIR lets side-by-side test runs keep their own). */
const buildDir = path.resolve(process.env.BUILD_DIR ?? 'build')

async function loadBuild(): Promise<ServerBuild> {
  if (viteDevServer)
    return (await viteDevServer.ssrLoadModule('virtual:remix/server-build')) as ServerBuild
  return (await import(pathToFileURL(path.join(buildDir, 'server/index.js')).href)) as ServerBuild
}

/** The runtime lives in the app's own module graph (exported by entry.server) so routes share it. */
async function loadRuntime() {
  return ((await loadBuild()).entry.module as unknown as { runtime: Runtime }).runtime
}

const app = express()
app.disable('x-powered-by')
if (env.TRUST_PROXY) app.set('trust proxy', env.TRUST_PROXY)
app.use(
  compression({ filter: (req, res) => req.path !== '/events' && compression.filter(req, res) }),
)

app.use(
  pinoHttp({
    logger,
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

// Rate limits: strict on credentials, firm on other writes, loose on reads.
const minute = 60_000
const factor = env.RATE_LIMIT_FACTOR
const CREDENTIAL_PATHS = /^\/(login|setup|profile)(\.data)?$/
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
app.use((req, res, next) => {
  if (req.path.startsWith('/assets/') || req.path === '/healthz') return next()
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    if (CREDENTIAL_PATHS.test(req.path)) return credentialLimiter(req, res, next)
    return writeLimiter(req, res, next)
  }
  return readLimiter(req, res, next)
})

if (viteDevServer) {
  app.use(viteDevServer.middlewares)
} else {
  app.use(
    '/assets',
    express.static(path.join(buildDir, 'client/assets'), { immutable: true, maxAge: '1y' }),
  )
  app.use(express.static(path.join(buildDir, 'client'), { maxAge: '1h' }))
}
app.use(express.static('public', { maxAge: '1h' }))

app.all(
  '*',
  createRequestHandler({
    build: viteDevServer ? loadBuild : await loadBuild(),
    mode: env.NODE_ENV,
    getLoadContext: (_req, res) => {
      // Aborted when the client goes away. Remix hands loaders a copy of a copy of the request,
      // and once the middle copy is garbage-collected its signal no longer follows the socket
      // (undici): long-lived responses (SSE) must listen to this one instead.
      const closed = new AbortController()
      res.on('close', () => closed.abort())
      return {
        cspNonce: res.locals.cspNonce as string,
        rateLimited: Boolean(res.locals.rateLimited),
        clientGone: closed.signal,
      }
    },
  }),
)

const runtime = await loadRuntime()
await runtime.start()

const server = app.listen(env.PORT, () => {
  logger.info(`Balcão is listening on http://localhost:${env.PORT}`)
})

let shuttingDown = false
async function shutdown(signal: string) {
  if (shuttingDown) return
  shuttingDown = true
  logger.info({ signal }, 'shutting down')
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  const current = await loadRuntime()
  await current.stop()
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000).unref())])
  server.closeAllConnections()
  await viteDevServer?.close()
  current.closeDatabase()
  logger.info('bye')
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
