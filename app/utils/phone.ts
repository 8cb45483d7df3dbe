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
