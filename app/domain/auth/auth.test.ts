import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { eventTail } from '#app/runtime/events.server.ts'
import { transaction } from '#app/domain/outbox.server.ts'
import { JobRunner } from '#app/runtime/jobs.server.ts'
import { db } from '#app/utils/db.server.ts'
import { events, jobs } from '#db/schema/system.ts'
import { sessions } from '#db/schema/users.ts'
import { createCompany, createUser } from '#tests/db-utils.ts'
import {
  createSession,
  endUserSessions,
  endWorkDay,
  getSessionUser,
  login,
  logout,
  registerAuthJobs,
  SESSION_TTL_MS,
  toActor,
  WORK_DAY_END_JOB,
} from './auth.server.ts'

/** A local wall-clock time in São Paulo (UTC−3 all year) as UTC ms. */
const sp = (localIso: string) => Date.parse(`${localIso}-03:00`)

const sessionsOf = (userId: string) =>
  db.select().from(sessions).where(eq(sessions.userId, userId)).all()
const jobsOf = (userId: string) =>
  db
    .select()
    .from(jobs)
    .where(eq(jobs.kind, WORK_DAY_END_JOB))
    .all()
    .filter((job) => (job.payload as { userId?: string }).userId === userId)
const eventsOf = (companyId: string, type: string) =>
  db
    .select()
    .from(events)
    .where(and(eq(events.companyId, companyId), eq(events.type, type)))
    .all()

afterEach(() => {
  vi.useRealTimers()
})

describe('login', () => {
  test('the right e-mail and password open a session for that user', async () => {
    const company = createCompany(db)
    const user = await createUser(db, {
      companyId: company.id,
      role: 'admin',
      password: 'correta-123',
    })

    const result = await login(db, {
      email: user.email,
      password: 'correta-123',
      userAgent: 'vitest',
    })

    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.expiresAt).toBeGreaterThan(Date.now() + SESSION_TTL_MS - 60_000)
    const [row] = sessionsOf(user.id)
    expect(row).toMatchObject({ id: result.sessionId, companyId: company.id, userAgent: 'vitest' })
    const sessionUser = getSessionUser(db, result.sessionId)
    expect(sessionUser?.user.id).toBe(user.id)
    expect(sessionUser?.user).not.toHaveProperty('passwordHash')
  })

  test('the e-mail is matched trimmed and case-insensitively', async () => {
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id, role: 'admin' })

    const result = await login(db, {
      email: `  ${user.email.toUpperCase()} `,
      password: user.password,
    })

    expect(result.ok).toBe(true)
  })

  test('a wrong password and an unknown e-mail get the same generic answer', async () => {
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id, role: 'admin' })

    const wrong = await login(db, { email: user.email, password: 'not-the-password-9' })
    const unknown = await login(db, { email: 'nobody-here@example.com', password: user.password })

    expect(wrong).toEqual({ ok: false, reason: 'invalid' })
    expect(unknown).toEqual({ ok: false, reason: 'invalid' })
    expect(sessionsOf(user.id)).toHaveLength(0)
  })

  test('a disabled user cannot log in, even with the right password', async () => {
    const company = createCompany(db)
    const user = await createUser(db, {
      companyId: company.id,
      role: 'admin',
      disabledAt: Date.now(),
    })

    const result = await login(db, { email: user.email, password: user.password })

    expect(result).toEqual({ ok: false, reason: 'invalid' })
    expect(sessionsOf(user.id)).toHaveLength(0)
  })

  test('the same e-mail in two companies: the password decides which user logs in', async () => {
    const companyA = createCompany(db)
    const companyB = createCompany(db)
    const email = 'shared-login@example.com'
    const inA = await createUser(db, {
      companyId: companyA.id,
      role: 'admin',
      email,
      password: 'senha-da-a-1',
    })
    const inB = await createUser(db, {
      companyId: companyB.id,
      role: 'admin',
      email,
      password: 'senha-da-b-2',
    })

    const a = await login(db, { email, password: 'senha-da-a-1' })
    const b = await login(db, { email, password: 'senha-da-b-2' })

    expect(a.ok && getSessionUser(db, a.sessionId)?.user.id).toBe(inA.id)
    expect(b.ok && getSessionUser(db, b.sessionId)?.user.id).toBe(inB.id)
    expect(a.ok && getSessionUser(db, a.sessionId)?.company.id).toBe(companyA.id)
    expect(b.ok && getSessionUser(db, b.sessionId)?.company.id).toBe(companyB.id)
  })

  test('an agent outside their work hours is refused and told the hours (night shift)', async () => {
    const company = createCompany(db, { timeZone: 'America/Sao_Paulo' })
    const agent = await createUser(db, {
      companyId: company.id,
      role: 'agent',
      workStart: '22:00',
      workEnd: '06:00',
    })
    const credentials = { email: agent.email, password: agent.password }

    const noon = await login(db, { ...credentials, now: sp('2025-03-10T12:00') })
    const justAfterEnd = await login(db, { ...credentials, now: sp('2025-03-11T06:00') })

    expect(noon).toEqual({ ok: false, reason: 'outside_hours', start: '22:00', end: '06:00' })
    expect(justAfterEnd).toEqual({
      ok: false,
      reason: 'outside_hours',
      start: '22:00',
      end: '06:00',
    })
    expect(sessionsOf(agent.id)).toHaveLength(0)

    const lateEvening = await login(db, { ...credentials, now: sp('2025-03-10T23:00') })
    const beforeDawn = await login(db, { ...credentials, now: sp('2025-03-11T05:30') })
    expect(lateEvening.ok).toBe(true)
    expect(beforeDawn.ok).toBe(true)
  })

  test('a wrong password outside work hours still says only "invalid"', async () => {
    const company = createCompany(db)
    const agent = await createUser(db, {
      companyId: company.id,
      role: 'agent',
      workStart: '08:00',
      workEnd: '18:00',
    })

    const result = await login(db, {
      email: agent.email,
      password: 'wrong-password-1',
      now: sp('2025-03-10T23:00'),
    })

    expect(result).toEqual({ ok: false, reason: 'invalid' })
  })

  test('admins are exempt from work hours and get no work-day-end job', async () => {
    const company = createCompany(db)
    const admin = await createUser(db, {
      companyId: company.id,
      role: 'admin',
      workStart: '08:00',
      workEnd: '18:00',
    })

    const result = await login(db, {
      email: admin.email,
      password: admin.password,
      now: sp('2025-03-10T23:00'),
    })

    expect(result.ok).toBe(true)
    expect(jobsOf(admin.id)).toHaveLength(0)
  })

  test('an agent with work hours gets the auth.work-day-end job at the end of the shift (UTC)', async () => {
    const company = createCompany(db)
    const agent = await createUser(db, {
      companyId: company.id,
      role: 'agent',
      workStart: '08:00',
      workEnd: '18:00',
    })

    const result = await login(db, {
      email: agent.email,
      password: agent.password,
      now: sp('2025-03-10T11:00'),
    })

    expect(result.ok).toBe(true)
    const [job, ...others] = jobsOf(agent.id)
    expect(others).toHaveLength(0)
    expect(job).toMatchObject({
      kind: 'auth.work-day-end',
      status: 'queued',
      companyId: company.id,
      payload: { userId: agent.id },
      runAt: Date.parse('2025-03-10T21:00:00Z'), // 18:00 in São Paulo
    })

    // A second login the same day does not queue a second job (dedupe key).
    await login(db, { email: agent.email, password: agent.password, now: sp('2025-03-10T15:00') })
    expect(jobsOf(agent.id)).toHaveLength(1)
  })

  test('a night-shift agent logging in before midnight gets the job for the next morning', async () => {
    const company = createCompany(db)
    const agent = await createUser(db, {
      companyId: company.id,
      role: 'agent',
      workStart: '22:00',
      workEnd: '06:00',
    })

    await login(db, { email: agent.email, password: agent.password, now: sp('2025-03-10T23:00') })

    expect(jobsOf(agent.id).map((job) => job.runAt)).toEqual([Date.parse('2025-03-11T09:00:00Z')])
  })

  test('an agent without work hours gets no job', async () => {
    const company = createCompany(db)
    const agent = await createUser(db, { companyId: company.id, role: 'agent' })

    const result = await login(db, {
      email: agent.email,
      password: agent.password,
      now: sp('2025-03-10T03:00'),
    })

    expect(result.ok).toBe(true)
    expect(jobsOf(agent.id)).toHaveLength(0)
  })
})

describe('sessions', () => {
  test('getSessionUser returns the user, company and queues, and toActor builds the actor', async () => {
    const company = createCompany(db)
    const user = await createUser(db, {
      companyId: company.id,
      role: 'supervisor',
      allTickets: true,
    })
    const { sessionId } = createSession(db, user)

    const sessionUser = getSessionUser(db, sessionId)

    expect(sessionUser).not.toBeNull()
    expect(toActor(sessionUser!)).toEqual(user.actor)
    expect(user.actor).toMatchObject({
      userId: user.id,
      companyId: company.id,
      role: 'supervisor',
      allTickets: true,
    })
  })

  test('an expired session is not returned', async () => {
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id, role: 'admin' })
    const { sessionId, expiresAt } = createSession(db, user)

    expect(getSessionUser(db, sessionId, expiresAt)).toBeNull()
    expect(getSessionUser(db, sessionId, expiresAt + 1)).toBeNull()
    expect(getSessionUser(db, sessionId, expiresAt - 1)?.user.id).toBe(user.id)
  })

  test('an unknown session id returns null', () => {
    expect(getSessionUser(db, 'no-such-session')).toBeNull()
  })

  test('a session near its expiry is extended when used', async () => {
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id, role: 'admin' })
    const { sessionId, expiresAt } = createSession(db, user)
    const now = expiresAt - 24 * 60 * 60 * 1000 // one day left

    getSessionUser(db, sessionId, now)

    expect(sessionsOf(user.id)[0]?.expiresAt).toBe(now + SESSION_TTL_MS)
  })

  test('a session of a disabled user is not returned', async () => {
    const company = createCompany(db)
    const user = await createUser(db, {
      companyId: company.id,
      role: 'admin',
      disabledAt: Date.now(),
    })
    const { sessionId } = createSession(db, user)

    expect(getSessionUser(db, sessionId)).toBeNull()
  })

  test('logout deletes the session row', async () => {
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id, role: 'admin' })
    const kept = createSession(db, user)
    const { sessionId } = createSession(db, user)

    logout(db, sessionId)

    expect(sessionsOf(user.id).map((s) => s.id)).toEqual([kept.sessionId])
    expect(getSessionUser(db, sessionId)).toBeNull()
  })

  test('endUserSessions ends all but the kept session and tells the user’s tabs', async () => {
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id, role: 'agent' })
    const other = await createUser(db, { companyId: company.id, role: 'agent' })
    const kept = createSession(db, user)
    const ended1 = createSession(db, user)
    const ended2 = createSession(db, user)
    const otherSession = createSession(db, other)
    const heard: unknown[] = []
    const unsubscribe = eventTail(db).subscribe((event) => {
      if (event.companyId === company.id) heard.push(event)
    })

    const count = transaction(db, (tx) => endUserSessions(tx, user, 'logout', kept.sessionId))
    await Promise.resolve()
    unsubscribe()

    expect(count).toBe(2)
    expect(sessionsOf(user.id).map((s) => s.id)).toEqual([kept.sessionId])
    expect(sessionsOf(other.id).map((s) => s.id)).toEqual([otherSession.sessionId])
    const expected = {
      type: 'session.ended',
      companyId: company.id,
      audienceType: 'user',
      audienceId: user.id,
      payload: {
        userId: user.id,
        reason: 'logout',
        sessionIds: expect.arrayContaining([ended1.sessionId, ended2.sessionId]),
      },
    }
    expect(eventsOf(company.id, 'session.ended')).toEqual([expect.objectContaining(expected)])
    expect(heard).toEqual([expect.objectContaining(expected)])
  })

  test('endUserSessions with no session to end emits nothing', async () => {
    const company = createCompany(db)
    const user = await createUser(db, { companyId: company.id, role: 'agent' })

    expect(transaction(db, (tx) => endUserSessions(tx, user, 'logout'))).toBe(0)
    expect(eventsOf(company.id, 'session.ended')).toHaveLength(0)
  })
})

describe('endWorkDay', () => {
  test('ends the sessions of an agent who is now outside their hours', async () => {
    const company = createCompany(db)
    const agent = await createUser(db, {
      companyId: company.id,
      role: 'agent',
      workStart: '08:00',
      workEnd: '18:00',
    })
    const login1 = await login(db, {
      email: agent.email,
      password: agent.password,
      now: sp('2025-03-10T09:00'),
    })
    expect(login1.ok).toBe(true)

    const ended = endWorkDay(db, { userId: agent.id }, sp('2025-03-10T18:00'))

    expect(ended).toBe(1)
    expect(sessionsOf(agent.id)).toHaveLength(0)
    expect(eventsOf(company.id, 'session.ended')).toEqual([
      expect.objectContaining({
        audienceId: agent.id,
        payload: expect.objectContaining({ reason: 'work_hours' }),
      }),
    ])
  })

  test('re-schedules instead when the agent is inside their (changed) hours', async () => {
    const company = createCompany(db)
    const agent = await createUser(db, {
      companyId: company.id,
      role: 'agent',
      workStart: '08:00',
      workEnd: '20:00',
    })
    createSession(db, agent)

    const ended = endWorkDay(db, { userId: agent.id }, sp('2025-03-10T18:00'))

    expect(ended).toBe(0)
    expect(sessionsOf(agent.id)).toHaveLength(1)
    expect(eventsOf(company.id, 'session.ended')).toHaveLength(0)
    expect(jobsOf(agent.id)).toEqual([
      expect.objectContaining({ status: 'queued', runAt: Date.parse('2025-03-10T23:00:00Z') }), // 20:00 local
    ])
  })

  test('leaves admins and unknown users alone', async () => {
    const company = createCompany(db)
    const admin = await createUser(db, {
      companyId: company.id,
      role: 'admin',
      workStart: '08:00',
      workEnd: '18:00',
    })
    createSession(db, admin)

    expect(endWorkDay(db, { userId: admin.id }, sp('2025-03-10T23:00'))).toBe(0)
    expect(endWorkDay(db, { userId: 'gone' }, sp('2025-03-10T23:00'))).toBe(0)
    expect(sessionsOf(admin.id)).toHaveLength(1)
  })

  test('the registered job runs at the end of the shift and logs the agent out', async () => {
    const company = createCompany(db)
    const agent = await createUser(db, {
      companyId: company.id,
      role: 'agent',
      workStart: '08:00',
      workEnd: '18:00',
    })
    await login(db, { email: agent.email, password: agent.password, now: sp('2025-03-10T09:00') })
    const [job] = jobsOf(agent.id)
    expect(job).toBeDefined()
    registerAuthJobs(db)
    let clock = job!.runAt - 1
    const runner = new JobRunner(db, { now: () => clock })
    // The handler reads the wall clock; fake only Date so SQLite and timers behave normally.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(job!.runAt)

    await runner.tick()
    expect(sessionsOf(agent.id)).toHaveLength(1)

    clock = job!.runAt
    await runner.tick()

    expect(sessionsOf(agent.id)).toHaveLength(0)
    expect(db.select().from(jobs).where(eq(jobs.id, job!.id)).get()?.status).toBe('done')
  })
})
