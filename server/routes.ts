import { type ServerBuild } from '@remix-run/node'
import { matchRoutes } from '@remix-run/react'
import { type RequestHandler, type Response } from 'express'

/** The part of a build's route manifest the edge needs (a test can hand in a plain object). */
export type RouteManifest = Record<
  string,
  { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }
>

type RouteNode = {
  id: string
  path?: string
  index?: boolean
  caseSensitive?: boolean
  children?: RouteNode[]
}

/** The same tree Remix builds from the manifest (server-runtime `createRoutes`). */
function toTree(manifest: RouteManifest, parentId = ''): RouteNode[] {
  return Object.values(manifest)
    .filter((route) => (route.parentId ?? '') === parentId)
    .map(({ id, path, index, caseSensitive }) =>
      index
        ? { id, path, index: true, caseSensitive }
        : { id, path, caseSensitive, children: toTree(manifest, id) },
    )
}

const trees = new WeakMap<RouteManifest, RouteNode[]>()
/** Resolved paths per manifest: matchRoutes flattens and ranks the whole tree on every call. */
const resolved = new WeakMap<RouteManifest, Map<string, string[]>>()
const RESOLVED_MAX = 2000

/**
 * The route ids a request reaches, root first, resolved exactly as Remix resolves them: the URL
 * is parsed by WHATWG `URL` (as `new Request(url)` does), a single-fetch `.data` suffix is dropped
 * (`/_root.data` is `/`), and React Router's `matchRoutes` does the rest (case-insensitive,
 * trailing slashes, percent-decoding). A `?_data=<routeId>` request runs that route when it is
 * one of the matches, so the ids end there; any other `_data` is ignored. Empty when nothing
 * matches.
 */
export function resolveRouteIds(
  manifest: RouteManifest,
  originalUrl: string,
  basename?: string,
): string[] {
  let url: URL
  try {
    url = new URL(originalUrl, 'http://balcao.invalid')
  } catch {
    return []
  }
  let tree = trees.get(manifest)
  if (!tree) trees.set(manifest, (tree = toTree(manifest)))
  let pathname = url.pathname
  if (pathname.endsWith('.data'))
    pathname = pathname.replace(/\.data$/, '').replace(/^\/_root$/, '/')
  let cache = resolved.get(manifest)
  if (!cache) resolved.set(manifest, (cache = new Map()))
  const key = `${basename ?? ''}\u0000${pathname}`
  let ids = cache.get(key)
  if (!ids) {
    const matches = matchRoutes(tree as Parameters<typeof matchRoutes>[0], pathname, basename)
    ids = (matches ?? []).map((match) => (match.route as RouteNode).id)
    if (cache.size >= RESOLVED_MAX) cache.clear()
    cache.set(key, ids)
  }
  // `?_data=<routeId>` runs that route only when it is one of the matches (Remix's `queryRoute`
  // refuses any other): the ids end there. An id that does not match runs nothing, so it decides
  // nothing either: the caller never picks the policy.
  const dataRoute = url.searchParams.get('_data')
  const at = dataRoute ? ids.indexOf(dataRoute) : -1
  return at >= 0 ? ids.slice(0, at + 1) : [...ids]
}

/** Everything the edge decides per request from the route it reaches. */
export type RoutePolicy = {
  routeIds: string[]
  /** Login, setup and profile: the strict limiter counts every write. */
  credential: boolean
  /** A JSON API: errors answer `{error}`, bodies must be JSON (or multipart where documented). */
  jsonApi: boolean
  /**
   * The bearer-token HTTP API (routes/api+, ADR 013): errors answer `{error: {code, message}}`,
   * it has its own per-token rate limit (the edge's limiter skips it), and a request with a
   * bearer token gets a session's body cap.
   */
  api: boolean
  /** Content types the route accepts for a body, when it restricts them. */
  bodyTypes: readonly string[] | null
  /** The multipart upload limit of the route, when it takes files. */
  uploadBytes: number | null
}

/** Route ids whose writes hold a password: the credential limiter keys on these, not on paths. */
export const CREDENTIAL_ROUTES = new Set([
  'routes/_auth+/login',
  'routes/_auth+/setup',
  'routes/_app+/profile',
])

/** JSON APIs and the bodies they take (README "Try it without a phone"). */
export const JSON_API_ROUTES: Record<string, readonly string[]> = {
  'routes/simulator+/api.connections': ['application/json'],
  'routes/simulator+/api.messages': ['application/json', 'multipart/form-data'],
  'routes/simulator+/api.read': ['application/json'],
}

/** Route ids of the bearer-token HTTP API (app/routes/api+). */
export const API_ROUTE_PREFIX = 'routes/api+/'
/** Bodies the HTTP API takes (multipart only where an operation takes files: the route says). */
export const API_BODY_TYPES: readonly string[] = [
  'application/json',
  'multipart/form-data',
  'application/x-www-form-urlencoded',
]

export type UploadLimits = Readonly<Record<string, number>>

export function routePolicy(routeIds: string[], uploadLimits: UploadLimits): RoutePolicy {
  const leaf = routeIds.at(-1)
  const api = Boolean(leaf?.startsWith(API_ROUTE_PREFIX))
  const bodyTypes = api ? API_BODY_TYPES : leaf ? (JSON_API_ROUTES[leaf] ?? null) : null
  return {
    routeIds,
    credential: routeIds.some((id) => CREDENTIAL_ROUTES.has(id)),
    jsonApi: bodyTypes !== null,
    api,
    bodyTypes,
    uploadBytes: leaf ? (uploadLimits[leaf] ?? null) : null,
  }
}

/** Where the edge reads the routes from: the production build, or Vite's per request in dev. */
export type BuildSource = ServerBuild | (() => Promise<ServerBuild>)

export async function currentBuild(source: BuildSource) {
  return typeof source === 'function' ? await source() : source
}

/** Reads the upload limits entry.server exports (see app/utils/upload-limits.server.ts). */
export const uploadLimitsOf = (build: ServerBuild) =>
  ((build.entry.module as { uploadLimits?: UploadLimits }).uploadLimits ?? {}) as UploadLimits

export type Edge = { policy: RoutePolicy; bodyCap?: number }

/** What the edge decided for this request (set by `resolveRoute`; null for reads). */
export const edgeOf = (res: Response) => (res.locals.edge ?? null) as Edge | null

/**
 * Only origin-form request targets (`/path?query`) reach the app: an absolute-form target
 * (`POST http://x/login HTTP/1.1`) or `*` is not one the app builds a URL from (400), so the edge
 * and Remix never disagree about which route it is.
 */
export const originFormOnly: RequestHandler = (req, res, next) => {
  if (req.originalUrl.startsWith('/')) return next()
  res.status(400).type('text/plain').send('Bad request target')
}

/**
 * Resolves the route of every request that may change something (not GET/HEAD), once, for the
 * limiter, the origin check and the body checks after it.
 */
export function resolveRoute(source: BuildSource): RequestHandler {
  return async (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    try {
      const build = await currentBuild(source)
      const routeIds = resolveRouteIds(build.routes, req.originalUrl, build.basename)
      res.locals.edge = { policy: routePolicy(routeIds, uploadLimitsOf(build)) } satisfies Edge
      next()
    } catch (error) {
      next(error)
    }
  }
}
