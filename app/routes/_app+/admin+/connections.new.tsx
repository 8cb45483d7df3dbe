import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CHANNELS } from '#app/channels/types.ts'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listQueues } from '#app/domain/queues/queues.server.ts'
import { simulatorEnabled } from '#app/domain/simulator/simulator.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { ConnectionEditor } from '#app/components/connections/connection-editor.tsx'
import { connectionEditorAction } from './__connection-editor.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const simulator = simulatorEnabled()
  return {
    queues: listQueues(db, actor),
    channels: CHANNELS.filter((channel) => simulator || channel !== 'simulator'),
  }
}

export const action = connectionEditorAction

export default function NewConnectionPage() {
  const { queues, channels } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('connections.newTitle')} description={t('connections.newSubtitle')} />
      <div className="mx-auto max-w-3xl p-4 sm:p-8">
        <ConnectionEditor queues={queues} channels={channels} lastResult={actionData?.result} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'connections.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
