import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { timeZones } from '#app/domain/companies/company-schema.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { CompanyEditor } from '#app/components/companies/company-editor.tsx'
import { companyEditorAction } from './__company-editor.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { superAdmin: true })
  return { timeZones: timeZones() }
}

export const action = companyEditorAction

export default function NewCompanyPage() {
  const { timeZones } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('companies.new')} />
      <div className="mx-auto max-w-3xl p-4 sm:p-8">
        <CompanyEditor timeZones={timeZones} lastResult={actionData?.result} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'companies.new')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
