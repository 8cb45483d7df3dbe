import { type LoaderFunctionArgs } from '@remix-run/node'
import { getSessionUser, toActor } from '#app/domain/auth/auth.server.ts'
import { liveEventStream } from '#app/runtime/sse.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'

/** Server-Sent Events: the live feed of the logged-in user's company, queues and self. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const current = await requireUser(request, { json: true })
  return liveEventStream(db, request, current.actor, {
    // Who the session is now: role, queues and "all tickets" as they are, or null once it ended.
    reloadViewer: () => {
      const user = getSessionUser(db, current.sessionId)
      return user ? toActor(user) : null
    },
    signal: context.clientGone,
  })
}
