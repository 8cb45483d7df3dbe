import { useRouteLoaderData } from '@remix-run/react'
import { CircleAlert, CircleCheck, CircleDashed, CirclePause, CircleX } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/badge.tsx'
import { type RootLoader } from '#app/root.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { type DeliveryStatus } from '#app/domain/webhooks/webhook-schema.ts'

/** What the list and the page say about a webhook, from its row. */
export type WebhookState = {
  active: boolean
  failingSince: number | null
  disabledAt: number | null
  lastStatus?: string | null
}

export type WebhookHealth = 'disabled' | 'paused' | 'failing' | 'ok' | 'never'

export function webhookHealth(webhook: WebhookState): WebhookHealth {
  if (webhook.disabledAt) return 'disabled'
  if (!webhook.active) return 'paused'
  if (webhook.failingSince) return 'failing'
  if (webhook.lastStatus === undefined || webhook.lastStatus) return 'ok'
  return 'never'
}

/** Dates in the company's time zone and the user's language (the same on server and browser). */
export function useFormatWhen(timeZone: string) {
  const root = useRouteLoaderData<RootLoader>('root')
  const locale = root?.locale ?? 'pt-BR'
  return (ms: number) => formatDateTime(ms, locale, timeZone)
}

/** The webhook's situation: working, failing since…, paused, or turned off by Balcão. */
export function WebhookStatusBadge({
  webhook,
  timeZone,
}: {
  webhook: WebhookState
  timeZone: string
}) {
  const { t } = useTranslation()
  const when = useFormatWhen(timeZone)
  const health = webhookHealth(webhook)
  switch (health) {
    case 'disabled':
      return (
        <Badge variant="destructive" data-testid="webhook-status" data-status={health}>
          <CircleX className="size-3" aria-hidden />
          {t('webhooks.status.disabled')}
        </Badge>
      )
    case 'paused':
      return (
        <Badge variant="secondary" data-testid="webhook-status" data-status={health}>
          <CirclePause className="size-3" aria-hidden />
          {t('webhooks.status.paused')}
        </Badge>
      )
    case 'failing':
      return (
        <Badge
          variant="outline"
          className="border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
          data-testid="webhook-status"
          data-status={health}
        >
          <CircleAlert className="size-3" aria-hidden />
          {t('webhooks.status.failing', { since: when(webhook.failingSince!) })}
        </Badge>
      )
    case 'ok':
      return (
        <Badge variant="default" data-testid="webhook-status" data-status={health}>
          <CircleCheck className="size-3" aria-hidden />
          {t('webhooks.status.ok')}
        </Badge>
      )
    default:
      return (
        <Badge variant="outline" data-testid="webhook-status" data-status={health}>
          <CircleDashed className="size-3" aria-hidden />
          {t('webhooks.status.never')}
        </Badge>
      )
  }
}

/** One delivery's status. */
export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation()
  const label = t(`webhooks.log.statuses.${status}`)
  if (status === 'succeeded')
    return (
      <Badge variant="default" data-status={status}>
        <CircleCheck className="size-3" aria-hidden />
        {label}
      </Badge>
    )
  if (status === 'failed')
    return (
      <Badge variant="destructive" data-status={status}>
        <CircleX className="size-3" aria-hidden />
        {label}
      </Badge>
    )
  return (
    <Badge variant="secondary" data-status={status}>
      <CircleDashed className="size-3" aria-hidden />
      {label}
    </Badge>
  )
}

/** The label of an event type (`ticket.created` → "Atendimento criado"); unknown types as they are. */
export function useEventLabel() {
  const { t, i18n } = useTranslation()
  return (type: string) => {
    const key = `webhooks.eventLabels.${type.replace('.', '_')}`
    return i18n.exists(key) ? t(key) : type
  }
}
