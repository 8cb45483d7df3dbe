import { type ErrorMessage } from './validation.ts'

/**
 * The refusal every resource route and JSON API answers (4xx, never 500): `code` is the i18n key
 * the browser translates with `params`; `message` is the same in English for scripts and logs;
 * `fields` are the errors of each field of bad input.
 */
export type ErrorAnswer = {
  ok: false
  error: {
    code: string
    message: string
    params?: Record<string, string | number>
  }
  fields?: Record<string, ErrorMessage[]>
}

/** A resource route's answer: `{ ok: true, …value }` or the refusal. */
export type Answer<T = object> = ({ ok: true } & T) | ErrorAnswer

/** The refusal of an answer as an `ErrorMessage` (for `t(key, params)`), or null on success. */
export function answerError(data: { ok: boolean; error?: unknown } | null | undefined) {
  if (!data || data.ok) return null
  const error = (data as ErrorAnswer).error
  return { key: error?.code ?? 'errors.generic', params: error?.params } satisfies ErrorMessage
}
