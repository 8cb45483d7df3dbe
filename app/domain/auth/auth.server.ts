import { and, eq, gt, isNull } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { seesAllTickets } from '#app/domain/tickets/access.server.ts'
import { emit, enqueue, registerJobHandler, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { dummyHash, verifyPassword } from '#app/utils/password.server.ts'
import { isWithinWorkHours, nextWorkEnd } from '#app/utils/work-hours.ts'
import { companies } from '#db/schema/companies.ts'
import { sessions, userQueues, users } from '#db/schema/users.ts'

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000
const SLIDE_WHEN_LEFT_MS = 15 * 24 * 60 * 60 * 1000

export type SessionUser = NonNullable<ReturnType<typeof getSessionUser>>

export type LoginResult =
  | { ok: true; sessionId: string; expiresAt: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'outside_hours'; start: string; end: string }

/**
 * Checks e-mail and password. The same e-mail may exist in two companies: the password decides.
 * Agents outside their work hours are refused and told their hours.
 */
export async function login(
  db: Db,
  input: { email: string; password: string; userAgent?: string | null; now?: number },
): Promise<LoginResult> {
  const now = input.now ?? Date.now()
  const candidates = db
    .select({ user: users, timeZone: companies.timeZone })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(and(eq(users.email, input.email.trim().toLowerCase()), isNull(users.disabledAt)))
    .all()
  if (candidates.length === 0) {
    await verifyPassword(await dummyHash(), input.password)
    return { ok: false, reason: 'invalid' }
  }
  let match: (typeof candidates)[number] | undefined
  for (const candidate of candidates) {
    if (await verifyPassword(candidate.user.passwordHash, input.password)) {
      match = candidate
      break
    }
  }
  if (!match) return { ok: false, reason: 'invalid' }
  const { user, timeZone } = match
  const hours = { start: user.workStart, end: user.workEnd }
  if (user.role !== 'admin' && !isWithinWorkHours(now, timeZone, hours)) {
    return { ok: false, reason: 'outside_hours', start: hours.start ?? '', end: hours.end ?? '' }
  }
  const expiresAt = now + SESSION_TTL_MS
  const sessionId = transaction(db, (tx) => {
    const session = tx
      .insert(sessions)
      .values({
        companyId: user.companyId,
        userId: user.id,
        expiresAt,
        userAgent: input.userAgent ?? null,
      })
      .returning({ id: sessions.id })
      .get()
    if (user.role !== 'admin') scheduleWorkDayEnd(tx, user, timeZone, now)
    return session.id
  })
  return { ok: true, sessionId, expiresAt }
}

/** Creates a session without a password check (first-run setup, tests). */
export function createSession(db: DbOrTx, user: { id: string; companyId: string }) {
  const expiresAt = Date.now() + SESSION_TTL_MS
  const row = db
    .insert(sessions)
    .values({ companyId: user.companyId, userId: user.id, expiresAt })
    .returning({ id: sessions.id })
    .get()
  return { sessionId: row.id, expiresAt }
}

/** The user behind a session id, or null when the session is unknown, expired or disabled. */
export function getSessionUser(db: Db, sessionId: string, now = Date.now()) {
  const row = db
    .select({ session: sessions, user: users, company: companies })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
    .get()
  if (!row) return null
  if (row.session.expiresAt - now < SLIDE_WHEN_LEFT_MS) {
    db.update(sessions)
      .set({ expiresAt: now + SESSION_TTL_MS })
      .where(eq(sessions.id, sessionId))
      .run()
  }
  const queueIds = db
    .select({ queueId: userQueues.queueId })
    .from(userQueues)
    .where(eq(userQueues.userId, row.user.id))
    .all()
    .map((r) => r.queueId)
  const { passwordHash: _omit, ...user } = row.user
  return { sessionId, user, company: row.company, queueIds }
}

export function toActor(sessionUser: SessionUser): Actor {
  const { user, queueIds } = sessionUser
  return {
    userId: user.id,
    companyId: user.companyId,
    role: user.role,
    queueIds,
    allTickets: seesAllTickets(user),
    isSuperAdmin: user.isSuperAdmin,
    name: user.name,
  }
}

/** Ends one session; its open tabs (live streams) are told and closed at once. */
export function logout(db: Db, sessionId: string) {
  transaction(db, (tx) => {
    const ended = tx
      .delete(sessions)
      .where(eq(sessions.id, sessionId))
      .returning({ userId: sessions.userId, companyId: sessions.companyId })
      .get()
    if (!ended) return
    emit(tx, {
      type: 'session.ended',
      companyId: ended.companyId,
      audience: { type: 'user', id: ended.userId },
      payload: { userId: ended.userId, reason: 'logout', sessionIds: [sessionId] },
    })
  })
}

export type SessionEndReason = 'logout' | 'work_hours' | 'disabled' | 'deleted' | 'password'

/** Ends every session of a user (optionally but one) and tells their open tabs. */
export function endUserSessions(
  tx: DbOrTx,
  user: { id: string; companyId: string },
  reason: SessionEndReason,
  exceptSessionId?: string,
) {
  const all = tx
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, user.id))
    .all()
  const ended = all.filter((s) => s.id !== exceptSessionId).map((s) => s.id)
  for (const id of ended) tx.delete(sessions).where(eq(sessions.id, id)).run()
  if (ended.length) {
    emit(tx, {
      type: 'session.ended',
      companyId: user.companyId,
      audience: { type: 'user', id: user.id },
      payload: { userId: user.id, reason, sessionIds: ended },
    })
  }
  return ended.length
}

export const WORK_DAY_END_JOB = 'auth.work-day-end'

/** Queues the job that logs the user out when their work day ends. */
export function scheduleWorkDayEnd(
  tx: DbOrTx,
  user: { id: string; companyId: string; workStart: string | null; workEnd: string | null },
  timeZone: string,
  now = Date.now(),
) {
  const runAt = nextWorkEnd(now, timeZone, { start: user.workStart, end: user.workEnd })
  if (runAt === null) return null
  return enqueue(tx, {
    kind: WORK_DAY_END_JOB,
    companyId: user.companyId,
    runAt,
    payload: { userId: user.id },
    dedupeKey: `work-day-end:${user.id}:${runAt}`,
  })
}

/** Job: at the end of the work day, end the sessions of a user who is now outside their hours. */
export function endWorkDay(db: Db, payload: { userId: string }, now = Date.now()) {
  const row = db
    .select({ user: users, timeZone: companies.timeZone })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(users.id, payload.userId))
    .get()
  if (!row || row.user.role === 'admin') return 0
  const hours = { start: row.user.workStart, end: row.user.workEnd }
  return transaction(db, (tx) => {
    if (isWithinWorkHours(now, row.timeZone, hours)) {
      // Hours changed since this job was queued: check again at the new end.
      scheduleWorkDayEnd(tx, row.user, row.timeZone, now)
      return 0
    }
    return endUserSessions(tx, row.user, 'work_hours')
  })
}

export function registerAuthJobs(db: Db) {
  registerJobHandler(WORK_DAY_END_JOB, (payload: { userId: string }) => {
    endWorkDay(db, payload)
  })
}
