import { useNavigate } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { useLiveEvents, useRevalidate } from '#app/components/live-events.tsx'

/**
 * Tells an admin, wherever they are in the app, that Balcão turned a webhook off after 24 h of
 * failures (only admins receive `webhook.disabled`), and reloads the app layout so the menu marks
 * Integrações until someone turns it on again.
 */
export function WebhookTurnedOffNotice() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const revalidate = useRevalidate()
  useLiveEvents(['webhook.disabled'], ({ payload }) => {
    revalidate()
    toast.error(t('webhooks.disabledToast', { name: payload.name }), {
      id: `webhook-disabled-${payload.webhookId}`,
      duration: Infinity,
      action: {
        label: t('webhooks.disabledToastAction'),
        onClick: () => navigate(`/admin/integrations/webhooks/${payload.webhookId}`),
      },
    })
  })
  return null
}
