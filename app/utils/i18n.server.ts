import { createCookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import { getSessionUser } from '#app/domain/auth/auth.server.ts'
import { db } from './db.server.ts'
import i18n, { type Locale } from './i18n.ts'
import { readSessionId } from './session.server.ts'

/** The language a visitor chose before logging in. */
export const languageCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  maxAge: 365 * 24 * 60 * 60,
})

/** Locale: the user's own preference, else the cookie, else the browser's, else pt-BR. */
export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: i18n.supportedLngs,
    fallbackLanguage: i18n.fallbackLng,
    cookie: languageCookie,
    order: ['custom', 'cookie', 'header'],
    async findLocale(request) {
      const sessionId = await readSessionId(request)
      return sessionId ? (getSessionUser(db, sessionId)?.user.language ?? null) : null
    },
  },
  i18next: { ...i18n },
})

export const getLocale = (request: Request) => i18next.getLocale(request) as Promise<Locale>
