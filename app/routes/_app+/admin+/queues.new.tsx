import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { QueueEditor } from './__queue-editor.tsx'
import { queueEditorAction } from './__queue-editor.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: 'admin' })
  return null
}

export const action = queueEditorAction

export default function NewQueuePage() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('queues.newTitle')} />
      <div className="mx-auto max-w-3xl p-4 sm:p-8">
        <QueueEditor lastResult={actionData?.result} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'queues.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
