import { Link, useFetcher } from '@remix-run/react'
import { Pencil, Webhook } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { ConfirmDeleteButton } from '#app/components/confirm-dialog.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Switch } from '#app/components/ui/switch.tsx'
import type { WebhookListRow } from '#app/domain/webhooks/webhooks.server.ts'
import { useFormatWhen, WebhookStatusBadge } from './webhook-status.tsx'

/** A webhook as the Integrações list shows it (dates as numbers, as the loader sends them). */
export type WebhookTableRow = Pick<
  WebhookListRow,
  | 'id'
  | 'name'
  | 'url'
  | 'events'
  | 'active'
  | 'failingSince'
  | 'disabledAt'
  | 'disabledReason'
  | 'lastStatus'
  | 'lastDeliveryAt'
  | 'pendingCount'
>

/** The webhooks of the company: name and URL, events, situation, on/off, edit and delete. */
export function WebhookTable({ rows, timeZone }: { rows: WebhookTableRow[]; timeZone: string }) {
  const { t } = useTranslation()
  if (rows.length === 0)
    return (
      <div className="flex flex-col items-center gap-2 px-6 py-10 text-center">
        <Webhook className="text-muted-foreground size-8" aria-hidden />
        <p className="text-muted-foreground max-w-md text-sm">{t('webhooks.empty')}</p>
      </div>
    )
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="bg-muted/50 text-muted-foreground text-left text-xs uppercase">
          <tr>
            <th className="px-4 py-2.5 font-medium">{t('webhooks.columns.name')}</th>
            <th className="hidden px-3 py-2.5 font-medium md:table-cell">
              {t('webhooks.columns.events')}
            </th>
            <th className="px-3 py-2.5 font-medium">{t('webhooks.columns.status')}</th>
            <th className="px-3 py-2.5 font-medium">{t('webhooks.columns.active')}</th>
            <th className="px-3 py-2.5">
              <span className="sr-only">{t('webhooks.columns.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map((row) => (
            <WebhookRow key={row.id} row={row} timeZone={timeZone} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function WebhookRow({ row, timeZone }: { row: WebhookTableRow; timeZone: string }) {
  const { t } = useTranslation()
  const when = useFormatWhen(timeZone)
  const toggle = useFetcher()
  // While the change is saved, show it already.
  const pendingActive = toggle.formData?.get('active')
  const active = typeof pendingActive === 'string' ? pendingActive === 'true' : row.active
  return (
    <tr data-testid={`webhook-row-${row.name}`}>
      <td className="max-w-0 px-4 py-3 align-top sm:max-w-md">
        <div className="flex min-w-0 flex-col gap-0.5">
          <Link
            to={`/admin/integrations/webhooks/${row.id}`}
            className="truncate font-medium hover:underline"
          >
            {row.name}
          </Link>
          <code className="text-muted-foreground truncate text-xs" title={row.url}>
            {row.url}
          </code>
          {row.lastDeliveryAt ? (
            <span className="text-muted-foreground text-xs">
              {t('webhooks.lastDelivery', { when: when(row.lastDeliveryAt) })}
            </span>
          ) : null}
        </div>
      </td>
      <td className="text-muted-foreground hidden px-3 py-3 align-top text-xs md:table-cell">
        {t('webhooks.eventCount', { count: row.events.length })}
      </td>
      <td className="px-3 py-3 align-top">
        <div className="flex flex-col items-start gap-1">
          <WebhookStatusBadge
            webhook={{ ...row, active, disabledAt: active ? null : row.disabledAt }}
            timeZone={timeZone}
          />
          {row.disabledAt && !active && row.disabledReason ? (
            <span
              className="text-muted-foreground line-clamp-2 max-w-56 text-xs"
              title={row.disabledReason}
            >
              {row.disabledReason}
            </span>
          ) : null}
          {row.pendingCount ? (
            <span className="text-muted-foreground text-xs">
              {t('webhooks.pendingCount', { count: row.pendingCount })}
            </span>
          ) : null}
        </div>
      </td>
      <td className="px-3 py-3 align-top">
        <Switch
          checked={active}
          aria-label={t('webhooks.toggle', { name: row.name })}
          onCheckedChange={(checked) =>
            toggle.submit(
              { intent: 'toggle', webhookId: row.id, active: String(checked) },
              { method: 'POST' },
            )
          }
        />
      </td>
      <td className="px-3 py-3 align-top">
        <div className="flex justify-end gap-1">
          <Button
            asChild
            variant="ghost"
            size="icon"
            aria-label={`${t('common.edit')} ${row.name}`}
          >
            <Link to={`/admin/integrations/webhooks/${row.id}/edit`}>
              <Pencil />
            </Link>
          </Button>
          <ConfirmDeleteButton
            label={`${t('common.delete')} ${row.name}`}
            title={t('webhooks.deleteTitle', { name: row.name })}
            description={t('webhooks.deleteDescription')}
            fields={{ webhookId: row.id }}
          />
        </div>
      </td>
    </tr>
  )
}
