/**
 * The OpenAPI 3.1 document of the HTTP API (/api/openapi.json), generated from API_OPERATIONS: the
 * very zod schemas the routes validate with (issue 13: no hand-kept copy). The converter is
 * @asteasolutions/zod-to-openapi 7, its last line for zod 3 (8+ needs zod 4).
 */
import {
  extendZodWithOpenApi,
  OpenApiGeneratorV31,
  OpenAPIRegistry,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import {
  API_ERROR_DESCRIPTIONS,
  API_ERROR_STATUS,
  type ApiErrorCode,
  apiErrorSchema,
  type ApiOperation,
} from './contract.ts'
import { API_OPERATIONS } from './operations/index.ts'

// Server-only: patches zod's prototype with `.openapi()`, which `registry.register` needs. The
// operations themselves never call it (the browser imports them).
extendZodWithOpenApi(z)

const ERROR_REF = 'Error'

/** The error answers an operation can give, by status, with the codes behind each. */
function errorCodesOf(operation: ApiOperation): ApiErrorCode[] {
  const codes: ApiErrorCode[] = [
    'validation_error',
    'unauthorized',
    'token_revoked',
    'missing_scope',
    'rate_limited',
  ]
  if (operation.method !== 'GET') codes.push('forbidden', 'conflict')
  if (operation.params || operation.method !== 'GET') codes.push('not_found')
  if (operation.body) codes.push('unsupported_media_type')
  if (operation.multipartFiles) codes.push('payload_too_large')
  if (operation.id === 'sendMessage') codes.push('not_on_whatsapp', 'idempotency_conflict')
  return codes
}

function errorResponses(
  operation: ApiOperation,
  errorSchema: z.ZodTypeAny,
): Record<string, ResponseConfig> {
  const byStatus = new Map<number, ApiErrorCode[]>()
  for (const code of errorCodesOf(operation)) {
    const status = API_ERROR_STATUS[code]
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  const responses: Record<string, ResponseConfig> = {}
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const first = codes[0]!
    responses[String(status)] = {
      description: codes.map((code) => `\`${code}\`: ${API_ERROR_DESCRIPTIONS[code]}`).join(' '),
      ...(status === 429
        ? {
            headers: {
              'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } },
            },
          }
        : {}),
      content: {
        'application/json': {
          schema: errorSchema,
          example: {
            error: {
              code: first,
              message: API_ERROR_DESCRIPTIONS[first],
              ...(first === 'validation_error' ? { fields: { number: 'Required' } } : {}),
            },
          },
        },
      },
    }
  }
  return responses
}

/** The multipart variant of a body: its text fields plus the files field (binary strings). */
function multipartSchema(body: z.AnyZodObject, filesField: string) {
  return body.extend({
    [filesField]: z
      .array(z.string().openapi({ format: 'binary' }))
      .optional()
      .describe('One or more files.'),
  })
}

function routeOf(operation: ApiOperation, errorSchema: z.ZodTypeAny): RouteConfig {
  const body = operation.body
  return {
    method: operation.method.toLowerCase() as RouteConfig['method'],
    path: operation.path,
    operationId: operation.id,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    security: [{ bearerAuth: [] }],
    'x-scope': operation.scope,
    request: {
      ...(operation.params ? { params: operation.params } : {}),
      ...(operation.query ? { query: operation.query } : {}),
      ...(body
        ? {
            body: {
              required: Object.values(body.shape as z.ZodRawShape).some(
                (field) => !field.isOptional(),
              ),
              content: {
                'application/json': { schema: body },
                ...(operation.multipartFiles
                  ? {
                      'multipart/form-data': {
                        schema: multipartSchema(body, operation.multipartFiles),
                      },
                    }
                  : {}),
              },
            },
          }
        : {}),
    },
    responses: {
      ...Object.fromEntries(
        Object.entries(operation.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.schema
              ? { content: { 'application/json': { schema: response.schema } } }
              : {}),
          },
        ]),
      ),
      ...errorResponses(operation, errorSchema),
    },
  }
}

/** The document, with this server as its only server (`origin`: e.g. https://balcao.example.com). */
export function buildOpenApiDocument(origin: string, operations = API_OPERATIONS) {
  const registry = new OpenAPIRegistry()
  const errorSchema = registry.register(ERROR_REF, apiErrorSchema)
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A company token (Administração › API; scopes send, read, write) or a connection token (Conexões; send and read, limited to its connection).',
  })
  for (const operation of operations) registry.registerPath(routeOf(operation, errorSchema))
  const tags = [...new Set(operations.map((operation) => operation.tag))]
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Balcão API',
      version: '1.0.0',
      description:
        'Send WhatsApp messages and read and manage contacts and tickets of Balcão. Authenticate with `Authorization: Bearer <token>`. Errors answer `{ "error": { "code", "message", "fields"? } }`.',
    },
    servers: [{ url: origin }],
    tags: tags.map((name) => ({ name })),
  })
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>

const documents = new Map<string, ReturnType<typeof buildOpenApiDocument>>()

/**
 * The document for `origin`, built once (about 20 ms of CPU) and kept: /api/openapi.json needs no
 * token, so it must not cost a build per request. A few origins at most (a proxy, localhost); the
 * Host header is the client's, so the cache is bounded.
 */
export function openApiDocument(origin: string) {
  let document = documents.get(origin)
  if (!document) {
    if (documents.size >= 8) documents.clear()
    document = buildOpenApiDocument(origin)
    documents.set(origin, document)
  }
  return document
}
