import { useFetcher, useLocation, useRouteLoaderData } from '@remix-run/react'
import { Languages, Moon, Sun } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { type RootLoader } from '#app/root.tsx'
import { PREFERENCES_ACTION } from '#app/utils/preferences.ts'
import { Button } from './ui/button.tsx'

/** Light/dark switch: applies at once (root reads the pending fetcher), saved in the background. */
export function ThemeSwitch({ className }: { className?: string }) {
  const root = useRouteLoaderData<RootLoader>('root')
  const location = useLocation()
  const fetcher = useFetcher({ key: 'theme-switch' })
  const { t } = useTranslation()
  const pending = fetcher.formData?.get('theme')
  const current = (pending as string | undefined) ?? root?.theme ?? 'light'
  const next = current === 'dark' ? 'light' : 'dark'
  return (
    <fetcher.Form method="POST" action={PREFERENCES_ACTION} className={className}>
      <input type="hidden" name="theme" value={next} />
      {/* Before the page is interactive the form posts natively: come back to this page. */}
      <input type="hidden" name="fallbackTo" value={`${location.pathname}${location.search}`} />
      <Button
        type="submit"
        variant="ghost"
        size="icon"
        aria-label={`${t('nav.theme')}: ${t(next === 'dark' ? 'nav.dark' : 'nav.light')}`}
        data-testid="theme-switch"
        data-theme={current}
      >
        {current === 'dark' ? <Sun /> : <Moon />}
      </Button>
    </fetcher.Form>
  )
}

/** Language switch: saves the choice and reloads the page in that language. */
export function LanguageSwitch({ className }: { className?: string }) {
  const root = useRouteLoaderData<RootLoader>('root')
  const location = useLocation()
  const { t } = useTranslation()
  const next = root?.locale === 'en' ? 'pt-BR' : 'en'
  return (
    <form method="POST" action={PREFERENCES_ACTION} className={className}>
      <input type="hidden" name="language" value={next} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <Button
        type="submit"
        variant="ghost"
        size="sm"
        aria-label={t('nav.language')}
        data-testid="language-switch"
      >
        <Languages />
        {next === 'en' ? 'EN' : 'PT'}
      </Button>
    </form>
  )
}
