import { type LoaderFunctionArgs } from '@remix-run/node'
import { quickRepliesForTicket } from '#app/domain/quick-replies/composer.server.ts'
import { formInput, orHttpError, resourceData } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { z } from '#app/utils/validation.ts'

const SearchQuery = z.object({ ticketId: z.string(), q: z.string().optional() })

/** GET ?ticketId=&q= — the composer's "/" menu. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const query = formInput(new URL(request.url).searchParams, SearchQuery)
  const replies = await orHttpError(() =>
    quickRepliesForTicket(db, actor, query.ticketId, query.q ?? ''),
  )
  return resourceData({ replies })
}
