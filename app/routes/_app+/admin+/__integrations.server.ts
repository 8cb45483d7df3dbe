import { type ActionFunctionArgs } from '@remix-run/node'
import { AllowedHostsSchema } from '#app/domain/webhooks/webhook-schema.ts'
import {
  deleteWebhook,
  setAllowedHosts,
  setWebhookActive,
} from '#app/domain/webhooks/webhooks.server.ts'
import { formInput, invalidSubmission, orToast, submitToDomain } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { z } from '#app/utils/validation.ts'

const IntegrationsIntent = z.object({ intent: z.enum(['toggle', 'delete', 'hosts']) })

const ToggleSchema = z.object({
  webhookId: z.string().min(1).max(40),
  active: z.enum(['true', 'false']).transform((value) => value === 'true'),
})
const DeleteSchema = z.object({ webhookId: z.string().min(1).max(40) })

const back = '/admin/integrations'

/**
 * The Integrações page's forms: a webhook's on/off switch, its delete button, and the allowlist
 * of hosts. Turning one on/off and deleting it also serve the webhook's own page (`back`).
 */
export async function integrationsAction({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const formData = await readForm(request)
  const { intent } = formInput(formData, IntegrationsIntent)

  if (intent === 'hosts') {
    const submission = parseForm(formData, AllowedHostsSchema)
    if (submission.status !== 'success') return invalidSubmission(submission)
    const result = await submitToDomain(submission, () =>
      setAllowedHosts(db, actor, submission.value.hosts),
    )
    if (!result.ok) return result.response
    return redirectWithToast(back, { title: 'webhooks.hosts.saved' })
  }
  if (intent === 'toggle') {
    const { webhookId, active } = formInput(formData, ToggleSchema)
    const webhook = await orToast(back, () => setWebhookActive(db, actor, webhookId, active), [404])
    return redirectWithToast(back, {
      type: active ? 'success' : 'info',
      title: active ? 'webhooks.enabled' : 'webhooks.paused',
      params: { name: webhook.name },
    })
  }
  const { webhookId } = formInput(formData, DeleteSchema)
  const webhook = await orToast(back, () => deleteWebhook(db, actor, webhookId), [404])
  return redirectWithToast(back, { title: 'webhooks.deleted', params: { name: webhook.name } })
}
