import { type ActionFunctionArgs } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import { startConversation } from '#app/domain/tickets/start.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { resourceData } from '#app/utils/api.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

/**
 * "Iniciar conversa" (the contact list's WhatsApp icon): opens or takes the contact's ticket on the
 * chosen connection; answers `{ ok, ticketId }` or `{ ok: false, error, params }` for the dialog.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const formData = await readForm(request)
  const connectionId = String(formData.get('connectionId') ?? '')
  const queueId = String(formData.get('queueId') ?? '') || null
  try {
    const ticket = startConversation(db, actor, {
      contactId: params.contactId ?? '',
      connectionId,
      queueId,
    })
    return resourceData({ ok: true as const, ticketId: ticket.id })
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    return resourceData(
      { ok: false as const, error: error.code, params: error.params },
      { status: error.status },
    )
  }
}
