import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { isAdmin } from '#app/domain/actor.ts'
import { getQuickReplyForEditing } from '#app/domain/quick-replies/quick-replies.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { QuickReplyEditor } from '#app/components/quick-replies/quick-reply-editor.tsx'
import { quickReplyEditorAction } from './__quick-reply-editor.server.ts'
import { orHttpError } from '#app/utils/answer.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const reply = await orHttpError(() => getQuickReplyForEditing(db, actor, params.replyId ?? ''))
  return { reply, canShare: isAdmin(actor) }
}

export const action = quickReplyEditorAction

export default function EditQuickReplyPage() {
  const { reply, canShare } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('quickReplies.editTitle')} description={`/${reply.shortcut}`} />
      <div className="mx-auto max-w-3xl p-4 sm:p-8">
        <QuickReplyEditor
          key={reply.id}
          reply={reply}
          canShare={canShare}
          lastResult={actionData?.result}
        />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'quickReplies.editTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
