import { and, asc, eq, like } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { ingestInbound } from '#app/domain/messages/ingest.server.ts'
import { sendMessage } from '#app/domain/messages/send.server.ts'
import { setSetting } from '#app/domain/settings/settings.server.ts'
import { getAccessibleTicket } from '#app/domain/tickets/access.server.ts'
import { countTickets, listTickets } from '#app/domain/tickets/tickets.server.ts'
import { acceptTicket, closeTicket, transferTicket } from '#app/domain/tickets/actions.server.ts'
import { JobRunner } from '#app/runtime/jobs.server.ts'
import { db } from '#app/utils/db.server.ts'
import { queueOptions } from '#db/schema/queue-options.ts'
import { ratings } from '#db/schema/ratings.ts'
import { type ConnectionAutomations, connections } from '#db/schema/connections.ts'
import { jobs } from '#db/schema/system.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
  ticketRow,
} from '#tests/db-utils.ts'
import { registerBotJobs } from './bot.server.ts'
import { MINUTE } from './engine.ts'

/**
 * The bot through the real spine: ingest enqueues a durable job, the job runner answers, agents'
 * actions hook in, timers are jobs that survive a restart. Fake clock: Date only.
 */

const START = Date.parse('2026-11-27T13:00:00Z') // Friday 10:00 in São Paulo

registerBotJobs(db)

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(START)
  db.delete(jobs).run()
})
afterEach(() => {
  vi.useRealTimers()
})

const advance = (ms: number) => vi.setSystemTime(Date.now() + ms)

/** Runs every due job (the runner is never started: no cron, no wake-ups). */
async function drain(runner = new JobRunner(db)) {
  while ((await runner.tick()) > 0);
}

async function setup(automations: ConnectionAutomations, options: { single?: boolean } = {}) {
  const company = createCompany(db)
  const vendas = createQueue(db, company.id, {
    name: 'Vendas',
    order: 1,
    greeting: 'Vendas, {{nome}}!',
  })
  const suporte = options.single
    ? undefined
    : createQueue(db, company.id, { name: 'Suporte', order: 2, greeting: 'Suporte: fila {{fila}}' })
  const connection = addConnection(db, company.id)
  db.update(connections).set({ automations }).where(eq(connections.id, connection.id)).run()
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const agent = await createUser(db, {
    companyId: company.id,
    queueIds: [vendas.id],
    name: 'Ana Souza',
  })
  return { company, vendas, suporte, connection, admin, agent }
}

const sent = (ticketId: string) =>
  db
    .select({
      body: messages.body,
      automation: messages.automation,
      userId: messages.userId,
      status: messages.status,
    })
    .from(messages)
    .where(and(eq(messages.ticketId, ticketId), eq(messages.fromMe, true)))
    .orderBy(asc(messages.timestamp))
    .all()

const botJobs = () => db.select().from(jobs).where(like(jobs.kind, 'bot.%')).all()

const BOT = { chatbot: { enabled: true }, greeting: '{{saudacao}}, {{primeiro_nome}}!' }

describe('menu through the spine', () => {
  test('greeting + menu, invalid option, valid option: real queued messages marked as automatic', async () => {
    const { connection, vendas } = await setup({
      ...BOT,
      chatbot: { enabled: true, invalidOptionMessage: 'Opção inválida.' },
    })
    const { ticketId } = customerWrites(db, connection, { text: 'Oi', name: 'Maria Clara' })
    await drain()
    expect(sent(ticketId)).toEqual([
      {
        body: 'Bom dia, Maria!\n\n*1* - Vendas\n*2* - Suporte',
        automation: 'menu',
        userId: null,
        status: 'queued',
      },
    ])
    advance(30_000)
    customerWrites(db, connection, { text: 'quero preço', name: 'Maria Clara' })
    await drain()
    expect(sent(ticketId).at(-1)).toMatchObject({
      automation: 'invalid_option',
      body: 'Opção inválida.\n\n*1* - Vendas\n*2* - Suporte',
    })
    advance(30_000)
    customerWrites(db, connection, { text: '1', name: 'Maria Clara' })
    await drain()
    expect(sent(ticketId).at(-1)).toMatchObject({
      automation: 'queue_greeting',
      body: 'Vendas, Maria Clara!',
    })
    expect(ticketRow(db, ticketId)).toMatchObject({ queueId: vendas.id, status: 'pending' })
  })

  test('a burst of messages gets one answer; a re-run of a handled job answers nothing', async () => {
    const { connection } = await setup(BOT)
    const first = customerWrites(db, connection, { text: 'Oi' })
    customerWrites(db, connection, { text: 'tudo bem?' })
    await drain()
    expect(sent(first.ticketId)).toHaveLength(1)
    // Replaying every job (as after a crash) changes nothing.
    db.update(jobs)
      .set({ status: 'queued', runAt: Date.now() })
      .where(like(jobs.kind, 'bot.inbound'))
      .run()
    await drain()
    expect(sent(first.ticketId)).toHaveLength(1)
  })

  test('a connection without automations queues no job and sends nothing', async () => {
    const { connection } = await setup({})
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    await drain()
    expect(botJobs()).toEqual([])
    expect(sent(ticketId)).toEqual([])
    const off = await setup({ chatbot: { enabled: false }, greeting: 'Olá' })
    customerWrites(db, off.connection, { text: 'Oi' })
    expect(botJobs()).toEqual([])
  })

  test('single queue: straight to it, with {{fila}} filled', async () => {
    const { connection, vendas } = await setup(BOT, { single: true })
    const { ticketId } = customerWrites(db, connection, { text: 'Oi', name: 'João' })
    await drain()
    expect(sent(ticketId).map((m) => m.automation)).toEqual(['greeting', 'queue_greeting'])
    expect(ticketRow(db, ticketId).queueId).toBe(vendas.id)
  })

  test('an option to an agent assigns only an available agent (or anyone with the company setting)', async () => {
    const { company, connection, vendas, agent, admin } = await setup(BOT, { single: true })
    db.insert(queueOptions)
      .values({
        companyId: company.id,
        queueId: vendas.id,
        title: 'Falar com a Ana',
        target: 'user',
        targetUserId: agent.id,
      })
      .run()
    const first = customerWrites(db, connection, { text: 'Oi', phone: '5511911110001' })
    await drain()
    advance(30_000)
    customerWrites(db, connection, { text: '1', phone: '5511911110001' })
    await drain()
    // Ana is offline (no live stream): the ticket waits in the queue.
    expect(ticketRow(db, first.ticketId)).toMatchObject({ userId: null, status: 'pending' })
    setSetting(db, admin.actor, 'bot.assignOfflineAgents', true)
    const second = customerWrites(db, connection, { text: 'Oi', phone: '5511911110002' })
    await drain()
    advance(30_000)
    customerWrites(db, connection, { text: '1', phone: '5511911110002' })
    await drain()
    expect(ticketRow(db, second.ticketId)).toMatchObject({ userId: agent.id, status: 'open' })
  })

  test('an agent accepting stops the menu: the next message gets no bot answer', async () => {
    const { connection, admin } = await setup(BOT)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    await drain()
    acceptTicket(db, admin.actor, ticketId)
    advance(30_000)
    customerWrites(db, connection, { text: '1' })
    await drain()
    expect(sent(ticketId)).toHaveLength(1)
    expect(ticketRow(db, ticketId).botState).toMatchObject({ done: true, doneReason: 'agent' })
  })
  test('a person answering a pending ticket (without accepting) stops the menu', async () => {
    const { connection, admin } = await setup(BOT)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    await drain()
    sendMessage(db, admin.actor, ticketId, { text: 'Já te ajudo' })
    advance(30_000)
    customerWrites(db, connection, { text: '1' })
    await drain()
    expect(sent(ticketId).map((m) => m.automation)).toEqual(['menu', null])
    expect(ticketRow(db, ticketId)).toMatchObject({ status: 'pending', botState: { done: true } })
  })
  test('an answer typed on the phone itself stops the menu', async () => {
    const { connection } = await setup(BOT)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi', phone: '5511955550001' })
    await drain()
    ingestInbound(db, connection, {
      externalId: 'PHONE-REPLY-1',
      peer: { chatId: '5511955550001', phone: '5511955550001' },
      fromMe: true,
      timestamp: Date.now(),
      type: 'text',
      text: 'Oi! Aqui é a Ana, já te atendo.',
    })
    advance(30_000)
    customerWrites(db, connection, { text: '1', phone: '5511955550001' })
    await drain()
    expect(sent(ticketId).map((m) => m.automation)).toEqual(['menu', null])
    expect(ticketRow(db, ticketId).botState).toMatchObject({ done: true, doneReason: 'agent' })
  })
  test('a transfer to a queue by a person stops the menu too', async () => {
    const { connection, admin, vendas } = await setup(BOT)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    await drain()
    transferTicket(db, admin.actor, ticketId, { queueId: vendas.id })
    advance(30_000)
    customerWrites(db, connection, { text: '2' })
    await drain()
    expect(ticketRow(db, ticketId).queueId).toBe(vendas.id)
    expect(sent(ticketId)).toHaveLength(1)
  })
})

describe('closing, completion and rating', () => {
  const RATING = {
    completionMessage: 'Atendimento {{protocolo}} encerrado por {{atendente}}.',
    rating: {
      enabled: true,
      question: 'De 0 a 10, que nota você dá?',
      retryMessage: 'Responda com um número de 0 a 10.',
      thanksMessage: 'Obrigado!',
      maxPerPeriod: 1,
      periodDays: 30,
      timeoutMinutes: 60,
    },
  }

  test('close with message: completion with variables, rating question; "9/10" is stored for the agent', async () => {
    const { connection, agent, vendas } = await setup(RATING)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    db.update(tickets).set({ queueId: vendas.id }).where(eq(tickets.id, ticketId)).run()
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: true })
    const [completion, question] = sent(ticketId)
    expect(completion).toMatchObject({ automation: 'completion' })
    expect(completion!.body).toMatch(/^Atendimento \d{8}-[0-9A-Z]{6} encerrado por Ana Souza\.$/)
    expect(question).toMatchObject({ automation: 'rating', body: RATING.rating.question })
    expect(ticketRow(db, ticketId)).toMatchObject({ status: 'closed', ratingStatus: 'pending' })

    advance(MINUTE)
    const reply = customerWrites(db, connection, { text: '9/10' })
    expect(reply).toMatchObject({ ticketId, ticketCreated: false })
    expect(ticketRow(db, ticketId).status).toBe('closed')
    await drain()
    expect(db.select().from(ratings).where(eq(ratings.ticketId, ticketId)).get()).toMatchObject({
      score: 9,
      userId: agent.id,
      queueId: vendas.id,
    })
    expect(ticketRow(db, ticketId).ratingStatus).toBe('rated')
    expect(sent(ticketId).at(-1)).toMatchObject({ automation: 'rating_thanks', body: 'Obrigado!' })
    // The rating timeout was cancelled.
    expect(botJobs().filter((j) => j.status === 'queued')).toEqual([])
  })

  test('the user’s farewell replaces the completion; close without message sends nothing', async () => {
    const { connection, agent } = await setup(RATING)
    db.update(users)
      .set({ farewellMessage: 'Tchau!', signature: false })
      .where(eq(users.id, agent.id))
      .run()
    const first = customerWrites(db, connection, { text: 'Oi', phone: '5511922220001' })
    acceptTicket(db, agent.actor, first.ticketId)
    closeTicket(db, agent.actor, first.ticketId, { sendFarewell: true })
    expect(sent(first.ticketId).map((m) => [m.automation, m.body])).toEqual([
      [null, 'Tchau!'],
      ['rating', RATING.rating.question],
    ])
    const second = customerWrites(db, connection, { text: 'Oi', phone: '5511922220002' })
    acceptTicket(db, agent.actor, second.ticketId)
    closeTicket(db, agent.actor, second.ticketId, { sendFarewell: false })
    expect(sent(second.ticketId)).toEqual([])
    expect(ticketRow(db, second.ticketId).ratingStatus).toBeNull()
  })

  test('max rating questions per customer in the period', async () => {
    const { connection, agent } = await setup(RATING)
    const first = customerWrites(db, connection, { text: 'Oi' })
    acceptTicket(db, agent.actor, first.ticketId)
    closeTicket(db, agent.actor, first.ticketId, { sendFarewell: true })
    advance(2 * 60 * MINUTE)
    await drain() // the rating times out
    expect(ticketRow(db, first.ticketId).ratingStatus).toBe('expired')
    const second = customerWrites(db, connection, { text: 'Voltei' })
    expect(second.ticketId).not.toBe(first.ticketId)
    acceptTicket(db, agent.actor, second.ticketId)
    closeTicket(db, agent.actor, second.ticketId, { sendFarewell: true })
    expect(sent(second.ticketId).map((m) => m.automation)).toEqual(['completion'])
    // 31 days later the customer may be asked again.
    advance(31 * 24 * 60 * MINUTE)
    const third = customerWrites(db, connection, { text: 'Oi de novo' })
    acceptTicket(db, agent.actor, third.ticketId)
    closeTicket(db, agent.actor, third.ticketId, { sendFarewell: true })
    expect(sent(third.ticketId).map((m) => m.automation)).toEqual(['completion', 'rating'])
  })

  test('an invalid answer gets one retry; the next text opens a new conversation', async () => {
    const { connection, agent } = await setup(RATING)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: true })
    advance(MINUTE)
    expect(customerWrites(db, connection, { text: 'foi ótimo' }).ticketId).toBe(ticketId)
    await drain()
    expect(sent(ticketId).at(-1)).toMatchObject({ automation: 'rating_retry' })
    advance(MINUTE)
    const next = customerWrites(db, connection, { text: 'preciso de um boleto' })
    expect(next).toMatchObject({ ticketCreated: true })
    expect(ticketRow(db, ticketId).ratingStatus).toBe('expired')
    expect(db.select().from(ratings).where(eq(ratings.ticketId, ticketId)).all()).toEqual([])
  })
})

describe('routing', () => {
  test('the connection’s reopen window overrides the company setting', async () => {
    const { connection, agent, admin } = await setup({ routing: { reopenWindowMinutes: 10 } })
    setSetting(db, admin.actor, 'tickets.reopenWindowMinutes', 0)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: false })
    advance(5 * MINUTE)
    expect(customerWrites(db, connection, { text: 'Esqueci' })).toMatchObject({
      ticketId,
      ticketCreated: false,
    })
    expect(ticketRow(db, ticketId)).toMatchObject({ status: 'open', userId: agent.id })
    closeTicket(db, agent.actor, ticketId, { sendFarewell: false })
    advance(11 * MINUTE)
    expect(customerWrites(db, connection, { text: 'Oi' }).ticketId).not.toBe(ticketId)
  })

  test('a ticket waiting N minutes is redirected to the chosen queue; an accepted one is not', async () => {
    const { connection, suporte, admin } = await setup({
      routing: { redirectAfterMinutes: 15, redirectQueueId: undefined },
    })
    db.update(connections)
      .set({ automations: { routing: { redirectAfterMinutes: 15, redirectQueueId: suporte!.id } } })
      .where(eq(connections.id, connection.id))
      .run()
    const waiting = customerWrites(db, connection, { text: 'Oi', phone: '5511933330001' })
    const taken = customerWrites(db, connection, { text: 'Oi', phone: '5511933330002' })
    await drain()
    acceptTicket(db, admin.actor, taken.ticketId)
    advance(14 * MINUTE)
    await drain()
    expect(ticketRow(db, waiting.ticketId).queueId).toBeNull()
    advance(MINUTE)
    await drain()
    expect(ticketRow(db, waiting.ticketId).queueId).toBe(suporte!.id)
    expect(ticketRow(db, taken.ticketId).queueId).toBeNull()
  })
})

describe('inactivity timers', () => {
  const INACTIVITY = {
    inactivity: {
      warnAfterMinutes: 10,
      warningMessage: 'Ainda está aí, {{primeiro_nome}}?',
      closeAfterMinutes: 5,
      closingMessage: 'Encerramos por falta de resposta.',
    },
    completionMessage: 'Obrigado pelo contato.',
  }

  test('warning after N minutes, close after M more, with closing and completion messages', async () => {
    const { connection } = await setup(INACTIVITY)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi', name: 'Rita Lee' })
    await drain()
    advance(10 * MINUTE)
    await drain()
    expect(sent(ticketId).map((m) => m.body)).toEqual(['Ainda está aí, Rita?'])
    advance(5 * MINUTE)
    await drain()
    expect(sent(ticketId).map((m) => m.automation)).toEqual([
      'inactivity_warning',
      'inactivity_close',
      'completion',
    ])
    expect(ticketRow(db, ticketId).status).toBe('closed')
  })

  test('a customer reply cancels the pending close and restarts the count', async () => {
    const { connection } = await setup(INACTIVITY)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    await drain()
    advance(10 * MINUTE)
    await drain()
    expect(botJobs().find((j) => j.dedupeKey?.startsWith('bot.inactivity_close:'))?.status).toBe(
      'queued',
    )
    advance(2 * MINUTE)
    customerWrites(db, connection, { text: 'Estou aqui' })
    await drain()
    expect(botJobs().some((j) => j.dedupeKey?.startsWith('bot.inactivity_close:'))).toBe(false)
    advance(5 * MINUTE)
    await drain()
    expect(ticketRow(db, ticketId).status).toBe('pending')
    advance(5 * MINUTE) // 10 minutes after the reply: a new warning
    await drain()
    expect(sent(ticketId).map((m) => m.automation)).toEqual([
      'inactivity_warning',
      'inactivity_warning',
    ])
  })

  test('an agent message after the warning keeps the ticket open', async () => {
    const { connection, agent } = await setup(INACTIVITY)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    acceptTicket(db, agent.actor, ticketId)
    await drain()
    advance(10 * MINUTE)
    await drain()
    advance(MINUTE)
    const { sendMessage } = await import('#app/domain/messages/send.server.ts')
    sendMessage(db, agent.actor, ticketId, { text: 'Segue o orçamento' })
    advance(4 * MINUTE)
    await drain()
    expect(ticketRow(db, ticketId).status).toBe('open')
  })

  test('timers survive a restart and run exactly once', async () => {
    const { connection } = await setup(INACTIVITY)
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    await drain(new JobRunner(db))
    // The process dies; a new one starts later on the same database.
    advance(10 * MINUTE)
    const second = new JobRunner(db)
    second.recover()
    // It dies again right after claiming the warning job, before recording it.
    const claimed = second.claim()
    expect(claimed.map((j) => j.dedupeKey)).toEqual([`bot.inactivity:${ticketId}`])
    const { handleTimer } = await import('./bot.server.ts')
    handleTimer(db, ticketId, 'inactivity') // it had committed its work
    const third = new JobRunner(db)
    expect(third.recover()).toBe(1)
    await drain(third)
    expect(sent(ticketId).map((m) => m.automation)).toEqual(['inactivity_warning'])
    advance(5 * MINUTE)
    await drain(new JobRunner(db))
    await drain(new JobRunner(db))
    expect(sent(ticketId).map((m) => m.automation)).toEqual([
      'inactivity_warning',
      'inactivity_close',
      'completion',
    ])
  })
})

describe('automatic closes send the completion', () => {
  test('an auto-close queue closes after its minutes with the completion message', async () => {
    const company = createCompany(db)
    const info = createQueue(db, company.id, {
      name: 'Informações',
      type: 'auto_close',
      autoCloseMinutes: 3,
      greeting: 'Abrimos às 8h.',
    })
    const connection = addConnection(db, company.id, info.id)
    db.update(connections)
      .set({ automations: { chatbot: { enabled: true }, completionMessage: 'Até mais!' } })
      .where(eq(connections.id, connection.id))
      .run()
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    await drain()
    expect(ticketRow(db, ticketId).status).toBe('pending')
    advance(3 * MINUTE)
    await drain()
    expect(ticketRow(db, ticketId).status).toBe('closed')
    expect(sent(ticketId).map((m) => m.automation)).toEqual(['queue_greeting', 'completion'])
  })
})

describe('agents receive only the tickets of their queues', () => {
  test('the menu routes to a queue: its agent sees the ticket, the other agent does not', async () => {
    const { company, connection, vendas, suporte, agent, admin } = await setup(BOT)
    const other = await createUser(db, { companyId: company.id, queueIds: [suporte!.id] })
    const { ticketId } = customerWrites(db, connection, { text: 'Oi' })
    await drain()
    const pendingIds = (actor: typeof agent.actor) =>
      listTickets(db, actor, { status: 'pending' }).tickets.map((t) => t.id)
    // Before a queue is chosen everyone sees it…
    expect(pendingIds(other.actor)).toContain(ticketId)
    // …unless the company hides tickets without a queue from agents.
    setSetting(db, admin.actor, 'tickets.hideQueuelessFromAgents', true)
    expect(pendingIds(other.actor)).not.toContain(ticketId)
    expect(countTickets(db, other.actor).pending).toBe(0)
    expect(() => getAccessibleTicket(db, other.actor, ticketId)).toThrow()
    expect(pendingIds(admin.actor)).toContain(ticketId)
    advance(30_000)
    customerWrites(db, connection, { text: '1' })
    await drain()
    expect(ticketRow(db, ticketId).queueId).toBe(vendas.id)
    expect(pendingIds(agent.actor)).toContain(ticketId)
    expect(getAccessibleTicket(db, agent.actor, ticketId).id).toBe(ticketId)
    expect(pendingIds(other.actor)).not.toContain(ticketId)
    expect(() => getAccessibleTicket(db, other.actor, ticketId)).toThrow()
  })
})
