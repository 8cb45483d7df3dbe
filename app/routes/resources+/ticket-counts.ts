import { type LoaderFunctionArgs } from '@remix-run/node'
import { countTickets } from '#app/domain/tickets/tickets.server.ts'
import { resourceData } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'

/** Tab badges, sidebar and title counters: open (mine), pending (my queues), unread (mine). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  return resourceData(countTickets(db, actor), { headers: { 'cache-control': 'no-store' } })
}
