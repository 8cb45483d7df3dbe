/**
 * The HTTP API's contract (issue 13, ADR 013): the error model and how an operation is declared.
 * Every route under /api is one operation; its zod schemas validate the request (the route's
 * handler, `app/routes/api+/__handler.server.ts`), generate the OpenAPI document and the docs page
 * of Administração › API. No server-only imports here: the docs page imports this module.
 */
import { z } from 'zod'
import { type ApiScope } from '#db/schema/api.ts'

export type { ApiScope }

/** Every error code the API answers, with its HTTP status. */
export const API_ERROR_STATUS = {
  validation_error: 400,
  not_on_whatsapp: 400,
  unauthorized: 401,
  token_revoked: 403,
  missing_scope: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
} as const

export type ApiErrorCode = keyof typeof API_ERROR_STATUS

/** What each error code means, for the docs page and the OpenAPI document. */
export const API_ERROR_DESCRIPTIONS: Record<ApiErrorCode, string> = {
  validation_error: 'The request is invalid: `fields` says which field and why.',
  not_on_whatsapp: 'The number is not on WhatsApp.',
  unauthorized: 'No `Authorization: Bearer <token>` header, or an unknown token.',
  token_revoked: 'The token was revoked.',
  missing_scope: 'The token lacks the scope this endpoint needs.',
  forbidden: 'The token may not do this.',
  not_found: 'A referenced id does not exist (in this company).',
  method_not_allowed: 'The endpoint does not take this HTTP method.',
  conflict: 'The request conflicts with the current state.',
  idempotency_conflict: 'The idempotencyKey was already used with a different request.',
  payload_too_large: 'The body or a file is too large.',
  unsupported_media_type: 'The body or a file has a type this endpoint does not take.',
  rate_limited: 'Too many requests for this token: wait `Retry-After` seconds.',
  internal_error: 'A bug on our side (never expected).',
}

/** The JSON body of every refusal: `{ "error": { code, message, fields? } }`. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]]),
    message: z.string(),
    fields: z.record(z.string()).optional(),
  }),
})

export type ApiErrorBody = z.infer<typeof apiErrorSchema>

/** A refusal of the API. Thrown anywhere below a route's handler; answered as its JSON. */
export class ApiError extends Error {
  readonly status: number
  readonly fields?: Record<string, string>
  readonly headers?: Record<string, string>

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    options: { fields?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = API_ERROR_STATUS[code]
    if (options.fields && Object.keys(options.fields).length) this.fields = options.fields
    if (options.headers) this.headers = options.headers
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
      },
    }
  }
}

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type ApiResponseDoc = {
  description: string
  /** The JSON body; absent for an empty answer. */
  schema?: z.ZodTypeAny
}

/** One endpoint of the API. */
export type ApiOperation = {
  /** Stable operation id (OpenAPI operationId), e.g. `sendMessage`. */
  id: string
  method: ApiMethod
  /** OpenAPI style: `/api/contacts/{contactId}`. */
  path: string
  /** The scope a company token needs (connection tokens have `send` and `read`). */
  scope: ApiScope
  summary: string
  description?: string
  /** Group in the docs (OpenAPI tag): `Messages`, `Contacts`… */
  tag: string
  /** Path parameters, by the names in `path`. */
  params?: z.AnyZodObject
  query?: z.AnyZodObject
  /** The JSON body; for a multipart body, its text fields (sent as strings: see `apiBoolean`). */
  body?: z.AnyZodObject
  /** The multipart field that carries files (e.g. `medias`); the body may then be multipart. */
  multipartFiles?: string
  /** Answers by status (errors are documented from API_ERROR_STATUS for every operation). */
  responses: Record<number, ApiResponseDoc>
}

/** Declares an operation: returns it as it is, typed. */
export function defineOperation<const O extends ApiOperation>(operation: O): O {
  return operation
}

type Output<S> = S extends z.ZodTypeAny ? z.output<S> : Record<string, never>

/** What a handler receives, parsed by the operation's schemas. */
export type OperationInput<O extends ApiOperation> = {
  params: Output<O['params']>
  query: Output<O['query']>
  body: Output<O['body']>
}

/**
 * Field helpers for bodies that come as JSON or multipart (where everything is a string), and
 * from Whaticket clients (which send ids as numbers and booleans as strings).
 */
export const apiBoolean = z.preprocess((value) => {
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase()
    if (text === 'true' || text === '1') return true
    if (text === 'false' || text === '0' || text === '') return false
  }
  if (value === 1) return true
  if (value === 0) return false
  return value
}, z.boolean())

/** An id: a string, or a number a Whaticket client sends (turned into its text). */
export const apiId = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value),
  z.string().trim().min(1).max(64),
)

/** An integer from a query string or a JSON number. */
export const apiInt = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^-?\d{1,12}$/.test(value) ? Number(value) : value),
    z.number().int().min(min).max(max),
  )
