import { normalizeCpf } from '#app/utils/cpf.ts'
import { normalizePhone } from '#app/utils/phone.ts'
import { TagNameSchema } from '#app/domain/tags/tag-schema.ts'
import { EmailSchema, msg, NameSchema, z } from '#app/utils/validation.ts'

export const CONTACT_NOTES_MAX = 2000
export const CONTACT_ADDRESS_MAX = 300
export const CUSTOM_FIELDS_MAX = 20
export const CUSTOM_KEY_MAX = 40
export const CUSTOM_VALUE_MAX = 300

/** Today as YYYY-MM-DD where the code runs (the browser, or the server). */
function today() {
  const now = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** A real calendar day written YYYY-MM-DD (no 2024-02-30). */
function isCalendarDate(value: string) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

/** An optional field: absent, empty or only spaces all mean "not given". */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && !value.trim() ? undefined : value),
    schema.optional(),
  )

const optionalText = (max: number) => optional(z.string().trim().max(max))

export const CpfSchema = z
  .string()
  .trim()
  .refine((value) => normalizeCpf(value) !== null, { message: msg('cpf') })
  .transform((value) => normalizeCpf(value) ?? value)

export const BirthDateSchema = z
  .string()
  .trim()
  .refine((value) => isCalendarDate(value) && value >= '1900-01-01' && value <= today(), {
    message: msg('birthDate'),
  })

const CustomFieldSchema = z.object({
  key: z.string().trim().min(1).max(CUSTOM_KEY_MAX),
  value: z.string().trim().min(1).max(CUSTOM_VALUE_MAX),
})

/** Rows the agent added and left blank are dropped, not errors. */
const blankRow = (row: unknown) =>
  row === undefined ||
  row === null ||
  (typeof row === 'object' &&
    Object.values(row).every(
      (v) => v === undefined || v === null || (typeof v === 'string' && !v.trim()),
    ))

export const CustomFieldsSchema = z
  .preprocess(
    (rows) =>
      Array.isArray(rows) ? rows.filter((row) => !blankRow(row)) : rows === undefined ? [] : rows,
    z.array(CustomFieldSchema).max(CUSTOM_FIELDS_MAX, { message: msg('customFieldsMax') }),
  )
  .superRefine((rows, ctx) => {
    const seen = new Set<string>()
    rows.forEach((row, index) => {
      const key = row.key.toLocaleLowerCase('pt-BR')
      if (seen.has(key))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'key'],
          message: msg('customKeyTaken'),
        })
      seen.add(key)
    })
  })

/**
 * The contact editor of the side panel (client and server). Empty optional fields are absent
 * (conform turns "" into undefined) and are stored as cleared.
 */
export const ContactEditorSchema = z.object({
  name: NameSchema,
  email: optional(EmailSchema),
  notes: optionalText(CONTACT_NOTES_MAX),
  cpf: optional(CpfSchema),
  birthDate: optional(BirthDateSchema),
  address: optionalText(CONTACT_ADDRESS_MAX),
  custom: CustomFieldsSchema,
})

/** What the editor sends (and what the domain accepts before validating). */
export type ContactEditorInput = {
  name: string
  email?: string
  notes?: string
  cpf?: string
  birthDate?: string
  address?: string
  custom?: Array<{ key: string; value: string }>
}
export type ContactEditorValue = z.output<typeof ContactEditorSchema>

export const CONTACT_TAGS_MAX = 20

/** A WhatsApp number as typed (55 + DDD + number, or DDD + number), normalised to canonical digits. */
export const PhoneSchema = z
  .string()
  .trim()
  .min(1)
  .transform((value, ctx) => {
    const number = normalizePhone(value)
    if (!number) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg('whatsappNumber') })
      return z.NEVER
    }
    return number
  })

/** Tag names of a contact (existing ones are reused ignoring case; new ones are created). */
export const TagNamesSchema = z.preprocess(
  (value) =>
    value === undefined ? [] : Array.isArray(value) ? value.filter((v) => v !== '') : [value],
  z.array(TagNameSchema).max(CONTACT_TAGS_MAX, { message: msg('tagsMax') }),
)

/** The contact page (Contatos → Novo / Editar): the side panel's fields plus number and tags. */
export const ContactFormSchema = ContactEditorSchema.extend({
  number: PhoneSchema,
  tags: TagNamesSchema,
})

export type ContactFormInput = ContactEditorInput & { number: string; tags?: string[] }
