import { parseForm } from '#app/utils/forms.ts'
import { type ActionFunctionArgs } from '@remix-run/node'
import { ContactFormSchema } from '#app/domain/contacts/contact-schema.ts'
import { createContact, updateContact } from '#app/domain/contacts/manage.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission, submitToDomain } from '#app/utils/answer.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

/**
 * Create (no id) or update (id) a contact from the editor; any logged-in user. A route that has
 * read the form already (to see its intent) hands it in: a body is read once.
 */
export async function contactEditorAction(
  { request, params }: ActionFunctionArgs,
  form?: FormData,
) {
  const { actor } = await requireUser(request)
  const formData = form ?? (await readForm(request))
  const submission = parseForm(formData, ContactFormSchema)
  if (submission.status !== 'success') return invalidSubmission(submission)
  const input = submission.value
  const result = await submitToDomain(submission, () =>
    params.contactId
      ? updateContact(db, actor, params.contactId, input)
      : createContact(db, actor, input),
  )
  if (!result.ok) return result.response
  return redirectWithToast('/contacts', {
    title: params.contactId ? 'contacts.updated' : 'contacts.created',
    params: { name: result.value.name },
  })
}
