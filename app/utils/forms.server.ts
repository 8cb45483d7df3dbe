import { type Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'

/**
 * Runs a domain call for a valid submission. A DomainError becomes a form reply (field error or
 * form error, status 4xx) so the user sees why and nothing changed; anything else is rethrown.
 */
export async function submitToDomain<T>(
  submission: Submission<any>,
  call: () => Promise<T> | T,
  options: { hideFields?: string[] } = {},
) {
  try {
    return { ok: true as const, value: await call() }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    if (error.status === 404 || error.status === 403)
      throw new Response(error.message, { status: error.status })
    const message = error.params ? `${error.code}|${JSON.stringify(error.params)}` : error.code
    const reply = submission.reply({
      hideFields: options.hideFields,
      ...(error.field ? { fieldErrors: { [error.field]: [message] } } : { formErrors: [message] }),
    })
    return { ok: false as const, response: data({ result: reply }, { status: error.status }) }
  }
}

/** The standard answer to an invalid submission. */
export function invalidSubmission(
  submission: Submission<any>,
  options: { hideFields?: string[] } = {},
) {
  return data(
    { result: submission.reply({ hideFields: options.hideFields }) },
    { status: submission.status === 'error' ? 400 : 200 },
  )
}

/**
 * For a catch block of a loader or action: a DomainError becomes its 4xx answer (the error page),
 * never a 500; anything else is rethrown as it is.
 */
export function rethrowAsHttp(error: unknown): never {
  if (error instanceof DomainError) throw new Response(error.message, { status: error.status })
  throw error
}

/** For loaders and actions: a DomainError becomes that HTTP answer (the error page), not a 500. */
export async function orHttpError<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    rethrowAsHttp(error)
  }
}
