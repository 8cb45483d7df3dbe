import { describe, expect, test } from 'vitest'
import { fillQuickReplyVariables, greetingAt } from './variables.ts'

const SP = 'America/Sao_Paulo'
/** A São Paulo wall-clock time (UTC−3, no daylight saving since 2019) on 15 Jan 2025. */
const saoPaulo = (hh: number, mm: number) => new Date(Date.UTC(2025, 0, 15, hh + 3, mm))

const context = {
  contactName: 'Maria da Silva',
  ticketProtocol: '20250115-0042',
  now: saoPaulo(9, 30),
  timeZone: SP,
}

describe('fillQuickReplyVariables', () => {
  test('fills each variable', () => {
    expect(fillQuickReplyVariables('{{nome}}', context)).toBe('Maria da Silva')
    expect(fillQuickReplyVariables('{{primeiro_nome}}', context)).toBe('Maria')
    expect(fillQuickReplyVariables('{{protocolo}}', context)).toBe('20250115-0042')
    expect(fillQuickReplyVariables('{{saudacao}}', context)).toBe('Bom dia')
    expect(
      fillQuickReplyVariables(
        '{{saudacao}}, {{primeiro_nome}}! Seu protocolo é {{protocolo}}. ({{nome}})',
        context,
      ),
    ).toBe('Bom dia, Maria! Seu protocolo é 20250115-0042. (Maria da Silva)')
  })

  test('repeated variables, spaces inside the braces and upper case are accepted', () => {
    expect(fillQuickReplyVariables('{{nome}} / {{ nome }} / {{NOME}}', context)).toBe(
      'Maria da Silva / Maria da Silva / Maria da Silva',
    )
  })

  test('the first name ignores extra spaces', () => {
    expect(
      fillQuickReplyVariables('{{primeiro_nome}}', { ...context, contactName: '  João   Pedro ' }),
    ).toBe('João')
  })

  test('unknown variables and plain text stay as typed', () => {
    const text = 'Olá {{cliente}}, {{ }} {nome} {{nome} e {{empresa_nome}}: 100% pronto.'
    expect(fillQuickReplyVariables(text, context)).toBe(text)
  })

  test('variables without a value stay as typed', () => {
    expect(
      fillQuickReplyVariables('{{nome}} {{primeiro_nome}} {{protocolo}}', {
        timeZone: SP,
        contactName: '  ',
        ticketProtocol: null,
      }),
    ).toBe('{{nome}} {{primeiro_nome}} {{protocolo}}')
  })

  test('a value that contains a variable is not expanded again', () => {
    const tricky = { ...context, contactName: '{{nome}} {{protocolo}}' }
    expect(fillQuickReplyVariables('Oi {{nome}}!', tricky)).toBe('Oi {{nome}} {{protocolo}}!')
    expect(fillQuickReplyVariables('Oi {{primeiro_nome}}!', tricky)).toBe('Oi {{nome}}!')
  })

  test('the greeting uses the time of "now" in the company time zone', () => {
    const instant = new Date(Date.UTC(2025, 0, 15, 14, 0)) // 11:00 in São Paulo, 14:00 in Lisbon
    expect(fillQuickReplyVariables('{{saudacao}}', { now: instant, timeZone: SP })).toBe('Bom dia')
    expect(
      fillQuickReplyVariables('{{saudacao}}', { now: instant, timeZone: 'Europe/Lisbon' }),
    ).toBe('Boa tarde')
    expect(
      fillQuickReplyVariables('{{saudacao}}', { now: instant.getTime(), timeZone: 'Asia/Tokyo' }),
    ).toBe('Boa noite')
  })
})

describe('greetingAt (America/Sao_Paulo)', () => {
  test.each([
    [0, 0, 'Boa noite'],
    [4, 59, 'Boa noite'],
    [5, 0, 'Bom dia'],
    [11, 59, 'Bom dia'],
    [12, 0, 'Boa tarde'],
    [17, 59, 'Boa tarde'],
    [18, 0, 'Boa noite'],
    [23, 59, 'Boa noite'],
  ])('%i:%i → %s', (hh, mm, expected) => {
    expect(greetingAt(saoPaulo(hh, mm), SP)).toBe(expected)
  })

  test('an unknown time zone falls back to São Paulo', () => {
    expect(greetingAt(saoPaulo(12, 0), 'Nowhere/Else')).toBe('Boa tarde')
  })
})
