import { type FieldMetadata, getInputProps, getSelectProps } from '@conform-to/react'
import { useLocation, useRevalidator, useRouteLoaderData } from '@remix-run/react'
import { Languages, Moon, Sun } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { type RootLoader } from '#app/root.tsx'
import { PREFERENCES_ACTION } from '#app/utils/preferences.ts'
import { chooseTheme, useThemeToPaint } from '#app/utils/theme-choice.ts'
import { LANGUAGES, THEMES } from '#db/schema/users.ts'
import { CheckboxField, SelectField } from './forms.tsx'
import { Button } from './ui/button.tsx'

/**
 * Light/dark switch: paints at once, saves in the background, then reloads the data. Before the page
 * is interactive the form posts natively and comes back to this page.
 */
export function ThemeSwitch({ className }: { className?: string }) {
  const root = useRouteLoaderData<RootLoader>('root')
  const location = useLocation()
  const revalidator = useRevalidator()
  const { t } = useTranslation()
  const saved = root?.theme ?? 'light'
  const current = useThemeToPaint(saved)
  const next = current === 'dark' ? 'light' : 'dark'
  return (
    <form
      method="POST"
      action={PREFERENCES_ACTION}
      className={className}
      onSubmit={(event) => {
        event.preventDefault()
        chooseTheme(next, saved)
        void fetch(PREFERENCES_ACTION, {
          method: 'POST',
          body: new URLSearchParams({ theme: next }),
        })
          .then(() => revalidator.revalidate())
          .catch(() => undefined)
      }}
    >
      <input type="hidden" name="theme" value={next} />
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
    </form>
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

/**
 * Tema, idioma and assinatura as form fields: the same three on Meu perfil and on the admin's user
 * editor (the header's switches above change them in one click).
 */
export function PreferenceFields({
  fields,
}: {
  fields: Record<'theme' | 'language' | 'signature', FieldMetadata<any, any, any>>
}) {
  const { t } = useTranslation()
  return (
    <>
      <SelectField
        labelProps={{ children: t('users.fields.theme') }}
        selectProps={getSelectProps(fields.theme)}
        options={THEMES.map((value) => ({
          value,
          label: t(value === 'dark' ? 'nav.dark' : 'nav.light'),
        }))}
      />
      <SelectField
        labelProps={{ children: t('users.fields.language') }}
        selectProps={getSelectProps(fields.language)}
        options={LANGUAGES.map((value) => ({ value, label: t(`languages.${value}`) }))}
      />
      <CheckboxField
        className="sm:col-span-2"
        labelProps={{ children: t('users.fields.signature') }}
        buttonProps={getInputProps(fields.signature, { type: 'checkbox' })}
      />
    </>
  )
}
