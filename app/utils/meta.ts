import { type MetaArgs } from '@remix-run/node'
import i18next from 'i18next'
import { fallbackLng, resources, type Locale } from './i18n.ts'

const translators = new Map<Locale, ReturnType<typeof i18next.getFixedT>>()

function translator(locale: Locale) {
  let t = translators.get(locale)
  if (!t) {
    const instance = i18next.createInstance()
    void instance.init({
      resources,
      lng: locale,
      fallbackLng,
      defaultNS: 'common',
      initImmediate: false,
    })
    t = instance.getFixedT(locale)
    translators.set(locale, t)
  }
  return t
}

/** `<title>` in the page's language: "Usuários · Balcão". */
export function pageTitle(matches: MetaArgs['matches'], key: string) {
  const root = matches.find((m) => m.id === 'root')?.data as { locale?: Locale } | undefined
  const t = translator(root?.locale ?? fallbackLng)
  return [{ title: `${t(key)} · Balcão` }]
}
