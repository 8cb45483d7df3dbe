import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type ServerBuild } from '@remix-run/node'
import { getEnv } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { createApp } from './server/app.ts'

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

const app = createApp({
  build: viteDevServer ? loadBuild : await loadBuild(),
  mode: env.NODE_ENV,
  logger,
  trustProxy: env.TRUST_PROXY,
  rateLimitFactor: env.RATE_LIMIT_FACTOR,
  buildDir,
  viteDevServer,
})

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
