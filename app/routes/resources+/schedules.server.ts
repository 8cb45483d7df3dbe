import { type ScheduleEditorReply } from '#app/components/schedules/schedule-types.ts'
import {
  SCHEDULE_MEDIA_MAX_MB,
  ScheduleEditorSchema,
} from '#app/domain/schedules/schedule-schema.ts'
import { createSchedule, updateSchedule } from '#app/domain/schedules/schedules.server.ts'
import { formReply, resourceData } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { readMultipartForm } from '#app/utils/upload.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'

/**
 * The schedule form (the calendar page and the conversation's clock button post here through a
 * fetcher): create without an id, edit with one. Answers the form's reply; errors stay in the form.
 */
export async function scheduleEditorAction(request: Request, scheduleId?: string) {
  const { actor } = await requireUser(request, { json: true })
  const { formData } = await readMultipartForm(request, UPLOAD_READ_BYTES.media)
  if (!formData) {
    const tooBig = { key: 'validation.fileTooBig', params: { max: SCHEDULE_MEDIA_MAX_MB } }
    return resourceData<ScheduleEditorReply>(
      { result: { status: 'error', error: { media: [tooBig] } } },
      { status: 413 },
    )
  }
  const submission = parseForm(formData, ScheduleEditorSchema)
  if (submission.status !== 'success')
    return resourceData<ScheduleEditorReply>(
      { result: submission.reply() },
      { status: submission.status === 'error' ? 400 : 200 },
    )
  try {
    const row = scheduleId
      ? await updateSchedule(db, actor, scheduleId, submission.value)
      : await createSchedule(db, actor, submission.value)
    return resourceData<ScheduleEditorReply>({
      ok: true,
      id: row.id,
      result: submission.reply({ resetForm: true }),
    })
  } catch (error) {
    const { result, status } = formReply(submission, error)
    return resourceData<ScheduleEditorReply>({ result }, status)
  }
}
