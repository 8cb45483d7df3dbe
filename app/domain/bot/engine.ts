import { type QueueOptionTarget } from '#db/schema/queue-options.ts'
import { type QueueType } from '#db/schema/queues.ts'
import { type TicketBotState, type TicketStatus } from '#db/schema/tickets.ts'
import { type Automations, vacationSet } from './automations-schema.ts'
import { type BusinessHours, isOpenAt } from './hours.ts'
import { pickOption, renderMenu } from './menu.ts'
import { parseRating } from './rating.ts'

/**
 * The bot's decisions, pure: given the connection's configuration, the ticket and what happened
 * (a customer message, a timer, a close), the list of actions to perform and the ticket's new bot
 * state. bot.server.ts performs them in one transaction. No clock, no database: `now` and
 * `inbound.at` come in, so every rule is tested on a fake clock.
 */

export const MINUTE = 60_000

export type BotQueue = {
  id: string
  name: string
  type: QueueType
  autoCloseMinutes: number | null
  greeting: string | null
  greetingMedia: BotMedia | null
  outOfHoursMessage: string | null
  businessHours: BusinessHours | null
}

export type BotMedia = { path: string; mimeType: string; fileName: string | null }

export type BotOption = {
  id: string
  queueId: string
  parentId: string | null
  position: number
  title: string
  message: string | null
  target: QueueOptionTarget
  targetQueueId: string | null
  targetUserId: string | null
}

export type BotConfig = {
  automations: Automations
  /** Queues of the menu, in menu order. */
  queues: BotQueue[]
  options: BotOption[]
  timeZone: string
  /** Company setting: whose business hours apply. */
  hoursScope: 'connection' | 'queue'
  /** Agents an option may hand the ticket to right now (online and within work hours, or all). */
  availableUserIds: string[]
  /** Whether this contact may receive another rating question (per-period cap). */
  ratingAllowed: boolean
}

export type BotState = TicketBotState & {
  greeted?: boolean
  awaiting?: 'queues' | 'options'
  menuResends?: number
  lastRetryAt?: number
  lastMessageId?: string
  doneReason?: 'bot' | 'loop' | 'flow' | 'agent' | 'redirect' | 'closed'
  notice?: 'vacation' | 'out_of_hours'
  warnedAt?: number
  autoCloseAt?: number
}

export type BotTicket = {
  id: string
  status: TicketStatus
  queueId: string | null
  userId: string | null
  createdAt: number
  lastMessageAt: number | null
  /** Whether the newest message of the ticket is ours (inactivity "only ours"). */
  lastMessageFromMe: boolean
  /** The contact's first ticket ever (welcome message). */
  firstOfContact: boolean
  ratingStatus: 'pending' | 'rated' | 'expired' | null
  ratingAskedAt: number | null
  state: BotState
}

export const TIMERS = [
  'inactivity',
  'inactivity_close',
  'redirect',
  'auto_close',
  'rating',
] as const
export type Timer = (typeof TIMERS)[number]

export type AutomationKind =
  | 'greeting'
  | 'menu'
  | 'queue_greeting'
  | 'option'
  | 'invalid_option'
  | 'out_of_hours'
  | 'vacation'
  | 'inactivity_warning'
  | 'inactivity_close'
  | 'completion'
  | 'rating'
  | 'rating_retry'
  | 'rating_thanks'

export type CloseReason = 'agent' | 'bot' | 'auto_close' | 'inactivity'

export type BotAction =
  | { type: 'send'; automation: AutomationKind; text: string; media?: BotMedia | null }
  | { type: 'setQueue'; queueId: string }
  | { type: 'assign'; userId: string }
  | { type: 'close'; reason: CloseReason }
  | { type: 'schedule'; timer: Timer; at: number }
  | { type: 'cancel'; timers: Timer[] }
  | { type: 'rate'; score: number }
  | { type: 'ratingStatus'; status: 'pending' | 'rated' | 'expired' }

export type Decision = {
  actions: BotAction[]
  state: BotState
  /** A timer that ran too early asks to run again at this time. */
  rescheduleAt?: number
}

/** Collects actions and the evolving state for one decision. */
class Plan {
  actions: BotAction[] = []
  state: BotState
  queueId: string | null
  rescheduleAt?: number

  constructor(
    readonly cfg: BotConfig,
    readonly ticket: BotTicket,
    readonly now: number,
  ) {
    this.state = { ...ticket.state }
    this.queueId = ticket.queueId
  }

  get a() {
    return this.cfg.automations
  }

  send(automation: AutomationKind, text: string | null | undefined, media?: BotMedia | null) {
    const body = text?.trim() ?? ''
    if (!body && !media) return
    this.actions.push({ type: 'send', automation, text: body, media: media ?? null })
    this.state.lastBotAt = this.now
  }

  schedule(timer: Timer, at: number) {
    this.actions.push({ type: 'schedule', timer, at })
  }

  cancel(...timers: Timer[]) {
    this.actions.push({ type: 'cancel', timers })
  }

  finish(reason: NonNullable<BotState['doneReason']>) {
    this.state.done = true
    this.state.doneReason = reason
    delete this.state.awaiting
  }

  decision(): Decision {
    return { actions: this.actions, state: this.state, rescheduleAt: this.rescheduleAt }
  }
}

const sortOptions = (options: BotOption[]) =>
  [...options].sort((x, y) => x.position - y.position || x.title.localeCompare(y.title))

function childrenOf(cfg: BotConfig, queueId: string, parentId: string | null) {
  return sortOptions(cfg.options.filter((o) => o.queueId === queueId && o.parentId === parentId))
}

const inactivityOn = (a: Automations) =>
  a.inactivity.warnAfterMinutes > 0 || a.inactivity.closeAfterMinutes > 0

export const vacationAt = (a: Automations, at: number) =>
  vacationSet(a) && a.vacation.start! <= at && at < a.vacation.end!

/** The steps of a close: completion (unless the agent's farewell replaces it), close, rating. */
function closeSteps(
  plan: Plan,
  reason: CloseReason,
  options: { withMessage: boolean; farewellSent?: boolean } = { withMessage: true },
) {
  const { a, cfg } = plan
  plan.cancel('inactivity', 'inactivity_close', 'redirect', 'auto_close')
  if (options.withMessage && !options.farewellSent) plan.send('completion', a.completionMessage)
  plan.actions.push({ type: 'close', reason })
  plan.finish('closed')
  delete plan.state.warnedAt
  // The rating question goes to tickets someone worked (an agent), within the per-customer cap.
  const worked = Boolean(plan.ticket.userId)
  if (options.withMessage && worked && a.rating.enabled && a.rating.question && cfg.ratingAllowed) {
    plan.send('rating', a.rating.question)
    plan.actions.push({ type: 'ratingStatus', status: 'pending' })
    plan.state.ratingRetries = 0
    if (a.rating.timeoutMinutes > 0)
      plan.schedule('rating', plan.now + a.rating.timeoutMinutes * MINUTE)
  }
}

/** An agent (or the API) closes the ticket: "with message" or "without message". */
export function decideClose(
  cfg: BotConfig,
  ticket: BotTicket,
  now: number,
  options: { withMessage: boolean; farewellSent: boolean },
): Decision {
  const plan = new Plan(cfg, ticket, now)
  closeSteps(plan, 'agent', options)
  return plan.decision()
}

/** An agent took the ticket (accept, transfer to a user): the menu and its timers stop. */
export function decideAgentTook(current: BotState): Decision {
  const state: BotState = { ...current }
  if (!state.done) {
    state.done = true
    state.doneReason = 'agent'
    delete state.awaiting
  }
  return { actions: [{ type: 'cancel', timers: ['redirect', 'auto_close'] }], state }
}

/** A flow reached its end in a queue: auto-close queues close now or after N minutes. */
function endFlow(plan: Plan, queue: BotQueue | undefined) {
  plan.finish('flow')
  if (queue?.type !== 'auto_close') return
  const minutes = queue.autoCloseMinutes ?? 0
  if (minutes <= 0) return closeSteps(plan, 'auto_close')
  plan.state.autoCloseAt = plan.now + minutes * MINUTE
  plan.schedule('auto_close', plan.state.autoCloseAt)
}

function enterQueue(plan: Plan, queue: BotQueue) {
  const { cfg, a } = plan
  if (plan.queueId !== queue.id) {
    plan.actions.push({ type: 'setQueue', queueId: queue.id })
    plan.queueId = queue.id
  }
  plan.state.queueId = queue.id
  plan.state.path = []
  if (
    cfg.hoursScope === 'queue' &&
    queue.businessHours?.enabled &&
    !isOpenAt(queue.businessHours, cfg.timeZone, plan.now)
  ) {
    plan.send('out_of_hours', queue.outOfHoursMessage || a.outOfHoursMessage)
    plan.state.notice = 'out_of_hours'
    return plan.finish('flow')
  }
  const roots = childrenOf(cfg, queue.id, null)
  if (roots.length) {
    plan.send('queue_greeting', renderMenu(queue.greeting, roots), queue.greetingMedia)
    plan.state.awaiting = 'options'
    return
  }
  plan.send('queue_greeting', queue.greeting, queue.greetingMedia)
  endFlow(plan, queue)
}

function greet(plan: Plan) {
  const { cfg, a, ticket } = plan
  const intro = (ticket.firstOfContact && a.welcomeMessage.trim()) || a.greeting
  plan.state.greeted = true
  plan.state.menuResends = 0
  const current = ticket.queueId ? cfg.queues.find((q) => q.id === ticket.queueId) : undefined
  if (current) {
    plan.send('greeting', intro)
    return enterQueue(plan, current)
  }
  if (cfg.queues.length === 0) {
    plan.send('greeting', intro)
    return plan.finish('flow')
  }
  if (cfg.queues.length === 1) {
    plan.send('greeting', intro)
    return enterQueue(plan, cfg.queues[0]!)
  }
  plan.send(
    'menu',
    renderMenu(
      intro,
      cfg.queues.map((q) => ({ title: q.name })),
    ),
  )
  plan.state.awaiting = 'queues'
}

/** The entries of the menu the customer is answering now. */
function currentMenu(plan: Plan) {
  const { cfg, state } = plan
  if (state.awaiting === 'queues') return cfg.queues.map((q) => ({ title: q.name }))
  if (state.awaiting === 'options' && state.queueId)
    return childrenOf(cfg, state.queueId, state.path?.at(-1) ?? null)
  return []
}

function invalidAnswer(plan: Plan, at: number) {
  const { a, state } = plan
  if ((state.menuResends ?? 0) >= a.chatbot.maxMenuSends) return plan.finish('loop')
  if (state.lastRetryAt !== undefined && at - state.lastRetryAt < a.chatbot.cooldownSeconds * 1000)
    return
  plan.send('invalid_option', renderMenu(a.chatbot.invalidOptionMessage, currentMenu(plan)))
  state.menuResends = (state.menuResends ?? 0) + 1
  state.lastRetryAt = at
}

function chooseOption(plan: Plan, option: BotOption) {
  const { cfg } = plan
  const queue = cfg.queues.find((q) => q.id === option.queueId)
  switch (option.target) {
    case 'submenu': {
      const children = childrenOf(cfg, option.queueId, option.id)
      if (children.length) {
        plan.send('option', renderMenu(option.message, children))
        plan.state.path = [...(plan.state.path ?? []), option.id]
        return
      }
      plan.send('option', option.message)
      return endFlow(plan, queue)
    }
    case 'queue': {
      plan.send('option', option.message)
      const target = cfg.queues.find((q) => q.id === option.targetQueueId)
      return target ? enterQueue(plan, target) : endFlow(plan, queue)
    }
    case 'user': {
      plan.send('option', option.message)
      if (option.targetUserId && cfg.availableUserIds.includes(option.targetUserId)) {
        plan.actions.push({ type: 'assign', userId: option.targetUserId })
        plan.cancel('redirect', 'auto_close')
        return plan.finish('agent')
      }
      return plan.finish('flow')
    }
    case 'close':
      plan.send('option', option.message)
      return closeSteps(plan, 'bot')
    case 'message':
      plan.send('option', option.message)
      return endFlow(plan, queue)
  }
}

/** The inactivity chain starts (or restarts) from this message. */
function restartInactivity(plan: Plan, at: number) {
  const { a } = plan
  if (!inactivityOn(a)) return
  if (plan.state.warnedAt !== undefined) {
    delete plan.state.warnedAt
    plan.cancel('inactivity_close')
  }
  const first = a.inactivity.warnAfterMinutes || a.inactivity.closeAfterMinutes
  plan.schedule('inactivity', at + first * MINUTE)
}

/** A customer's message in an open or pending ticket. */
export function decideInbound(
  cfg: BotConfig,
  ticket: BotTicket,
  inbound: { id: string; text: string | null; at: number },
  now: number,
): Decision {
  const plan = new Plan(cfg, ticket, now)
  const { a, state } = plan
  if (ticket.status === 'closed') return plan.decision()
  state.lastMessageId = inbound.id
  state.lastInboundAt = inbound.at
  restartInactivity(plan, inbound.at)
  const created = !state.greeted && state.lastBotAt === undefined && state.notice === undefined
  if (created && a.routing.redirectAfterMinutes > 0 && a.routing.redirectQueueId)
    plan.schedule('redirect', ticket.createdAt + a.routing.redirectAfterMinutes * MINUTE)
  if (!a.chatbot.enabled || state.done || ticket.userId || ticket.status !== 'pending')
    return plan.decision()
  // Never answer another bot: nobody reads a menu and answers it this fast.
  if (
    state.lastBotAt !== undefined &&
    inbound.at - state.lastBotAt < a.chatbot.humanMinIntervalMs
  ) {
    plan.finish('bot')
    return plan.decision()
  }
  if (vacationAt(a, now)) {
    if (state.notice !== 'vacation') {
      plan.send('vacation', a.vacation.message)
      state.notice = 'vacation'
    }
    return plan.decision()
  }
  if (
    cfg.hoursScope === 'connection' &&
    a.businessHours?.enabled &&
    a.outOfHoursMessage.trim() &&
    !isOpenAt(a.businessHours, cfg.timeZone, now)
  ) {
    if (state.notice !== 'out_of_hours') {
      plan.send('out_of_hours', a.outOfHoursMessage)
      state.notice = 'out_of_hours'
    }
    return plan.decision()
  }
  if (!state.greeted) {
    greet(plan)
    return plan.decision()
  }
  const text = inbound.text ?? ''
  if (state.awaiting === 'queues') {
    const index = pickOption(text, cfg.queues.length)
    if (index === null) invalidAnswer(plan, inbound.at)
    else enterQueue(plan, cfg.queues[index]!)
    return plan.decision()
  }
  if (state.awaiting === 'options') {
    const menu = currentMenu(plan) as BotOption[]
    const index = pickOption(text, menu.length)
    if (index === null) invalidAnswer(plan, inbound.at)
    else chooseOption(plan, menu[index]!)
    return plan.decision()
  }
  plan.finish('flow')
  return plan.decision()
}

/** The customer's answer to the rating question (the ticket is closed, rating pending). */
export function decideRatingReply(
  cfg: BotConfig,
  ticket: BotTicket,
  inbound: { id: string; text: string | null; at: number },
  now: number,
): Decision {
  const plan = new Plan(cfg, ticket, now)
  const { a, state } = plan
  if (ticket.ratingStatus !== 'pending') return plan.decision()
  state.lastMessageId = inbound.id
  const score = parseRating(inbound.text)
  if (score !== null) {
    plan.actions.push({ type: 'rate', score }, { type: 'ratingStatus', status: 'rated' })
    plan.cancel('rating')
    plan.send('rating_thanks', a.rating.thanksMessage)
    return plan.decision()
  }
  if ((state.ratingRetries ?? 0) < 1) {
    plan.send('rating_retry', a.rating.retryMessage || a.rating.question)
    state.ratingRetries = (state.ratingRetries ?? 0) + 1
    return plan.decision()
  }
  plan.actions.push({ type: 'ratingStatus', status: 'expired' })
  plan.cancel('rating')
  return plan.decision()
}

/**
 * Whether a message that arrives while the rating is pending belongs to the rating (a score, or
 * the first wrong answer that gets one retry) or starts a new conversation (the retry was spent).
 */
export function ratingTakesMessage(state: BotState | null, text: string | null) {
  return parseRating(text) !== null || (state?.ratingRetries ?? 0) < 1
}

/** A durable timer came due. Each re-checks the ticket: a stale timer does nothing. */
export function decideTimer(
  cfg: BotConfig,
  ticket: BotTicket,
  timer: Timer,
  now: number,
): Decision {
  const plan = new Plan(cfg, ticket, now)
  const { a, state } = plan
  const { warnAfterMinutes: warn, closeAfterMinutes: close } = a.inactivity
  const last = ticket.lastMessageAt ?? ticket.createdAt
  const later = (at: number) => {
    if (at > now) plan.rescheduleAt = at
    return at > now
  }
  switch (timer) {
    case 'inactivity': {
      if (ticket.status === 'closed' || !inactivityOn(a)) break
      if (state.warnedAt !== undefined && last <= state.warnedAt) {
        // Already warned and nothing since: the close timer (if any) is on its way.
        if (close > 0) plan.schedule('inactivity_close', state.warnedAt + close * MINUTE)
        else later(now + warn * MINUTE)
        break
      }
      if (warn === 0) {
        if (later(last + close * MINUTE)) break
        if (a.inactivity.onlyWhenLastIsOurs && !ticket.lastMessageFromMe) {
          later(now + close * MINUTE)
          break
        }
        plan.send('inactivity_close', a.inactivity.closingMessage)
        closeSteps(plan, 'inactivity')
        break
      }
      if (later(last + warn * MINUTE)) break
      if (a.inactivity.onlyWhenLastIsOurs && !ticket.lastMessageFromMe) {
        later(now + warn * MINUTE)
        break
      }
      plan.send('inactivity_warning', a.inactivity.warningMessage)
      state.warnedAt = now
      if (close > 0) plan.schedule('inactivity_close', now + close * MINUTE)
      else plan.rescheduleAt = now + warn * MINUTE
      break
    }
    case 'inactivity_close': {
      if (ticket.status === 'closed' || state.warnedAt === undefined || close === 0) break
      if (last > state.warnedAt) {
        // Someone wrote after the warning: the chain starts again from that message.
        delete state.warnedAt
        if (warn > 0) plan.schedule('inactivity', last + warn * MINUTE)
        break
      }
      if (later(state.warnedAt + close * MINUTE)) break
      plan.send('inactivity_close', a.inactivity.closingMessage)
      closeSteps(plan, 'inactivity')
      break
    }
    case 'redirect': {
      const target = a.routing.redirectQueueId
      const minutes = a.routing.redirectAfterMinutes
      if (ticket.status !== 'pending' || ticket.userId || !target || minutes <= 0) break
      if (ticket.queueId === target || !cfg.queues.some((q) => q.id === target)) break
      if (later(ticket.createdAt + minutes * MINUTE)) break
      plan.actions.push({ type: 'setQueue', queueId: target })
      plan.finish('redirect')
      break
    }
    case 'auto_close': {
      if (ticket.status === 'closed' || ticket.userId || state.autoCloseAt === undefined) break
      const queue = cfg.queues.find((q) => q.id === ticket.queueId)
      if (queue?.type !== 'auto_close') break
      if (later(state.autoCloseAt)) break
      closeSteps(plan, 'auto_close')
      break
    }
    case 'rating': {
      if (ticket.ratingStatus !== 'pending' || ticket.ratingAskedAt === null) break
      if (
        a.rating.timeoutMinutes > 0 &&
        later(ticket.ratingAskedAt + a.rating.timeoutMinutes * MINUTE)
      )
        break
      plan.actions.push({ type: 'ratingStatus', status: 'expired' })
      break
    }
  }
  return plan.decision()
}
