import { type Submission } from '@conform-to/react'
import { data, type TypedResponse } from '@remix-run/node'
import { type ZodError, type z } from 'zod'
import { DomainError } from '#app/domain/errors.ts'
import en from '#app/locales/en.ts'
import { type Answer, type ErrorAnswer } from './answer.ts'
import { redirectWithToast } from './toast.server.ts'
import { parseForm } from './forms.ts'
import { bodyHasBytes, mediaTypeOf } from './multipart.server.ts'
import { issueMessage, type ErrorMessage } from './validation.ts'

/**
 * One way to answer (issue 12). Every route turns a `DomainError` into a response here, and
 * nowhere else:
 * - forms (conform): `submitToDomain` → the form's reply with a field or form error, status 4xx;
 * - resource routes and JSON APIs: `answer`, `orHttpError`, `errorResponse` → `{ ok: false,
 *   error: { code, message, params? }, fields? }` JSON, status 4xx;
 * - anything that is not a DomainError is rethrown as it is (a bug: a 500 and a log line).
 * Errors carry `{ key, params }` (`ErrorMessage`); the browser translates them.
 */

/** English text of an i18n key, for the `message` of a JSON refusal. */
export function explain({ key, params }: ErrorMessage) {
  let node: unknown = en
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  if (typeof node !== 'string') return key
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params?.[name] ?? ''))
}

/**
 * The answer of a resource route, typed like `data()`. Remix keeps a `data()` status and headers
 * only on `.data` requests, and a raw object from a resource route is a Single Fetch deprecation:
 * a resource route fetched by its own URL (fetch(), a form posted before hydration) answered 200
 * and dropped its Set-Cookie. A real Response keeps both either way (ADR 010).
 */
export function resourceData<T>(value: T, init?: number | ResponseInit): TypedResponse<T> {
  return Response.json(
    value,
    typeof init === 'number' ? { status: init } : init,
  ) as TypedResponse<T>
}

/** The body of a refusal. */
export function errorBody(
  message: ErrorMessage,
  fields?: Record<string, ErrorMessage[]>,
): ErrorAnswer {
  return {
    ok: false,
    error: {
      code: message.key,
      message: explain(message),
      ...(message.params ? { params: message.params } : {}),
    },
    ...(fields ? { fields } : {}),
  }
}

/** A refusal that is not a domain rule (405, 413, 415, unknown command…), as JSON. */
export function jsonError(
  status: number,
  message: string | ErrorMessage,
  fields?: Record<string, ErrorMessage[]>,
): TypedResponse<ErrorAnswer> {
  return resourceData(
    errorBody(typeof message === 'string' ? { key: message } : message, fields),
    status,
  )
}

/** The 4xx JSON answer of a DomainError; anything else is rethrown. */
export function errorResponse(error: unknown): TypedResponse<ErrorAnswer> {
  if (!(error instanceof DomainError)) throw error
  const message = { key: error.code, params: error.params }
  return jsonError(error.status, message, error.field ? { [error.field]: [message] } : undefined)
}

/** 400 with the errors of each field, for input a schema refused. */
export function invalidInput(error: ZodError): TypedResponse<ErrorAnswer> {
  const fields: Record<string, ErrorMessage[]> = {}
  for (const issue of error.issues)
    (fields[issue.path.join('.') || 'body'] ??= []).push(issueMessage(issue))
  return jsonError(400, 'validation.invalid', fields)
}

/**
 * A resource route's command: `{ ok: true, …value }` (200), or the refusal, returned (not thrown)
 * so the fetcher that posted gets it as data and the page shows why: a DomainError's, or a
 * Response thrown inside (bad input from `formInput`, a 413).
 */
export async function answer<T extends object = object>(
  call: () => T | void | Promise<T | void>,
): Promise<TypedResponse<Answer<T>>> {
  try {
    return resourceData({ ok: true as const, ...((await call()) ?? ({} as T)) }) as TypedResponse<
      Answer<T>
    >
  } catch (error) {
    if (error instanceof Response) return error as TypedResponse<ErrorAnswer>
    return errorResponse(error)
  }
}

/**
 * A resource route's input (form data or a query string) read the one way forms are read (conform
 * + the schema), or a 400 refusal with the errors of each field, thrown.
 */
export function formInput<S extends z.ZodTypeAny>(
  payload: FormData | URLSearchParams,
  schema: S,
): z.output<S> {
  const submission = parseForm(payload, schema)
  if (submission.status === 'success') return submission.value as z.output<S>
  const fields: Record<string, ErrorMessage[]> = {}
  for (const [name, errors] of Object.entries(submission.error ?? {}))
    if (errors?.length) fields[name || 'form'] = errors
  throw jsonError(400, 'validation.invalid', fields)
}

/**
 * For loaders, page actions and JSON APIs: a DomainError becomes its 4xx JSON answer, thrown (the
 * error page for a document, the status for a fetch), never a 500.
 */
export async function orHttpError<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw errorResponse(error)
  }
}

/**
 * A page action's refusal for `useActionData`: `data({ error: { key, params } })` with its 4xx
 * status. 403 and 404 are the error page (thrown); anything else is rethrown.
 */
export function actionError(error: unknown) {
  if (!(error instanceof DomainError) || error.status === 403 || error.status === 404)
    throw errorResponse(error)
  const message: ErrorMessage = {
    key: error.code,
    ...(error.params ? { params: error.params } : {}),
  }
  return data({ error: message }, { status: error.status })
}

/**
 * A page action whose refusal is a toast on the page it goes back to (delete buttons): a
 * DomainError of one of `statuses` redirects to `to` with the error toast; any other DomainError
 * is its error page; anything else is rethrown.
 */
export async function orToast<T>(
  to: string,
  call: () => T | Promise<T>,
  statuses: number[] = [409],
): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof DomainError && statuses.includes(error.status))
      throw await redirectWithToast(to, { type: 'error', title: error.code, params: error.params })
    throw errorResponse(error)
  }
}

type FormSubmission = Submission<any, ErrorMessage[]>

/**
 * A DomainError as the form's reply: a field error (or a form error) and its 4xx status, so the
 * user sees why and what they typed stays. Anything else is rethrown.
 */
export function formReply(
  submission: FormSubmission,
  error: unknown,
  options: { hideFields?: string[] } = {},
) {
  if (!(error instanceof DomainError)) throw error
  const message = { key: error.code, ...(error.params ? { params: error.params } : {}) }
  const result = submission.reply({
    hideFields: options.hideFields,
    ...(error.field ? { fieldErrors: { [error.field]: [message] } } : { formErrors: [message] }),
  })
  return { result, status: error.status }
}

/**
 * A resource route's form (a fetcher with conform): a DomainError on a field is the form's reply
 * `{ ok: false, result }`; any other is the `{ ok: false, error }` answer. Both 4xx.
 */
export function resourceFormError(submission: FormSubmission, error: unknown) {
  if (!(error instanceof DomainError) || !error.field) return errorResponse(error)
  const { result, status } = formReply(submission, error)
  return resourceData({ ok: false as const, result }, status)
}

/**
 * A page form's answer to a DomainError: `data({ result })` with its 4xx status. 403 and 404 are
 * not about the form: they are thrown (the error page).
 */
export function formError(
  submission: FormSubmission,
  error: unknown,
  options: { hideFields?: string[] } = {},
) {
  if (error instanceof DomainError && (error.status === 403 || error.status === 404))
    throw errorResponse(error)
  const { result, status } = formReply(submission, error, options)
  return data({ result }, { status })
}

/** Runs a domain call for a valid submission: its value, or the form's reply to a DomainError. */
export async function submitToDomain<T>(
  submission: FormSubmission,
  call: () => Promise<T> | T,
  options: { hideFields?: string[] } = {},
) {
  try {
    return { ok: true as const, value: await call() }
  } catch (error) {
    return { ok: false as const, response: formError(submission, error, options) }
  }
}

/** The standard answer to an invalid submission. */
export function invalidSubmission(
  submission: FormSubmission,
  options: { hideFields?: string[] } = {},
) {
  return data(
    { result: submission.reply({ hideFields: options.hideFields }) },
    { status: submission.status === 'error' ? 400 : 200 },
  )
}

/**
 * Parses a JSON API's body with a schema: JSON only (another type answers 415, as at the edge; a
 * route that documents file uploads reads multipart itself). No body at all is `{}`. Bad input
 * answers 400 with the errors of each field.
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
      throw jsonError(400, 'validation.json')
    }
  } else if (!type && !(await bodyHasBytes(request))) {
    raw = {}
  } else {
    throw jsonError(415, 'validation.mediaType')
  }
  return parseInput(schema, raw)
}

/** Checks input that is not a form (query strings, JSON) with a schema; 400 with its fields. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, raw: unknown): z.infer<T> {
  const result = schema.safeParse(raw)
  if (!result.success) throw invalidInput(result.error)
  return result.data
}
