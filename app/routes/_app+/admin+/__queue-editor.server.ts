import { parseWithZod } from '@conform-to/zod'
import { type ActionFunctionArgs } from '@remix-run/node'
import { QueueEditorSchema } from '#app/domain/queues/queue-schema.ts'
import { createQueue, updateQueue } from '#app/domain/queues/queues.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission, submitToDomain } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export async function queueEditorAction({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const submission = parseWithZod(await request.formData(), { schema: QueueEditorSchema })
  if (submission.status !== 'success') return invalidSubmission(submission)
  const input = submission.value
  const result = await submitToDomain(submission, () =>
    params.queueId ? updateQueue(db, actor, params.queueId, input) : createQueue(db, actor, input),
  )
  if (!result.ok) return result.response
  return redirectWithToast('/admin/queues', {
    title: params.queueId ? 'queues.updated' : 'queues.created',
    params: { name: result.value.name },
  })
}
