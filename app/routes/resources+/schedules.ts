import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import {
  pendingSchedulesOfTicket,
  scheduleFormOptions,
} from '#app/domain/schedules/schedules.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { scheduleEditorAction } from './schedules.server.ts'

/** GET [?ticketId=] — what the schedule form offers, preset from a conversation when given. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const ticketId = new URL(request.url).searchParams.get('ticketId') ?? undefined
  try {
    return {
      ...scheduleFormOptions(db, actor, { ticketId }),
      pending: ticketId ? pendingSchedulesOfTicket(db, actor, ticketId) : [],
    }
  } catch (error) {
    if (error instanceof DomainError)
      throw Response.json({ error: 'Not found' }, { status: error.status })
    throw error
  }
}

/** POST (multipart) — Novo agendamento. */
export async function action({ request }: ActionFunctionArgs) {
  return scheduleEditorAction(request)
}
