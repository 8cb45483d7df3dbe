import { type ActionFunctionArgs } from '@remix-run/node'
import { ContactEditorSchema } from '#app/domain/contacts/contact-schema.ts'
import { setContactBlocked, updateContactFromTicket } from '#app/domain/contacts/edit.server.ts'
import { answer, resourceData, resourceFormError } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { readForm } from '#app/utils/upload.server.ts'

/**
 * The contact of a ticket, from the side panel: `intent=block|unblock`, or the editor form (field
 * errors come back as a conform reply in `result`; other refusals as the `{ ok: false, error }`
 * answer).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const ticketId = params.ticketId ?? ''
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (intent === 'block' || intent === 'unblock')
    return answer(() => ({
      blocked: setContactBlocked(db, actor, ticketId, intent === 'block').blocked,
    }))
  const submission = parseForm(formData, ContactEditorSchema)
  if (submission.status !== 'success')
    return resourceData({ ok: false, result: submission.reply() }, { status: 400 })
  try {
    updateContactFromTicket(db, actor, ticketId, submission.value)
    return resourceData({ ok: true, result: submission.reply({ resetForm: true }) })
  } catch (error) {
    return resourceFormError(submission, error)
  }
}
