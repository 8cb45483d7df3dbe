import { Form } from '@remix-run/react'
import { LogOut, Power, PowerOff, QrCode, RefreshCw } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { type Channel } from '#app/channels/types.ts'
import { StatusButton } from '#app/components/status-button.tsx'
import { ConfirmIntentButton, usePendingIntent } from './connection-confirm.tsx'
import { type DisplayState } from './connection-status.tsx'

type Command = 'connect' | 'restart' | 'disconnect' | 'new_qr'

/** Which session buttons make sense in each state (logout is separate: it asks first). */
function commandsFor(channel: Channel, state: DisplayState): Command[] {
  if (channel === 'simulator')
    return state === 'connected'
      ? ['restart', 'disconnect']
      : state === 'opening'
        ? ['disconnect']
        : ['connect']
  switch (state) {
    case 'connected':
      return ['restart', 'disconnect']
    case 'qrcode':
    case 'pairing':
      return ['new_qr', 'disconnect']
    case 'opening':
      return ['disconnect']
    case 'reconnecting':
    case 'failed':
      return ['connect', 'new_qr', 'disconnect']
    case 'qrExpired':
      return ['new_qr']
    case 'stopped':
    case 'loggedOut':
      return ['connect']
  }
}

const COMMAND_ICONS = { connect: Power, restart: RefreshCw, disconnect: PowerOff, new_qr: QrCode }

/** The session buttons; each posts its command, which the channel manager carries out. */
export function CommandBar({
  connection,
  state,
}: {
  /** What the buttons depend on (the session panel passes its whole connection). */
  connection: { channel: Channel; phone: string | null }
  state: DisplayState
}) {
  const { t } = useTranslation()
  const pending = usePendingIntent()
  const commands = commandsFor(connection.channel, state)
  // Highlight the next step only when the session waits for the admin.
  const primary: Command | null =
    state === 'qrExpired'
      ? 'new_qr'
      : state === 'stopped' || state === 'loggedOut' || state === 'failed'
        ? 'connect'
        : null
  const canLogout =
    connection.channel === 'whatsapp' && (state === 'connected' || Boolean(connection.phone))
  return (
    <div className="flex flex-wrap gap-2 border-t pt-4">
      <Form method="POST" className="contents">
        {commands.map((command) => {
          const Icon = COMMAND_ICONS[command]
          const label =
            command === 'connect' && (state === 'failed' || state === 'reconnecting')
              ? t('connections.commandLabels.reconnect')
              : t(`connections.commandLabels.${command}`)
          return (
            <StatusButton
              key={command}
              type="submit"
              name="intent"
              value={command}
              variant={command === primary ? 'default' : 'outline'}
              pending={pending === command}
            >
              {pending === command ? null : <Icon />}
              {label}
            </StatusButton>
          )
        })}
      </Form>
      {canLogout ? (
        <ConfirmIntentButton
          intent="logout"
          title={t('connections.logout.title')}
          description={t('connections.logout.description')}
          confirmLabel={t('connections.commandLabels.logout')}
          destructive
          className="text-destructive hover:text-destructive sm:ml-auto"
        >
          <LogOut /> {t('connections.commandLabels.logout')}
        </ConfirmIntentButton>
      ) : null}
    </div>
  )
}
