import { type LoaderFunctionArgs } from '@remix-run/node'
import { getSessionUser } from '#app/domain/auth/auth.server.ts'
import { liveEventStream } from '#app/runtime/sse.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'

/** Server-Sent Events: the live feed of the logged-in user's company, queues and self. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const current = await requireUser(request, { json: true })
  return liveEventStream(db, request, current.actor, {
    isSessionValid: () => getSessionUser(db, current.sessionId) !== null,
    signal: context.clientGone,
  })
}
