import { parseForm } from '#app/utils/forms.ts'
import { type ActionFunctionArgs } from '@remix-run/node'
import { createUser, updateUser } from '#app/domain/users/users.server.ts'
import { UserEditorSchema } from '#app/domain/users/user-schema.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission, submitToDomain } from '#app/utils/answer.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readMultipartForm } from '#app/utils/upload.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'

/** Create (no id) or update (id) a user from the editor form. */
export async function userEditorAction({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const { formData } = await readMultipartForm(request, UPLOAD_READ_BYTES.avatar)
  if (!formData) throw new Response('File too large', { status: 413 })
  const submission = parseForm(formData, UserEditorSchema)
  if (submission.status !== 'success')
    return invalidSubmission(submission, { hideFields: ['password'] })
  const input = submission.value
  const result = await submitToDomain(
    submission,
    () =>
      params.userId ? updateUser(db, actor, params.userId, input) : createUser(db, actor, input),
    { hideFields: ['password'] },
  )
  if (!result.ok) return result.response
  return redirectWithToast('/admin/users', {
    title: params.userId ? 'users.updated' : 'users.created',
    params: { name: result.value.name },
  })
}
