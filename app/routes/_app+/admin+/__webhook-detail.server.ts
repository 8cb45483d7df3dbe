import { type ActionFunctionArgs } from '@remix-run/node'
import { resendDelivery, sendTestEvent } from '#app/domain/webhooks/deliver.server.ts'
import { setWebhookActive } from '#app/domain/webhooks/webhooks.server.ts'
import { formInput, orHttpError } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { z } from '#app/utils/validation.ts'

const WebhookIntent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('test') }),
  z.object({ intent: z.literal('enable') }),
  z.object({ intent: z.literal('resend'), deliveryId: z.string().min(1).max(40) }),
])

/**
 * The webhook page's buttons: "Enviar evento de teste", "Reenviar" a delivery, and "Ativar de
 * novo" after Balcão (or an admin) turned it off. The log shows the result live.
 */
export async function webhookDetailAction({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const webhookId = params.webhookId ?? ''
  const input = formInput(await readForm(request), WebhookIntent)
  const back = `/admin/integrations/webhooks/${webhookId}`
  if (input.intent === 'test') {
    await orHttpError(() => sendTestEvent(db, actor, webhookId))
    return redirectWithToast(back, { type: 'info', title: 'webhooks.detail.testSent' })
  }
  if (input.intent === 'enable') {
    const webhook = await orHttpError(() => setWebhookActive(db, actor, webhookId, true))
    return redirectWithToast(back, { title: 'webhooks.enabled', params: { name: webhook.name } })
  }
  await orHttpError(() => resendDelivery(db, actor, input.deliveryId))
  // Back to the log as it was shown (its filter), from the first page.
  const search = new URL(request.url).searchParams
  search.delete('before')
  const query = search.toString()
  return redirectWithToast(query ? `${back}?${query}` : back, {
    type: 'info',
    title: 'webhooks.log.resent',
  })
}
