import { describe, expect, test } from 'vitest'
import { type ConnectionAutomations } from '#db/schema/connections.ts'
import { parseAutomations } from './automations-schema.ts'
import {
  type BotAction,
  type BotConfig,
  type BotOption,
  type BotQueue,
  type BotState,
  type BotTicket,
  decideAgentTook,
  decideClose,
  decideInbound,
  decideRatingReply,
  decideTimer,
  MINUTE,
  ratingTakesMessage,
} from './engine.ts'
import { defaultBusinessHours } from './hours.ts'
import { parseRating } from './rating.ts'

/**
 * Every rule of the bot on the pure engine, with a fake clock: times are plain numbers.
 * 2026-11-27 is a Friday; São Paulo is UTC−3.
 */

const TZ = 'America/Sao_Paulo'
const at = (local: string) => new Date(`${local}-03:00`).getTime()
const FRIDAY_MORNING = at('2026-11-27T10:00:00')

function queue(id: string, overrides: Partial<BotQueue> = {}): BotQueue {
  return {
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    type: 'open',
    autoCloseMinutes: null,
    greeting: null,
    greetingMedia: null,
    outOfHoursMessage: null,
    businessHours: null,
    ...overrides,
  }
}

let optionSeq = 0
function option(queueId: string, overrides: Partial<BotOption> = {}): BotOption {
  return {
    id: `opt${++optionSeq}`,
    queueId,
    parentId: null,
    position: 0,
    title: `Opção ${optionSeq}`,
    message: null,
    target: 'message',
    targetQueueId: null,
    targetUserId: null,
    ...overrides,
  }
}

function config(
  automations: ConnectionAutomations = {},
  overrides: Partial<BotConfig> = {},
): BotConfig {
  return {
    automations: parseAutomations({
      greeting: 'Olá {{primeiro_nome}}!',
      ...automations,
      chatbot: { enabled: true, ...automations.chatbot },
    }),
    queues: [queue('vendas'), queue('suporte')],
    options: [],
    timeZone: TZ,
    hoursScope: 'connection',
    availableUserIds: [],
    ratingAllowed: true,
    ...overrides,
  }
}

function ticket(overrides: Partial<BotTicket> = {}): BotTicket {
  return {
    id: 't1',
    status: 'pending',
    queueId: null,
    userId: null,
    createdAt: FRIDAY_MORNING,
    lastMessageAt: FRIDAY_MORNING,
    lastMessageFromMe: false,
    firstOfContact: false,
    ratingStatus: null,
    ratingAskedAt: null,
    state: {},
    ...overrides,
  }
}

let messageSeq = 0
const inbound = (text: string, when: number) => ({ id: `m${++messageSeq}`, text, at: when })

const sends = (actions: BotAction[]) =>
  actions.flatMap((a) => (a.type === 'send' ? [{ automation: a.automation, text: a.text }] : []))
const of = <T extends BotAction['type']>(actions: BotAction[], type: T) =>
  actions.filter((a): a is Extract<BotAction, { type: T }> => a.type === type)

/** A conversation: feeds answers one after the other (a human pace apart) and keeps the state. */
function converse(cfg: BotConfig, start: Partial<BotTicket> = {}) {
  let current = ticket(start)
  let clock = current.createdAt
  return {
    say(text: string, gapMs = 20_000) {
      clock += gapMs
      const decision = decideInbound(cfg, current, inbound(text, clock), clock)
      for (const action of decision.actions) {
        if (action.type === 'setQueue') current = { ...current, queueId: action.queueId }
        if (action.type === 'assign')
          current = { ...current, userId: action.userId, status: 'open' }
        if (action.type === 'close') current = { ...current, status: 'closed' }
      }
      current = { ...current, state: decision.state }
      return decision
    },
    get ticket() {
      return current
    },
  }
}

describe('greeting and menu', () => {
  test('a new ticket gets the greeting with the numbered queue menu in one message', () => {
    const chat = converse(config())
    const { actions, state } = chat.say('Oi')
    expect(sends(actions)).toEqual([
      { automation: 'menu', text: 'Olá {{primeiro_nome}}!\n\n*1* - Vendas\n*2* - Suporte' },
    ])
    expect(state).toMatchObject({ greeted: true, awaiting: 'queues' })
  })

  test('a valid option moves the ticket to that queue and sends its greeting', () => {
    const cfg = config(
      {},
      { queues: [queue('vendas'), queue('suporte', { greeting: 'Suporte aqui' })] },
    )
    const chat = converse(cfg)
    chat.say('Oi')
    const { actions, state } = chat.say('2')
    expect(of(actions, 'setQueue')).toEqual([{ type: 'setQueue', queueId: 'suporte' }])
    expect(sends(actions)).toEqual([{ automation: 'queue_greeting', text: 'Suporte aqui' }])
    expect(state).toMatchObject({ done: true, doneReason: 'flow', queueId: 'suporte' })
    // The flow is over: more messages get no bot answer.
    expect(chat.say('obrigado').actions.filter((a) => a.type === 'send')).toEqual([])
  })

  test('an invalid option gets the invalid-option message with the menu again, then a valid one works', () => {
    const cfg = config({ chatbot: { invalidOptionMessage: 'Não entendi. Escolha:' } })
    const chat = converse(cfg)
    chat.say('Oi')
    const invalid = chat.say('quero comprar')
    expect(sends(invalid.actions)).toEqual([
      {
        automation: 'invalid_option',
        text: 'Não entendi. Escolha:\n\n*1* - Vendas\n*2* - Suporte',
      },
    ])
    expect(of(invalid.actions, 'setQueue')).toEqual([])
    expect(chat.say('9').actions.some((a) => a.type === 'setQueue')).toBe(false)
    expect(of(chat.say('1', 60_000).actions, 'setQueue')).toEqual([
      { type: 'setQueue', queueId: 'vendas' },
    ])
  })

  test('the welcome message replaces the greeting on a contact’s first ticket', () => {
    const chat = converse(config({ welcomeMessage: 'Bem-vindo!' }), { firstOfContact: true })
    expect(sends(chat.say('Oi').actions)[0]!.text).toMatch(/^Bem-vindo!\n\n\*1\* - Vendas/)
  })

  test('single-queue shortcut: one queue means no menu, straight to it', () => {
    const cfg = config({}, { queues: [queue('unica', { greeting: 'Fila única' })] })
    const { actions, state } = converse(cfg).say('Oi')
    expect(sends(actions)).toEqual([
      { automation: 'greeting', text: 'Olá {{primeiro_nome}}!' },
      { automation: 'queue_greeting', text: 'Fila única' },
    ])
    expect(of(actions, 'setQueue')).toEqual([{ type: 'setQueue', queueId: 'unica' }])
    expect(state.done).toBe(true)
  })

  test('a connection routed to a queue skips the queue menu', () => {
    const cfg = config({}, { queues: [queue('vendas', { greeting: 'Vendas!' }), queue('suporte')] })
    const { actions } = converse(cfg, { queueId: 'vendas' }).say('Oi')
    expect(sends(actions).map((s) => s.automation)).toEqual(['greeting', 'queue_greeting'])
    expect(of(actions, 'setQueue')).toEqual([])
  })

  test('chatbot off: no greeting, no menu', () => {
    const cfg = config({ chatbot: { enabled: false } })
    expect(sends(converse(cfg).say('Oi').actions)).toEqual([])
  })
})

describe('submenus', () => {
  test('depth 3: the customer walks three levels and lands in the target queue', () => {
    const level1 = option('suporte', { title: 'Técnico', target: 'submenu', message: 'Qual área?' })
    const level2 = option('suporte', {
      parentId: level1.id,
      title: 'Internet',
      target: 'submenu',
      message: 'Qual problema?',
    })
    const other = option('suporte', { parentId: level1.id, position: 1, title: 'Telefone' })
    const level3 = option('suporte', {
      parentId: level2.id,
      title: 'Sem sinal',
      target: 'queue',
      targetQueueId: 'vendas',
      message: 'Vou te passar para a equipe.',
    })
    const cfg = config(
      {},
      {
        queues: [
          queue('vendas', { greeting: 'Equipe N2' }),
          queue('suporte', { greeting: 'Suporte:' }),
        ],
        options: [
          level1,
          level2,
          other,
          level3,
          option('suporte', { position: 1, title: 'Financeiro' }),
        ],
      },
    )
    const chat = converse(cfg)
    chat.say('Oi')
    expect(sends(chat.say('2').actions)).toEqual([
      { automation: 'queue_greeting', text: 'Suporte:\n\n*1* - Técnico\n*2* - Financeiro' },
    ])
    expect(sends(chat.say('1').actions)).toEqual([
      { automation: 'option', text: 'Qual área?\n\n*1* - Internet\n*2* - Telefone' },
    ])
    expect(chat.ticket.state.path).toEqual([level1.id])
    // An invalid answer re-sends the current level, not the top.
    expect(sends(chat.say('7').actions)[0]!.text).toBe('*1* - Internet\n*2* - Telefone')
    expect(sends(chat.say('1', 60_000).actions)).toEqual([
      { automation: 'option', text: 'Qual problema?\n\n*1* - Sem sinal' },
    ])
    const last = chat.say('1')
    expect(sends(last.actions)).toEqual([
      { automation: 'option', text: 'Vou te passar para a equipe.' },
      { automation: 'queue_greeting', text: 'Equipe N2' },
    ])
    expect(chat.ticket.queueId).toBe('vendas')
    expect(last.state.done).toBe(true)
  })

  test('an option to an agent assigns the ticket only when the agent is available', () => {
    const toAna = option('vendas', {
      target: 'user',
      targetUserId: 'ana',
      message: 'Chamando a Ana',
    })
    const base = { queues: [queue('vendas')], options: [toAna] }
    const available = converse(config({}, { ...base, availableUserIds: ['ana'] }))
    available.say('Oi')
    expect(of(available.say('1').actions, 'assign')).toEqual([{ type: 'assign', userId: 'ana' }])
    const offline = converse(config({}, base))
    offline.say('Oi')
    const decision = offline.say('1')
    expect(of(decision.actions, 'assign')).toEqual([])
    expect(decision.state.done).toBe(true)
  })

  test('an option that closes sends its message and the completion', () => {
    const bye = option('vendas', { target: 'close', message: 'Até logo' })
    const cfg = config(
      { completionMessage: 'Atendimento encerrado.' },
      { queues: [queue('vendas')], options: [bye] },
    )
    const chat = converse(cfg)
    chat.say('Oi')
    const { actions } = chat.say('1')
    expect(sends(actions).map((s) => s.automation)).toEqual(['option', 'completion'])
    expect(of(actions, 'close')).toEqual([{ type: 'close', reason: 'bot' }])
  })
})

describe('business hours and vacation', () => {
  const hours = { ...defaultBusinessHours(), enabled: true }
  const cfg = config({ businessHours: hours, outOfHoursMessage: 'Estamos fechados.' })

  test('Friday 18:01 in São Paulo is out of hours: the notice, once, and no menu', () => {
    const chat = converse(cfg, { createdAt: at('2026-11-27T18:00:00') })
    const first = chat.say('Oi', 60_000)
    expect(sends(first.actions)).toEqual([
      { automation: 'out_of_hours', text: 'Estamos fechados.' },
    ])
    expect(sends(chat.say('alô?').actions)).toEqual([])
  })

  test('Friday 17:59 is open: greeting and menu', () => {
    const chat = converse(cfg, { createdAt: at('2026-11-27T17:58:00') })
    expect(sends(chat.say('Oi', 60_000).actions)[0]!.automation).toBe('menu')
  })

  test('the lunch break (12:00–13:00) is out of hours; 13:00 is open again', () => {
    const lunch = converse(cfg, { createdAt: at('2026-11-27T12:29:00') })
    expect(sends(lunch.say('Oi', 60_000).actions)[0]!.automation).toBe('out_of_hours')
    // After lunch the same ticket gets the greeting.
    expect(sends(lunch.say('Oi de novo', 40 * MINUTE).actions)[0]!.automation).toBe('menu')
  })

  test('queue scope: the queue’s hours decide when the ticket enters it', () => {
    const closedQueue = queue('suporte', {
      businessHours: { enabled: true, days: [] },
      outOfHoursMessage: 'Suporte fechado agora.',
    })
    const chat = converse(
      config({}, { queues: [queue('vendas'), closedQueue], hoursScope: 'queue' }),
    )
    chat.say('Oi')
    const { actions, state } = chat.say('2')
    expect(of(actions, 'setQueue')).toEqual([{ type: 'setQueue', queueId: 'suporte' }])
    expect(sends(actions)).toEqual([{ automation: 'out_of_hours', text: 'Suporte fechado agora.' }])
    expect(state.done).toBe(true)
  })

  test('collective vacation overrides everything inside its range, only there', () => {
    const vacation = {
      start: at('2026-12-20T00:00:00'),
      end: at('2027-01-05T00:00:00'),
      message: 'Férias coletivas até 05/01.',
    }
    const during = converse(config({ vacation, businessHours: hours, outOfHoursMessage: 'x' }), {
      createdAt: at('2026-12-24T22:00:00'),
    })
    expect(sends(during.say('Oi').actions)).toEqual([
      { automation: 'vacation', text: 'Férias coletivas até 05/01.' },
    ])
    expect(sends(during.say('Oi?').actions)).toEqual([])
    const before = converse(config({ vacation }), { createdAt: at('2026-12-19T10:00:00') })
    expect(sends(before.say('Oi').actions)[0]!.automation).toBe('menu')
    const after = converse(config({ vacation }), { createdAt: at('2027-01-05T09:00:00') })
    expect(sends(after.say('Oi').actions)[0]!.automation).toBe('menu')
  })
})

describe('anti-loop', () => {
  test('the menu is re-sent at most maxMenuSends times, then the bot hands over silently', () => {
    const chat = converse(config({ chatbot: { maxMenuSends: 2, cooldownSeconds: 0 } }))
    chat.say('Oi')
    expect(sends(chat.say('a').actions)).toHaveLength(1)
    expect(sends(chat.say('b').actions)).toHaveLength(1)
    const third = chat.say('c')
    expect(sends(third.actions)).toEqual([])
    expect(third.state).toMatchObject({ done: true, doneReason: 'loop' })
    expect(sends(chat.say('1').actions)).toEqual([])
  })

  test('cooldown: a second invalid answer within the cooldown gets no reply', () => {
    const chat = converse(config({ chatbot: { cooldownSeconds: 60 } }))
    chat.say('Oi')
    expect(sends(chat.say('x', 5_000).actions)).toHaveLength(1)
    expect(sends(chat.say('y', 5_000).actions)).toEqual([])
    expect(sends(chat.say('z', 60_000).actions)).toHaveLength(1)
  })

  test('another bot: an answer faster than a human stops the bot for good', () => {
    const chat = converse(config())
    chat.say('Oi')
    const fast = chat.say('Olá! Sou o assistente virtual.', 200)
    expect(sends(fast.actions)).toEqual([])
    expect(fast.state).toMatchObject({ done: true, doneReason: 'bot' })
    expect(sends(chat.say('1').actions)).toEqual([])
  })

  test('an agent taking the ticket stops the menu and the routing timers', () => {
    const { actions, state } = decideAgentTook({ greeted: true, awaiting: 'queues' })
    expect(state).toMatchObject({ done: true, doneReason: 'agent' })
    expect(state.awaiting).toBeUndefined()
    expect(actions).toEqual([{ type: 'cancel', timers: ['redirect', 'auto_close'] }])
    const chat = converse(config(), { state, userId: 'ana', status: 'open' })
    expect(sends(chat.say('2').actions)).toEqual([])
  })
})

describe('inactivity', () => {
  const cfg = config({
    chatbot: { enabled: false },
    inactivity: {
      warnAfterMinutes: 10,
      warningMessage: 'Ainda está aí?',
      closeAfterMinutes: 5,
      closingMessage: 'Encerrando por inatividade.',
    },
    completionMessage: 'Obrigado pelo contato.',
  })
  const last = FRIDAY_MORNING

  test('a customer message schedules the warning N minutes later', () => {
    const { actions } = decideInbound(cfg, ticket(), inbound('Oi', last), last)
    expect(of(actions, 'schedule')).toEqual([
      { type: 'schedule', timer: 'inactivity', at: last + 10 * MINUTE },
    ])
  })

  test('warning after N minutes, then close after M more with the closing and completion messages', () => {
    const early = decideTimer(cfg, ticket(), 'inactivity', last + 5 * MINUTE)
    expect(early.rescheduleAt).toBe(last + 10 * MINUTE)
    expect(early.actions).toEqual([])
    const warn = decideTimer(cfg, ticket(), 'inactivity', last + 10 * MINUTE)
    expect(sends(warn.actions)).toEqual([
      { automation: 'inactivity_warning', text: 'Ainda está aí?' },
    ])
    expect(of(warn.actions, 'schedule')).toEqual([
      { type: 'schedule', timer: 'inactivity_close', at: last + 15 * MINUTE },
    ])
    const warned = ticket({
      state: warn.state,
      lastMessageAt: last + 10 * MINUTE,
      lastMessageFromMe: true,
    })
    // Running the warning again (a restart) does not warn twice.
    expect(sends(decideTimer(cfg, warned, 'inactivity', last + 11 * MINUTE).actions)).toEqual([])
    const close = decideTimer(cfg, warned, 'inactivity_close', last + 15 * MINUTE)
    expect(sends(close.actions).map((s) => s.automation)).toEqual([
      'inactivity_close',
      'completion',
    ])
    expect(of(close.actions, 'close')).toEqual([{ type: 'close', reason: 'inactivity' }])
  })

  test('a reply after the warning cancels the close and restarts the chain', () => {
    const warn = decideTimer(cfg, ticket(), 'inactivity', last + 10 * MINUTE)
    const warned = ticket({ state: warn.state, lastMessageAt: last + 10 * MINUTE })
    const reply = decideInbound(
      cfg,
      warned,
      inbound('estou sim', last + 12 * MINUTE),
      last + 12 * MINUTE,
    )
    expect(of(reply.actions, 'cancel')).toEqual([{ type: 'cancel', timers: ['inactivity_close'] }])
    expect(reply.state.warnedAt).toBeUndefined()
    // Even if the close timer fires anyway (it was already running), it sees the reply.
    const stale = decideTimer(
      cfg,
      ticket({ state: warn.state, lastMessageAt: last + 12 * MINUTE }),
      'inactivity_close',
      last + 15 * MINUTE,
    )
    expect(of(stale.actions, 'close')).toEqual([])
    expect(of(stale.actions, 'schedule')).toEqual([
      { type: 'schedule', timer: 'inactivity', at: last + 22 * MINUTE },
    ])
  })

  test('"only ours": no warning while the customer has the last word', () => {
    const ours = config({
      inactivity: {
        warnAfterMinutes: 10,
        warningMessage: 'Ainda está aí?',
        onlyWhenLastIsOurs: true,
      },
    })
    const theirs = decideTimer(
      ours,
      ticket({ lastMessageFromMe: false }),
      'inactivity',
      last + 10 * MINUTE,
    )
    expect(sends(theirs.actions)).toEqual([])
    expect(theirs.rescheduleAt).toBe(last + 20 * MINUTE)
    const mine = decideTimer(
      ours,
      ticket({ lastMessageFromMe: true }),
      'inactivity',
      last + 10 * MINUTE,
    )
    expect(sends(mine.actions)).toEqual([
      { automation: 'inactivity_warning', text: 'Ainda está aí?' },
    ])
  })

  test('a closed ticket’s timers do nothing', () => {
    expect(
      decideTimer(cfg, ticket({ status: 'closed' }), 'inactivity', last + 60 * MINUTE).actions,
    ).toEqual([])
  })
})

describe('completion and rating on close', () => {
  const cfg = config({
    completionMessage: 'Protocolo {{protocolo}} encerrado.',
    rating: { enabled: true, question: 'Dê uma nota de 0 a 10', timeoutMinutes: 30 },
  })
  const worked = ticket({ status: 'open', userId: 'ana' })

  test('closing with message: completion, then the rating question with its timeout', () => {
    const { actions } = decideClose(cfg, worked, FRIDAY_MORNING, {
      withMessage: true,
      farewellSent: false,
    })
    expect(sends(actions).map((s) => s.automation)).toEqual(['completion', 'rating'])
    expect(of(actions, 'ratingStatus')).toEqual([{ type: 'ratingStatus', status: 'pending' }])
    expect(of(actions, 'schedule')).toEqual([
      { type: 'schedule', timer: 'rating', at: FRIDAY_MORNING + 30 * MINUTE },
    ])
  })

  test('the agent’s farewell replaces the completion message; the rating still follows', () => {
    const { actions } = decideClose(cfg, worked, FRIDAY_MORNING, {
      withMessage: true,
      farewellSent: true,
    })
    expect(sends(actions).map((s) => s.automation)).toEqual(['rating'])
  })

  test('closing without message sends nothing but still stops the timers', () => {
    const { actions } = decideClose(cfg, worked, FRIDAY_MORNING, {
      withMessage: false,
      farewellSent: false,
    })
    expect(sends(actions)).toEqual([])
    expect(of(actions, 'cancel')[0]!.timers).toContain('inactivity')
  })

  test('the per-customer cap stops the rating question, not the completion', () => {
    const capped = { ...cfg, ratingAllowed: false }
    const { actions } = decideClose(capped, worked, FRIDAY_MORNING, {
      withMessage: true,
      farewellSent: false,
    })
    expect(sends(actions).map((s) => s.automation)).toEqual(['completion'])
  })

  test('auto-close queue: the flow ends and the ticket closes at once with the completion', () => {
    const auto = config(
      { completionMessage: 'Fim.' },
      { queues: [queue('info', { type: 'auto_close', greeting: 'Nosso horário é 8h–18h.' })] },
    )
    const { actions } = converse(auto).say('Oi')
    expect(sends(actions).map((s) => s.automation)).toEqual([
      'greeting',
      'queue_greeting',
      'completion',
    ])
    expect(of(actions, 'close')).toEqual([{ type: 'close', reason: 'auto_close' }])
  })

  test('auto-close queue after N minutes: a timer, checked when it runs', () => {
    const auto = config(
      { completionMessage: 'Fim.' },
      { queues: [queue('info', { type: 'auto_close', autoCloseMinutes: 5, greeting: 'Info' })] },
    )
    const chat = converse(auto)
    const { actions, state } = chat.say('Oi')
    expect(of(actions, 'close')).toEqual([])
    expect(of(actions, 'schedule')).toContainEqual({
      type: 'schedule',
      timer: 'auto_close',
      at: state.autoCloseAt!,
    })
    const due = decideTimer(auto, chat.ticket, 'auto_close', state.autoCloseAt!)
    expect(sends(due.actions).map((s) => s.automation)).toEqual(['completion'])
    expect(of(due.actions, 'close')).toEqual([{ type: 'close', reason: 'auto_close' }])
    const taken = decideTimer(
      auto,
      { ...chat.ticket, userId: 'ana' },
      'auto_close',
      state.autoCloseAt!,
    )
    expect(taken.actions).toEqual([])
  })
})

describe('rating replies', () => {
  test.each([
    ['10', 10],
    ['0', 0],
    ['nota 9', 9],
    ['Nota: 7', 7],
    ['9/10', 9],
    ['8 de 10', 8],
    ['minha nota é 6', 6],
    ['dou 10!', 10],
    ['*5*', 5],
    [' 3. ', 3],
    ['11', null],
    ['-1', null],
    ['nove', null],
    ['9 ou 10', null],
    ['ótimo atendimento', null],
    ['', null],
  ])('parseRating(%j) = %j', (text, score) => {
    expect(parseRating(text)).toBe(score)
  })

  const cfg = config({
    rating: {
      enabled: true,
      question: 'Nota de 0 a 10?',
      retryMessage: 'Responda só com um número de 0 a 10.',
      thanksMessage: 'Obrigado pela nota!',
    },
  })
  const waiting = ticket({
    status: 'closed',
    userId: 'ana',
    ratingStatus: 'pending',
    ratingAskedAt: FRIDAY_MORNING,
  })

  test('a valid score is stored and thanked', () => {
    const { actions } = decideRatingReply(
      cfg,
      waiting,
      inbound('nota 9', FRIDAY_MORNING + MINUTE),
      FRIDAY_MORNING + MINUTE,
    )
    expect(of(actions, 'rate')).toEqual([{ type: 'rate', score: 9 }])
    expect(of(actions, 'ratingStatus')).toEqual([{ type: 'ratingStatus', status: 'rated' }])
    expect(sends(actions)).toEqual([{ automation: 'rating_thanks', text: 'Obrigado pela nota!' }])
  })

  test('an invalid answer gets exactly one helpful retry; after it, the next text is a new conversation', () => {
    const first = decideRatingReply(
      cfg,
      waiting,
      inbound('foi bom', FRIDAY_MORNING),
      FRIDAY_MORNING,
    )
    expect(sends(first.actions)).toEqual([
      { automation: 'rating_retry', text: 'Responda só com um número de 0 a 10.' },
    ])
    const state: BotState = first.state
    expect(ratingTakesMessage(state, 'preciso de outra coisa')).toBe(false)
    expect(ratingTakesMessage(state, '8')).toBe(true)
    expect(ratingTakesMessage({}, 'preciso de outra coisa')).toBe(true)
  })

  test('the rating timeout expires a pending rating, not before its time', () => {
    const rated = config({ rating: { enabled: true, question: 'Nota?', timeoutMinutes: 30 } })
    expect(decideTimer(rated, waiting, 'rating', FRIDAY_MORNING + 10 * MINUTE).rescheduleAt).toBe(
      FRIDAY_MORNING + 30 * MINUTE,
    )
    expect(
      of(
        decideTimer(rated, waiting, 'rating', FRIDAY_MORNING + 30 * MINUTE).actions,
        'ratingStatus',
      ),
    ).toEqual([{ type: 'ratingStatus', status: 'expired' }])
    expect(
      decideTimer(
        rated,
        { ...waiting, ratingStatus: 'rated' },
        'rating',
        FRIDAY_MORNING + 31 * MINUTE,
      ).actions,
    ).toEqual([])
  })
})

describe('routing', () => {
  const cfg = config({
    chatbot: { enabled: false },
    routing: { redirectAfterMinutes: 15, redirectQueueId: 'suporte' },
  })

  test('the first message of a ticket schedules the redirect from its creation', () => {
    const { actions } = decideInbound(cfg, ticket(), inbound('Oi', FRIDAY_MORNING), FRIDAY_MORNING)
    expect(of(actions, 'schedule')).toContainEqual({
      type: 'schedule',
      timer: 'redirect',
      at: FRIDAY_MORNING + 15 * MINUTE,
    })
  })

  test('a ticket still waiting after N minutes moves to the chosen queue; a taken one stays', () => {
    const due = FRIDAY_MORNING + 15 * MINUTE
    expect(decideTimer(cfg, ticket(), 'redirect', due - MINUTE).rescheduleAt).toBe(due)
    const moved = decideTimer(cfg, ticket(), 'redirect', due)
    expect(of(moved.actions, 'setQueue')).toEqual([{ type: 'setQueue', queueId: 'suporte' }])
    expect(moved.state).toMatchObject({ done: true, doneReason: 'redirect' })
    expect(
      decideTimer(cfg, ticket({ status: 'open', userId: 'ana' }), 'redirect', due).actions,
    ).toEqual([])
    expect(decideTimer(cfg, ticket({ queueId: 'suporte' }), 'redirect', due).actions).toEqual([])
  })
})
