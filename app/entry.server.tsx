import { PassThrough } from 'node:stream'
import {
  createReadableStreamFromReadable,
  type EntryContext,
  type HandleDocumentRequestFunction,
} from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { createInstance } from 'i18next'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { startRuntime, stopRuntime } from '#app/runtime/runtime.server.ts'
import { closeDatabase, db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getLocale } from '#app/utils/i18n.server.ts'
import i18nConfig from '#app/utils/i18n.ts'
import { logger } from '#app/utils/logger.server.ts'
import { NonceProvider } from '#app/utils/nonce-provider.ts'
import { UPLOAD_LIMITS } from '#app/utils/upload-limits.server.ts'

// Fail at boot, with a clear message, when the environment is wrong.
getEnv()

const ABORT_DELAY = 5_000

/** Called by server.ts: the runtime lives in the same module graph as the routes. */
export const runtime = {
  start: () => startRuntime(db),
  stop: stopRuntime,
  closeDatabase,
  healthCheck: () => db.$client.prepare('select 1 as ok').get(),
}

/** Read by server.ts: the multipart body cap of each upload route (its own file limit). */
export const uploadLimits = UPLOAD_LIMITS

type LoadContext = { cspNonce?: string }

export default async function handleRequest(
  ...[request, responseStatusCode, responseHeaders, remixContext, loadContext]: [
    ...Parameters<HandleDocumentRequestFunction>,
    LoadContext,
  ]
) {
  const nonce = loadContext.cspNonce ?? ''
  const lng = await getLocale(request)
  const i18n = createInstance()
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng })
  const callback = isbot(request.headers.get('user-agent')) ? 'onAllReady' : 'onShellReady'

  return new Promise<Response>((resolve, reject) => {
    let didError = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer
            context={remixContext as EntryContext}
            url={request.url}
            abortDelay={ABORT_DELAY}
            nonce={nonce}
          />
        </I18nextProvider>
      </NonceProvider>,
      {
        [callback]: () => {
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: didError ? 500 : responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError: (error: unknown) => reject(error),
        onError: (error: unknown) => {
          didError = true
          logger.error({ err: error }, 'render failed')
        },
        nonce,
      },
    )
    setTimeout(abort, ABORT_DELAY + 1000)
  })
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  // A 4xx is an answer, not a failure: a thrown Response, or the ErrorResponse Remix makes of a
  // thrown `data()` or of a URL no route matches (pino-http logs those requests at warn).
  if (error instanceof Response && error.status < 500) return
  if (isRouteErrorResponse(error) && error.status < 500) return
  logger.error({ err: error, url: request.url }, 'request failed')
}
