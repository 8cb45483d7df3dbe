import { SCHEDULE_RECURRENCES } from '#db/schema/schedules.ts'
import { msg, msgWith, z } from '#app/utils/validation.ts'

/** Same caps as the composer: WhatsApp's 16 MB for media, a long message. */
export const SCHEDULE_MEDIA_MAX_BYTES = 16 * 1024 * 1024
export const SCHEDULE_MEDIA_MAX_MB = SCHEDULE_MEDIA_MAX_BYTES / 1024 / 1024
export const SCHEDULE_BODY_MAX = 4096

const checkbox = z
  .union([z.literal('on'), z.literal('1'), z.boolean()])
  .optional()
  .transform((value) => value === 'on' || value === '1' || value === true)

const localDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { message: msg('invalid') })

/**
 * The "Novo agendamento" form (create and edit; client and server). Times are the company's wall
 * clock as typed ("2026-11-25T14:30"); the domain turns them into UTC and refuses the past.
 */
export const ScheduleEditorSchema = z
  .object({
    contactId: z.string({ required_error: msg('scheduleContact') }).min(1),
    connectionId: z.string().min(1),
    body: z.string().trim().max(SCHEDULE_BODY_MAX).optional().default(''),
    media: z
      .instanceof(File)
      .optional()
      .refine(
        (file) => !file || file.size <= SCHEDULE_MEDIA_MAX_BYTES,
        msgWith('fileTooBig', { max: SCHEDULE_MEDIA_MAX_MB }),
      )
      .transform((file) => (file && file.size > 0 ? file : undefined)),
    removeMedia: checkbox,
    /** The file already attached (edit form): keeps the message valid without new text. */
    hasMedia: checkbox,
    sendAt: localDateTime,
    recurrence: z.enum(SCHEDULE_RECURRENCES).default('none'),
    recurrenceEnd: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: msg('invalid') })
      .optional(),
    openTicket: checkbox,
  })
  .superRefine((value, ctx) => {
    const keepsMedia = value.hasMedia && !value.removeMedia
    if (!value.body && !value.media && !keepsMedia)
      ctx.addIssue({ code: 'custom', path: ['body'], message: msg('scheduleEmpty') })
    if (value.recurrence !== 'none') {
      if (!value.recurrenceEnd)
        ctx.addIssue({ code: 'custom', path: ['recurrenceEnd'], message: msg('required') })
      else if (value.recurrenceEnd < value.sendAt.slice(0, 10))
        ctx.addIssue({
          code: 'custom',
          path: ['recurrenceEnd'],
          message: msg('scheduleEndBeforeStart'),
        })
    }
  })

export type ScheduleEditorInput = z.infer<typeof ScheduleEditorSchema>
