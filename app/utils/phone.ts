import { parsePhoneNumberFromString } from 'libphonenumber-js'

/**
 * Phone numbers are stored as digits with country code (E.164 without "+"). Brazilian mobiles
 * exist with and without the 9th digit (accounts from before the change): both forms are the same
 * person, so the canonical form always has it.
 */
export function digitsOnly(value: string) {
  return value.replace(/\D/g, '')
}

/** 55 + DDD (2) + 8 digits starting 6–9 is a mobile missing its 9th digit. */
export function canonicalPhone(value: string) {
  const digits = digitsOnly(value)
  if (digits.length === 12 && digits.startsWith('55') && /[6-9]/.test(digits[4] ?? '')) {
    return `${digits.slice(0, 4)}9${digits.slice(4)}`
  }
  return digits
}

/** Both spellings of a number (the canonical one first), for lookups. */
export function phoneVariants(value: string) {
  const canonical = canonicalPhone(value)
  if (canonical.length === 13 && canonical.startsWith('55') && canonical[4] === '9') {
    return [canonical, `${canonical.slice(0, 4)}${canonical.slice(5)}`]
  }
  return [canonical]
}

/** A plausible phone: 10 to 15 digits with country code. */
export function isValidPhone(value: string) {
  const digits = digitsOnly(value)
  return digits.length >= 10 && digits.length <= 15
}

/** +55 11 98765-4321 style, for display. */
export function formatPhone(value: string | null | undefined) {
  if (!value) return ''
  const d = digitsOnly(value)
  if (d.startsWith('55') && (d.length === 12 || d.length === 13)) {
    const local = d.slice(4)
    const split = local.length - 4
    return `+55 ${d.slice(2, 4)} ${local.slice(0, split)}-${local.slice(split)}`
  }
  return `+${d}`
}

/** 55 + DDD (no zero) + a 9-digit mobile starting with 9 or an 8-digit landline starting 2–5. */
function brazilianShape(digits: string) {
  return /^55[1-9]{2}(9\d{8}|[2-5]\d{7})$/.test(digits)
}

/**
 * What a person typed or a sheet holds, as the canonical digits of a WhatsApp number, or null when
 * it is not a valid number. Accepts "+55 (11) 98765-4321", "5511987654321", "11 98765-4321" (a
 * Brazilian number without the country code), "011 98765-4321", "0055…", with or without the 9th
 * digit, and numbers of other countries written with their code ("+1 415 555 2671",
 * "14155552671"). Validated by libphonenumber-js (number plan of the country).
 */
export function normalizePhone(input: string | number | null | undefined): string | null {
  if (input === null || input === undefined) return null
  const raw = String(input).trim()
  let digits = digitsOnly(raw)
  if (!digits || digits.length > 17) return null
  const explicit = raw.startsWith('+') || digits.startsWith('00')
  if (digits.startsWith('00')) digits = digits.slice(2)
  const candidates: string[] = []
  if (!explicit) {
    // DDD + number, maybe after the trunk "0" (0 11 98765-4321): Brazil is the default country.
    const national = digits.startsWith('0') ? digits.slice(1) : digits
    if (national.length === 10 || national.length === 11) candidates.push(`55${national}`)
  }
  candidates.push(digits)
  for (const candidate of candidates) {
    const canonical = canonicalPhone(candidate)
    if (canonical.startsWith('55') && !brazilianShape(canonical)) continue
    const parsed = parsePhoneNumberFromString(`+${canonical}`)
    if (parsed?.isValid()) return parsed.number.slice(1)
  }
  return null
}
