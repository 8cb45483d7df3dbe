import { type ActionFunctionArgs } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import { moveCard } from '#app/domain/kanban/board.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { resourceData } from '#app/utils/api.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

/** Moves a Kanban card: contactId, stageId, and optionally the neighbours beforeId / afterId. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const form = await readForm(request)
  const field = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' && value ? value : null
  }
  const contactId = field('contactId')
  const stageId = field('stageId')
  if (!contactId || !stageId)
    return resourceData({ ok: false as const, error: 'validation.required' }, { status: 400 })
  try {
    const moved = moveCard(db, actor, {
      contactId,
      stageId,
      beforeId: field('beforeId'),
      afterId: field('afterId'),
    })
    return resourceData({ ok: true as const, ...moved })
  } catch (error) {
    if (error instanceof DomainError)
      return resourceData({ ok: false as const, error: error.code }, { status: error.status })
    throw error
  }
}
