import { parseForm } from '#app/utils/forms.ts'
import { type ActionFunctionArgs } from '@remix-run/node'
import { QueueEditorSchema } from '#app/domain/queues/queue-schema.ts'
import { createQueue, updateQueue } from '#app/domain/queues/queues.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission, submitToDomain } from '#app/utils/answer.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readMultipartForm } from '#app/utils/upload.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'

/** Create (no queueId) or update a queue with its users and submenu, from the editor form. */
export async function queueEditorAction({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const { formData } = await readMultipartForm(request, UPLOAD_READ_BYTES.media)
  if (!formData) throw new Response('File too large', { status: 413 })
  const submission = parseForm(formData, QueueEditorSchema)
  if (submission.status !== 'success')
    return invalidSubmission(submission, { hideFields: ['greetingMedia'] })
  const input = submission.value
  const result = await submitToDomain(
    submission,
    () =>
      params.queueId
        ? updateQueue(db, actor, params.queueId, input)
        : createQueue(db, actor, input),
    { hideFields: ['greetingMedia'] },
  )
  if (!result.ok) return result.response
  return redirectWithToast('/admin/queues', {
    title: params.queueId ? 'queues.updated' : 'queues.created',
    params: { name: result.value.name },
  })
}
