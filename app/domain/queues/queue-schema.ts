import { BusinessHoursFieldSchema } from '#app/domain/bot/hours.ts'
import { QuickReplyMediaSchema } from '#app/domain/quick-replies/quick-reply-schema.ts'
import { NameSchema, msg, msgWith, z } from '#app/utils/validation.ts'
import { QUEUE_OPTION_TARGETS, type QueueOptionTarget } from '#db/schema/queue-options.ts'
import { QUEUE_TYPES, type QueueType } from '#db/schema/queues.ts'

export { QUEUE_OPTION_TARGETS, QUEUE_TYPES }
export type { QueueOptionTarget, QueueType }

export const QUEUE_MESSAGE_MAX = 4096
/** A week: an auto-close queue closes its tickets at most this long after the greeting. */
export const AUTO_CLOSE_MAX_MINUTES = 7 * 24 * 60
export const OPTION_TITLE_MAX = 60
/** Levels of the submenu tree: the queue's options are level 1. */
export const MAX_OPTION_DEPTH = 4
/** Options a single menu may list (WhatsApp users scroll a long text menu badly). */
export const MAX_OPTIONS_PER_MENU = 20
export const MAX_OPTIONS_TOTAL = 200

const checkbox = z
  .union([z.literal('on'), z.boolean()])
  .optional()
  .transform((value) => value === 'on' || value === true)

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || null)

/** One numbered option of a queue's submenu tree, as the editor sends it. */
export type OptionNode = {
  /** The stored option; absent for an option added in the editor. */
  id?: string
  title: string
  message: string
  target: QueueOptionTarget
  targetQueueId: string | null
  targetUserId: string | null
  children: OptionNode[]
}

const OptionNodeSchema: z.ZodType<OptionNode, z.ZodTypeDef, unknown> = z.lazy(() =>
  z.object({
    id: z.string().min(1).max(40).optional(),
    title: z.string().trim().min(1).max(OPTION_TITLE_MAX),
    message: z.string().trim().max(QUEUE_MESSAGE_MAX).default(''),
    target: z.enum(QUEUE_OPTION_TARGETS),
    targetQueueId: z
      .string()
      .nullish()
      .transform((value) => value || null),
    targetUserId: z
      .string()
      .nullish()
      .transform((value) => value || null),
    children: z.array(OptionNodeSchema).default([]),
  }),
)

/** Rules every option follows, whatever its level (reported on the option's own path). */
function checkNode(
  node: OptionNode,
  path: Array<string | number>,
  depth: number,
  ctx: z.RefinementCtx,
) {
  const issue = (message: string | ReturnType<typeof msgWith>, field?: string) =>
    ctx.addIssue({
      code: 'custom',
      ...(typeof message === 'string' ? { message } : message),
      path: field ? [...path, field] : path,
    })
  if (node.target === 'message' && !node.message) issue(msg('optionMessageRequired'), 'message')
  if (node.target === 'queue' && !node.targetQueueId) issue(msg('required'), 'targetQueueId')
  if (node.target === 'user' && !node.targetUserId) issue(msg('required'), 'targetUserId')
  if (node.target === 'submenu' && node.children.length === 0)
    issue(msg('optionSubmenuEmpty'), 'children')
  if (node.target !== 'submenu' && node.children.length > 0)
    issue(msg('optionChildrenNotSubmenu'), 'children')
  if (node.children.length > 0 && depth >= MAX_OPTION_DEPTH)
    issue(msgWith('optionTooDeep', { count: MAX_OPTION_DEPTH }), 'children')
  if (node.children.length > MAX_OPTIONS_PER_MENU)
    issue(msgWith('optionTooMany', { count: MAX_OPTIONS_PER_MENU }), 'children')
  node.children.forEach((child, index) =>
    checkNode(child, [...path, 'children', index], depth + 1, ctx),
  )
}

const countNodes = (nodes: OptionNode[]): number =>
  nodes.reduce((sum, node) => sum + 1 + countNodes(node.children), 0)

function collectIds(nodes: OptionNode[], into: string[] = []) {
  for (const node of nodes) {
    if (node.id) into.push(node.id)
    collectIds(node.children, into)
  }
  return into
}

/**
 * The whole submenu tree of a queue: a nested list, so an option is under exactly one parent and
 * there can be no cycle; depth, size and each target's requirements are checked here, and that
 * target queues/users belong to the company in the domain.
 */
export const OptionTreeSchema = z.array(OptionNodeSchema).superRefine((nodes, ctx) => {
  if (nodes.length > MAX_OPTIONS_PER_MENU)
    ctx.addIssue({
      code: 'custom',
      ...msgWith('optionTooMany', { count: MAX_OPTIONS_PER_MENU }),
      path: [],
    })
  if (countNodes(nodes) > MAX_OPTIONS_TOTAL)
    ctx.addIssue({
      code: 'custom',
      ...msgWith('optionTotal', { count: MAX_OPTIONS_TOTAL }),
      path: [],
    })
  const ids = collectIds(nodes)
  if (new Set(ids).size !== ids.length)
    ctx.addIssue({ code: 'custom', message: msg('invalid'), path: [] })
  nodes.forEach((node, index) => checkNode(node, [index], 1, ctx))
})

const parseJsonList = (value: unknown) => {
  if (value === undefined || value === null || value === '') return []
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value) as unknown
  } catch {
    return value
  }
}

/** The tree travels in a hidden input as JSON. */
export const OptionTreeFieldSchema = z.preprocess(parseJsonList, OptionTreeSchema)

/** One schema for the create and the edit form (client and server). */
export const QueueEditorSchema = z.object({
  id: z.string().optional(),
  name: NameSchema.pipe(z.string().max(60)),
  color: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, { message: msg('color') }),
  order: z.coerce.number().int().min(0).max(999).default(0),
  type: z.enum(QUEUE_TYPES).default('open'),
  /** auto_close: empty or 0 = close right after the greeting/menu. */
  autoCloseMinutes: z.coerce.number().int().min(0).max(AUTO_CLOSE_MAX_MINUTES).optional(),
  greeting: optionalText(QUEUE_MESSAGE_MAX),
  greetingMedia: QuickReplyMediaSchema,
  removeGreetingMedia: checkbox,
  outOfHoursMessage: optionalText(QUEUE_MESSAGE_MAX),
  businessHours: BusinessHoursFieldSchema,
  userIds: z.array(z.string()).default([]),
  options: OptionTreeFieldSchema,
})

export type QueueInput = z.infer<typeof QueueEditorSchema>

/** The delete dialog: where the queue's waiting/open tickets (and menu options aiming at it) go. */
export const QueueDeleteSchema = z.object({
  queueId: z.string().min(1),
  moveTo: z
    .string()
    .optional()
    .transform((value) => value || null),
})

/** The list's drag-and-drop: the company's queue ids in their new menu order. */
export const QueueReorderSchema = z.object({
  ids: z.array(z.string().min(1)).min(1).max(500),
})
