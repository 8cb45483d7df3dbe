import { issueMessage, type z } from '#app/utils/validation.ts'

/**
 * Errors domain functions throw. Routes turn them into 4xx answers or form errors; anything else
 * is a bug and becomes a 500.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    /** i18n key of the message shown to the user. */
    readonly code: string,
    readonly status: 400 | 403 | 404 | 409 | 422 = 400,
    /** Form field the error belongs to, when there is one. */
    readonly field?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

export const notFound = (what: string) =>
  new DomainError(`${what} not found`, 'errors.notFound', 404)

export const forbidden = () => new DomainError('Not allowed', 'errors.forbidden', 403)

export function invalid(field: string, code: string, params?: Record<string, string | number>) {
  return new DomainError(`Invalid ${field}: ${code}`, code, 422, field, params)
}

/**
 * Validates a domain input with a form schema; the first issue becomes an `invalid()` error on
 * `field`, or on the issue's field path as conform writes it (`items[0].name`).
 */
export function parseOrInvalid<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  field?: string,
): z.output<T> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data as z.output<T>
  const issue = parsed.error.issues[0]!
  const path =
    field ??
    issue.path.reduce<string>(
      (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
      '',
    )
  const { key, params } = issueMessage(issue)
  throw invalid(path, key, params)
}
