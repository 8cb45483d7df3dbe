import { type SubmissionResult } from '@conform-to/react'
import { type ScheduleRecurrence, type ScheduleStatus } from '#db/schema/schedules.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'

/** A schedule as the pages receive it (listSchedules / getSchedule in app/domain/schedules). */
export type ScheduleItem = {
  id: string
  contactId: string
  contactName: string
  contactNumber: string | null
  connectionId: string | null
  connectionName: string | null
  userId: string | null
  userName: string | null
  body: string
  mediaName: string | null
  mediaType: string | null
  mediaSize: number | null
  sendAt: number
  recurrence: ScheduleRecurrence
  recurrenceEnd: number | null
  seriesId: string | null
  openTicket: boolean
  status: ScheduleStatus
  error: string | null
  attempts: number
  sentAt: number | null
  ticketId: string | null
}

/** What the form offers (scheduleFormOptions). */
export type ScheduleFormOptions = {
  connections: Array<{ id: string; name: string; isDefault: boolean; status: string }>
  defaultConnectionId: string | null
  timeZone: string
}

/** Values the form starts with when opened from a conversation or a calendar slot. */
export type SchedulePreset = {
  contactId?: string
  contactName?: string
  connectionId?: string
  sendAt?: number
  body?: string
}

/** The status dot (badges, legend); the calendar's event colours are in schedule-calendar.css. */
export const STATUS_DOTS: Record<ScheduleStatus, string> = {
  pending: 'bg-sky-500',
  sending: 'bg-amber-500',
  sent: 'bg-emerald-500',
  failed: 'bg-red-500',
  cancelled: 'bg-zinc-400',
}

/** A failure reason is an i18n key of ours ("schedules.errors.…") or the channel's own words. */
export function errorText(error: string | null, t: (key: string) => string) {
  if (!error) return ''
  return error.startsWith('schedules.errors.') ? t(error) : error
}

/** The schedule form's answer (app/routes/resources+/schedules.server.ts). */
export type ScheduleEditorReply = {
  result: SubmissionResult<ErrorMessage[]>
  ok?: boolean
  id?: string
}
