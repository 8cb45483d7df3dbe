import { z } from 'zod'

/**
 * Validation messages are i18n keys ("validation.required"), optionally followed by "|" and JSON
 * params, so the same schema speaks pt-BR or English on the client and the server.
 */
export const msg = (key: string, params?: Record<string, unknown>) =>
  params ? `validation.${key}|${JSON.stringify(params)}` : `validation.${key}`

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
        return {
          message:
            issue.minimum === 1
              ? msg('required')
              : msg('tooShort', { count: Number(issue.minimum) }),
        }
      return { message: msg('tooSmall', { count: Number(issue.minimum) }) }
    case z.ZodIssueCode.too_big:
      return { message: msg('tooLong', { count: Number(issue.maximum) }) }
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

export const EmailSchema = z
  .string({ required_error: msg('required') })
  .trim()
  .toLowerCase()
  .max(254)
  .email()

export const NameSchema = z
  .string({ required_error: msg('required') })
  .trim()
  .min(1)
  .max(120)

export const PasswordSchema = z
  .string({ required_error: msg('required') })
  .min(8)
  .max(128)
  .refine((value) => /[A-Za-z]/.test(value) && /\d/.test(value), { message: msg('passwordWeak') })

export const TimeOfDaySchema = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: msg('timeOfDay') })

export { z }
