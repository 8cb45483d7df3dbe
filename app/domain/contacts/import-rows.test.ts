import { describe, expect, test } from 'vitest'
import {
  guessMapping,
  mappingErrors,
  parseSheetDate,
  splitTags,
  validateImportRow,
} from './import-rows.ts'

const mapping = guessMapping([
  'Nome',
  'Telefone',
  'E-mail',
  'Tags',
  'CPF',
  'Data de nascimento',
  'Endereço',
  'Plano',
])

const row = (overrides: Partial<Record<number, string>> = {}) => {
  const cells = [
    'Maria',
    '(11) 98765-4321',
    'maria@example.com',
    'VIP, Leads',
    '529.982.247-25',
    '15/03/1990',
    'Rua A, 1',
    'Ouro',
  ]
  for (const [i, v] of Object.entries(overrides)) cells[Number(i)] = v ?? ''
  return cells
}

describe('guessMapping', () => {
  test('known headers (any case, accents) map to fields; the rest become custom fields', () => {
    expect(mapping).toEqual({
      name: 0,
      number: 1,
      email: 2,
      tags: 3,
      cpf: 4,
      birthDate: 5,
      address: 6,
      custom: [{ key: 'Plano', column: 7 }],
    })
    expect(guessMapping(['WHATSAPP', 'nome'])).toMatchObject({ number: 0, name: 1 })
  })
})

describe('mappingErrors', () => {
  test('the number column is required and columns are used once', () => {
    expect(mappingErrors(mapping, 8)).toEqual([])
    expect(mappingErrors({ name: 0 }, 2)).toContain('contacts.import.mapping.numberRequired')
    expect(mappingErrors({ number: 0, name: 0 }, 2)).toContain(
      'contacts.import.mapping.columnTwice',
    )
    expect(mappingErrors({ number: 5 }, 2)).toContain('contacts.import.mapping.badColumn')
    expect(
      mappingErrors(
        {
          number: 0,
          custom: [
            { key: 'Plano', column: 1 },
            { key: 'plano', column: 2 },
          ],
        },
        3,
      ),
    ).toContain('contacts.import.mapping.customKeyTwice')
  })
})

describe('validateImportRow', () => {
  test('a good row: number normalised, CPF digits, ISO birth date, tags split, custom kept', () => {
    expect(validateImportRow(row(), mapping)).toEqual({
      ok: true,
      value: {
        number: '5511987654321',
        name: 'Maria',
        email: 'maria@example.com',
        tags: ['VIP', 'Leads'],
        cpf: '52998224725',
        birthDate: '1990-03-15',
        address: 'Rua A, 1',
        custom: [{ key: 'Plano', value: 'Ouro' }],
      },
    })
  })

  test('only the number is required; blank cells say nothing', () => {
    const result = validateImportRow(['', '551187654321', '', '', '', '', '', ''], mapping)
    expect(result).toEqual({ ok: true, value: { number: '5511987654321', tags: [], custom: [] } })
  })

  test.each([
    [{ 1: '' }, 'contacts.import.reasons.missingNumber'],
    [{ 1: '12345' }, 'contacts.import.reasons.invalidNumber|{"value":"12345"}'],
    [{ 2: 'maria@' }, 'contacts.import.reasons.invalidEmail|{"value":"maria@"}'],
    [{ 4: '111.111.111-11' }, 'contacts.import.reasons.invalidCpf|{"value":"111.111.111-11"}'],
    [{ 5: '31/02/1990' }, 'contacts.import.reasons.invalidBirthDate|{"value":"31/02/1990"}'],
    [{ 5: '01/01/2999' }, 'contacts.import.reasons.invalidBirthDate|{"value":"01/01/2999"}'],
    [{ 0: 'x'.repeat(121) }, 'contacts.import.reasons.invalidName'],
    [{ 3: 'y'.repeat(41) }, 'contacts.import.reasons.tagTooLong|{"max":40}'],
    [{ 6: 'z'.repeat(301) }, 'contacts.import.reasons.fieldTooLong|{"max":300}'],
  ])('bad row %o → %s', (overrides, reason) => {
    expect(validateImportRow(row(overrides), mapping)).toEqual({ ok: false, reason })
  })
})

describe('sheet helpers', () => {
  test('dates: ISO, DD/MM/YYYY, Excel serial', () => {
    expect(parseSheetDate('1990-03-15')).toBe('1990-03-15')
    expect(parseSheetDate('5/3/1990')).toBe('1990-03-05')
    expect(parseSheetDate('15.03.1990')).toBe('1990-03-15')
    expect(parseSheetDate('32947')).toBe('1990-03-15')
    expect(parseSheetDate('ontem')).toBeNull()
  })

  test('tags: commas, semicolons, repeated and blank names dropped', () => {
    expect(splitTags(' VIP ;leads, vip ,, Suporte | Leads ')).toEqual(['VIP', 'leads', 'Suporte'])
  })
})
