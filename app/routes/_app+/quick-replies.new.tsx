import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { isAdmin } from '#app/domain/actor.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { QuickReplyEditor } from '#app/components/quick-replies/quick-reply-editor.tsx'
import { quickReplyEditorAction } from './__quick-reply-editor.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  return { canShare: isAdmin(actor) }
}

export const action = quickReplyEditorAction

export default function NewQuickReplyPage() {
  const { canShare } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('quickReplies.newTitle')} />
      <div className="mx-auto max-w-3xl p-4 sm:p-8">
        <QuickReplyEditor canShare={canShare} lastResult={actionData?.result} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'quickReplies.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
