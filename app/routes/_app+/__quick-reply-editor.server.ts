import { parseForm } from '#app/utils/forms.ts'
import { type ActionFunctionArgs } from '@remix-run/node'
import {
  createQuickReply,
  updateQuickReply,
} from '#app/domain/quick-replies/quick-replies.server.ts'
import { QuickReplyEditorSchema } from '#app/domain/quick-replies/quick-reply-schema.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission, submitToDomain } from '#app/utils/answer.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readMultipartForm } from '#app/utils/upload.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'

/** Create (no id) or update (id) a quick reply from the editor form; any logged-in user. */
export async function quickReplyEditorAction({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request)
  const { formData } = await readMultipartForm(request, UPLOAD_READ_BYTES.media)
  if (!formData) throw new Response('File too large', { status: 413 })
  const submission = parseForm(formData, QuickReplyEditorSchema)
  if (submission.status !== 'success') return invalidSubmission(submission)
  const input = submission.value
  const result = await submitToDomain(submission, () =>
    params.replyId
      ? updateQuickReply(db, actor, params.replyId, input)
      : createQuickReply(db, actor, input),
  )
  if (!result.ok) return result.response
  return redirectWithToast('/quick-replies', {
    title: params.replyId ? 'quickReplies.updated' : 'quickReplies.created',
    params: { shortcut: `/${result.value.shortcut}` },
  })
}
