import {
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { N8nGuide } from '#app/components/webhooks/n8n-guide.tsx'
import { WebhookEditor } from '#app/components/webhooks/webhook-editor.tsx'
import { WebhookSecret } from '#app/components/webhooks/webhook-secret.tsx'
import { getWebhook } from '#app/domain/webhooks/webhooks.server.ts'
import { orHttpError } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { webhookEditorAction } from './__webhook-editor.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const webhook = await orHttpError(() => getWebhook(db, actor, params.webhookId ?? ''))
  // The page holds the signing secret: no cache keeps a copy.
  return data(
    {
      webhook: { id: webhook.id, name: webhook.name, url: webhook.url, events: webhook.events },
      secret: webhook.secret,
      origin: new URL(request.url).origin,
    },
    { headers: { 'cache-control': 'no-store' } },
  )
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  'cache-control': loaderHeaders.get('cache-control') ?? 'no-store',
})

export const action = webhookEditorAction

/** The webhook's form, its signing secret, and the n8n check filled with that secret. */
export default function EditWebhookPage() {
  const { webhook, secret, origin } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('webhooks.editTitle')} description={webhook.name} />
      <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 p-4 sm:p-8">
        <WebhookEditor
          key={webhook.id}
          webhook={webhook}
          lastResult={actionData && 'result' in actionData ? actionData.result : undefined}
        />
        <WebhookSecret secret={secret} />
        <N8nGuide origin={origin} secret={secret} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'webhooks.editTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
