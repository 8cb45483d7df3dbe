import { formatDistanceToNowStrict } from 'date-fns'
import { enUS, ptBR } from 'date-fns/locale'
import { TZDate } from '@date-fns/tz'

const dateLocales = { 'pt-BR': ptBR, en: enUS }

/** "há 5 minutos" / "5 minutes ago". */
export function timeAgo(ms: number, locale: string) {
  return formatDistanceToNowStrict(ms, {
    addSuffix: true,
    locale: dateLocales[locale as keyof typeof dateLocales] ?? ptBR,
  })
}

/** A date and time shown in the company's time zone. */
export function formatDateTime(ms: number, locale: string, timeZone: string) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone,
  }).format(new TZDate(ms, timeZone))
}

export function formatNumber(value: number, locale: string) {
  return new Intl.NumberFormat(locale).format(value)
}

/** "5 minutos" / "5 minutes": how long since, without "ago". */
export function elapsed(ms: number, locale: string) {
  return formatDistanceToNowStrict(ms, {
    locale: dateLocales[locale as keyof typeof dateLocales] ?? ptBR,
  })
}
