import { parseForm } from '#app/utils/forms.ts'
import { type ActionFunctionArgs } from '@remix-run/node'
import { TagEditorSchema } from '#app/domain/tags/tag-schema.ts'
import { createTag, updateTag } from '#app/domain/tags/tags.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission, submitToDomain } from '#app/utils/answer.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

/** Create (no tagId) or update (tagId) a tag; admins and supervisors. */
export async function tagEditorAction({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: ['admin', 'supervisor'] })
  const submission = parseForm(await readForm(request), TagEditorSchema)
  if (submission.status !== 'success') return invalidSubmission(submission)
  const result = await submitToDomain(submission, () =>
    params.tagId
      ? updateTag(db, actor, params.tagId, submission.value)
      : createTag(db, actor, submission.value),
  )
  if (!result.ok) return result.response
  return redirectWithToast('/tags', {
    title: params.tagId ? 'tags.updated' : 'tags.created',
    params: { name: result.value.name },
  })
}
