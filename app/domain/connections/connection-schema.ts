import { CHANNELS } from '#app/channels/types.ts'
import {
  AutomationsFormSchema,
  type AutomationsFormInput,
} from '#app/domain/bot/automations-schema.ts'
import { msg, NameSchema, z } from '#app/utils/validation.ts'

const checkbox = z
  .union([z.literal('on'), z.boolean()])
  .optional()
  .transform((value) => value === 'on' || value === true)

const optionalDate = z.preprocess(
  (value) => (value === '' || value == null ? undefined : value),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: msg('invalid') })
    .optional(),
)

export const ConnectionEditorSchema = z
  .object({
    id: z.string().optional(),
    name: NameSchema.pipe(z.string().max(60)),
    channel: z.enum(CHANNELS),
    isDefault: checkbox,
    queueId: z.string().optional(),
    groupsEnabled: checkbox,
    /** History import period (YYYY-MM-DD, company time zone), applied at the next pairing. */
    importFrom: optionalDate,
    importTo: optionalDate,
    /** Greeting, hours, vacation, inactivity, completion, rating, routing and chatbot (tabs). */
    automations: AutomationsFormSchema,
  })
  .superRefine((value, ctx) => {
    if (Boolean(value.importFrom) !== Boolean(value.importTo)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.importFrom ? 'importTo' : 'importFrom'],
        message: msg('periodPair'),
      })
    } else if (value.importFrom && value.importTo && value.importFrom > value.importTo) {
      ctx.addIssue({ code: 'custom', path: ['importTo'], message: msg('periodOrder') })
    }
  })

/** Callers other than the form (simulator) may leave the automations as they are. */
export type ConnectionInput = Omit<z.infer<typeof ConnectionEditorSchema>, 'automations'> & {
  automations?: AutomationsFormInput
}

export const PairingCodeSchema = z.object({
  intent: z.literal('pair'),
  phone: z
    .string()
    .trim()
    .transform((v) => v.replace(/\D/g, ''))
    .pipe(
      z
        .string()
        .min(10, { message: msg('phone') })
        .max(15, { message: msg('phone') }),
    ),
})

export const CONNECTION_COMMANDS = ['connect', 'disconnect', 'restart', 'new_qr', 'logout'] as const
export type ConnectionCommand = (typeof CONNECTION_COMMANDS)[number]
