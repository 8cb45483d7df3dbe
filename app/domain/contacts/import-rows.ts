import { normalizePhone } from '#app/utils/phone.ts'
import { EmailSchema, NameSchema } from '#app/utils/validation.ts'
import { type ContactImportMapping } from '#db/schema/contact-imports.ts'
import {
  BirthDateSchema,
  CONTACT_ADDRESS_MAX,
  CONTACT_TAGS_MAX,
  CpfSchema,
  CUSTOM_FIELDS_MAX,
  CUSTOM_KEY_MAX,
  CUSTOM_VALUE_MAX,
} from './contact-schema.ts'
import { TAG_NAME_MAX } from '#app/domain/tags/tag-schema.ts'

/** The live event of an import's progress (the import page listens to it). */
export const CONTACT_IMPORT_EVENT = 'contact_import.progress'

/** The fields a column can feed (besides custom fields). */
export const IMPORT_FIELDS = [
  'name',
  'number',
  'email',
  'tags',
  'cpf',
  'birthDate',
  'address',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

/** What a good row becomes. Absent = the sheet says nothing (an update keeps what was there). */
export type ImportRowValue = {
  number: string
  name?: string
  email?: string
  tags: string[]
  cpf?: string
  birthDate?: string
  address?: string
  custom: Array<{ key: string; value: string }>
}

export type ImportRowResult =
  | { ok: true; value: ImportRowValue }
  /** reason: i18n key, optionally "|" + JSON params (like validation messages). */
  | { ok: false; reason: string }

const reason = (key: string, params?: Record<string, unknown>) =>
  params
    ? `contacts.import.reasons.${key}|${JSON.stringify(params)}`
    : `contacts.import.reasons.${key}`

/** Header words that name each field (lower case, no accents), for the first guess of the mapping. */
const HEADER_WORDS: Record<ImportField, string[]> = {
  name: ['nome', 'name', 'contato', 'cliente', 'nome completo', 'full name'],
  number: ['numero', 'number', 'telefone', 'phone', 'whatsapp', 'celular', 'fone', 'mobile', 'tel'],
  email: ['email', 'e-mail', 'mail'],
  tags: ['tags', 'tag', 'etiquetas', 'etiqueta', 'grupos', 'grupo'],
  cpf: ['cpf'],
  birthDate: [
    'data de nascimento',
    'nascimento',
    'aniversario',
    'birth date',
    'birthdate',
    'birthday',
    'data nascimento',
  ],
  address: ['endereco', 'endereco completo', 'address'],
}

export const foldHeader = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()

/** A first mapping from the header row; the remaining named columns become custom fields. */
export function guessMapping(headers: string[]): ContactImportMapping {
  const mapping: ContactImportMapping = { custom: [] }
  headers.forEach((header, column) => {
    const folded = foldHeader(header)
    if (!folded) return
    const field = IMPORT_FIELDS.find(
      (f) => mapping[f] === undefined && HEADER_WORDS[f].includes(folded),
    )
    if (field) mapping[field] = column
    else if ((mapping.custom?.length ?? 0) < CUSTOM_FIELDS_MAX)
      mapping.custom!.push({ key: header.trim().slice(0, CUSTOM_KEY_MAX), column })
  })
  return mapping
}

/** Problems of a mapping (i18n keys): the number column is required; a column feeds one field. */
export function mappingErrors(mapping: ContactImportMapping, columnCount: number) {
  const errors: string[] = []
  if (mapping.number === undefined) errors.push('contacts.import.mapping.numberRequired')
  const used = [
    ...IMPORT_FIELDS.map((field) => mapping[field]).filter((c): c is number => c !== undefined),
    ...(mapping.custom ?? []).map((c) => c.column),
  ]
  if (used.some((column) => !Number.isInteger(column) || column < 0 || column >= columnCount))
    errors.push('contacts.import.mapping.badColumn')
  if (new Set(used).size !== used.length) errors.push('contacts.import.mapping.columnTwice')
  const keys = (mapping.custom ?? []).map((c) => foldHeader(c.key))
  if (keys.some((key) => !key || key.length > CUSTOM_KEY_MAX))
    errors.push('contacts.import.mapping.customKey')
  if (new Set(keys).size !== keys.length) errors.push('contacts.import.mapping.customKeyTwice')
  if (keys.length > CUSTOM_FIELDS_MAX) errors.push('contacts.import.mapping.customMax')
  return errors
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * A birth date as a sheet holds it: YYYY-MM-DD, DD/MM/YYYY (or with "-" / "."), a date cell
 * (read as YYYY-MM-DD already) or an Excel serial day number.
 */
export function parseSheetDate(value: string): string | null {
  const text = value.trim()
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text)
  if (match) return `${match[1]}-${pad(Number(match[2]))}-${pad(Number(match[3]))}`
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text)
  if (match) return `${match[3]}-${pad(Number(match[2]))}-${pad(Number(match[1]))}`
  if (/^\d{4,5}(\.0+)?$/.test(text)) {
    // Excel serial: days since 1899-12-30.
    const date = new Date(Date.UTC(1899, 11, 30) + Number(text) * 86_400_000)
    return date.toISOString().slice(0, 10)
  }
  return null
}

/** "VIP, Leads; Suporte" → ["VIP", "Leads", "Suporte"] (blank and repeated names dropped). */
export function splitTags(value: string) {
  const seen = new Set<string>()
  const out: string[] = []
  for (const part of value.split(/[,;|]/)) {
    const name = part.replace(/\s+/g, ' ').trim()
    const key = name.toLocaleLowerCase('pt-BR')
    if (!name || seen.has(key)) continue
    seen.add(key)
    out.push(name)
  }
  return out
}

const cell = (cells: string[], column: number | undefined) =>
  column === undefined ? '' : (cells[column] ?? '').trim()

/** One row of the sheet checked against the mapping: the contact it gives, or why it is skipped. */
export function validateImportRow(cells: string[], mapping: ContactImportMapping): ImportRowResult {
  const rawNumber = cell(cells, mapping.number)
  if (!rawNumber) return { ok: false, reason: reason('missingNumber') }
  const number = normalizePhone(rawNumber)
  if (!number) return { ok: false, reason: reason('invalidNumber', { value: rawNumber }) }
  const value: ImportRowValue = { number, tags: [], custom: [] }

  const name = cell(cells, mapping.name)
  if (name) {
    const parsed = NameSchema.safeParse(name)
    if (!parsed.success) return { ok: false, reason: reason('invalidName') }
    value.name = parsed.data
  }
  const email = cell(cells, mapping.email)
  if (email) {
    const parsed = EmailSchema.safeParse(email)
    if (!parsed.success) return { ok: false, reason: reason('invalidEmail', { value: email }) }
    value.email = parsed.data
  }
  const tags = cell(cells, mapping.tags)
  if (tags) {
    value.tags = splitTags(tags)
    if (value.tags.some((tag) => tag.length > TAG_NAME_MAX))
      return { ok: false, reason: reason('tagTooLong', { max: TAG_NAME_MAX }) }
    if (value.tags.length > CONTACT_TAGS_MAX)
      return { ok: false, reason: reason('tooManyTags', { max: CONTACT_TAGS_MAX }) }
  }
  const cpf = cell(cells, mapping.cpf)
  if (cpf) {
    const parsed = CpfSchema.safeParse(cpf)
    if (!parsed.success) return { ok: false, reason: reason('invalidCpf', { value: cpf }) }
    value.cpf = parsed.data
  }
  const birth = cell(cells, mapping.birthDate)
  if (birth) {
    const date = parseSheetDate(birth)
    const parsed = date ? BirthDateSchema.safeParse(date) : null
    if (!parsed?.success) return { ok: false, reason: reason('invalidBirthDate', { value: birth }) }
    value.birthDate = parsed.data
  }
  const address = cell(cells, mapping.address)
  if (address) {
    if (address.length > CONTACT_ADDRESS_MAX)
      return { ok: false, reason: reason('fieldTooLong', { max: CONTACT_ADDRESS_MAX }) }
    value.address = address
  }
  for (const { key, column } of mapping.custom ?? []) {
    const text = cell(cells, column)
    if (!text) continue
    if (text.length > CUSTOM_VALUE_MAX)
      return { ok: false, reason: reason('fieldTooLong', { max: CUSTOM_VALUE_MAX }) }
    value.custom.push({ key: key.trim(), value: text })
  }
  return { ok: true, value }
}
