import { Outlet } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Logo } from '#app/components/logo.tsx'
import { LanguageSwitch, ThemeSwitch } from '#app/components/preference-switches.tsx'

export default function AuthLayout() {
  const { t } = useTranslation()
  return (
    <div className="from-accent/60 to-background flex min-h-dvh flex-col bg-gradient-to-b">
      <header className="flex items-center justify-between px-6 py-4">
        <Logo />
        <div className="flex items-center gap-1">
          <LanguageSwitch />
          <ThemeSwitch />
        </div>
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-10 pb-16 sm:pt-20">
        <div className="w-full max-w-sm">
          <Outlet />
          <p className="text-muted-foreground mt-8 text-center text-xs">{t('app.tagline')}</p>
        </div>
      </main>
    </div>
  )
}
