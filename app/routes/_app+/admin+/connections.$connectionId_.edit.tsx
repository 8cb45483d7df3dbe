import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listQueues } from '#app/domain/queues/queues.server.ts'
import { getSetting } from '#app/domain/settings/settings.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { ConnectionEditor } from '#app/components/connections/connection-editor.tsx'
import { connectionEditorAction, getEditableConnection } from './__connection-editor.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, company } = await requireUser(request, { role: 'admin' })
  return {
    connection: await getEditableConnection(actor, params.connectionId ?? '', company.timeZone),
    queues: listQueues(db, actor),
    hoursScope: getSetting(db, actor.companyId, 'bot.hoursScope'),
  }
}

export const action = connectionEditorAction

export default function EditConnectionPage() {
  const { connection, queues, hoursScope } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('connections.editTitle')} description={connection.name} />
      <div className="mx-auto max-w-3xl p-4 sm:p-8">
        <ConnectionEditor
          key={connection.id}
          connection={connection}
          queues={queues}
          channels={[connection.channel]}
          hoursScope={hoursScope}
          lastResult={actionData?.result}
        />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'connections.editTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
