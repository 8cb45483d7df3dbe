import { parseWithZod } from '@conform-to/zod'
import { issueMessage, type ErrorMessage, type z } from './validation.ts'

/**
 * The one input path of every form and action, in the browser (`onValidate`) and on the server:
 * conform reads the form data, the schema checks it, and each error is an `ErrorMessage`
 * (`{ key, params }`) that the browser translates. Messages come from the one zod error map in
 * `validation.ts`, or from the schema where it says something more precise.
 */
export function parseForm<Schema extends z.ZodTypeAny>(
  payload: FormData | URLSearchParams,
  schema: Schema,
) {
  return parseWithZod<Schema, ErrorMessage[]>(payload, {
    schema,
    formatError: (issues) => issues.map(issueMessage),
  })
}
