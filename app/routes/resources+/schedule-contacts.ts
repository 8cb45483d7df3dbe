import { type LoaderFunctionArgs } from '@remix-run/node'
import { searchScheduleContacts } from '#app/domain/schedules/schedules.server.ts'
import { resourceData } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'

/** GET ?q= — contacts of the company by name or number (the schedule form's contact search). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100)
  return resourceData({ contacts: searchScheduleContacts(db, actor, q) })
}
