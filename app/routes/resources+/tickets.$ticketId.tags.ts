import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node'
import { type TagTarget } from '#app/domain/contacts/contact-schema.ts'
import {
  applyTag,
  createTagAndApply,
  listCompanyTags,
  removeTag,
} from '#app/domain/contacts/edit.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'

/** The company's tags, for the picker. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  return { tags: listCompanyTags(db, actor) }
}

/** Tags of a ticket or of its contact: `intent=apply|remove` (tagId) or `create` (name, color?). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const form = await request.formData()
  const field = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : ''
  }
  const ticketId = params.ticketId ?? ''
  const target = field('target') as TagTarget
  try {
    switch (field('intent')) {
      case 'apply':
        return data({
          ok: true,
          tag: applyTag(db, actor, { ticketId, target, tagId: field('tagId') }),
        })
      case 'remove':
        return data({
          ok: true,
          tag: removeTag(db, actor, { ticketId, target, tagId: field('tagId') }),
        })
      case 'create':
        return data({
          ok: true,
          ...createTagAndApply(db, actor, {
            ticketId,
            target,
            name: field('name'),
            color: field('color') || null,
          }),
        })
      default:
        return data({ ok: false, error: 'validation.invalid' }, { status: 400 })
    }
  } catch (error) {
    if (error instanceof DomainError)
      return data({ ok: false, error: error.code, params: error.params }, { status: error.status })
    throw error
  }
}
