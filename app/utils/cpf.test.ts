import { describe, expect, test } from 'vitest'
import { formatCpf, isValidCpf, normalizeCpf } from './cpf.ts'

describe('normalizeCpf', () => {
  test.each([
    ['529.982.247-25', '52998224725'],
    ['52998224725', '52998224725'],
    ['111.444.777-35', '11144477735'],
    ['123.456.789-09', '12345678909'],
    // The first check digit's remainder is 10, which counts as 0.
    ['100.000.001-08', '10000000108'],
    ['  529.982.247-25 ', '52998224725'],
    ['529982247-25', '52998224725'],
  ])('%s is valid and stored as its digits', (input, digits) => {
    expect(normalizeCpf(input)).toBe(digits)
    expect(isValidCpf(input)).toBe(true)
  })

  test.each([
    ['529.982.247-24', 'wrong second check digit'],
    ['529.982.247-15', 'wrong first check digit'],
    ['100.000.001-18', 'remainder 10 taken as 10'],
    ['111.111.111-11', 'all digits repeated'],
    ['000.000.000-00', 'all zeros'],
    ['5299822472', 'ten digits'],
    ['529982247250', 'twelve digits'],
    ['529 982 247 25', 'other punctuation'],
    ['529.982.247/25', 'other punctuation'],
    ['abc.def.ghi-jk', 'letters'],
    ['', 'empty'],
  ])('%s is rejected (%s)', (input) => {
    expect(normalizeCpf(input)).toBeNull()
    expect(isValidCpf(input)).toBe(false)
  })

  test('agrees with the textbook formula (11 − sum mod 11, 0 when above 9) on many numbers', () => {
    const textbook = (digits: string) => {
      let sum = 0
      for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (digits.length + 1 - i)
      const rest = sum % 11
      return rest < 2 ? 0 : 11 - rest
    }
    for (let n = 0; n < 500; n++) {
      const base = String(100_000_000 + n * 1_799_993).slice(0, 9)
      const first = `${base}${textbook(base)}`
      const cpf = `${first}${textbook(first)}`
      if (/^(\d)\1{10}$/.test(cpf)) continue
      expect(normalizeCpf(cpf)).toBe(cpf)
      const wrong = `${cpf.slice(0, 10)}${(Number(cpf[10]) + 1) % 10}`
      expect(normalizeCpf(wrong)).toBeNull()
    }
  })
})

describe('formatCpf', () => {
  test('punctuates 11 digits', () => {
    expect(formatCpf('52998224725')).toBe('529.982.247-25')
    expect(formatCpf('529.982.247-25')).toBe('529.982.247-25')
  })

  test('leaves anything else as it is', () => {
    expect(formatCpf('123')).toBe('123')
    expect(formatCpf(null)).toBe('')
    expect(formatCpf(undefined)).toBe('')
  })
})
