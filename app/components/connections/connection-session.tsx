import { type SubmissionResult } from '@conform-to/react'
import { Link, useRouteLoaderData } from '@remix-run/react'
import {
  CircleCheck,
  ExternalLink,
  FlaskConical,
  Loader2,
  PowerOff,
  QrCode,
  TriangleAlert,
  Unplug,
} from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { type Channel, type ConnectionStatus } from '#app/channels/types.ts'
import { Button } from '#app/components/ui/button.tsx'
import { type RootLoader } from '#app/root.tsx'
import { formatDateTime, timeAgo } from '#app/utils/format.ts'
import { formatPhone } from '#app/utils/phone.ts'
import { CommandBar } from './connection-commands.tsx'
import { PairingCodePanel, PairingForm, QrPanel } from './connection-pairing.tsx'
import {
  displayState,
  justNow,
  retriesAutomatically,
  useConnectionError,
} from './connection-status.tsx'
import { type ErrorMessage } from '#app/utils/validation.ts'

export type SessionConnection = {
  id: string
  channel: Channel
  status: ConnectionStatus
  phone: string | null
  profileName: string | null
  pairingCode: string | null
  lastError: string | null
  statusChangedAt: number | null
}

/** CNX-2: what the session is doing now, and what the admin can do about it. */
export function ConnectionSession({
  connection,
  qrImage,
  pairResult,
}: {
  connection: SessionConnection
  qrImage: string | null
  pairResult?: SubmissionResult<ErrorMessage[]>
}) {
  const state = displayState(connection)
  return (
    <div className="flex flex-col gap-5" data-testid="connection-session" data-state={state}>
      {connection.channel === 'simulator' ? (
        <SimulatorPanel connectionId={connection.id} />
      ) : state === 'connected' ? (
        <ConnectedPanel connection={connection} />
      ) : state === 'qrcode' ? (
        <>
          <QrPanel qrImage={qrImage} />
          <PairingForm lastResult={pairResult} />
        </>
      ) : state === 'pairing' ? (
        <PairingCodePanel code={connection.pairingCode} />
      ) : state === 'opening' ? (
        <OpeningPanel />
      ) : state === 'failed' || state === 'reconnecting' ? (
        <ErrorPanel connection={connection} reconnecting={state === 'reconnecting'} />
      ) : (
        <IdlePanel state={state} />
      )}
      <CommandBar connection={connection} state={state} />
    </div>
  )
}

function OpeningPanel() {
  const { t } = useTranslation()
  return (
    <div role="status" className="flex flex-col items-center gap-3 py-10 text-center">
      <Loader2 className="text-primary size-10 animate-spin" aria-hidden />
      <p className="font-semibold">{t('connections.opening.title')}</p>
      <p className="text-muted-foreground text-sm">{t('connections.opening.description')}</p>
    </div>
  )
}

function ErrorPanel({
  connection,
  reconnecting,
}: {
  connection: SessionConnection
  reconnecting: boolean
}) {
  const { t } = useTranslation()
  const root = useRouteLoaderData<RootLoader>('root')
  const error = useConnectionError(connection.lastError)
  return (
    <div
      role="alert"
      className="border-destructive/30 bg-destructive/5 flex gap-3 rounded-lg border p-4"
    >
      <TriangleAlert className="text-destructive mt-0.5 size-5 shrink-0" aria-hidden />
      <div className="flex min-w-0 flex-col gap-1.5 text-sm">
        <p className="text-base font-semibold">{t('connections.failure.title')}</p>
        {error ? <p>{error.message}</p> : null}
        {error?.detail ? (
          <p className="text-muted-foreground font-mono text-xs break-all">{error.detail}</p>
        ) : null}
        <p className="text-muted-foreground mt-1 flex items-center gap-1.5">
          {reconnecting ? (
            <>
              <Loader2 className="size-3.5 animate-spin" aria-hidden />
              {t('connections.failure.retryingNow')}
            </>
          ) : retriesAutomatically(connection.lastError) ? (
            t('connections.failure.willRetry')
          ) : (
            t('connections.failure.noRetry')
          )}
        </p>
        {connection.statusChangedAt && !reconnecting ? (
          <p className="text-muted-foreground text-xs" suppressHydrationWarning>
            {justNow(connection.statusChangedAt)
              ? t('connections.failure.lastAttemptNow')
              : t('connections.failure.lastAttempt', {
                  when: timeAgo(connection.statusChangedAt, root?.locale ?? 'pt-BR'),
                })}
          </p>
        ) : null}
      </div>
    </div>
  )
}

const IDLE_ICONS = { qrExpired: QrCode, loggedOut: Unplug, stopped: PowerOff }

function IdlePanel({ state }: { state: 'qrExpired' | 'loggedOut' | 'stopped' }) {
  const { t } = useTranslation()
  const Icon = IDLE_ICONS[state]
  return (
    <div className="bg-muted/40 flex gap-3 rounded-lg border p-4">
      <Icon className="text-muted-foreground mt-0.5 size-5 shrink-0" aria-hidden />
      <div className="flex flex-col gap-1 text-sm">
        <p className="text-base font-semibold">{t(`connections.idle.${state}.title`)}</p>
        <p className="text-muted-foreground">{t(`connections.idle.${state}.description`)}</p>
      </div>
    </div>
  )
}

function ConnectedPanel({ connection }: { connection: SessionConnection }) {
  const { t } = useTranslation()
  const root = useRouteLoaderData<RootLoader>('root')
  const locale = root?.locale ?? 'pt-BR'
  const since = connection.statusChangedAt
  return (
    <div className="border-success/30 bg-success/5 flex gap-3 rounded-lg border p-4">
      <CircleCheck className="text-success mt-0.5 size-5 shrink-0" aria-hidden />
      <div className="flex min-w-0 flex-col gap-2 text-sm">
        <p className="text-base font-semibold">{t('connections.connected.title')}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-muted-foreground">{t('connections.columns.number')}</dt>
          <dd className="tabular-nums">{formatPhone(connection.phone) || '—'}</dd>
          <dt className="text-muted-foreground">{t('connections.connected.profile')}</dt>
          <dd>{connection.profileName ?? '—'}</dd>
          <dt className="text-muted-foreground">{t('connections.connected.since')}</dt>
          <dd suppressHydrationWarning>
            {since
              ? `${formatDateTime(since, locale, root?.user?.timeZone ?? 'America/Sao_Paulo')} (${timeAgo(since, locale)})`
              : '—'}
          </dd>
        </dl>
      </div>
    </div>
  )
}

function SimulatorPanel({ connectionId }: { connectionId: string }) {
  const { t } = useTranslation()
  const root = useRouteLoaderData<RootLoader>('root')
  return (
    <div className="bg-muted/40 flex flex-col gap-4 rounded-lg border p-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="flex gap-3">
        <FlaskConical className="text-muted-foreground mt-0.5 size-5 shrink-0" aria-hidden />
        <div className="flex flex-col gap-1 text-sm">
          <p className="text-base font-semibold">{t('connections.simulator.title')}</p>
          <p className="text-muted-foreground">{t('connections.simulator.description')}</p>
        </div>
      </div>
      {root?.features.simulator ? (
        <Button asChild className="shrink-0">
          <Link to={`/simulator?connection=${connectionId}`}>
            <ExternalLink /> {t('connections.simulator.open')}
          </Link>
        </Button>
      ) : null}
    </div>
  )
}
