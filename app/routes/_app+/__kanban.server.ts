import { type ActionFunctionArgs, data } from '@remix-run/node'
import { StageEditorSchema } from '#app/domain/kanban/kanban-schema.ts'
import {
  createStage,
  deleteStage,
  moveStage,
  updateStage,
} from '#app/domain/kanban/stages.server.ts'
import {
  actionError,
  formInput,
  invalidSubmission,
  orHttpError,
  submitToDomain,
} from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { createToastHeaders } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { z } from '#app/utils/validation.ts'

/** What the stage menu posts besides the editor's own fields (those are StageEditorSchema's). */
const StageAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('create') }),
  z.object({ intent: z.literal('update'), stageId: z.string() }),
  z.object({ intent: z.enum(['move-left', 'move-right']), stageId: z.string() }),
  // Without a target the domain says why (the last stage cannot go).
  z.object({
    intent: z.literal('delete'),
    stageId: z.string(),
    targetStageId: z.string().optional(),
  }),
])

/** The board's stage menu: create, edit, move left/right and delete (admins and supervisors). */
export async function kanbanAction({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: ['admin', 'supervisor'] })
  const formData = await readForm(request)
  const input = formInput(formData, StageAction)
  if (input.intent === 'create' || input.intent === 'update') {
    const submission = parseForm(formData, StageEditorSchema)
    if (submission.status !== 'success') return invalidSubmission(submission)
    const result = await submitToDomain(submission, () =>
      input.intent === 'update'
        ? updateStage(db, actor, input.stageId, submission.value)
        : createStage(db, actor, submission.value),
    )
    if (!result.ok) return result.response
    return data(
      { ok: true },
      {
        headers: await createToastHeaders({
          title: input.intent === 'update' ? 'kanban.stageUpdated' : 'kanban.stageCreated',
          params: { name: result.value.name },
        }),
      },
    )
  }
  if (input.intent === 'delete') {
    try {
      const { stage } = deleteStage(db, actor, input.stageId, input.targetStageId ?? '')
      const headers = await createToastHeaders({
        title: 'kanban.stageDeleted',
        params: { name: stage.name },
      })
      return data({ ok: true }, { headers })
    } catch (error) {
      return actionError(error)
    }
  }
  await orHttpError(() =>
    moveStage(db, actor, input.stageId, input.intent === 'move-left' ? 'left' : 'right'),
  )
  return data({ ok: true })
}
