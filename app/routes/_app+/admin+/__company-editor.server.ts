import { parseForm } from '#app/utils/forms.ts'
import { type ActionFunctionArgs } from '@remix-run/node'
import { createCompany, updateCompany } from '#app/domain/companies/companies.server.ts'
import { CompanyEditorSchema, NewCompanySchema } from '#app/domain/companies/company-schema.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission, submitToDomain } from '#app/utils/answer.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

export async function companyEditorAction({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { superAdmin: true })
  const formData = await readForm(request)
  const companyId = params.companyId
  const hideFields = ['adminPassword']
  if (companyId) {
    const submission = parseForm(formData, CompanyEditorSchema)
    if (submission.status !== 'success') return invalidSubmission(submission)
    const result = await submitToDomain(submission, () =>
      updateCompany(db, actor, companyId, submission.value),
    )
    if (!result.ok) return result.response
    return redirectWithToast('/admin/companies', {
      title: 'companies.updated',
      params: { name: result.value.name },
    })
  }
  const submission = parseForm(formData, NewCompanySchema)
  if (submission.status !== 'success') return invalidSubmission(submission, { hideFields })
  const result = await submitToDomain(
    submission,
    () => createCompany(db, actor, submission.value),
    { hideFields },
  )
  if (!result.ok) return result.response
  return redirectWithToast('/admin/companies', {
    title: 'companies.created',
    params: { name: result.value.name },
  })
}
