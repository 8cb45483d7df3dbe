import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import i18nConfig from '#app/utils/i18n.ts'

// Remix aborts a data request when a newer one supersedes it (a navigation during a live reload,
// a second load of the same fetcher), and the promise that request returned rejects with an
// AbortError nobody awaits. That is by design, not a failure: keep it out of the console, where
// any other unhandled rejection still shows.
window.addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof DOMException && event.reason.name === 'AbortError') {
    event.preventDefault()
  }
})

async function hydrate() {
  const lng = document.documentElement.lang || i18nConfig.fallbackLng
  await i18next.use(initReactI18next).init({ ...i18nConfig, lng })
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    )
  })
}

void hydrate()
