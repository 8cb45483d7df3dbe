/**
 * CPF (Cadastro de Pessoas Físicas): 9 base digits and 2 check digits, each a weighted sum of the
 * digits before it, modulo 11. Typed with or without punctuation (000.000.000-00), stored as the
 * 11 digits.
 */

const CPF_PATTERN = /^\d{3}\.?\d{3}\.?\d{3}-?\d{2}$/

/** The check digit of `digits`: weights n+1 … 2 over the n digits; a remainder of 10 counts as 0. */
function checkDigit(digits: string) {
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (digits.length + 1 - i)
  const rest = (sum * 10) % 11
  return rest === 10 ? 0 : rest
}

/** The 11 digits of a valid CPF, or null (wrong shape, repeated digits, wrong check digits). */
export function normalizeCpf(value: string): string | null {
  const trimmed = value.trim()
  if (!CPF_PATTERN.test(trimmed)) return null
  const digits = trimmed.replace(/\D/g, '')
  // 000.000.000-00, 111.111.111-11 … pass the arithmetic but are not real numbers.
  if (/^(\d)\1{10}$/.test(digits)) return null
  if (checkDigit(digits.slice(0, 9)) !== Number(digits[9])) return null
  if (checkDigit(digits.slice(0, 10)) !== Number(digits[10])) return null
  return digits
}

export function isValidCpf(value: string) {
  return normalizeCpf(value) !== null
}

/** 000.000.000-00 for display; anything that is not 11 digits is shown as it is. */
export function formatCpf(value: string | null | undefined) {
  if (!value) return ''
  const digits = value.replace(/\D/g, '')
  if (digits.length !== 11) return value
  return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`
}
