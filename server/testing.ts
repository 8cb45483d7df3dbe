/**
 * Test helpers for the request edge: the app's real route manifest (from app/routes.ts, as the
 * build computes it) with route modules the test chooses, and the Express app on an ephemeral
 * port of 127.0.0.1.
 */
import { type AddressInfo } from 'node:net'
import { type HandleDocumentRequestFunction, type ServerBuild } from '@remix-run/node'
import pino from 'pino'
import routeConfig from '#app/routes.ts'
import { UPLOAD_LIMITS } from '#app/utils/upload-limits.server.ts'
import { type AppOptions, createApp } from './app.ts'
import { type RouteManifest } from './routes.ts'

type ConfigEntry = {
  id?: string
  file: string
  path?: string
  index?: boolean
  caseSensitive?: boolean
  children?: ConfigEntry[]
}

/** The route manifest of the real app: what `build.routes` holds, without the modules. */
export async function realRouteManifest(): Promise<
  RouteManifest & Record<string, { file?: string }>
> {
  const manifest: RouteManifest & Record<string, { file?: string }> = {
    root: { id: 'root', path: '', file: 'root.tsx' },
  }
  const add = (entries: ConfigEntry[], parentId: string) => {
    for (const entry of entries) {
      const id = entry.id!
      manifest[id] = {
        id,
        parentId,
        path: entry.path,
        index: entry.index,
        caseSensitive: entry.caseSensitive,
        file: entry.file,
      }
      add(entry.children ?? [], id)
    }
  }
  add((await routeConfig) as ConfigEntry[], 'root')
  return manifest
}

type RouteModule = ServerBuild['routes'][string]['module']

/**
 * A document request answers the page's data as JSON instead of HTML, with the status and headers
 * Remix computed for the page (the action's `data()` status, a thrown error's status): tests read
 * what a page route answered without React. The turbo-stream handoff is never read.
 */
const documentAsJson: HandleDocumentRequestFunction = (_request, status, headers, context) => {
  void context.serverHandoffStream?.cancel()
  const { actionData, loaderData, errors } = context.staticHandlerContext
  headers.set('content-type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify({ actionData, loaderData, errors }), { status, headers })
}

/**
 * A ServerBuild with the real manifest. Routes without a module in `modules` get `fallback`
 * (by default an action and loader answering `{routeId}`), so they are resource routes. A module
 * given with a `default` export is a page, as in the app: its non-`.data` requests are document
 * requests (answered by `documentAsJson`). Hand a page route in whole (`{ ...pageModule }`):
 * without its `default` Remix would take it for a resource route, where a page's raw objects and
 * `data()` are Single Fetch deprecations ("REMIX FUTURE CHANGE") and `data()` loses its status.
 */
export async function testBuild(
  modules: Record<string, Partial<RouteModule>> = {},
  fallback: (routeId: string) => Partial<RouteModule> = (routeId) => ({
    action: () => Response.json({ routeId }),
    loader: () => Response.json({ routeId }),
  }),
): Promise<ServerBuild> {
  const manifest = await realRouteManifest()
  const routes = Object.fromEntries(
    Object.values(manifest).map((route) => [
      route.id,
      { ...route, module: (modules[route.id] ?? fallback(route.id)) as RouteModule },
    ]),
  )
  return {
    mode: 'production',
    basename: '/',
    publicPath: '/',
    assetsBuildDirectory: 'build/client',
    isSpaMode: false,
    future: { v3_singleFetch: true, v3_lazyRouteDiscovery: true },
    entry: {
      module: {
        default: documentAsJson,
        uploadLimits: UPLOAD_LIMITS,
      } as unknown as ServerBuild['entry']['module'],
    },
    routes,
    assets: {
      entry: { module: '/entry.js', imports: [] },
      routes: {},
      url: '/manifest.js',
      version: 'test',
    },
  } as unknown as ServerBuild
}

/** The Express app on 127.0.0.1 (a fresh one per call: fresh rate-limit buckets). */
export async function listen(build: ServerBuild, options: Partial<AppOptions> = {}) {
  const app = createApp({
    build,
    mode: 'production',
    logger: pino({ level: 'silent' }),
    trustProxy: 0,
    rateLimitFactor: 1,
    ...options,
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
