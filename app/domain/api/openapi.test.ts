/**
 * /api/openapi.json: a valid OpenAPI 3.1 document generated from API_OPERATIONS, and the
 * operations and the route files under app/routes/api+ are the same set — every route file serves
 * an operation (its method reaches the operation's handler) and every operation has its route.
 */
import path from 'node:path'
import SwaggerParser from '@apidevtools/swagger-parser'
import { beforeEach, describe, expect, test } from 'vitest'
import { type z } from 'zod'
import { realRouteManifest } from '../../../server/testing.ts'
import { type ApiOperation } from './contract.ts'
import { buildOpenApiDocument } from './openapi.server.ts'
import { API_OPERATIONS } from './operations/index.ts'
import { exampleOf } from './operations/openapi-meta.ts'
import { failedAuthLimiter } from './rate-limit.server.ts'

/** Documentation, not an operation: public, no token. */
const DOCUMENT_PATH = '/api/openapi.json'

type Handler = (args: {
  request: Request
  params: Record<string, string>
  context: { clientIp: string }
}) => Promise<Response>

/** The api+ routes of the real manifest: OpenAPI-style path, and the module's file. */
async function apiRoutes() {
  const manifest = await realRouteManifest()
  const fullPath = (id: string): string => {
    const route = manifest[id]!
    const own = route.path ?? ''
    if (!route.parentId || route.parentId === 'root') return `/${own}`
    return `${fullPath(route.parentId)}/${own}`
  }
  return (
    Object.values(manifest)
      // The splat ($.ts) answers every other /api path with the API's 404: no operation of its own.
      .filter((route) => route.file?.startsWith('routes/api+/') && route.file !== 'routes/api+/$.ts')
      .map((route) => ({
        file: route.file!,
        path: fullPath(route.id).replace(/:(\w+)/g, '{$1}'),
      }))
  )
}

beforeEach(() => failedAuthLimiter.reset())

describe('OpenAPI document', () => {
  test('validates as OpenAPI 3.1 and holds every operation with its schemas', async () => {
    const document = buildOpenApiDocument('https://balcao.example.com')
    expect(document.openapi).toBe('3.1.0')
    expect(document.servers).toEqual([{ url: 'https://balcao.example.com' }])
    // The parser dereferences in place: it validates a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy()

    for (const operation of API_OPERATIONS) {
      const entry = document.paths?.[operation.path]?.[operation.method.toLowerCase() as 'get'] as
        Record<string, any> | undefined
      expect(entry?.operationId, `${operation.method} ${operation.path}`).toBe(operation.id)
      expect(entry!['x-scope']).toBe(operation.scope)
      for (const status of Object.keys(operation.responses))
        expect(entry!.responses[status], `${operation.id} ${status}`).toBeDefined()
      expect(entry!.responses['401']).toBeDefined()
      const params = (entry!.parameters ?? []) as Array<{ name: string; in: string }>
      for (const name of Object.keys(operation.params?.shape ?? {}))
        expect(params).toContainEqual(expect.objectContaining({ name, in: 'path' }))
      for (const name of Object.keys(operation.query?.shape ?? {}))
        expect(params).toContainEqual(expect.objectContaining({ name, in: 'query' }))
      if (operation.body) {
        const schema = entry!.requestBody.content['application/json'].schema
        expect(Object.keys(schema.properties).sort()).toEqual(
          Object.keys(operation.body.shape).sort(),
        )
      }
    }
    const ids = API_OPERATIONS.map((operation) => operation.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('the examples in it are valid for their own schemas', () => {
    const schemas = API_OPERATIONS.flatMap(
      (operation: ApiOperation): Array<z.ZodTypeAny | undefined> => [
        ...Object.values(operation.responses).map((response) => response.schema),
        operation.body,
        ...(Object.values(operation.body?.shape ?? {}) as z.ZodTypeAny[]),
        ...(Object.values(operation.query?.shape ?? {}) as z.ZodTypeAny[]),
        ...(Object.values(operation.params?.shape ?? {}) as z.ZodTypeAny[]),
      ],
    )
    let checked = 0
    for (const schema of schemas) {
      const example = exampleOf(schema)
      if (example === undefined || !schema) continue
      const parsed = schema.safeParse(example)
      expect(parsed.success ? null : parsed.error.issues).toBeNull()
      checked++
    }
    expect(checked).toBeGreaterThan(10)
  })

  test('GET /api/openapi.json answers the document for the request’s origin, without a token', async () => {
    const { loader } = await import('#app/routes/api+/openapi[.]json.ts')
    const response = loader({ request: new Request('http://localhost:3000/api/openapi.json') })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { servers: unknown; paths: Record<string, unknown> }
    expect(body.servers).toEqual([{ url: 'http://localhost:3000' }])
    expect(Object.keys(body.paths)).toContain('/api/tickets/{ticketId}')
  })
})

describe('routes and operations are the same set', () => {
  test('every route file under api+ serves an operation, and every operation has its route', async () => {
    const routes = await apiRoutes()
    const routePaths = routes.map((route) => route.path).filter((p) => p !== DOCUMENT_PATH)
    const operationPaths = [...new Set(API_OPERATIONS.map((operation) => operation.path))]
    expect(routePaths.sort()).toEqual(operationPaths.sort())
    expect(routes.map((route) => route.path)).toContain(DOCUMENT_PATH)
  })

  test('each operation’s method reaches its handler (401 without a token), other methods are 405', async () => {
    const routes = await apiRoutes()
    for (const route of routes.filter((r) => r.path !== DOCUMENT_PATH)) {
      const module = (await import(path.resolve('app', route.file))) as {
        loader?: Handler
        action?: Handler
      }
      const operations = API_OPERATIONS.filter((operation) => operation.path === route.path)
      const params = Object.fromEntries(
        [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, 'x1']),
      )
      const url = `http://localhost${route.path.replace(/\{\w+\}/g, 'x1')}`
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        failedAuthLimiter.reset()
        const handler = method === 'GET' ? module.loader : module.action
        const served = operations.some((operation) => operation.method === method)
        if (!handler) {
          expect(
            served,
            `${method} ${route.path} has no ${method === 'GET' ? 'loader' : 'action'}`,
          ).toBe(false)
          continue
        }
        const response = await handler({
          request: new Request(url, { method }),
          params,
          context: { clientIp: '10.9.9.9' },
        })
        expect(response.status, `${method} ${route.path}`).toBe(served ? 401 : 405)
      }
    }
  })
})

test('an /api path no operation serves answers the API’s JSON 404, whatever the method', async () => {
  const { loader, action } = await import('#app/routes/api+/$.ts')
  for (const [handler, method] of [
    [loader, 'GET'],
    [action, 'POST'],
  ] as const) {
    const response = handler({
      request: new Request('http://localhost/api/mesages/send', { method }),
    })
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'No endpoint at /api/mesages/send: see /api/openapi.json',
      },
    })
  }
})
