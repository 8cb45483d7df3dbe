import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { sendFromComposer } from '#app/domain/messages/compose.server.ts'
import { getAccessibleTicket } from '#app/domain/tickets/access.server.ts'
import { listTicketMessages } from '#app/domain/tickets/conversation.server.ts'
import {
  answer,
  formInput,
  jsonError,
  orHttpError,
  resourceData,
} from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readMultipartForm } from '#app/utils/upload.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'
import { z } from '#app/utils/validation.ts'

/** What the composer posts (multipart): text, a file, a voice note, a reply-to, a private note. */
const ComposerSchema = z.object({
  text: z.string().optional(),
  file: z.instanceof(File).optional(),
  voice: z.literal('1').optional(),
  private: z.literal('1').optional(),
  quotedId: z.string().optional(),
})

/** Older messages of a ticket (scrolling back): ?before=<cursor>. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const page = await orHttpError(() => {
    const ticket = getAccessibleTicket(db, actor, params.ticketId ?? '')
    return listTicketMessages(db, ticket.id, new URL(request.url).searchParams.get('before'))
  })
  return resourceData(page)
}

/** The composer: text, a file, a recorded voice note, a reply-to, or a private note. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const { formData } = await readMultipartForm(request, UPLOAD_READ_BYTES.composer)
  if (!formData) return jsonError(413, { key: 'validation.fileTooBig', params: { max: 16 } })
  return answer(async () => {
    const input = formInput(formData, ComposerSchema)
    const message = await sendFromComposer(db, actor, params.ticketId ?? '', {
      text: input.text,
      file: input.file,
      voice: input.voice === '1',
      private: input.private === '1',
      quotedMessageId: input.quotedId,
    })
    return { messageId: message.id }
  })
}
