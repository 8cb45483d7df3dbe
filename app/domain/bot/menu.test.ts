import { describe, expect, test } from 'vitest'
import { pickOption, renderMenu } from './menu.ts'

describe('renderMenu', () => {
  const entries = [{ title: 'Vendas' }, { title: ' Pós-venda ' }, { title: 'Financeiro' }]

  test('intro, a blank line, then numbered lines in the given order', () => {
    expect(renderMenu('  Como podemos ajudar?\n', entries)).toBe(
      'Como podemos ajudar?\n\n*1* - Vendas\n*2* - Pós-venda\n*3* - Financeiro',
    )
  })

  test('without an intro only the lines', () => {
    expect(renderMenu(null, entries)).toBe('*1* - Vendas\n*2* - Pós-venda\n*3* - Financeiro')
    expect(renderMenu(undefined, entries.slice(0, 1))).toBe('*1* - Vendas')
    expect(renderMenu('   ', entries.slice(0, 1))).toBe('*1* - Vendas')
  })

  test('without entries only the intro', () => {
    expect(renderMenu('Olá', [])).toBe('Olá')
    expect(renderMenu(null, [])).toBe('')
  })
})

describe('pickOption', () => {
  test.each([
    ['2', 1],
    [' 2 ', 1],
    ['2.', 1],
    ['*2*', 1],
    ['2)', 1],
    ['2 -', 1],
    ['opção 2', 1],
    ['Opção 2', 1],
    ['opcao 2', 1],
    ['OPÇÃO 3', 2],
    ['opção2', 1],
    ['1', 0],
    ['3', 2],
    ['03', 2],
  ])('%j → %j', (text, expected) => {
    expect(pickOption(text, 3)).toBe(expected)
  })

  test.each([
    '0',
    '4',
    '10',
    '',
    '  ',
    'dois',
    'quero 2',
    '2 e 3',
    '2a',
    '-1',
    '1.5',
    'opção',
    '**',
  ])('%j → null', (text) => {
    expect(pickOption(text, 3)).toBeNull()
  })

  test('no options: nothing can be picked', () => {
    expect(pickOption('1', 0)).toBeNull()
  })
})
