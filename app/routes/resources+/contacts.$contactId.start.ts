import { type ActionFunctionArgs } from '@remix-run/node'
import { startConversation } from '#app/domain/tickets/start.server.ts'
import { answer, formInput } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { z } from '#app/utils/validation.ts'

const StartSchema = z.object({ connectionId: z.string(), queueId: z.string().optional() })

/**
 * "Iniciar conversa" (the contact list's WhatsApp icon): opens or takes the contact's ticket on the
 * chosen connection; answers `{ ok: true, ticketId }` or the refusal the dialog shows.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const formData = await readForm(request)
  return answer(() => {
    const input = formInput(formData, StartSchema)
    const ticket = startConversation(db, actor, {
      contactId: params.contactId ?? '',
      connectionId: input.connectionId,
      queueId: input.queueId ?? null,
    })
    return { ticketId: ticket.id }
  })
}
