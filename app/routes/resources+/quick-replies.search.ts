import { type LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import { quickRepliesForTicket } from '#app/domain/quick-replies/composer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'

/** GET ?ticketId=&q= — the composer's "/" menu. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const params = new URL(request.url).searchParams
  try {
    return {
      replies: quickRepliesForTicket(
        db,
        actor,
        params.get('ticketId') ?? '',
        params.get('q') ?? '',
      ),
    }
  } catch (error) {
    if (error instanceof DomainError) throw new Response('Not found', { status: 404 })
    throw error
  }
}
