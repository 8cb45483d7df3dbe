import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { cancelSchedule, getSchedule } from '#app/domain/schedules/schedules.server.ts'
import { answer, formInput, orHttpError, resourceData } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { mediaTypeOf } from '#app/utils/multipart.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { z } from '#app/utils/validation.ts'
import { scheduleEditorAction } from './schedules.server.ts'

const CancelSchema = z.object({ intent: z.literal('cancel') })

/** GET — one schedule (the details dialog, fresh). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const schedule = await orHttpError(() => getSchedule(db, actor, params.scheduleId ?? ''))
  return resourceData({ schedule })
}

/** POST intent=cancel (form) — cancel; POST multipart — edit (only while pending). */
export async function action({ request, params }: ActionFunctionArgs) {
  const scheduleId = params.scheduleId ?? ''
  if (mediaTypeOf(request) !== 'multipart/form-data') {
    const { actor } = await requireUser(request, { json: true })
    const form = await readForm(request)
    return answer(() => {
      formInput(form, CancelSchema)
      cancelSchedule(db, actor, scheduleId)
    })
  }
  return scheduleEditorAction(request, scheduleId)
}
