import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { ArrowLeft, Pencil, Star } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, CardContent, CardHeader, CardTitle } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { formatPhone } from '#app/utils/phone.ts'
import { connectionDetailAction, loadConnectionDetail } from './__connection-detail.server.ts'
import { ConnectionSession } from '#app/components/connections/connection-session.tsx'
import { ChannelIcon, ConnectionStatusBadge, useLiveConnection } from '#app/components/connections/connection-status.tsx'
import { ConnectionToken } from '#app/components/connections/connection-token.tsx'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  return loadConnectionDetail(actor, params.connectionId ?? '')
}

export const action = connectionDetailAction

export default function ConnectionPage() {
  const { connection, qrImage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  useLiveConnection(connection.id)
  const newToken = actionData && 'token' in actionData ? actionData.token : null
  const pairResult = actionData && 'result' in actionData ? actionData.result : undefined
  const number =
    connection.channel === 'simulator'
      ? t('connections.channels.simulator')
      : formatPhone(connection.phone) || t('connections.notPaired')
  return (
    <>
      <div className="bg-card/40 flex flex-col gap-3 border-b px-4 py-5 sm:flex-row sm:items-center sm:justify-between sm:px-8">
        <div className="flex min-w-0 flex-col gap-1">
          <Link
            to="/admin/connections"
            className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-xs"
          >
            <ArrowLeft className="size-3.5" aria-hidden /> {t('connections.title')}
          </Link>
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="truncate text-xl font-semibold tracking-tight">{connection.name}</h1>
            <ConnectionStatusBadge connection={connection} />
            {connection.isDefault ? (
              <Badge>
                <Star className="size-3 fill-current" aria-hidden />
                {t('connections.defaultBadge')}
              </Badge>
            ) : null}
          </div>
          <p className="text-muted-foreground flex items-center gap-1.5 text-sm tabular-nums">
            <ChannelIcon channel={connection.channel} className="size-3.5" />
            {number}
          </p>
        </div>
        <Button asChild variant="outline">
          <Link to={`/admin/connections/${connection.id}/edit`}>
            <Pencil /> {t('connections.editAction')}
          </Link>
        </Button>
      </div>
      <div className="mx-auto flex max-w-3xl flex-col gap-6 p-4 sm:p-8">
        <Card>
          <CardHeader>
            <CardTitle>
              {connection.channel === 'simulator'
                ? t('connections.sessionTitleSimulator')
                : t('connections.sessionTitle')}
            </CardTitle>
          </CardHeader>
          <CardContent>
            <ConnectionSession connection={connection} qrImage={qrImage} pairResult={pairResult} />
          </CardContent>
        </Card>
        <ConnectionToken tokenHint={connection.tokenHint} newToken={newToken} />
      </div>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const [title] = pageTitle(matches, 'connections.title')
  return [{ title: data ? `${data.connection.name} · ${title!.title}` : title!.title }]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
