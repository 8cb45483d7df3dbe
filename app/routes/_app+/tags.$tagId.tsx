import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { TAG_PALETTE } from '#app/domain/tags/tag-schema.ts'
import { getTag } from '#app/domain/tags/tags.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { orHttpError } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { TagEditor } from '#app/components/tags/tag-editor.tsx'
import { tagEditorAction } from './__tag-editor.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: ['admin', 'supervisor'] })
  const tag = await orHttpError(() => getTag(db, actor, params.tagId ?? ''))
  return { tag, palette: TAG_PALETTE }
}

export const action = tagEditorAction

export default function EditTagPage() {
  const { tag, palette } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('tags.editTitle')} description={tag.name} />
      <div className="mx-auto max-w-xl p-4 sm:p-8">
        <TagEditor key={tag.id} tag={tag} palette={palette} lastResult={actionData?.result} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'tags.editTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
