import { parseForm } from '#app/utils/forms.ts'
import { type ActionFunctionArgs, data } from '@remix-run/node'
import { StageEditorSchema } from '#app/domain/kanban/kanban-schema.ts'
import {
  createStage,
  deleteStage,
  moveStage,
  updateStage,
} from '#app/domain/kanban/stages.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission, orHttpError, submitToDomain } from '#app/utils/answer.server.ts'
import { createToastHeaders } from '#app/utils/toast.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { readForm } from '#app/utils/upload.server.ts'

/** The board's stage menu: create, edit, move left/right and delete (admins and supervisors). */
export async function kanbanAction({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: ['admin', 'supervisor'] })
  const formData = await readForm(request)
  const field = (name: string) => {
    const value = formData.get(name)
    return typeof value === 'string' ? value : ''
  }
  const intent = field('intent')
  if (intent === 'create' || intent === 'update') {
    const submission = parseForm(formData, StageEditorSchema)
    if (submission.status !== 'success') return invalidSubmission(submission)
    const result = await submitToDomain(submission, () =>
      intent === 'update'
        ? updateStage(db, actor, field('stageId'), submission.value)
        : createStage(db, actor, submission.value),
    )
    if (!result.ok) return result.response
    return data(
      { ok: true },
      {
        headers: await createToastHeaders({
          title: intent === 'update' ? 'kanban.stageUpdated' : 'kanban.stageCreated',
          params: { name: result.value.name },
        }),
      },
    )
  }
  if (intent === 'move-left' || intent === 'move-right') {
    await orHttpError(() =>
      moveStage(db, actor, field('stageId'), intent === 'move-left' ? 'left' : 'right'),
    )
    return data({ ok: true })
  }
  if (intent === 'delete') {
    try {
      const { stage } = deleteStage(db, actor, field('stageId'), field('targetStageId'))
      const headers = await createToastHeaders({
        title: 'kanban.stageDeleted',
        params: { name: stage.name },
      })
      return data({ ok: true }, { headers })
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      if (error.status === 404) throw new Response('Not found', { status: 404 })
      return data({ ok: false, error: error.code }, { status: error.status })
    }
  }
  throw new Response('Bad request', { status: 400 })
}
