import {
  EmailSchema,
  msg,
  NameSchema,
  PasswordSchema,
  TimeOfDaySchema,
  z,
} from '#app/utils/validation.ts'
import { LANGUAGES, ROLES, THEMES } from '#db/schema/users.ts'

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const

const checkbox = z
  .union([z.literal('on'), z.boolean()])
  .optional()
  .transform((value) => value === 'on' || value === true)

const workHoursRefine = <T extends { workStart?: string; workEnd?: string }>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  if (Boolean(value.workStart) !== Boolean(value.workEnd)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [value.workStart ? 'workEnd' : 'workStart'],
      message: msg('workHoursPair'),
    })
  }
}

export const AvatarSchema = z
  .instanceof(File)
  .optional()
  .refine((file) => !file || file.size <= AVATAR_MAX_BYTES, { message: msg('avatarTooBig') })
  .transform((file) => (file && file.size > 0 ? file : undefined))

const userFields = {
  name: NameSchema,
  email: EmailSchema,
  role: z.enum(ROLES),
  allTickets: checkbox,
  queueIds: z.array(z.string()).default([]),
  defaultConnectionId: z.string().optional(),
  workStart: TimeOfDaySchema.optional(),
  workEnd: TimeOfDaySchema.optional(),
  farewellMessage: z.string().trim().max(1000).optional(),
  theme: z.enum(THEMES).default('light'),
  language: z.enum(LANGUAGES).default('pt-BR'),
  signature: checkbox,
  active: checkbox,
  avatar: AvatarSchema,
  removeAvatar: checkbox,
}

/** One schema for the create and the edit form; the password is required only when creating. */
export const UserEditorSchema = z
  .object({ id: z.string().optional(), password: PasswordSchema.optional(), ...userFields })
  .superRefine((value, ctx) => {
    workHoursRefine(value, ctx)
    if (!value.id && !value.password) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['password'], message: msg('required') })
    }
  })

export type UserEditorInput = z.infer<typeof UserEditorSchema>

export const ProfileSchema = z.object({
  intent: z.literal('profile'),
  name: NameSchema,
  theme: z.enum(THEMES),
  language: z.enum(LANGUAGES),
  signature: checkbox,
  avatar: AvatarSchema,
  removeAvatar: checkbox,
})

export const PasswordChangeSchema = z
  .object({
    intent: z.literal('password'),
    currentPassword: z.string().min(1),
    newPassword: PasswordSchema,
    confirmPassword: z.string().min(1),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: msg('passwordMismatch'),
  })

export type ProfileInput = z.infer<typeof ProfileSchema>
