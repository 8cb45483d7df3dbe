import { and, eq, gt, like } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'
import { recordSendOutcome, requeueInterruptedSends } from '#app/domain/messages/send.server.ts'
import { setSetting } from '#app/domain/settings/settings.server.ts'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { JobRunner } from '#app/runtime/jobs.server.ts'
import { db } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { schedules } from '#db/schema/schedules.ts'
import { events, jobs } from '#db/schema/system.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
} from '#tests/db-utils.ts'
import { type ScheduleEditorInput } from './schedule-schema.ts'
import { toLocalInput } from './schedule-time.ts'
import {
  cancelSchedule,
  createSchedule,
  getSchedule,
  listSchedules,
  SCHEDULE_SEND_JOB,
  scheduleFormOptions,
  searchScheduleContacts,
  updateSchedule,
} from './schedules.server.ts'
import { OFFLINE_RETRY_MS, registerScheduleJobs, runScheduledSend } from './send-job.server.ts'

const MIN = 60_000
const SP = 'America/Sao_Paulo'
const everything = { from: 0, to: Number.MAX_SAFE_INTEGER }

beforeAll(() => registerScheduleJobs(db))

let phoneSeq = 0

/** A company with two queues, a connected connection into the first, people, and contacts. */
async function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const otherQueue = createQueue(db, company.id)
  const connection = addConnection(db, company.id, queue.id)
  db.update(connections).set({ status: 'connected' }).where(eq(connections.id, connection.id)).run()
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const supervisor = await createUser(db, { companyId: company.id, role: 'supervisor' })
  const agent = await createUser(db, { companyId: company.id, queueIds: [queue.id] })
  const outsider = await createUser(db, { companyId: company.id, queueIds: [otherQueue.id] })
  db.update(users).set({ signature: false }).where(eq(users.companyId, company.id)).run()
  const phone = () => `55119${String(++phoneSeq).padStart(8, '0')}`
  // A customer who wrote: a ticket waiting in the first queue.
  const customer = customerWrites(db, connection, { phone: phone(), name: 'Maria' })
  // A contact typed in by hand: no ticket yet.
  const quiet = db
    .insert(contacts)
    .values({ companyId: company.id, name: 'João Sem Ticket', number: phone(), source: 'manual' })
    .returning()
    .get()
  const input = (overrides: Partial<ScheduleEditorInput> = {}): ScheduleEditorInput => ({
    contactId: customer.contactId,
    connectionId: connection.id,
    body: 'Lembrete da sua consulta',
    sendAt: toLocalInput(Date.now() + 10 * MIN, SP),
    recurrence: 'none',
    openTicket: false,
    removeMedia: false,
    hasMedia: false,
    ...overrides,
  })
  return {
    company,
    queue,
    otherQueue,
    connection,
    admin,
    supervisor,
    agent,
    outsider,
    customer,
    quiet,
    input,
    phone,
  }
}

/** Makes a pending schedule due now (as if its time had come). */
function makeDue(id: string) {
  db.update(schedules)
    .set({ sendAt: Date.now() - 1000 })
    .where(eq(schedules.id, id))
    .run()
}

/** Its time comes: the job runs and the queued message is returned. */
function sendNow(id: string) {
  makeDue(id)
  expect(runScheduledSend(db, id)).toBe('sending')
  return db
    .select()
    .from(messages)
    .where(eq(messages.id, rowOf(id).messageId!))
    .get()!
}

const messagesOf = (ticketId: string) =>
  db.select().from(messages).where(eq(messages.ticketId, ticketId)).all()
const rowOf = (id: string) => db.select().from(schedules).where(eq(schedules.id, id)).get()!

function expectDomainError(call: () => unknown, code: string, field?: string) {
  try {
    call()
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError)
    expect((error as DomainError).code).toBe(code)
    if (field) expect((error as DomainError).field).toBe(field)
    return
  }
  throw new Error(`expected ${code}`)
}

async function expectRejects(call: Promise<unknown>, code: string, field?: string) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DomainError)
  expect((error as DomainError).code).toBe(code)
  if (field) expect((error as DomainError).field).toBe(field)
}

describe('creating, editing and cancelling', () => {
  test('a new schedule is pending, with its send job at that time and a live event', async () => {
    const s = await setup()
    const before = lastEventId(db)
    const row = await createSchedule(db, s.agent.actor, s.input())
    expect(row).toMatchObject({ status: 'pending', userId: s.agent.id, seriesId: row.id })
    const job = db
      .select()
      .from(jobs)
      .where(like(jobs.dedupeKey, `schedule:${row.id}:%`))
      .get()
    expect(job).toMatchObject({ kind: SCHEDULE_SEND_JOB, runAt: row.sendAt, status: 'queued' })
    const emitted = db.select().from(events).where(gt(events.id, before)).all()
    expect(emitted).toContainEqual(
      expect.objectContaining({
        type: 'schedule.created',
        companyId: s.company.id,
        audienceType: 'company',
      }),
    )
  })

  test('past times, an end before the start and other companies’ contacts are refused', async () => {
    const s = await setup()
    const other = await setup()
    await expectRejects(
      createSchedule(db, s.admin.actor, s.input({ sendAt: toLocalInput(Date.now() - MIN, SP) })),
      'validation.schedulePast',
      'sendAt',
    )
    await expectRejects(
      createSchedule(
        db,
        s.admin.actor,
        s.input({
          sendAt: '2099-05-10T10:00',
          recurrence: 'daily',
          recurrenceEnd: '2099-05-09',
        }),
      ),
      'validation.scheduleEndBeforeStart',
      'recurrenceEnd',
    )
    await expectRejects(
      createSchedule(db, s.admin.actor, s.input({ contactId: other.customer.contactId })),
      'validation.scheduleContact',
      'contactId',
    )
    await expectRejects(
      createSchedule(db, s.admin.actor, s.input({ connectionId: other.connection.id })),
      'validation.invalid',
      'connectionId',
    )
    expect(db.select().from(schedules).where(eq(schedules.companyId, s.company.id)).all()).toEqual(
      [],
    )
  })

  test('an edit moves the send job; a cancel drops it; neither is possible once sent', async () => {
    const s = await setup()
    const row = await createSchedule(db, s.admin.actor, s.input())
    const later = await updateSchedule(
      db,
      s.admin.actor,
      row.id,
      s.input({ sendAt: toLocalInput(Date.now() + 60 * MIN, SP), body: 'Novo texto' }),
    )
    const queued = db
      .select()
      .from(jobs)
      .where(and(like(jobs.dedupeKey, `schedule:${row.id}:%`), eq(jobs.status, 'queued')))
      .all()
    expect(queued.map((j) => j.runAt)).toEqual([later.sendAt])
    expect(later.body).toBe('Novo texto')

    cancelSchedule(db, s.admin.actor, row.id)
    expect(rowOf(row.id).status).toBe('cancelled')
    expect(
      db
        .select()
        .from(jobs)
        .where(and(like(jobs.dedupeKey, `schedule:${row.id}:%`), eq(jobs.status, 'queued')))
        .all(),
    ).toEqual([])
    expectDomainError(
      () => cancelSchedule(db, s.admin.actor, row.id),
      'schedules.errors.notPending',
    )

    const sent = await createSchedule(db, s.admin.actor, s.input())
    makeDue(sent.id)
    runScheduledSend(db, sent.id)
    await expectRejects(
      updateSchedule(db, s.admin.actor, sent.id, s.input()),
      'schedules.errors.notPending',
    )
  })
})

describe('who sees what', () => {
  test('another company sees, edits and cancels nothing', async () => {
    const s = await setup()
    const other = await setup()
    const row = await createSchedule(db, s.admin.actor, s.input())
    expect(listSchedules(db, other.admin.actor, everything)).toEqual([])
    expectDomainError(() => getSchedule(db, other.admin.actor, row.id), 'errors.notFound')
    expectDomainError(() => cancelSchedule(db, other.admin.actor, row.id), 'errors.notFound')
    await expectRejects(
      updateSchedule(db, other.admin.actor, row.id, other.input()),
      'errors.notFound',
    )
    expect(searchScheduleContacts(db, other.admin.actor, 'Maria').map((c) => c.id)).not.toContain(
      s.customer.contactId,
    )
    expect(rowOf(row.id).status).toBe('pending')
  })

  test('agents see their own and their queues’ contacts; admins and supervisors see all', async () => {
    const s = await setup()
    // The admin schedules for Maria (ticket in the agent's queue) and for João (no ticket).
    const forMaria = await createSchedule(db, s.admin.actor, s.input())
    const forJoao = await createSchedule(db, s.admin.actor, s.input({ contactId: s.quiet.id }))
    // The outsider (other queue) schedules for João: theirs.
    const outsiders = await createSchedule(db, s.outsider.actor, s.input({ contactId: s.quiet.id }))
    const ids = (actor: typeof s.admin.actor) =>
      listSchedules(db, actor, everything).map((r) => r.id)
    expect(ids(s.admin.actor).sort()).toEqual([forMaria.id, forJoao.id, outsiders.id].sort())
    expect(ids(s.supervisor.actor).sort()).toEqual([forMaria.id, forJoao.id, outsiders.id].sort())
    expect(ids(s.agent.actor)).toEqual([forMaria.id])
    expect(ids(s.outsider.actor)).toEqual([outsiders.id])
    expectDomainError(() => cancelSchedule(db, s.agent.actor, forJoao.id), 'errors.notFound')
    expectDomainError(() => cancelSchedule(db, s.outsider.actor, forMaria.id), 'errors.notFound')
    // The agent may change what they see.
    cancelSchedule(db, s.agent.actor, forMaria.id)
    expect(rowOf(forMaria.id).status).toBe('cancelled')
  })

  test('"hide tickets without a queue": a schedule reached only through such a ticket leaves an agent\'s calendar', async () => {
    const s = await setup()
    const bare = addConnection(db, s.company.id, null)
    const quietCustomer = customerWrites(db, bare, { phone: s.phone(), name: 'Sem Fila' })
    const row = await createSchedule(
      db,
      s.admin.actor,
      s.input({ contactId: quietCustomer.contactId }),
    )
    // Shown while the company shows unassigned tickets without a queue.
    expect(getSchedule(db, s.agent.actor, row.id).id).toBe(row.id)

    setSetting(db, s.admin.actor, 'tickets.hideQueuelessFromAgents', true)
    expectDomainError(() => getSchedule(db, s.agent.actor, row.id), 'errors.notFound')
    expect(listSchedules(db, s.agent.actor, everything).map((r) => r.id)).not.toContain(row.id)
    expectDomainError(() => cancelSchedule(db, s.agent.actor, row.id), 'errors.notFound')
    expect(rowOf(row.id).status).toBe('pending')
    // Supervisors see every schedule, whatever the stored flag (ADR 009).
    expect(getSchedule(db, s.supervisor.actor, row.id).id).toBe(row.id)
  })

  test("an agent's own schedule does not reveal the ticket of another queue it was sent into", async () => {
    const s = await setup()
    // Maria's ticket waits in the agent's queue; the outsider (other queue) schedules for her.
    const row = await createSchedule(db, s.outsider.actor, s.input())
    sendNow(row.id)
    expect(rowOf(row.id).ticketId).toBe(s.customer.ticketId)
    expect(getSchedule(db, s.outsider.actor, row.id)).toMatchObject({ id: row.id, ticketId: null })
    expect(listSchedules(db, s.outsider.actor, everything)).toEqual([
      expect.objectContaining({ id: row.id, ticketId: null }),
    ])
    // Whoever may see the ticket gets its id.
    expect(getSchedule(db, s.agent.actor, row.id).ticketId).toBe(s.customer.ticketId)
  })

  test('the form options are the company’s connections and the ticket’s contact', async () => {
    const s = await setup()
    const other = await setup()
    const options = scheduleFormOptions(db, s.agent.actor, { ticketId: s.customer.ticketId })
    expect(options.connections.map((c) => c.id)).toEqual([s.connection.id])
    expect(options.preset).toMatchObject({
      contactId: s.customer.contactId,
      connectionId: s.connection.id,
    })
    expect(options.timeZone).toBe(SP)
    expectDomainError(
      () => scheduleFormOptions(db, other.agent.actor, { ticketId: s.customer.ticketId }),
      'errors.notFound',
    )
  })
})

describe('sending at the time', () => {
  test('the message is queued in the contact’s ticket in the creator’s name; then sent', async () => {
    const s = await setup()
    const row = await createSchedule(db, s.agent.actor, s.input())
    makeDue(row.id)
    expect(runScheduledSend(db, row.id)).toBe('sending')
    const [message] = messagesOf(s.customer.ticketId).filter((m) => m.fromMe)
    expect(message).toMatchObject({
      body: 'Lembrete da sua consulta',
      status: 'queued',
      userId: s.agent.id,
    })
    expect(rowOf(row.id)).toMatchObject({
      status: 'sending',
      messageId: message!.id,
      ticketId: s.customer.ticketId,
    })
    // The customer's existing ticket is left as it was.
    const ticket = db.select().from(tickets).where(eq(tickets.id, s.customer.ticketId)).get()!
    expect(ticket.status).toBe('pending')

    const before = lastEventId(db)
    recordSendOutcome(db, { ...message!, connectionId: s.connection.id }, s.queue.id, {
      status: 'sent',
      externalId: 'WA-1',
    })
    expect(rowOf(row.id)).toMatchObject({ status: 'sent', error: null })
    expect(rowOf(row.id).sentAt).toBeGreaterThan(0)
    expect(
      db
        .select()
        .from(events)
        .where(gt(events.id, before))
        .all()
        .map((e) => e.type),
    ).toContain('schedule.updated')
  })

  test('a channel error fails the schedule with the reason', async () => {
    const s = await setup()
    const row = await createSchedule(db, s.admin.actor, s.input())
    const message = sendNow(row.id)
    recordSendOutcome(db, { ...message, connectionId: s.connection.id }, s.queue.id, {
      status: 'failed',
      error: 'number not on WhatsApp',
    })
    expect(rowOf(row.id)).toMatchObject({ status: 'failed', error: 'number not on WhatsApp' })
  })

  test('a contact without a ticket gets one, closed after the send unless kept open', async () => {
    const s = await setup()
    const closed = await createSchedule(db, s.admin.actor, s.input({ contactId: s.quiet.id }))
    makeDue(closed.id)
    runScheduledSend(db, closed.id)
    const first = db
      .select()
      .from(tickets)
      .where(eq(tickets.id, rowOf(closed.id).ticketId!))
      .get()!
    expect(first).toMatchObject({ status: 'closed', contactId: s.quiet.id, chatId: s.quiet.number })
    expect(messagesOf(first.id)).toHaveLength(1)

    const open = await createSchedule(
      db,
      s.agent.actor,
      s.input({ contactId: s.quiet.id, openTicket: true }),
    )
    makeDue(open.id)
    runScheduledSend(db, open.id)
    const second = db
      .select()
      .from(tickets)
      .where(eq(tickets.id, rowOf(open.id).ticketId!))
      .get()!
    expect(second).toMatchObject({ status: 'open', userId: s.agent.id, queueId: s.queue.id })
  })

  test('blocked contacts and removed connections fail with the reason', async () => {
    const s = await setup()
    const blocked = await createSchedule(db, s.admin.actor, s.input())
    db.update(contacts).set({ blocked: true }).where(eq(contacts.id, s.customer.contactId)).run()
    makeDue(blocked.id)
    runScheduledSend(db, blocked.id)
    expect(rowOf(blocked.id)).toMatchObject({
      status: 'failed',
      error: 'schedules.errors.blocked',
    })

    const orphan = await createSchedule(db, s.admin.actor, s.input({ contactId: s.quiet.id }))
    db.delete(connections).where(eq(connections.id, s.connection.id)).run()
    makeDue(orphan.id)
    runScheduledSend(db, orphan.id)
    expect(rowOf(orphan.id)).toMatchObject({
      status: 'failed',
      error: 'schedules.errors.connectionRemoved',
    })
  })

  test('an offline connection is retried every minute, then fails after the set window', async () => {
    const s = await setup()
    setSetting(db, s.admin.actor, 'schedules.offlineRetryMinutes', 3)
    db.update(connections)
      .set({ status: 'disconnected' })
      .where(eq(connections.id, s.connection.id))
      .run()
    const row = await createSchedule(db, s.admin.actor, s.input())
    makeDue(row.id)
    const t0 = Date.now()
    expect(runScheduledSend(db, row.id, t0)).toBe('retry')
    const retry = db
      .select()
      .from(jobs)
      .where(and(eq(jobs.dedupeKey, `schedule:${row.id}:retry:1`)))
      .get()
    expect(retry?.runAt).toBe(t0 + OFFLINE_RETRY_MS)
    expect(runScheduledSend(db, row.id, t0 + MIN)).toBe('retry')
    // The connection comes back within the window: the message goes.
    db.update(connections)
      .set({ status: 'connected' })
      .where(eq(connections.id, s.connection.id))
      .run()
    expect(runScheduledSend(db, row.id, t0 + 2 * MIN)).toBe('sending')

    const late = await createSchedule(db, s.admin.actor, s.input())
    db.update(connections)
      .set({ status: 'disconnected' })
      .where(eq(connections.id, s.connection.id))
      .run()
    makeDue(late.id)
    expect(runScheduledSend(db, late.id, t0)).toBe('retry')
    expect(runScheduledSend(db, late.id, t0 + 3 * MIN)).toBe('schedules.errors.connectionOffline')
    expect(rowOf(late.id)).toMatchObject({ status: 'failed', attempts: 2, firstAttemptAt: t0 })
  })

  test('a daily series creates its next occurrence at the same local time until its end', async () => {
    const s = await setup()
    const start = Date.now() + 10 * MIN
    const endDay = toLocalInput(start + 24 * 60 * MIN, SP).slice(0, 10)
    const row = await createSchedule(
      db,
      s.admin.actor,
      s.input({ sendAt: toLocalInput(start, SP), recurrence: 'daily', recurrenceEnd: endDay }),
    )
    // Its time comes (clock moved forward, as the job runner would see it).
    expect(runScheduledSend(db, row.id, row.sendAt)).toBe('sending')
    const series = db.select().from(schedules).where(eq(schedules.seriesId, row.id)).all()
    expect(series).toHaveLength(2)
    const next = series.find((r) => r.id !== row.id)!
    expect(next).toMatchObject({ status: 'pending', recurrence: 'daily', body: row.body })
    expect(toLocalInput(next.sendAt, SP).slice(11)).toBe(toLocalInput(row.sendAt, SP).slice(11))
    expect(next.sendAt - row.sendAt).toBe(24 * 60 * MIN)
    // The second is the last one (the end date has no third day).
    expect(runScheduledSend(db, next.id, next.sendAt)).toBe('sending')
    expect(db.select().from(schedules).where(eq(schedules.seriesId, row.id)).all()).toHaveLength(2)
  })
})

describe('exactly once', () => {
  test('a job that runs again after the send was committed does nothing', async () => {
    const s = await setup()
    const row = await createSchedule(db, s.admin.actor, s.input())
    makeDue(row.id)
    db.update(jobs)
      .set({ runAt: Date.now() - 1000 })
      .where(like(jobs.dedupeKey, `schedule:${row.id}:%`))
      .run()
    // The handler committed, then the process died before the runner marked the job done.
    expect(runScheduledSend(db, row.id)).toBe('sending')
    const runner = new JobRunner(db)
    expect(await runner.tick()).toBeGreaterThanOrEqual(1)
    expect(runScheduledSend(db, row.id)).toBe('stale')
    expect(messagesOf(s.customer.ticketId).filter((m) => m.fromMe)).toHaveLength(1)
    expect(
      db
        .select()
        .from(jobs)
        .where(like(jobs.dedupeKey, `schedule:${row.id}:%`))
        .get()?.status,
    ).toBe('done')
  })

  test('a crash between queuing the message and marking the schedule leaves nothing behind', async () => {
    const s = await setup()
    const row = await createSchedule(db, s.admin.actor, s.input())
    makeDue(row.id)
    // The "crash": the write that marks the schedule as sending dies.
    db.$client.exec(`create temp trigger crash before update of status on schedules
      when new.status = 'sending' begin select raise(abort, 'simulated crash'); end`)
    expect(() => runScheduledSend(db, row.id)).toThrow('simulated crash')
    db.$client.exec('drop trigger crash')
    expect(rowOf(row.id).status).toBe('pending')
    expect(messagesOf(s.customer.ticketId).filter((m) => m.fromMe)).toHaveLength(0)
    // The job runs again after the restart: one message.
    expect(runScheduledSend(db, row.id)).toBe('sending')
    expect(runScheduledSend(db, row.id)).toBe('stale')
    expect(messagesOf(s.customer.ticketId).filter((m) => m.fromMe)).toHaveLength(1)
  })

  test('a crash between the channel send and its record resends the same message id', async () => {
    const s = await setup()
    const row = await createSchedule(db, s.admin.actor, s.input())
    const message = sendNow(row.id)
    const ref = { ...message, connectionId: s.connection.id }
    recordSendOutcome(db, ref, s.queue.id, { status: 'sending' })
    // Restart: the interrupted send is queued again, same row, and then recorded once.
    expect(requeueInterruptedSends(db)).toBeGreaterThanOrEqual(1)
    recordSendOutcome(db, ref, s.queue.id, { status: 'sent', externalId: 'WA-9' })
    expect(messagesOf(s.customer.ticketId).filter((m) => m.fromMe)).toHaveLength(1)
    expect(rowOf(row.id).status).toBe('sent')
  })
})
