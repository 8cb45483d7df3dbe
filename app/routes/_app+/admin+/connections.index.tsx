import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { Plus } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useRevalidateOn } from '#app/components/live-events.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { deleteConnection, listConnections } from '#app/domain/connections/connections.server.ts'
import { type RootLoader } from '#app/root.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { deleteForm } from '#app/utils/forms.ts'
import { db } from '#app/utils/db.server.ts'
import { formInput, orToast } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { CONNECTION_EVENTS } from '#app/components/connections/connection-status.tsx'
import { ConnectionsTable, EmptyState } from '#app/components/connections/connection-table.tsx'
import { readForm } from '#app/utils/upload.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const connections = listConnections(db, actor).map(({ qrCode, ...connection }) => ({
    ...connection,
    lastChangeAt: Math.max(connection.updatedAt, connection.statusChangedAt ?? 0),
  }))
  return { connections }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const formData = await readForm(request)
  const { connectionId } = formInput(formData, deleteForm('connectionId'))
  const connection = await orToast(
    '/admin/connections',
    () => deleteConnection(db, actor, connectionId),
    [404],
  )
  return redirectWithToast('/admin/connections', {
    title: 'connections.deleted',
    params: { name: connection.name },
  })
}

export default function ConnectionsPage() {
  const { connections } = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<RootLoader>('root')
  const { t } = useTranslation()
  useRevalidateOn(CONNECTION_EVENTS)
  return (
    <>
      <PageHeader
        title={t('connections.title')}
        description={t('connections.subtitle')}
        actions={
          <Button asChild>
            <Link to="/admin/connections/new">
              <Plus /> {t('connections.new')}
            </Link>
          </Button>
        }
      />
      <div className="p-4 sm:p-8">
        {connections.length === 0 ? (
          <EmptyState simulator={root?.features.simulator ?? false} />
        ) : (
          <ConnectionsTable connections={connections} locale={root?.locale ?? 'pt-BR'} />
        )}
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'connections.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
