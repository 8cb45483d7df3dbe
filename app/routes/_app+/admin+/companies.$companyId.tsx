import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { getCompanyForEditing } from '#app/domain/companies/companies.server.ts'
import { timeZones } from '#app/domain/companies/company-schema.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { orHttpError } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { CompanyEditor } from '#app/components/companies/company-editor.tsx'
import { companyEditorAction } from './__company-editor.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { superAdmin: true })
  return {
    company: await orHttpError(() => getCompanyForEditing(db, actor, params.companyId ?? '')),
    timeZones: timeZones(),
  }
}

export const action = companyEditorAction

export default function EditCompanyPage() {
  const { company, timeZones } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('companies.editTitle')} description={company.name} />
      <div className="mx-auto max-w-3xl p-4 sm:p-8">
        <CompanyEditor
          key={company.id}
          company={company}
          timeZones={timeZones}
          lastResult={actionData?.result}
        />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'companies.editTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
