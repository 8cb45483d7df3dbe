import { type LoaderFunctionArgs } from '@remix-run/node'
import { listCompanyTags } from '#app/domain/tags/apply.server.ts'
import { resourceData } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'

/** The company's tags for the contact form's tag picker. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  return resourceData({ tags: listCompanyTags(db, actor) })
}
