import { parseWithZod } from '@conform-to/zod'
import { type ActionFunctionArgs } from '@remix-run/node'
import { ContactEditorSchema } from '#app/domain/contacts/contact-schema.ts'
import { setContactBlocked, updateContactFromTicket } from '#app/domain/contacts/edit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { resourceData } from '#app/utils/api.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

/**
 * The contact of a ticket, from the side panel: `intent=block|unblock`, or the editor form (field
 * errors come back as a conform reply; other refusals as `{ ok: false, error }`).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const ticketId = params.ticketId ?? ''
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (intent === 'block' || intent === 'unblock') {
    try {
      const contact = setContactBlocked(db, actor, ticketId, intent === 'block')
      return resourceData({ ok: true, blocked: contact.blocked })
    } catch (error) {
      if (error instanceof DomainError)
        return resourceData(
          { ok: false, error: error.code, params: error.params },
          { status: error.status },
        )
      throw error
    }
  }
  const submission = parseWithZod(formData, { schema: ContactEditorSchema })
  if (submission.status !== 'success')
    return resourceData({ ok: false, result: submission.reply() }, { status: 400 })
  try {
    updateContactFromTicket(db, actor, ticketId, submission.value)
    return resourceData({ ok: true, result: submission.reply({ resetForm: true }) })
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const message = error.params ? `${error.code}|${JSON.stringify(error.params)}` : error.code
    const result = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [message] } })
      : undefined
    return resourceData(
      { ok: false, error: error.code, params: error.params, result },
      { status: error.status },
    )
  }
}
