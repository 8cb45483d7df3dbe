import { Link } from '@remix-run/react'
import { FlaskConical, Pencil, Plus, QrCode, Smartphone, Star } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { type Channel, type ConnectionStatus } from '#app/channels/types.ts'
import { ConfirmDeleteButton } from '#app/components/confirm-dialog.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { timeAgo } from '#app/utils/format.ts'
import { formatPhone } from '#app/utils/phone.ts'
import { ChannelLabel, ConnectionStatusBadge } from './connection-status.tsx'

type Row = {
  id: string
  name: string
  channel: Channel
  status: ConnectionStatus
  lastError: string | null
  phone: string | null
  profileName: string | null
  isDefault: boolean
  queueName: string | null
  queueColor: string | null
  lastChangeAt: number
}

const th = 'px-3 py-2.5 font-medium whitespace-nowrap first:pl-4 last:pr-4'
const td = 'px-3 py-3 first:pl-4 last:pr-4'

/** The number, or why there is none (the simulator has no phone; WhatsApp before pairing). */
function NumberText({ connection }: { connection: Row }) {
  const { t } = useTranslation()
  if (connection.phone) return <span className="tabular-nums">{formatPhone(connection.phone)}</span>
  return (
    <span className="text-muted-foreground">
      {connection.channel === 'simulator' ? '—' : t('connections.notPaired')}
    </span>
  )
}

/** CNX-1: channel, name, number, status, session, queue, last update, default; actions. */
export function ConnectionsTable({ connections, locale }: { connections: Row[]; locale: string }) {
  const { t } = useTranslation()
  return (
    <Card className="overflow-hidden">
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="bg-muted/50 text-muted-foreground text-left text-xs uppercase">
            <tr>
              <th className={`${th} hidden sm:table-cell`}>{t('connections.columns.channel')}</th>
              <th className={th}>{t('connections.columns.name')}</th>
              <th className={`${th} hidden md:table-cell`}>{t('connections.columns.number')}</th>
              <th className={`${th} hidden sm:table-cell`}>{t('connections.columns.status')}</th>
              <th className={`${th} hidden 2xl:table-cell`}>{t('connections.columns.session')}</th>
              <th className={`${th} hidden xl:table-cell`}>{t('connections.columns.queue')}</th>
              <th className={`${th} hidden lg:table-cell`}>{t('connections.columns.updatedAt')}</th>
              <th className={th}>
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {connections.map((connection) => (
              <tr
                key={connection.id}
                data-testid={`connection-row-${connection.name}`}
                className="hover:bg-muted/30"
              >
                <td className={`${td} hidden sm:table-cell`}>
                  <ChannelLabel channel={connection.channel} />
                </td>
                <td className={td}>
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <Link
                      to={`/admin/connections/${connection.id}`}
                      className="font-medium hover:underline"
                    >
                      {connection.name}
                    </Link>
                    {connection.isDefault ? (
                      <Badge title={t('connections.defaultHint')}>
                        <Star className="size-3 fill-current" aria-hidden />
                        {t('connections.defaultBadge')}
                      </Badge>
                    ) : null}
                  </div>
                  <div className="text-muted-foreground mt-0.5 text-xs md:hidden">
                    {connection.channel === 'simulator' ? (
                      t('connections.channels.simulator')
                    ) : (
                      <NumberText connection={connection} />
                    )}
                  </div>
                  <ConnectionStatusBadge
                    connection={connection}
                    className="mt-1.5 sm:hidden"
                    testId="connection-status-compact"
                  />
                </td>
                <td className={`${td} hidden whitespace-nowrap md:table-cell`}>
                  <NumberText connection={connection} />
                  {connection.profileName && connection.channel === 'whatsapp' ? (
                    <div className="text-muted-foreground text-xs 2xl:hidden">
                      {connection.profileName}
                    </div>
                  ) : null}
                </td>
                <td className={`${td} hidden sm:table-cell`}>
                  <ConnectionStatusBadge connection={connection} />
                </td>
                <td className={`${td} hidden 2xl:table-cell`}>
                  {connection.profileName ?? <span className="text-muted-foreground">—</span>}
                </td>
                <td className={`${td} hidden xl:table-cell`}>
                  {connection.queueName ? (
                    <Badge variant="outline">
                      <span
                        className="size-2 rounded-full"
                        style={{ backgroundColor: connection.queueColor ?? undefined }}
                      />
                      {connection.queueName}
                    </Badge>
                  ) : (
                    <span className="text-muted-foreground">{t('common.none')}</span>
                  )}
                </td>
                <td
                  className={`${td} text-muted-foreground hidden whitespace-nowrap lg:table-cell`}
                  suppressHydrationWarning
                >
                  {timeAgo(connection.lastChangeAt, locale)}
                </td>
                <td className={td}>
                  <div className="flex justify-end gap-0.5">
                    <Button
                      asChild
                      variant="ghost"
                      size="icon"
                      aria-label={`${t('connections.open')} ${connection.name}`}
                      title={t('connections.open')}
                    >
                      <Link to={`/admin/connections/${connection.id}`}>
                        <QrCode />
                      </Link>
                    </Button>
                    <Button
                      asChild
                      variant="ghost"
                      size="icon"
                      aria-label={`${t('common.edit')} ${connection.name}`}
                      title={t('common.edit')}
                    >
                      <Link to={`/admin/connections/${connection.id}/edit`}>
                        <Pencil />
                      </Link>
                    </Button>
                    <ConfirmDeleteButton
                      label={`${t('common.delete')} ${connection.name}`}
                      title={t('connections.deleteTitle', { name: connection.name })}
                      description={t('connections.deleteDescription')}
                      fields={{ connectionId: connection.id }}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  )
}

/** No connection yet: how to add the first number, or try the simulator first. */
export function EmptyState({ simulator }: { simulator: boolean }) {
  const { t } = useTranslation()
  return (
    <Card className="mx-auto flex max-w-xl flex-col items-center gap-4 px-6 py-12 text-center">
      <span className="bg-accent text-accent-foreground flex size-12 items-center justify-center rounded-full">
        <Smartphone className="size-6" aria-hidden />
      </span>
      <div className="flex flex-col gap-1.5">
        <h2 className="text-lg font-semibold">{t('connections.empty.title')}</h2>
        <p className="text-muted-foreground text-sm">{t('connections.empty.description')}</p>
      </div>
      <Button asChild>
        <Link to="/admin/connections/new">
          <Plus /> {t('connections.empty.action')}
        </Link>
      </Button>
      {simulator ? (
        <p className="text-muted-foreground flex flex-wrap items-center justify-center gap-1 text-sm">
          <FlaskConical className="size-4" aria-hidden />
          {t('connections.empty.simulatorHint')}
          <Link to="/simulator" className="text-primary font-medium hover:underline">
            {t('connections.empty.simulatorLink')}
          </Link>
        </p>
      ) : null}
    </Card>
  )
}
