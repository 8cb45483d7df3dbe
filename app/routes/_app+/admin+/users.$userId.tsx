import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { getUserForEditing } from '#app/domain/users/users.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { orHttpError } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { UserEditor } from '#app/components/users/user-editor.tsx'
import { userEditorAction } from './__user-editor.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  return orHttpError(() => getUserForEditing(db, actor, params.userId ?? ''))
}

export const action = userEditorAction

export default function EditUserPage() {
  const { user, queues, connections } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('users.editTitle')} description={user.name} />
      <div className="mx-auto max-w-3xl p-4 sm:p-8">
        <UserEditor
          key={user.id}
          user={user}
          queues={queues}
          connections={connections}
          lastResult={actionData?.result}
        />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'users.editTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
