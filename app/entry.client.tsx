import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import i18nConfig from '#app/utils/i18n.ts'

// Where an aborted data load escapes: Remix decodes a `.data` answer with turbo-stream, which
// returns after the first line and keeps reading the rest in a promise (`done`) Remix never
// awaits. When the router aborts that request before the body ends (a navigation or a newer load
// supersedes it), `done` and the reader's `closed` reject with an AbortError nobody handles. The
// live path no longer starts such loads on every event (rows patch the screens; a command's own
// echo does not reload, live-events.tsx), so what remains comes from the user superseding a load
// under way: by design, not a failure. Keep it out of the console, where any other unhandled
// rejection still shows.
window.addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof DOMException && event.reason.name === 'AbortError') {
    event.preventDefault()
  }
})

// The same abort, when it lands while Remix decodes the answer's first line: Remix's single fetch
// logs it with console.error (single-fetch.js, fetchAndDecode) before the router drops the
// superseded load. Any click that changes the page while its data loads does this (the calendar's
// view switch during a live reload, "Sair" during a reload). Only an AbortError passed as such is
// dropped; every other console.error still shows.
const consoleError = console.error.bind(console)
console.error = (...args: unknown[]) => {
  if (args.length === 1 && args[0] instanceof DOMException && args[0].name === 'AbortError') return
  consoleError(...args)
}

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
