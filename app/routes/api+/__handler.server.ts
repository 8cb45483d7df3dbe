/**
 * The one handler of every /api route (issue 13, ADR 013). A route file is
 *
 *   const handle = apiRoute(operation, ({ credential, params, body }) => …)
 *   export { handle as loader, handle as action }
 *
 * and this does the rest, in order: the method (405), the bearer token (401 unknown, 403
 * revoked; failed attempts are limited per IP), the scope (403), the token's rate limit (429 +
 * Retry-After), the params, query and body through the operation's zod schemas (400 with
 * `fields`; JSON, urlencoded, or multipart where the operation takes files: 413 too large, 415
 * another type), then the handler. Its `{ status, body }` is answered as JSON; a DomainError
 * becomes its ApiError (404 not_found, 409 conflict, 422 validation_error on the field); an
 * ApiError is its JSON; anything else is a bug: logged and answered 500 `internal_error`.
 */
import { type AppLoadContext, MaxPartSizeExceededError } from '@remix-run/node'
import { type ZodError, type z } from 'zod'
import {
  ApiError,
  type ApiErrorCode,
  type ApiOperation,
  type OperationInput,
} from '#app/domain/api/contract.ts'
import { credentialLimiter, failedAuthLimiter } from '#app/domain/api/rate-limit.server.ts'
import { type ApiCredential, authenticateApiToken } from '#app/domain/api/tokens.server.ts'
import { type Actor } from '#app/domain/actor.ts'
import { DomainError } from '#app/domain/errors.ts'
import { explain } from '#app/utils/answer.server.ts'
import { db } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { bodyHasBytes, MultipartError, mediaTypeOf } from '#app/utils/multipart.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { issueMessage } from '#app/utils/validation.ts'

export type ApiContext<O extends ApiOperation> = OperationInput<O> & {
  credential: ApiCredential
  actor: Actor
  /** Files of the operation's `multipartFiles` field, in the order sent. */
  files: File[]
  request: Request
}

export type ApiResult = { status: number; body?: unknown; headers?: Record<string, string> }

export type ApiHandler<O extends ApiOperation> = (
  context: ApiContext<O>,
) => ApiResult | Response | Promise<ApiResult | Response>

/**
 * How a route that takes files reads its multipart body: the route itself names its reader and
 * its upload kind's limit (see messages.send.ts), so the edge's cap for it is known
 * (app/utils/upload-limits.server.ts; server/upload-limits.test.ts checks both agree).
 */
export type MultipartReader = (
  request: Request,
) => Promise<{ formData: FormData | null; tooLarge: boolean }>

export type ApiRouteOptions = { readMultipart?: MultipartReader }

type RouteArgs = {
  request: Request
  params: Record<string, string | undefined>
  context?: AppLoadContext
}

/** The JSON answer of an ApiError, with its headers. */
export function apiErrorResponse(error: ApiError) {
  return Response.json(error.toBody(), {
    status: error.status,
    headers: { 'cache-control': 'no-store', ...error.headers },
  })
}

/** Zod issues as `fields`: the path (`medias.0`, `number`) → the first message in English. */
export function fieldsOf(error: ZodError, prefix?: string) {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path].filter((part) => part !== undefined).join('.') || 'body'
    fields[path] ??= explain(issueMessage(issue))
  }
  return fields
}

function parseWith<S extends z.ZodTypeAny | undefined>(
  schema: S,
  raw: unknown,
  where: 'params' | 'query' | 'body',
) {
  if (!schema) return {}
  const result = schema.safeParse(raw)
  if (result.success) return result.data as unknown
  // Path and query fields are named as they are; body fields by their own names too (Whaticket).
  throw new ApiError('validation_error', `Invalid ${where}`, {
    fields: fieldsOf(result.error, where === 'body' ? undefined : where),
  })
}

/** A DomainError (or a thrown 4xx Response from shared helpers) as the API's error. */
export async function toApiError(error: unknown): Promise<ApiError | null> {
  if (error instanceof ApiError) return error
  if (error instanceof DomainError) {
    const message = explain({ key: error.code, params: error.params })
    switch (error.status) {
      case 404:
        return new ApiError('not_found', message)
      case 409:
        return new ApiError('conflict', message)
      case 403:
        return new ApiError('forbidden', message)
      default:
        return new ApiError(
          'validation_error',
          message,
          error.field ? { fields: { [error.field]: message } } : {},
        )
    }
  }
  if (error instanceof MultipartError)
    return new ApiError('validation_error', 'The multipart body is malformed')
  if (error instanceof Response && error.status >= 400 && error.status < 500) {
    const code: ApiErrorCode =
      error.status === 413
        ? 'payload_too_large'
        : error.status === 415
          ? 'unsupported_media_type'
          : error.status === 404
            ? 'not_found'
            : error.status === 409
              ? 'conflict'
              : error.status === 403
                ? 'forbidden'
                : 'validation_error'
    let message = 'The request was refused'
    try {
      const body = (await error.json()) as { error?: { message?: string } | string }
      message = typeof body.error === 'string' ? body.error : (body.error?.message ?? message)
    } catch {
      // Not JSON: keep the generic message.
    }
    return new ApiError(code, message)
  }
  return null
}

const BEARER = /^bearer[ \t]+([^\s]+)[ \t]*$/i

function clientKey(request: Request, context: AppLoadContext | undefined) {
  return `ip:${context?.clientIp ?? 'unknown'}`
}

/** Who is calling: the credential of the bearer token, or the refusal. */
function authenticate(request: Request, context: AppLoadContext | undefined) {
  // Failed attempts count per address; past the limit they answer 429 instead of 401/403. A valid
  // token is never held back by them: an office's other integration may share the address, and a
  // 192-bit secret is not guessed anyway — the limit keeps the logs and the database quiet.
  const refuse = (error: ApiError): never => {
    const wait = failedAuthLimiter.take(clientKey(request, context))
    if (wait)
      throw new ApiError('rate_limited', 'Too many failed authentications from this address', {
        headers: { 'retry-after': String(wait) },
      })
    throw error
  }
  const header = request.headers.get('authorization')
  const secret = header ? BEARER.exec(header)?.[1] : undefined
  if (!secret || secret.length > 256)
    return refuse(
      new ApiError(
        'unauthorized',
        header ? 'Use Authorization: Bearer <token>' : 'Authorization: Bearer <token> is required',
        { headers: { 'www-authenticate': 'Bearer' } },
      ),
    )
  const result = authenticateApiToken(db, secret)
  if (!result.ok)
    return refuse(
      result.reason === 'revoked'
        ? new ApiError('token_revoked', 'This token was revoked')
        : new ApiError('unauthorized', 'Unknown token', {
            headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
          }),
    )
  return result.credential
}

function queryObject(url: URL) {
  const query: Record<string, string | string[]> = {}
  for (const [key, value] of url.searchParams) {
    const seen = query[key]
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return query
}

function formObject(form: FormData, filesField: string | undefined) {
  const fields: Record<string, string | string[]> = {}
  const files: File[] = []
  for (const [key, value] of form) {
    if (typeof value !== 'string') {
      if (key !== filesField)
        throw new ApiError('validation_error', 'Unexpected file', {
          fields: {
            [key]: filesField ? `Send files in ${filesField}` : 'Files are not taken here',
          },
        })
      files.push(value)
      continue
    }
    const seen = fields[key]
    fields[key] =
      seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return { fields, files }
}

/** The body as an object, and its files: JSON, urlencoded, or multipart (files operations). */
async function readBody(request: Request, operation: ApiOperation, options: ApiRouteOptions) {
  const type = mediaTypeOf(request)
  if (type === 'application/json') {
    let raw: unknown
    try {
      raw = await request.json()
    } catch {
      throw new ApiError('validation_error', 'The body is not valid JSON', {
        fields: { body: 'Invalid JSON' },
      })
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new ApiError('validation_error', 'The body must be a JSON object', {
        fields: { body: 'Expected an object' },
      })
    return { raw, files: [] as File[] }
  }
  if (type === 'multipart/form-data' && operation.multipartFiles && options.readMultipart) {
    const { formData, tooLarge } = await options.readMultipart(request)
    if (tooLarge || !formData) throw new ApiError('payload_too_large', 'A file is too large')
    const { fields, files } = formObject(formData, operation.multipartFiles)
    return { raw: fields, files }
  }
  if (type === 'application/x-www-form-urlencoded') {
    // A malformed form is readForm's 400 Response, which toApiError turns into validation_error.
    return { raw: formObject(await readForm(request), undefined).fields, files: [] as File[] }
  }
  if (!type && !(await bodyHasBytes(request))) return { raw: {}, files: [] as File[] }
  throw new ApiError(
    'unsupported_media_type',
    `Send the body as application/json${operation.multipartFiles ? ' or multipart/form-data' : ''}`,
  )
}

const allowedMethods = (operation: ApiOperation) =>
  operation.method === 'GET' ? 'GET, HEAD' : operation.method

/** A loader/action for an operation: see the module's comment. */
export function apiRoute<const O extends ApiOperation>(
  operation: O,
  handler: ApiHandler<O>,
  options: ApiRouteOptions = {},
) {
  return async function apiHandler({ request, params, context }: RouteArgs): Promise<Response> {
    try {
      const method = request.method === 'HEAD' ? 'GET' : request.method
      if (method !== operation.method)
        throw new ApiError('method_not_allowed', `Use ${operation.method}`, {
          headers: { allow: allowedMethods(operation) },
        })
      const credential = authenticate(request, context)
      // Every request of a token counts, refused ones included.
      const wait = credentialLimiter.take(credential.ref)
      if (wait)
        throw new ApiError('rate_limited', `Too many requests: retry in ${wait} s`, {
          headers: { 'retry-after': String(wait) },
        })
      if (credential.kind === 'company' && !credential.scopes.includes(operation.scope))
        throw new ApiError('missing_scope', `This token needs the "${operation.scope}" scope`)
      if (!credential.scopes.includes(operation.scope))
        throw new ApiError('missing_scope', `A connection token cannot use "${operation.scope}"`)

      const pathParams = Object.fromEntries(
        Object.entries(params).filter(
          ([key]) => key !== '*' && key in (operation.params?.shape ?? {}),
        ),
      )
      const parsedParams = parseWith(operation.params, pathParams, 'params')
      const parsedQuery = parseWith(operation.query, queryObject(new URL(request.url)), 'query')
      let parsedBody: unknown = {}
      let files: File[] = []
      if (operation.body) {
        const read = await readBody(request, operation, options)
        parsedBody = parseWith(operation.body, read.raw, 'body')
        files = read.files
      }

      const result = await handler({
        credential,
        actor: credential.actor,
        params: parsedParams,
        query: parsedQuery,
        body: parsedBody,
        files,
        request,
      } as ApiContext<O>)
      if (result instanceof Response) return result
      return Response.json(result.body ?? null, {
        status: result.status,
        headers: { 'cache-control': 'no-store', ...result.headers },
      })
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError)
        return apiErrorResponse(new ApiError('payload_too_large', 'A part is too large'))
      // The edge stopped a body over its cap (it has answered 413 already), or the client left.
      if (error instanceof Error && error.constructor.name === 'BodyTooLargeError')
        return apiErrorResponse(new ApiError('payload_too_large', 'The body is too large'))
      if (request.signal.aborted)
        return apiErrorResponse(new ApiError('validation_error', 'The request was aborted'))
      const known = await toApiError(error)
      if (known) return apiErrorResponse(known)
      logger.error({ err: error, operation: operation.id }, 'API handler failed')
      return apiErrorResponse(new ApiError('internal_error', 'Internal error'))
    }
  }
}
