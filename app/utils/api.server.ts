import { type TypedResponse } from '@remix-run/node'
import { ZodError, type z } from 'zod'
import { DomainError } from '#app/domain/errors.ts'
import { bodyHasBytes, mediaTypeOf } from './multipart.server.ts'
import { parseMessage } from './validation.ts'
import en from '#app/locales/en.ts'

/** Turns an i18n message key into English for JSON answers ("validation.phone" → the sentence). */
function explain(key: string) {
  const [path, params] = parseMessage(key)
  let node: unknown = en
  for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  if (typeof node !== 'string') return key
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params?.[name] ?? ''))
}

/**
 * The answer of a resource route, typed like `data()`. Remix keeps a `data()` status and headers
 * only on `.data` requests: a resource route fetched by its own URL (fetch(), a form posted before
 * hydration) answered 200 and dropped its Set-Cookie. A real Response keeps both either way.
 */
export function resourceData<T>(value: T, init?: number | ResponseInit): TypedResponse<T> {
  return Response.json(
    value,
    typeof init === 'number' ? { status: init } : init,
  ) as TypedResponse<T>
}

/** The `{error, fields?}` answer of every refusal the app makes in JSON (APIs, form readers). */
export const jsonError = (status: number, error: string, fields?: Record<string, string>) =>
  Response.json({ error, ...(fields ? { fields } : {}) }, { status })

/**
 * Parses a JSON API's body with a schema: JSON only (another type answers 415, as at the edge; a
 * route that documents file uploads reads multipart itself). No body at all is `{}`. Bad input
 * answers 400 with a message per field.
 */
export async function parseBody<T extends z.ZodTypeAny>(
  request: Request,
  schema: T,
): Promise<z.infer<T>> {
  let raw: unknown
  const type = mediaTypeOf(request)
  if (type === 'application/json') {
    try {
      raw = await request.json()
    } catch {
      throw jsonError(400, 'The body is not valid JSON')
    }
  } else if (!type && !(await bodyHasBytes(request))) {
    raw = {}
  } else {
    throw jsonError(415, 'Send the body as application/json')
  }
  const result = schema.safeParse(raw)
  if (!result.success) throw validationError(result.error)
  return result.data
}

export function validationError(error: ZodError) {
  const fields = Object.fromEntries(
    error.issues.map((i) => [i.path.join('.') || 'body', explain(i.message)]),
  )
  return jsonError(400, 'Invalid input', fields)
}

/** Runs a domain call for an API route: DomainErrors become 4xx JSON, never a 500. */
export async function apiCall<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof DomainError) {
      throw jsonError(
        error.status,
        explain(error.code),
        error.field ? { [error.field]: explain(error.code) } : undefined,
      )
    }
    if (error instanceof ZodError) throw validationError(error)
    throw error
  }
}
