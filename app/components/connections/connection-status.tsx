import { useNavigate, useNavigation, useRevalidator } from '@remix-run/react'
import { FlaskConical, Loader2, Smartphone } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type Channel, type ConnectionStatus } from '#app/channels/types.ts'
import { useLiveEvents, useRevalidate } from '#app/components/live-events.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { cn } from '#app/utils/misc.ts'

/** Live events that change what the Conexões pages show. */
export const CONNECTION_EVENTS = [
  'connection.status',
  'connection.created',
  'connection.updated',
  'connection.deleted',
] as const

/**
 * The pairing page follows one connection: its events reload the data (each new QR code arrives
 * this way) — after any navigation in flight, like useRevalidateOn — and its deletion leaves.
 */
export function useLiveConnection(connectionId: string) {
  const { state: revalidation } = useRevalidator()
  const reload = useRevalidate()
  const navigation = useNavigation()
  const navigate = useNavigate()
  const [stale, setStale] = useState(false)
  useLiveEvents(CONNECTION_EVENTS, (event) => {
    if (event.payload.connectionId !== connectionId) return
    if (event.type === 'connection.deleted') navigate('/admin/connections', { replace: true })
    else setStale(true)
  })
  useEffect(() => {
    if (!stale || navigation.state !== 'idle' || revalidation !== 'idle') return
    const timer = setTimeout(() => {
      setStale(false)
      reload()
    }, 150)
    return () => clearTimeout(timer)
  }, [stale, navigation.state, revalidation, reload])
}

type StatusFields = { status: ConnectionStatus; lastError: string | null }

/** What the admin needs to know, finer than the stored status (a failure is not a stop). */
export type DisplayState =
  | 'connected'
  | 'opening'
  | 'reconnecting'
  | 'qrcode'
  | 'pairing'
  | 'failed'
  | 'qrExpired'
  | 'stopped'
  | 'loggedOut'

export function displayState({ status, lastError }: StatusFields): DisplayState {
  switch (status) {
    case 'connected':
    case 'qrcode':
    case 'pairing':
      return status
    case 'opening':
      return lastError ? 'reconnecting' : 'opening'
    case 'logged_out':
      return 'loggedOut'
    case 'disconnected':
      if (!lastError) return 'stopped'
      return lastError === 'qr_expired' ? 'qrExpired' : 'failed'
  }
}

/** Close reasons after which the channel manager waits for the admin instead of retrying. */
const FINAL_ERRORS = new Set(['qr_expired', 'replaced', 'forbidden', 'logged_out'])

export function retriesAutomatically(lastError: string | null) {
  return Boolean(lastError) && !FINAL_ERRORS.has(lastError!)
}

/** Within the last 10 seconds ("há 0 segundos" reads oddly); like timeAgo, render-time clock. */
export function justNow(ms: number) {
  return Date.now() - ms < 10_000
}

const KNOWN_ERRORS = new Set([
  'qr_expired',
  'replaced',
  'forbidden',
  'connection_lost',
  'timed_out',
  'unavailable',
  'bad_session',
  'restart_required',
  'unknown',
])
const NETWORK_ERROR =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo/i

/** A sentence for the stored error, plus the technical text when it is not one of ours. */
export function useConnectionError(lastError: string | null) {
  const { t } = useTranslation()
  if (!lastError) return null
  if (KNOWN_ERRORS.has(lastError)) return { message: t(`connections.errors.${lastError}`) }
  if (NETWORK_ERROR.test(lastError))
    return { message: t('connections.errors.network'), detail: lastError }
  return { message: t('connections.errors.other'), detail: lastError }
}

const STATE_STYLES: Record<DisplayState, string> = {
  connected: 'bg-success/15 text-success',
  opening: 'bg-sky-500/10 text-sky-700 dark:text-sky-300',
  reconnecting: 'bg-sky-500/10 text-sky-700 dark:text-sky-300',
  qrcode: 'bg-amber-500/15 text-amber-800 dark:text-amber-300',
  pairing: 'bg-amber-500/15 text-amber-800 dark:text-amber-300',
  failed: 'bg-destructive/10 text-destructive',
  qrExpired: 'bg-secondary text-secondary-foreground',
  stopped: 'bg-secondary text-secondary-foreground',
  loggedOut: 'bg-secondary text-secondary-foreground',
}

export function ConnectionStatusBadge({
  connection,
  className,
  testId = 'connection-status',
}: {
  connection: StatusFields
  className?: string
  testId?: string
}) {
  const { t } = useTranslation()
  const state = displayState(connection)
  const busy = state === 'opening' || state === 'reconnecting'
  return (
    <Badge
      variant="outline"
      className={cn('border-transparent whitespace-nowrap', STATE_STYLES[state], className)}
      data-testid={testId}
      data-state={state}
    >
      {busy ? (
        <Loader2 className="size-3 animate-spin" aria-hidden />
      ) : (
        <span className="size-1.5 rounded-full bg-current" aria-hidden />
      )}
      {t(`connections.status.${state}`)}
    </Badge>
  )
}

export function ChannelIcon({ channel, className }: { channel: Channel; className?: string }) {
  const Icon = channel === 'simulator' ? FlaskConical : Smartphone
  return <Icon className={cn('size-4 shrink-0', className)} aria-hidden />
}

export function ChannelLabel({ channel }: { channel: Channel }) {
  const { t } = useTranslation()
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <ChannelIcon
        channel={channel}
        className={channel === 'whatsapp' ? 'text-success' : 'text-muted-foreground'}
      />
      {t(`connections.channels.${channel}`)}
    </span>
  )
}
