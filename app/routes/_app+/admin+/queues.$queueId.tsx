import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { getQueueForEditing, queueEditorChoices } from '#app/domain/queues/queues.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { orHttpError } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { QueueEditor } from '#app/components/queues/queue-editor.tsx'
import { queueEditorAction } from './__queue-editor.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, company } = await requireUser(request, { role: 'admin' })
  const editing = await orHttpError(() => getQueueForEditing(db, actor, params.queueId ?? ''))
  return { ...editing, ...queueEditorChoices(db, actor), timeZone: company.timeZone }
}

export const action = queueEditorAction

export default function EditQueuePage() {
  const { queue, userIds, options, users, queues, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('queues.editTitle')} description={queue.name} />
      <div className="mx-auto w-full max-w-6xl p-4 sm:p-8">
        <QueueEditor
          key={queue.id}
          queue={queue}
          userIds={userIds}
          options={options}
          users={users}
          queues={queues}
          nextOrder={queue.order}
          timeZone={timeZone}
          lastResult={actionData?.result}
        />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'queues.editTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
