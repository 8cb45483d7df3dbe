import { Link, useFetcher, useSearchParams } from '@remix-run/react'
import { ChevronRight, RotateCw } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { StatusButton } from '#app/components/status-button.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { DELIVERY_STATUSES, type DeliveryStatus } from '#app/domain/webhooks/webhook-schema.ts'
import type { DeliveryRow } from '#app/domain/webhooks/webhooks.server.ts'
import { cn } from '#app/utils/misc.ts'
import { DeliveryStatusBadge, useEventLabel, useFormatWhen } from './webhook-status.tsx'

/** Pretty JSON when the body is JSON, the text as it is otherwise. */
function pretty(body: string) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    return body
  }
}

/** The filter by status: links, so the filtered log has its own URL. */
export function DeliveryFilter({ status }: { status: DeliveryStatus | undefined }) {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const to = (next: DeliveryStatus | undefined) => {
    const query = new URLSearchParams(params)
    query.delete('before')
    if (next) query.set('status', next)
    else query.delete('status')
    const text = query.toString()
    return text ? `?${text}` : '.'
  }
  const options: Array<DeliveryStatus | undefined> = [undefined, ...DELIVERY_STATUSES]
  return (
    <nav aria-label={t('webhooks.log.filter')} className="flex flex-wrap gap-1">
      {options.map((option) => {
        const current = option === status
        return (
          <Link
            key={option ?? 'all'}
            to={to(option)}
            preventScrollReset
            aria-current={current ? 'page' : undefined}
            className={cn(
              'rounded-full border px-3 py-1 text-xs font-medium transition-colors',
              current
                ? 'border-primary bg-primary text-primary-foreground'
                : 'hover:bg-muted text-muted-foreground',
            )}
          >
            {option ? t(`webhooks.log.statuses.${option}`) : t('webhooks.log.filterAll')}
          </Link>
        )
      })}
    </nav>
  )
}

/** The delivery log of one webhook: one line per delivery, its details (body, answer, attempts) below. */
export function DeliveryLog({
  deliveries,
  timeZone,
  filtered,
}: {
  deliveries: DeliveryRow[]
  timeZone: string
  filtered: boolean
}) {
  const { t } = useTranslation()
  if (deliveries.length === 0)
    return (
      <p
        className="text-muted-foreground px-5 py-8 text-center text-sm"
        data-testid="delivery-empty"
      >
        {filtered ? t('webhooks.log.emptyFiltered') : t('webhooks.log.empty')}
      </p>
    )
  return (
    <ul className="divide-y border-t" data-testid="delivery-log">
      {deliveries.map((delivery) => (
        <DeliveryItem key={delivery.id} delivery={delivery} timeZone={timeZone} />
      ))}
    </ul>
  )
}

function DeliveryItem({ delivery, timeZone }: { delivery: DeliveryRow; timeZone: string }) {
  const { t } = useTranslation()
  const when = useFormatWhen(timeZone)
  const eventLabel = useEventLabel()
  const resend = useFetcher()
  const isTest = delivery.eventType === 'webhook.test'
  const answer =
    delivery.responseStatus != null
      ? `HTTP ${delivery.responseStatus}`
      : delivery.error
        ? delivery.error
        : delivery.attempts === 0
          ? t('webhooks.log.waiting')
          : t('webhooks.log.noResponse')
  return (
    <li
      className="relative"
      data-testid="delivery"
      data-status={delivery.status}
      data-event={delivery.eventType}
    >
      <details className="group">
        <summary className="hover:bg-muted/40 grid cursor-pointer list-none grid-cols-[auto_minmax(0,1fr)] items-center gap-x-3 gap-y-1 py-3 pr-16 pl-5 sm:grid-cols-[auto_7rem_minmax(0,1fr)_9rem_5rem] md:pr-32 [&::-webkit-details-marker]:hidden">
          <ChevronRight
            className="text-muted-foreground size-4 transition-transform group-open:rotate-90"
            aria-hidden
          />
          <span className="hidden sm:block">
            <DeliveryStatusBadge status={delivery.status} />
          </span>
          <span className="flex min-w-0 flex-col">
            <span className="flex min-w-0 items-center gap-1.5">
              <span className="truncate text-sm font-medium">{eventLabel(delivery.eventType)}</span>
              {delivery.eventId === null && !isTest ? (
                <Badge variant="outline">{t('webhooks.log.resendBadge')}</Badge>
              ) : null}
            </span>
            <span className="text-muted-foreground truncate text-xs">
              <code>{delivery.eventType}</code> · {when(delivery.createdAt)}
            </span>
            <span className="mt-1 flex items-center gap-2 text-xs sm:hidden">
              <DeliveryStatusBadge status={delivery.status} />
              <span className="text-muted-foreground truncate">{answer}</span>
            </span>
          </span>
          <span className="hidden min-w-0 flex-col text-xs sm:flex">
            <span
              className={cn(
                'truncate font-medium',
                delivery.status === 'failed' || (delivery.responseStatus ?? 200) >= 300
                  ? 'text-destructive'
                  : undefined,
              )}
              title={answer}
              data-testid="delivery-response"
            >
              {answer}
            </span>
            <span className="text-muted-foreground">
              {t('webhooks.log.attempts', { count: delivery.attempts })}
            </span>
          </span>
          <span className="text-muted-foreground hidden text-xs tabular-nums sm:block">
            {delivery.latencyMs != null ? t('webhooks.log.ms', { count: delivery.latencyMs }) : '—'}
          </span>
        </summary>
        <div className="bg-muted/20 flex flex-col gap-4 px-5 pt-1 pb-5 sm:pl-12">
          {delivery.status === 'pending' && delivery.nextAttemptAt ? (
            <p className="text-muted-foreground text-xs">
              {t('webhooks.log.nextRetry', { when: when(delivery.nextAttemptAt) })}
            </p>
          ) : null}
          <div className="grid gap-4 lg:grid-cols-2">
            <section className="flex min-w-0 flex-col gap-1.5">
              <h4 className="text-xs font-semibold uppercase">{t('webhooks.log.payload')}</h4>
              <pre className="bg-background max-h-72 overflow-auto rounded-md border p-3 font-mono text-xs">
                {pretty(delivery.body)}
              </pre>
            </section>
            <section className="flex min-w-0 flex-col gap-1.5">
              <h4 className="text-xs font-semibold uppercase">{t('webhooks.log.response')}</h4>
              <pre className="bg-background max-h-72 overflow-auto rounded-md border p-3 font-mono text-xs whitespace-pre-wrap">
                {delivery.responseExcerpt || delivery.error || '—'}
              </pre>
            </section>
          </div>
          {delivery.attemptLog.length ? (
            <section className="flex flex-col gap-1.5">
              <h4 className="text-xs font-semibold uppercase">{t('webhooks.log.attemptsTitle')}</h4>
              <ol className="flex flex-col gap-1 text-xs">
                {delivery.attemptLog.map((attempt, index) => (
                  <li key={attempt.id} className="flex flex-wrap items-center gap-x-3 gap-y-0.5">
                    <span className="font-medium">
                      {t('webhooks.log.attempt', { number: index + 1 })}
                    </span>
                    <span className="text-muted-foreground tabular-nums">
                      {when(attempt.startedAt)}
                    </span>
                    <span
                      className={cn(
                        attempt.responseStatus != null && attempt.responseStatus < 300
                          ? undefined
                          : 'text-destructive',
                      )}
                    >
                      {!attempt.finishedAt
                        ? t('webhooks.log.running')
                        : attempt.responseStatus != null
                          ? `HTTP ${attempt.responseStatus}`
                          : (attempt.error ?? t('webhooks.log.noResponse'))}
                    </span>
                    {attempt.latencyMs != null ? (
                      <span className="text-muted-foreground tabular-nums">
                        {t('webhooks.log.ms', { count: attempt.latencyMs })}
                      </span>
                    ) : null}
                    {attempt.responseStatus != null &&
                    attempt.error &&
                    attempt.error !== `HTTP ${attempt.responseStatus}` ? (
                      <span className="text-muted-foreground">{attempt.error}</span>
                    ) : null}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </div>
      </details>
      <resend.Form method="POST" className="absolute top-2.5 right-4">
        <input type="hidden" name="deliveryId" value={delivery.id} />
        <StatusButton
          type="submit"
          name="intent"
          value="resend"
          variant="ghost"
          size="sm"
          pending={resend.state !== 'idle'}
          aria-label={`${t('webhooks.log.resend')} ${eventLabel(delivery.eventType)}`}
        >
          {resend.state === 'idle' ? <RotateCw /> : null}
          <span className="hidden md:inline">{t('webhooks.log.resend')}</span>
        </StatusButton>
      </resend.Form>
    </li>
  )
}

/** "Mais antigas" / "Mais recentes": the log's pages. */
export function DeliveryPager({ nextBefore }: { nextBefore: string | null }) {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  if (!nextBefore && !params.get('before')) return null
  const older = new URLSearchParams(params)
  if (nextBefore) older.set('before', nextBefore)
  const newest = new URLSearchParams(params)
  newest.delete('before')
  return (
    <div className="flex justify-between gap-2 border-t px-5 py-3">
      {params.get('before') ? (
        <Button asChild variant="ghost" size="sm">
          <Link to={newest.toString() ? `?${newest}` : '.'} preventScrollReset>
            {t('webhooks.log.newest')}
          </Link>
        </Button>
      ) : (
        <span />
      )}
      {nextBefore ? (
        <Button asChild variant="outline" size="sm">
          <Link to={`?${older}`} preventScrollReset>
            {t('webhooks.log.older')}
          </Link>
        </Button>
      ) : null}
    </div>
  )
}
