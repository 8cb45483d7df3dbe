import { type ActionFunctionArgs } from '@remix-run/node'
import { moveCard } from '#app/domain/kanban/board.server.ts'
import { answer, formInput } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { z } from '#app/utils/validation.ts'

const MoveSchema = z.object({
  contactId: z.string(),
  stageId: z.string(),
  beforeId: z.string().optional(),
  afterId: z.string().optional(),
})

/** Moves a Kanban card: contactId, stageId, and optionally the neighbours beforeId / afterId. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const form = await readForm(request)
  return answer(() => {
    const input = formInput(form, MoveSchema)
    return moveCard(db, actor, {
      contactId: input.contactId,
      stageId: input.stageId,
      beforeId: input.beforeId ?? null,
      afterId: input.afterId ?? null,
    })
  })
}
