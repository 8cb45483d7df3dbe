import { describe, expect, test } from 'vitest'
import {
  canonicalPhone,
  digitsOnly,
  formatPhone,
  isValidPhone,
  normalizePhone,
  phoneVariants,
} from './phone.ts'

describe('canonicalPhone', () => {
  test('a Brazilian mobile without the 9th digit gets it (12 → 13 digits)', () => {
    expect(canonicalPhone('551187654321')).toBe('5511987654321')
    // Every old mobile range (6–9) is a mobile.
    expect(canonicalPhone('552161234567')).toBe('5521961234567')
    expect(canonicalPhone('558576543210')).toBe('5585976543210')
    expect(canonicalPhone('554199887766')).toBe('5541999887766')
  })

  test('a Brazilian mobile that already has it is unchanged', () => {
    expect(canonicalPhone('5511987654321')).toBe('5511987654321')
  })

  test('punctuation, spaces and "+" are dropped', () => {
    expect(canonicalPhone('+55 (11) 98765-4321')).toBe('5511987654321')
    expect(canonicalPhone('+55 11 8765-4321')).toBe('5511987654321')
  })

  test('Brazilian landlines (2–5 after the DDD) are unchanged', () => {
    expect(canonicalPhone('551133334444')).toBe('551133334444')
    expect(canonicalPhone('552125551234')).toBe('552125551234')
    expect(canonicalPhone('554140041234')).toBe('554140041234')
    expect(canonicalPhone('555132221111')).toBe('555132221111')
  })

  test('numbers of other countries are untouched, even with 12 digits', () => {
    expect(canonicalPhone('14155552671')).toBe('14155552671')
    expect(canonicalPhone('447911123456')).toBe('447911123456') // UK mobile, 12 digits
    expect(canonicalPhone('351912345678')).toBe('351912345678') // Portugal, 12 digits
    expect(canonicalPhone('+54 9 11 2345-6789')).toBe('5491123456789')
  })

  test('digitsOnly keeps only digits', () => {
    expect(digitsOnly('+55 (11) 9.8765-4321')).toBe('5511987654321')
    expect(digitsOnly('')).toBe('')
  })
})

describe('phoneVariants', () => {
  test('a Brazilian mobile has both spellings, the canonical one first, whichever is given', () => {
    expect(phoneVariants('5511987654321')).toEqual(['5511987654321', '551187654321'])
    expect(phoneVariants('551187654321')).toEqual(['5511987654321', '551187654321'])
    expect(phoneVariants('+55 11 98765-4321')).toEqual(['5511987654321', '551187654321'])
  })

  test('landlines and other countries have one spelling', () => {
    expect(phoneVariants('551133334444')).toEqual(['551133334444'])
    expect(phoneVariants('14155552671')).toEqual(['14155552671'])
    expect(phoneVariants('447911123456')).toEqual(['447911123456'])
  })

  test('every variant canonicalises back to the first one', () => {
    for (const phone of ['551187654321', '5511987654321', '5521961234567', '551133334444']) {
      const variants = phoneVariants(phone)
      for (const variant of variants) expect(canonicalPhone(variant)).toBe(variants[0])
    }
  })
})

describe('isValidPhone', () => {
  test('10 to 15 digits with country code', () => {
    expect(isValidPhone('5511987654321')).toBe(true)
    expect(isValidPhone('551133334444')).toBe(true)
    expect(isValidPhone('+1 415 555 2671')).toBe(true)
    expect(isValidPhone('1234567890')).toBe(true)
    expect(isValidPhone('123456789012345')).toBe(true)
  })

  test('too short, too long or no digits', () => {
    expect(isValidPhone('123456789')).toBe(false)
    expect(isValidPhone('1234567890123456')).toBe(false)
    expect(isValidPhone('')).toBe(false)
    expect(isValidPhone('abc-def')).toBe(false)
  })
})

describe('formatPhone', () => {
  test('Brazilian mobiles and landlines read as +55 DDD number', () => {
    expect(formatPhone('5511987654321')).toBe('+55 11 98765-4321')
    expect(formatPhone('551187654321')).toBe('+55 11 8765-4321')
    expect(formatPhone('551133334444')).toBe('+55 11 3333-4444')
  })

  test('other countries: "+" and the digits', () => {
    expect(formatPhone('14155552671')).toBe('+14155552671')
    expect(formatPhone('447911123456')).toBe('+447911123456')
  })

  test('nothing to show', () => {
    expect(formatPhone(null)).toBe('')
    expect(formatPhone(undefined)).toBe('')
    expect(formatPhone('')).toBe('')
  })
})

describe('normalizePhone (libphonenumber-js)', () => {
  test.each([
    // with the 9th digit
    ['5511987654321', '5511987654321'],
    ['+55 (11) 98765-4321', '5511987654321'],
    ['+55 11 98765 4321', '5511987654321'],
    ['55 11 9 8765-4321', '5511987654321'],
    ['0055 11 98765-4321', '5511987654321'],
    // without the 9th digit: the same contact
    ['551187654321', '5511987654321'],
    ['+55 (11) 8765-4321', '5511987654321'],
    ['+55 21 6123-4567', '5521961234567'],
    // without 55: Brazil is the default country
    ['11987654321', '5511987654321'],
    ['(11) 98765-4321', '5511987654321'],
    ['1187654321', '5511987654321'],
    ['011 98765-4321', '5511987654321'],
    ['(85) 97654-3210', '5585976543210'],
    // landlines keep their 8 digits
    ['551133334444', '551133334444'],
    ['(11) 3333-4444', '551133334444'],
    ['+55 41 4004-1234', '554140041234'],
    // numbers as a spreadsheet gives them
    [5511987654321, '5511987654321'],
    [11987654321, '5511987654321'],
    ['  5511987654321  ', '5511987654321'],
    // other countries, with their code
    ['+1 415 555 2671', '14155552671'],
    ['14155552671', '14155552671'],
    ['+44 7911 123456', '447911123456'],
    ['+351 912 345 678', '351912345678'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected)
  })

  test.each([
    [''],
    ['   '],
    ['abc'],
    ['12345'],
    ['+55 00 98765-4321'], // no DDD 00
    ['+55 11 3333-444'], // a landline a digit short
    ['551198765432100'], // too long
    ['+999 123456789'], // no such country
    ['1'.repeat(20)],
  ])('%s is not a number', (input) => {
    expect(normalizePhone(input)).toBeNull()
  })

  test('null and undefined are not numbers', () => {
    expect(normalizePhone(null)).toBeNull()
    expect(normalizePhone(undefined)).toBeNull()
  })

  test('both spellings of a mobile normalise to one number, which canonicalPhone keeps', () => {
    const a = normalizePhone('+55 11 98765-4321')
    const b = normalizePhone('+55 11 8765-4321')
    expect(a).toBe(b)
    expect(canonicalPhone(a!)).toBe(a)
    expect(phoneVariants(a!)).toEqual(['5511987654321', '551187654321'])
  })
})
