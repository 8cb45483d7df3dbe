import { msg, msgWith, z } from '#app/utils/validation.ts'

/** Same cap as WhatsApp media sent from the conversation screen. */
export const QUICK_REPLY_MEDIA_MAX_BYTES = 16 * 1024 * 1024
export const QUICK_REPLY_MEDIA_MAX_MB = QUICK_REPLY_MEDIA_MAX_BYTES / 1024 / 1024
export const QUICK_REPLY_MESSAGE_MAX = 4096
export const QUICK_REPLY_SCOPES = ['shared', 'personal'] as const
export type QuickReplyScope = (typeof QUICK_REPLY_SCOPES)[number]

const checkbox = z
  .union([z.literal('on'), z.boolean()])
  .optional()
  .transform((value) => value === 'on' || value === true)

/**
 * What the agent types after "/" in the composer. Stored without the slash and in lower case, so
 * "/Boas-Vindas" and "boas-vindas" are the same shortcut.
 */
export const ShortcutSchema = z
  .string()
  .trim()
  .transform((value) => value.replace(/^\/+/, '').toLowerCase())
  .pipe(
    z
      .string()
      .min(1)
      .max(30)
      .regex(/^[a-z0-9_-]+$/, { message: msg('shortcut') }),
  )

export const QuickReplyMediaSchema = z
  .instanceof(File)
  .optional()
  .refine(
    (file) => !file || file.size <= QUICK_REPLY_MEDIA_MAX_BYTES,
    msgWith('fileTooBig', { max: QUICK_REPLY_MEDIA_MAX_MB }),
  )
  .transform((file) => (file && file.size > 0 ? file : undefined))

/** One schema for the create and the edit form (client and server). */
export const QuickReplyEditorSchema = z.object({
  id: z.string().optional(),
  shortcut: ShortcutSchema,
  message: z.string().trim().min(1).max(QUICK_REPLY_MESSAGE_MAX),
  /** Agents never see this field: their replies are always personal. */
  scope: z.enum(QUICK_REPLY_SCOPES).default('personal'),
  media: QuickReplyMediaSchema,
  removeMedia: checkbox,
})

export type QuickReplyInput = z.infer<typeof QuickReplyEditorSchema>
