import { type LinksFunction, type LoaderFunctionArgs, data } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteLoaderData,
} from '@remix-run/react'
import { useChangeLanguage } from 'remix-i18next/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { liveShouldRevalidate } from '#app/components/live-events.tsx'
import { Toaster } from '#app/components/toaster.tsx'
import tailwind from '#app/styles/tailwind.css?url'
import { getCurrentUser } from '#app/utils/auth.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getLocale } from '#app/utils/i18n.server.ts'
import { combineHeaders } from '#app/utils/misc.ts'
import { useNonce } from '#app/utils/nonce-provider.ts'
import { getVisitorTheme } from '#app/utils/preferences.ts'
import { useThemeToPaint } from '#app/utils/theme-choice.ts'
import { themeCookie } from '#app/utils/theme.server.ts'
import { getToast } from '#app/utils/toast.server.ts'

export const links: LinksFunction = () => [
  { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' },
  { rel: 'stylesheet', href: tailwind },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const current = await getCurrentUser(request)
  const locale = await getLocale(request)
  const { toast, headers } = await getToast(request)
  const visitorTheme = getVisitorTheme(await themeCookie.parse(request.headers.get('cookie')))
  const user = current
    ? {
        id: current.user.id,
        name: current.user.name,
        email: current.user.email,
        role: current.user.role,
        isSuperAdmin: current.user.isSuperAdmin,
        avatarFile: current.user.avatarFile,
        theme: current.user.theme,
        language: current.user.language,
        companyName: current.company.name,
        timeZone: current.company.timeZone,
      }
    : null
  const features = { simulator: getEnv().SIMULATOR === 'on' }
  return data(
    { user, locale, theme: user?.theme ?? visitorTheme, toast, features },
    { headers: combineHeaders(headers) },
  )
}

export type RootLoader = typeof loader

/** The user, locale and toast do not change with live events: a live reload of a page skips them. */
export const shouldRevalidate = liveShouldRevalidate('root')

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<RootLoader>('root')
  const nonce = useNonce()
  const theme = useThemeToPaint(root?.theme ?? 'light')
  const locale = root?.locale ?? 'pt-BR'
  return (
    <html lang={locale} className={theme === 'dark' ? 'dark' : ''}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content={theme === 'dark' ? '#16181d' : '#fbfbfc'} />
        <Meta />
        <Links />
      </head>
      <body className="min-h-dvh">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  const { locale, toast } = useLoaderData<typeof loader>()
  useChangeLanguage(locale)
  return (
    <>
      <Outlet />
      <Toaster toast={toast} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

export const meta = () => [{ title: 'Balcão' }]
