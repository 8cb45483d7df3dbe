import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'
import { type ConnectionAutomations } from '#db/schema/connections.ts'
import { msg, z } from '#app/utils/validation.ts'
import { BusinessHoursFieldSchema, BusinessHoursSchema } from './hours.ts'

/**
 * A connection's automations (greeting, hours, vacation, inactivity, completion, rating, routing,
 * chatbot): the stored JSON read with defaults (`parseAutomations`, used by the engine), and the
 * edit form's schema (`AutomationsFormSchema`, strings from inputs). An empty text means "do not
 * send"; a zero number means "off". The texts are the company's own: the form offers pt-BR
 * examples as placeholders only.
 */

const MAX_TEXT = 4096
const DAY_MINUTES = 24 * 60

const storedText = z.string().max(MAX_TEXT).catch('').default('')
const storedInt = (max: number, fallback: number) =>
  z.number().int().min(0).max(max).catch(fallback).default(fallback)
const storedBool = z.boolean().catch(false).default(false)

export const AutomationsSchema = z.object({
  greeting: storedText,
  welcomeMessage: storedText,
  outOfHoursMessage: storedText,
  businessHours: BusinessHoursSchema.nullable().catch(null).default(null),
  vacation: z
    .object({
      start: z.number().nullable().catch(null).default(null),
      end: z.number().nullable().catch(null).default(null),
      message: storedText,
    })
    .catch({ start: null, end: null, message: '' })
    .default({}),
  inactivity: z
    .object({
      warnAfterMinutes: storedInt(30 * DAY_MINUTES, 0),
      warningMessage: storedText,
      closeAfterMinutes: storedInt(30 * DAY_MINUTES, 0),
      closingMessage: storedText,
      onlyWhenLastIsOurs: storedBool,
    })
    .catch({
      warnAfterMinutes: 0,
      warningMessage: '',
      closeAfterMinutes: 0,
      closingMessage: '',
      onlyWhenLastIsOurs: false,
    })
    .default({}),
  completionMessage: storedText,
  rating: z
    .object({
      enabled: storedBool,
      question: storedText,
      retryMessage: storedText,
      thanksMessage: storedText,
      /** 0 = no limit. */
      maxPerPeriod: storedInt(1000, 0),
      periodDays: storedInt(365, 30),
      /** 0 = wait forever. */
      timeoutMinutes: storedInt(30 * DAY_MINUTES, 60),
    })
    .catch({
      enabled: false,
      question: '',
      retryMessage: '',
      thanksMessage: '',
      maxPerPeriod: 0,
      periodDays: 30,
      timeoutMinutes: 60,
    })
    .default({}),
  routing: z
    .object({
      redirectAfterMinutes: storedInt(30 * DAY_MINUTES, 0),
      redirectQueueId: z.string().nullable().catch(null).default(null),
      /** null = the company setting. */
      reopenWindowMinutes: z.number().int().min(0).max(10080).nullable().catch(null).default(null),
    })
    .catch({ redirectAfterMinutes: 0, redirectQueueId: null, reopenWindowMinutes: null })
    .default({}),
  chatbot: z
    .object({
      enabled: storedBool,
      invalidOptionMessage: storedText,
      /** How many times the menu may be sent again after invalid answers. */
      maxMenuSends: storedInt(20, 3),
      /** An invalid answer within this many seconds of the last invalid-option reply gets none. */
      cooldownSeconds: storedInt(DAY_MINUTES * 60, 30),
      humanMinIntervalMs: storedInt(60_000, 1000),
    })
    .catch({
      enabled: false,
      invalidOptionMessage: '',
      maxMenuSends: 3,
      cooldownSeconds: 30,
      humanMinIntervalMs: 1000,
    })
    .default({}),
})

export type Automations = z.infer<typeof AutomationsSchema>

/** The stored JSON (or null) with every default filled; never throws. */
export function parseAutomations(value: ConnectionAutomations | null | undefined): Automations {
  // Most connections have none: skip zod on the ingest hot path (callers never mutate it).
  if (value == null) return NO_AUTOMATIONS
  const parsed = AutomationsSchema.safeParse(value)
  return parsed.success ? parsed.data : NO_AUTOMATIONS
}

const NO_AUTOMATIONS: Automations = Object.freeze(AutomationsSchema.parse({}))

/** Whether anything would ever run on this connection (no bot job is queued otherwise). */
export function automationsActive(a: Automations) {
  return (
    a.chatbot.enabled ||
    a.rating.enabled ||
    a.inactivity.warnAfterMinutes > 0 ||
    a.inactivity.closeAfterMinutes > 0 ||
    (a.routing.redirectAfterMinutes > 0 && a.routing.redirectQueueId !== null) ||
    Boolean(a.businessHours?.enabled && a.outOfHoursMessage.trim()) ||
    vacationSet(a)
  )
}

export const vacationSet = (a: Automations) =>
  a.vacation.start !== null && a.vacation.end !== null && a.vacation.message.trim() !== ''

// ---- the edit form ----

const formText = z.string().trim().max(MAX_TEXT).optional().default('')
const formInt = (max: number, fallback: number) =>
  z.coerce.number().int().min(0).max(max).optional().default(fallback)
const checkbox = z
  .union([z.literal('on'), z.boolean()])
  .optional()
  .transform((value) => value === 'on' || value === true)
const dateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: msg('invalid') })
  .optional()

export const AutomationsFormSchema = z
  .object({
    greeting: formText,
    welcomeMessage: formText,
    outOfHoursMessage: formText,
    businessHours: BusinessHoursFieldSchema.optional(),
    vacation: z
      .object({ start: dateTime, end: dateTime, message: formText })
      .optional()
      .default({}),
    inactivity: z
      .object({
        warnAfterMinutes: formInt(30 * DAY_MINUTES, 0),
        warningMessage: formText,
        closeAfterMinutes: formInt(30 * DAY_MINUTES, 0),
        closingMessage: formText,
        onlyWhenLastIsOurs: checkbox,
      })
      .optional()
      .default({}),
    completionMessage: formText,
    rating: z
      .object({
        enabled: checkbox,
        question: formText,
        retryMessage: formText,
        thanksMessage: formText,
        maxPerPeriod: formInt(1000, 0),
        periodDays: formInt(365, 30),
        timeoutMinutes: formInt(30 * DAY_MINUTES, 60),
      })
      .optional()
      .default({}),
    routing: z
      .object({
        redirectAfterMinutes: formInt(30 * DAY_MINUTES, 0),
        redirectQueueId: z.string().optional(),
        reopenWindowMinutes: z.coerce.number().int().min(0).max(10080).optional(),
      })
      .optional()
      .default({}),
    chatbot: z
      .object({
        enabled: checkbox,
        invalidOptionMessage: formText,
        maxMenuSends: formInt(20, 3),
        cooldownSeconds: formInt(DAY_MINUTES * 60, 30),
        humanMinIntervalMs: formInt(60_000, 1000),
      })
      .optional()
      .default({}),
  })
  .superRefine((value, ctx) => {
    const required = (path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', path, message: msg('required') })
    if (value.businessHours?.enabled && !value.outOfHoursMessage) required(['outOfHoursMessage'])
    const { start, end, message } = value.vacation
    if (start || end || message) {
      if (!start) required(['vacation', 'start'])
      if (!end) required(['vacation', 'end'])
      if (!message) required(['vacation', 'message'])
      if (start && end && start >= end)
        ctx.addIssue({ code: 'custom', path: ['vacation', 'end'], message: msg('periodOrder') })
    }
    if (value.rating.enabled && !value.rating.question) required(['rating', 'question'])
    if (value.routing.redirectAfterMinutes > 0 && !value.routing.redirectQueueId)
      required(['routing', 'redirectQueueId'])
    if (value.inactivity.warnAfterMinutes > 0 && !value.inactivity.warningMessage)
      required(['inactivity', 'warningMessage'])
  })
  .optional()
  .default({})

export type AutomationsFormInput = z.infer<typeof AutomationsFormSchema>

const toMs = (local: string | undefined, timeZone: string) => {
  if (!local) return null
  const [date = '', time = ''] = local.split('T')
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const [h, min] = time.split(':').map(Number) as [number, number]
  return new TZDate(y, m - 1, d, h, min, 0, timeZone).getTime()
}

/** The form's values as stored on the connection (vacation in UTC ms of the company's zone). */
export function toStoredAutomations(
  input: AutomationsFormInput,
  timeZone: string,
): ConnectionAutomations {
  return {
    greeting: input.greeting,
    welcomeMessage: input.welcomeMessage,
    outOfHoursMessage: input.outOfHoursMessage,
    businessHours: input.businessHours ?? undefined,
    vacation: {
      start: toMs(input.vacation.start, timeZone) ?? undefined,
      end: toMs(input.vacation.end, timeZone) ?? undefined,
      message: input.vacation.message,
    },
    inactivity: { ...input.inactivity },
    completionMessage: input.completionMessage,
    rating: { ...input.rating },
    routing: {
      redirectAfterMinutes: input.routing.redirectAfterMinutes,
      redirectQueueId: input.routing.redirectQueueId || undefined,
      reopenWindowMinutes: input.routing.reopenWindowMinutes,
    },
    chatbot: { ...input.chatbot },
  }
}

const toLocal = (ms: number | null, timeZone: string) =>
  ms === null ? '' : format(new TZDate(ms, timeZone), "yyyy-MM-dd'T'HH:mm")

/** Stored automations as the form's default values (strings for inputs, 'on' for checkboxes). */
export function toFormAutomations(stored: ConnectionAutomations | null, timeZone: string) {
  const a = parseAutomations(stored)
  const on = (value: boolean) => (value ? 'on' : undefined)
  const num = (value: number) => String(value)
  return {
    greeting: a.greeting,
    welcomeMessage: a.welcomeMessage,
    outOfHoursMessage: a.outOfHoursMessage,
    /** JSON of the hidden input of <BusinessHoursField>. */
    businessHours: a.businessHours ? JSON.stringify(a.businessHours) : '',
    vacation: {
      start: toLocal(a.vacation.start, timeZone),
      end: toLocal(a.vacation.end, timeZone),
      message: a.vacation.message,
    },
    inactivity: {
      warnAfterMinutes: num(a.inactivity.warnAfterMinutes),
      warningMessage: a.inactivity.warningMessage,
      closeAfterMinutes: num(a.inactivity.closeAfterMinutes),
      closingMessage: a.inactivity.closingMessage,
      onlyWhenLastIsOurs: on(a.inactivity.onlyWhenLastIsOurs),
    },
    completionMessage: a.completionMessage,
    rating: {
      enabled: on(a.rating.enabled),
      question: a.rating.question,
      retryMessage: a.rating.retryMessage,
      thanksMessage: a.rating.thanksMessage,
      maxPerPeriod: num(a.rating.maxPerPeriod),
      periodDays: num(a.rating.periodDays),
      timeoutMinutes: num(a.rating.timeoutMinutes),
    },
    routing: {
      redirectAfterMinutes: num(a.routing.redirectAfterMinutes),
      redirectQueueId: a.routing.redirectQueueId ?? '',
      reopenWindowMinutes:
        a.routing.reopenWindowMinutes === null ? '' : num(a.routing.reopenWindowMinutes),
    },
    chatbot: {
      enabled: on(a.chatbot.enabled),
      invalidOptionMessage: a.chatbot.invalidOptionMessage,
      maxMenuSends: num(a.chatbot.maxMenuSends),
      cooldownSeconds: num(a.chatbot.cooldownSeconds),
      humanMinIntervalMs: num(a.chatbot.humanMinIntervalMs),
    },
  }
}
