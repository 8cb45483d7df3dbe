import { TZDate } from '@date-fns/tz'

/** The variables a quick reply may use, in the order the editor lists them. */
export const QUICK_REPLY_VARIABLES = ['nome', 'primeiro_nome', 'protocolo', 'saudacao'] as const
export type QuickReplyVariable = (typeof QUICK_REPLY_VARIABLES)[number]

export const variableToken = (name: QuickReplyVariable) => `{{${name}}}`

const FALLBACK_TIME_ZONE = 'America/Sao_Paulo'

/** "Bom dia" 05:00–11:59, "Boa tarde" 12:00–17:59, "Boa noite" otherwise, in `timeZone`. */
export function greetingAt(now: Date | number, timeZone: string) {
  const time = typeof now === 'number' ? now : now.getTime()
  let hour = new TZDate(time, timeZone).getHours()
  if (Number.isNaN(hour)) hour = new TZDate(time, FALLBACK_TIME_ZONE).getHours()
  if (hour >= 5 && hour < 12) return 'Bom dia'
  if (hour >= 12 && hour < 18) return 'Boa tarde'
  return 'Boa noite'
}

export type QuickReplyContext = {
  /** The contact's full name; the variables stay as typed when it is unknown. */
  contactName?: string | null
  /** The ticket's protocol as shown to the customer. */
  ticketProtocol?: string | null
  now?: Date | number
  /** The company's time zone (IANA), for {{saudacao}}. */
  timeZone: string
}

/**
 * Fills {{nome}}, {{primeiro_nome}}, {{protocolo}} and {{saudacao}} in a quick reply. Unknown
 * variables, and known ones without a value, stay as typed. One pass: a value that itself
 * contains "{{nome}}" is not expanded again.
 */
export function fillQuickReplyVariables(text: string, context: QuickReplyContext) {
  const name = context.contactName?.trim() || undefined
  const values: Record<QuickReplyVariable, () => string | undefined> = {
    nome: () => name,
    primeiro_nome: () => name?.split(/\s+/)[0],
    protocolo: () => context.ticketProtocol?.trim() || undefined,
    saudacao: () => greetingAt(context.now ?? new Date(), context.timeZone),
  }
  return text.replace(/\{\{\s*([A-Za-z_]+)\s*\}\}/g, (token, variable: string) => {
    const key = variable.toLowerCase()
    const value = Object.hasOwn(values, key) ? values[key as QuickReplyVariable]() : undefined
    return value ?? token
  })
}
