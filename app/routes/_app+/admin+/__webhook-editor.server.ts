import { type ActionFunctionArgs } from '@remix-run/node'
import { WebhookEditorSchema } from '#app/domain/webhooks/webhook-schema.ts'
import {
  createWebhook,
  regenerateWebhookSecret,
  updateWebhook,
} from '#app/domain/webhooks/webhooks.server.ts'
import { invalidSubmission, orHttpError, submitToDomain } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

/**
 * The webhook form: create (no webhookId) or save; on the edit page also "gerar novo segredo"
 * (`intent=regenerate-secret`), whose secret the page shows from its loader.
 */
export async function webhookEditorAction({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const formData = await readForm(request)
  const webhookId = params.webhookId
  if (webhookId && formData.get('intent') === 'regenerate-secret') {
    const webhook = await orHttpError(() => regenerateWebhookSecret(db, actor, webhookId))
    return redirectWithToast(`/admin/integrations/webhooks/${webhook.id}/edit`, {
      title: 'webhooks.secret.regenerated',
    })
  }
  const submission = parseForm(formData, WebhookEditorSchema)
  if (submission.status !== 'success') return invalidSubmission(submission)
  const input = submission.value
  const result = await submitToDomain(submission, () =>
    webhookId ? updateWebhook(db, actor, webhookId, input) : createWebhook(db, actor, input),
  )
  if (!result.ok) return result.response
  return redirectWithToast(`/admin/integrations/webhooks/${result.value.id}`, {
    title: webhookId ? 'webhooks.updated' : 'webhooks.created',
    params: { name: result.value.name },
  })
}
