import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { ContactEditor } from '#app/components/contacts/contact-editor.tsx'
import { contactEditorAction } from './__contact-editor.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

export const action = contactEditorAction

export default function NewContactPage() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('contacts.newTitle')} />
      <div className="mx-auto w-full max-w-3xl p-4 sm:p-8">
        <ContactEditor lastResult={actionData?.result} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'contacts.newTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
