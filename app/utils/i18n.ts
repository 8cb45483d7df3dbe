import en from '#app/locales/en.ts'
import ptBR from '#app/locales/pt-BR.ts'

export const supportedLngs = ['pt-BR', 'en'] as const
export type Locale = (typeof supportedLngs)[number]
export const fallbackLng: Locale = 'pt-BR'

export const resources = { 'pt-BR': { common: ptBR }, en: { common: en } }

/** Settings shared by the server and browser i18next instances. */
export default {
  supportedLngs: [...supportedLngs],
  fallbackLng,
  defaultNS: 'common',
  resources,
  interpolation: { escapeValue: false },
}
