import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { WebhookEditor } from '#app/components/webhooks/webhook-editor.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { webhookEditorAction } from './__webhook-editor.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: 'admin' })
  return null
}

export const action = webhookEditorAction

export default function NewWebhookPage() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('webhooks.newTitle')} description={t('webhooks.newSubtitle')} />
      <div className="mx-auto w-full max-w-3xl p-4 sm:p-8">
        <WebhookEditor lastResult={actionData?.result} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'webhooks.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
