import { parseWithZod } from '@conform-to/zod'
import { issueMessage, type ErrorMessage, z } from './validation.ts'

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

/** The form of a delete button: `intent=delete` and the id of what goes (`deleteForm('tagId')`). */
export function deleteForm<K extends string>(idField: K) {
  return z
    .object({ intent: z.literal('delete') })
    .extend({ [idField]: z.string() } as Record<K, z.ZodString>)
}
