import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { queueEditorChoices } from '#app/domain/queues/queues.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { QueueEditor } from '#app/components/queues/queue-editor.tsx'
import { queueEditorAction } from './__queue-editor.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, company } = await requireUser(request, { role: 'admin' })
  const choices = queueEditorChoices(db, actor)
  const nextOrder = Math.max(0, ...choices.queues.map((queue) => queue.order)) + 1
  return { ...choices, nextOrder, timeZone: company.timeZone }
}

export const action = queueEditorAction

export default function NewQueuePage() {
  const { users, queues, nextOrder, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('queues.newTitle')} />
      <div className="mx-auto w-full max-w-6xl p-4 sm:p-8">
        <QueueEditor
          userIds={[]}
          options={[]}
          users={users}
          queues={queues}
          nextOrder={nextOrder}
          timeZone={timeZone}
          lastResult={actionData?.result}
        />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'queues.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
