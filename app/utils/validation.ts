import { z } from 'zod'

/**
 * An error as it travels to the browser: an i18n key and its params, translated there (pt-BR or
 * English). Domain errors, zod issues and resource-route answers all carry this shape.
 */
export type ErrorMessage = { key: string; params?: Record<string, string | number> }

/** Validation messages are i18n keys ("validation.required"): the browser translates them. */
export const msg = (key: string) => `validation.${key}`

/**
 * A custom issue's message with params (`refine(check, msgWith('fileTooBig', { max }))`,
 * `ctx.addIssue({ code: 'custom', ...msgWith(…) })`): the params travel next to the key.
 */
export const msgWith = (key: string, params: Record<string, string | number>) => ({
  message: msg(key),
  params,
})

/**
 * The one reading of a zod issue: its message is the key (set by `errorMap` or the schema); the
 * params are the custom issue's own or the bound of a size check (`{ count }`).
 */
export function issueMessage(issue: z.ZodIssue): ErrorMessage {
  const key = issue.message
  switch (issue.code) {
    case z.ZodIssueCode.custom:
      return issue.params ? { key, params: issue.params } : { key }
    case z.ZodIssueCode.too_small:
      // A required text (min 1) has no bound worth saying.
      if (key === msg('required')) return { key }
      return { key, params: { count: Number(issue.minimum) } }
    case z.ZodIssueCode.too_big:
      return { key, params: { count: Number(issue.maximum) } }
    default:
      return { key }
  }
}

/**
 * Reads a "key|{json}" text stored before errors were structured (contact import rows keep their
 * reason in the database this way).
 */
export function parseMessage(message: string): [string, Record<string, unknown> | undefined] {
  const [key = message, params] = message.split('|')
  if (!params) return [key, undefined]
  try {
    return [key, JSON.parse(params) as Record<string, unknown>]
  } catch {
    return [key, undefined]
  }
}

export const errorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined' || issue.received === 'null')
        return { message: msg('required') }
      return { message: msg('invalid') }
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string')
        return { message: issue.minimum === 1 ? msg('required') : msg('tooShort') }
      return { message: msg('tooSmall') }
    case z.ZodIssueCode.too_big:
      return { message: msg('tooLong') }
    case z.ZodIssueCode.invalid_string:
      if (issue.validation === 'email') return { message: msg('email') }
      return { message: msg('invalid') }
    case z.ZodIssueCode.invalid_enum_value:
      return { message: msg('invalid') }
    default:
      return {
        message: ctx.defaultError.startsWith('validation.') ? ctx.defaultError : msg('invalid'),
      }
  }
}

z.setErrorMap(errorMap)

export const EmailSchema = z.string().trim().toLowerCase().max(254).email()

export const NameSchema = z.string().trim().min(1).max(120)

export const PasswordSchema = z
  .string()
  .min(8)
  .max(128)
  .refine((value) => /[A-Za-z]/.test(value) && /\d/.test(value), { message: msg('passwordWeak') })

export const TimeOfDaySchema = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: msg('timeOfDay') })

export { z }
