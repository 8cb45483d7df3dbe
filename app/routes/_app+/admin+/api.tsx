import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiDocumentation } from '#app/components/api/api-docs.tsx'
import { CreateTokenDialog } from '#app/components/api/api-token-create.tsx'
import { ApiTokenTable, ConnectionTokens } from '#app/components/api/api-token-table.tsx'
import { TryIt } from '#app/components/api/try-it.tsx'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { apiPageAction, loadApiPage } from './__api.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  return loadApiPage(actor, request)
}

export const action = apiPageAction

export default function ApiPage() {
  const { tokens, connections, docs, origin } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  // The secret just created: "Testar" fills it in (it lives in this page's memory only).
  const [createdToken, setCreatedToken] = useState<string | null>(null)
  return (
    <>
      <PageHeader title={t('api.title')} description={t('api.subtitle')} />
      <div className="mx-auto flex max-w-6xl flex-col gap-6 p-4 sm:p-8">
        <ApiTokenTable
          tokens={tokens}
          actions={<CreateTokenDialog onCreated={setCreatedToken} />}
        />
        <div className="grid items-start gap-6 lg:grid-cols-2">
          <TryIt createdToken={createdToken} connections={connections} />
          <ConnectionTokens connections={connections} />
        </div>
        <ApiDocumentation docs={docs} origin={origin} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'api.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
