import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { type TagTarget } from '#app/domain/tags/tag-schema.ts'
import {
  applyTag,
  createTagAndApply,
  listCompanyTags,
  removeTag,
} from '#app/domain/tags/apply.server.ts'
import { getAccessibleTicket } from '#app/domain/tickets/access.server.ts'
import { answer, formInput, orHttpError, resourceData } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { z } from '#app/utils/validation.ts'

/** The target (contact or ticket) is checked by the domain, with the tag's own rules. */
const target = z.string().transform((value) => value as TagTarget)
const TagCommandSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('apply'), target, tagId: z.string() }),
  z.object({ intent: z.literal('remove'), target, tagId: z.string() }),
  z.object({
    intent: z.literal('create'),
    target,
    name: z.string().optional(),
    color: z.string().optional(),
  }),
])

/** The company's tags, for the picker of a ticket the user may see (404 for any other). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  await orHttpError(() => getAccessibleTicket(db, actor, params.ticketId ?? ''))
  return resourceData({ tags: listCompanyTags(db, actor) })
}

/** Tags of a ticket or of its contact: `intent=apply|remove` (tagId) or `create` (name, color?). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const form = await readForm(request)
  const ticketId = params.ticketId ?? ''
  return answer(() => {
    const input = formInput(form, TagCommandSchema)
    switch (input.intent) {
      case 'apply':
        return { tag: applyTag(db, actor, { ticketId, ...input }) }
      case 'remove':
        return { tag: removeTag(db, actor, { ticketId, ...input }) }
      case 'create':
        return createTagAndApply(db, actor, {
          ticketId,
          target: input.target,
          name: input.name ?? '',
          color: input.color ?? null,
        })
    }
  })
}
