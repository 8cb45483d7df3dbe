import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import { sendFromComposer } from '#app/domain/messages/compose.server.ts'
import { getAccessibleTicket } from '#app/domain/tickets/access.server.ts'
import { listTicketMessages } from '#app/domain/tickets/conversation.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { resourceData } from '#app/utils/api.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readMultipartForm } from '#app/utils/upload.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'

/** Older messages of a ticket (scrolling back): ?before=<cursor>. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  try {
    const ticket = getAccessibleTicket(db, actor, params.ticketId ?? '')
    return listTicketMessages(db, ticket.id, new URL(request.url).searchParams.get('before'))
  } catch (error) {
    if (error instanceof DomainError) throw new Response('Not found', { status: 404 })
    throw error
  }
}

/** The composer: text, a file, a recorded voice note, a reply-to, or a private note. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const { formData } = await readMultipartForm(request, UPLOAD_READ_BYTES.composer)
  if (!formData)
    return resourceData(
      { ok: false, error: 'validation.fileTooBig', params: { max: 16 } },
      { status: 413 },
    )
  const field = (name: string) => {
    const value = formData.get(name)
    return typeof value === 'string' ? value : undefined
  }
  const file = formData.get('file')
  try {
    const message = await sendFromComposer(db, actor, params.ticketId ?? '', {
      text: field('text'),
      file: file instanceof File ? file : undefined,
      voice: field('voice') === '1',
      private: field('private') === '1',
      quotedMessageId: field('quotedId'),
    })
    return resourceData({ ok: true, messageId: message.id })
  } catch (error) {
    if (error instanceof DomainError)
      return resourceData(
        { ok: false, error: error.code, params: error.params },
        { status: error.status },
      )
    throw error
  }
}
