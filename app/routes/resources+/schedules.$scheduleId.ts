import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import { cancelSchedule, getSchedule } from '#app/domain/schedules/schedules.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { resourceData } from '#app/utils/api.server.ts'
import { db } from '#app/utils/db.server.ts'
import { scheduleEditorAction } from './schedules.server.ts'
import { mediaTypeOf } from '#app/utils/multipart.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

/** GET — one schedule (the details dialog, fresh). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  try {
    return { schedule: getSchedule(db, actor, params.scheduleId ?? '') }
  } catch (error) {
    if (error instanceof DomainError)
      throw Response.json({ error: 'Not found' }, { status: error.status })
    throw error
  }
}

/** POST intent=cancel (form) — cancel; POST multipart — edit (only while pending). */
export async function action({ request, params }: ActionFunctionArgs) {
  const scheduleId = params.scheduleId ?? ''
  if (mediaTypeOf(request) !== 'multipart/form-data') {
    const { actor } = await requireUser(request, { json: true })
    const form = await readForm(request)
    if (form.get('intent') !== 'cancel')
      return resourceData({ ok: false, error: 'errors.generic' }, { status: 400 })
    try {
      cancelSchedule(db, actor, scheduleId)
      return resourceData({ ok: true, error: null })
    } catch (error) {
      if (error instanceof DomainError)
        return resourceData({ ok: false, error: error.code }, { status: error.status })
      throw error
    }
  }
  return scheduleEditorAction(request, scheduleId)
}
