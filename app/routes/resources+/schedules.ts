import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import {
  pendingSchedulesOfTicket,
  scheduleFormOptions,
} from '#app/domain/schedules/schedules.server.ts'
import { orHttpError, resourceData } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { scheduleEditorAction } from './schedules.server.ts'

/** GET [?ticketId=] — what the schedule form offers, preset from a conversation when given. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const ticketId = new URL(request.url).searchParams.get('ticketId') || undefined
  const options = await orHttpError(() => ({
    ...scheduleFormOptions(db, actor, { ticketId }),
    pending: ticketId ? pendingSchedulesOfTicket(db, actor, ticketId) : [],
  }))
  return resourceData(options)
}

/** POST (multipart) — Novo agendamento. */
export async function action({ request }: ActionFunctionArgs) {
  return scheduleEditorAction(request)
}
