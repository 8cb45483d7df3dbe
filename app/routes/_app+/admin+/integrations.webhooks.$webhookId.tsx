import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ArrowLeft, CircleX, Pencil, Send, TriangleAlert } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useLiveEvents, useRevalidate } from '#app/components/live-events.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '#app/components/ui/card.tsx'
import {
  DeliveryFilter,
  DeliveryLog,
  DeliveryPager,
} from '#app/components/webhooks/delivery-log.tsx'
import {
  useEventLabel,
  useFormatWhen,
  webhookHealth,
  WebhookStatusBadge,
} from '#app/components/webhooks/webhook-status.tsx'
import { DeliveryFilterSchema } from '#app/domain/webhooks/webhook-schema.ts'
import { getWebhook, listWebhookDeliveries } from '#app/domain/webhooks/webhooks.server.ts'
import { orHttpError } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { webhookDetailAction } from './__webhook-detail.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, company } = await requireUser(request, { role: 'admin' })
  const webhookId = params.webhookId ?? ''
  const { secret: _secret, ...webhook } = await orHttpError(() => getWebhook(db, actor, webhookId))
  const filter = DeliveryFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const log = listWebhookDeliveries(db, actor, webhookId, filter)
  return { webhook, ...log, filter, timeZone: company.timeZone }
}

export async function action(args: ActionFunctionArgs) {
  return webhookDetailAction(args)
}

/** One webhook: its state, "Enviar evento de teste", and its delivery log (live). */
export default function WebhookPage() {
  const { webhook, deliveries, nextBefore, filter, timeZone } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const eventLabel = useEventLabel()
  const revalidate = useRevalidate()
  useLiveEvents(['webhook.delivery', 'webhook.disabled'], (event) => {
    if (event.payload.webhookId === webhook.id) revalidate()
  })
  const isPending = useIsPending()
  return (
    <>
      <div className="bg-card/40 flex flex-col gap-3 border-b px-4 py-5 sm:flex-row sm:items-center sm:justify-between sm:px-8">
        <div className="flex min-w-0 flex-col gap-1">
          <Link
            to="/admin/integrations"
            className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-xs"
          >
            <ArrowLeft className="size-3.5" aria-hidden /> {t('webhooks.detail.back')}
          </Link>
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="truncate text-xl font-semibold tracking-tight">{webhook.name}</h1>
            <WebhookStatusBadge
              webhook={{
                ...webhook,
                // The first page without a filter says whether anything was ever sent.
                lastStatus:
                  filter.status || filter.before ? undefined : (deliveries[0]?.status ?? null),
              }}
              timeZone={timeZone}
            />
          </div>
          <code className="text-muted-foreground truncate text-xs" title={webhook.url}>
            POST {webhook.url}
          </code>
        </div>
        <div className="flex flex-wrap gap-2">
          <Form method="POST">
            <StatusButton
              type="submit"
              name="intent"
              value="test"
              variant="outline"
              pending={isPending}
            >
              <Send /> {t('webhooks.detail.sendTest')}
            </StatusButton>
          </Form>
          <Button asChild variant="outline">
            <Link to={`/admin/integrations/webhooks/${webhook.id}/edit`}>
              <Pencil /> {t('webhooks.edit')}
            </Link>
          </Button>
        </div>
      </div>
      <div className="mx-auto flex w-full max-w-5xl flex-col gap-6 p-4 sm:p-8">
        <WebhookNotice webhook={webhook} timeZone={timeZone} />
        <Card>
          <CardHeader className="gap-3 sm:flex-row sm:items-start sm:justify-between">
            <div className="flex flex-col gap-1">
              <CardTitle>{t('webhooks.log.title')}</CardTitle>
              <CardDescription>{t('webhooks.log.description')}</CardDescription>
            </div>
            <DeliveryFilter status={filter.status} />
          </CardHeader>
          <DeliveryLog
            deliveries={deliveries}
            timeZone={timeZone}
            filtered={Boolean(filter.status || filter.before)}
          />
          <DeliveryPager nextBefore={nextBefore} />
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t('webhooks.detail.events')}</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-wrap gap-1.5">
              {webhook.events.map((event) => (
                <li
                  key={event}
                  className="bg-muted rounded-full px-2.5 py-0.5 text-xs"
                  title={event}
                >
                  {eventLabel(event)}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      </div>
    </>
  )
}

/** Why nothing (or not everything) is delivered: turned off by Balcão, paused, or failing. */
function WebhookNotice({
  webhook,
  timeZone,
}: {
  webhook: {
    active: boolean
    failingSince: number | null
    disabledAt: number | null
    disabledReason: string | null
  }
  timeZone: string
}) {
  const { t } = useTranslation()
  const when = useFormatWhen(timeZone)
  const isPending = useIsPending()
  const health = webhookHealth(webhook)
  if (health === 'disabled')
    return (
      <div
        role="alert"
        className="border-destructive/40 bg-destructive/5 flex flex-col gap-3 rounded-lg border p-4 sm:flex-row sm:items-start sm:justify-between"
        data-testid="webhook-disabled-notice"
      >
        <div className="flex gap-3">
          <CircleX className="text-destructive mt-0.5 size-5 shrink-0" aria-hidden />
          <div className="flex flex-col gap-1 text-sm">
            <p className="font-semibold">{t('webhooks.notices.disabledTitle')}</p>
            <p>
              {t('webhooks.notices.disabledBody', {
                reason: webhook.disabledReason ?? '—',
              })}
            </p>
            <p className="text-muted-foreground text-xs">
              {t('webhooks.notices.disabledAt', { when: when(webhook.disabledAt!) })}
            </p>
          </div>
        </div>
        <EnableButton pending={isPending} label={t('webhooks.notices.enableAgain')} />
      </div>
    )
  if (health === 'paused')
    return (
      <div className="bg-muted/50 flex flex-col gap-3 rounded-lg border p-4 text-sm sm:flex-row sm:items-center sm:justify-between">
        <p>{t('webhooks.notices.paused')}</p>
        <EnableButton pending={isPending} label={t('webhooks.notices.enableAgain')} />
      </div>
    )
  if (health === 'failing')
    return (
      <div
        role="status"
        className="flex gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-50"
      >
        <TriangleAlert className="mt-0.5 size-5 shrink-0 text-amber-600" aria-hidden />
        <p>{t('webhooks.notices.failing', { since: when(webhook.failingSince!) })}</p>
      </div>
    )
  return null
}

function EnableButton({ pending, label }: { pending: boolean; label: string }) {
  return (
    <Form method="POST" className="shrink-0">
      <StatusButton type="submit" name="intent" value="enable" pending={pending}>
        {label}
      </StatusButton>
    </Form>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const [title] = pageTitle(matches, 'webhooks.title')
  return [{ title: data ? `${data.webhook.name} · ${title!.title}` : title!.title }]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
