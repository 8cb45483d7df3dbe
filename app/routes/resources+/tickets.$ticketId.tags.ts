import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { type TagTarget } from '#app/domain/tags/tag-schema.ts'
import {
  applyTag,
  createTagAndApply,
  listCompanyTags,
  removeTag,
} from '#app/domain/tags/apply.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { getAccessibleTicket } from '#app/domain/tickets/access.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { resourceData } from '#app/utils/api.server.ts'
import { db } from '#app/utils/db.server.ts'
import { orHttpError } from '#app/utils/forms.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

/** The company's tags, for the picker of a ticket the user may see (404 for any other). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  await orHttpError(() => getAccessibleTicket(db, actor, params.ticketId ?? ''))
  return { tags: listCompanyTags(db, actor) }
}

/** Tags of a ticket or of its contact: `intent=apply|remove` (tagId) or `create` (name, color?). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const form = await readForm(request)
  const field = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : ''
  }
  const ticketId = params.ticketId ?? ''
  const target = field('target') as TagTarget
  try {
    switch (field('intent')) {
      case 'apply':
        return resourceData({
          ok: true,
          tag: applyTag(db, actor, { ticketId, target, tagId: field('tagId') }),
        })
      case 'remove':
        return resourceData({
          ok: true,
          tag: removeTag(db, actor, { ticketId, target, tagId: field('tagId') }),
        })
      case 'create':
        return resourceData({
          ok: true,
          ...createTagAndApply(db, actor, {
            ticketId,
            target,
            name: field('name'),
            color: field('color') || null,
          }),
        })
      default:
        return resourceData({ ok: false, error: 'validation.invalid' }, { status: 400 })
    }
  } catch (error) {
    if (error instanceof DomainError)
      return resourceData(
        { ok: false, error: error.code, params: error.params },
        { status: error.status },
      )
    throw error
  }
}
