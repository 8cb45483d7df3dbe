import { and, asc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm'
import { type Actor, canManageUser, isAdmin } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { endUserSessions, scheduleWorkDayEnd } from '#app/domain/auth/auth.server.ts'
import { countUsers } from '#app/domain/companies/companies.server.ts'
import {
  isConnectionOfCompany,
  listConnectionOptions,
} from '#app/domain/connections/connections.server.ts'
import { listQueues } from '#app/domain/queues/queues.server.ts'
import { DomainError, forbidden, invalid, notFound } from '#app/domain/errors.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { isOnline } from '#app/domain/presence.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { hashPassword, verifyPassword } from '#app/utils/password.server.ts'
import { companies } from '#db/schema/companies.ts'
import { queues } from '#db/schema/queues.ts'
import { sessions, userQueues, users } from '#db/schema/users.ts'
import { readAvatar, removeAvatarFile, storeAvatar } from './avatars.server.ts'
import { type ProfileInput, type UserEditorInput } from './user-schema.ts'

// Defined with the actor (queues.server.ts uses it too, and this module imports queues.server.ts).
export { canManageUser }

const publicColumns = {
  id: users.id,
  companyId: users.companyId,
  name: users.name,
  email: users.email,
  role: users.role,
  allTickets: users.allTickets,
  isSuperAdmin: users.isSuperAdmin,
  avatarFile: users.avatarFile,
  defaultConnectionId: users.defaultConnectionId,
  workStart: users.workStart,
  workEnd: users.workEnd,
  farewellMessage: users.farewellMessage,
  theme: users.theme,
  language: users.language,
  signature: users.signature,
  disabledAt: users.disabledAt,
  lastSeenAt: users.lastSeenAt,
  createdAt: users.createdAt,
}

function requireAdmin(actor: Actor) {
  if (!isAdmin(actor)) throw forbidden()
}

function assertMayManage(actor: Actor, target: { isSuperAdmin: boolean }) {
  if (!canManageUser(actor, target))
    throw new DomainError(
      'Only a super-admin may change a super-admin',
      'users.superAdminOnly',
      403,
    )
}

function queuesOf(db: DbOrTx, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, { id: string; name: string; color: string }[]>()
  const rows = db
    .select({ userId: userQueues.userId, id: queues.id, name: queues.name, color: queues.color })
    .from(userQueues)
    .innerJoin(queues, eq(queues.id, userQueues.queueId))
    .where(inArray(userQueues.userId, userIds))
    .orderBy(asc(queues.order), asc(queues.name))
    .all()
  const map = new Map<string, { id: string; name: string; color: string }[]>()
  for (const { userId, ...queue } of rows) map.set(userId, [...(map.get(userId) ?? []), queue])
  return map
}

/**
 * Users of the actor's company for the Usuários page, with queues, live presence and whether the
 * actor may change each one (`canManage`: the list offers edit and delete only then).
 */
export function listUsers(db: DbOrTx, actor: Actor, filter: { search?: string } = {}) {
  requireAdmin(actor)
  const search = filter.search?.trim()
  const pattern = search ? `%${search.replace(/[%_]/g, '')}%` : undefined
  const rows = db
    .select(publicColumns)
    .from(users)
    .where(
      and(
        eq(users.companyId, actor.companyId),
        pattern ? or(like(users.name, pattern), like(users.email, pattern)) : undefined,
      ),
    )
    .orderBy(sql`${users.name} collate nocase`)
    .all()
  const queueMap = queuesOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((row) => ({
    ...row,
    queues: queueMap.get(row.id) ?? [],
    online: isOnline(row.id),
    canManage: canManageUser(actor, row),
  }))
}

export function getUser(db: DbOrTx, actor: Actor, userId: string) {
  requireAdmin(actor)
  const row = db
    .select(publicColumns)
    .from(users)
    .where(and(eq(users.id, userId), eq(users.companyId, actor.companyId)))
    .get()
  if (!row) throw notFound('User')
  return { ...row, queueIds: (queuesOf(db, [row.id]).get(row.id) ?? []).map((q) => q.id) }
}

function assertQueuesOfCompany(tx: Tx, actor: Actor, queueIds: string[]) {
  if (queueIds.length === 0) return
  const found = tx
    .select({ id: queues.id })
    .from(queues)
    .where(and(eq(queues.companyId, actor.companyId), inArray(queues.id, queueIds)))
    .all()
  if (found.length !== new Set(queueIds).size) throw invalid('queueIds', 'validation.invalid')
}

/** A user's default connection must be one of the company's (not another's, not a deleted one). */
function assertDefaultConnection(tx: Tx, actor: Actor, connectionId: string | undefined) {
  if (connectionId && !isConnectionOfCompany(tx, actor.companyId, connectionId))
    throw invalid('defaultConnectionId', 'validation.invalid')
}

function assertEmailFree(tx: Tx, actor: Actor, email: string, exceptUserId?: string) {
  const clash = tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.companyId, actor.companyId), eq(users.email, email.trim().toLowerCase())))
    .get()
  if (clash && clash.id !== exceptUserId) throw invalid('email', 'validation.emailTaken')
}

function setQueues(tx: Tx, actor: Actor, userId: string, queueIds: string[]) {
  tx.delete(userQueues).where(eq(userQueues.userId, userId)).run()
  const unique = [...new Set(queueIds)]
  if (unique.length) {
    tx.insert(userQueues)
      .values(unique.map((queueId) => ({ userId, queueId, companyId: actor.companyId })))
      .run()
  }
}

function timeZoneOf(tx: Tx, companyId: string) {
  return (
    tx.select({ tz: companies.timeZone }).from(companies).where(eq(companies.id, companyId)).get()
      ?.tz ?? 'America/Sao_Paulo'
  )
}

/**
 * Values shared by create and update, from the editor form. "All tickets" is a choice only for
 * agents (ADR 009: admins and supervisors see all tickets by their role); it is stored as chosen
 * for agents and as false for the others, whose form does not offer it. Never `isSuperAdmin`:
 * nothing an admin submits makes anyone a super-admin.
 */
function editorValues(input: Omit<UserEditorInput, 'id' | 'password' | 'avatar' | 'removeAvatar'>) {
  return {
    name: input.name,
    email: input.email.trim().toLowerCase(),
    role: input.role,
    allTickets: input.role === 'agent' && input.allTickets,
    defaultConnectionId: input.defaultConnectionId || null,
    workStart: input.workStart || null,
    workEnd: input.workEnd || null,
    farewellMessage: input.farewellMessage || null,
    theme: input.theme,
    language: input.language,
    signature: input.signature,
  }
}

/** Runs a write that stored a new avatar first; removes the file again if the write fails. */
async function withAvatar<T>(
  companyId: string,
  file: File | undefined,
  write: (avatarFile: string | undefined) => T,
) {
  const stored = file ? await storeAvatar(companyId, file) : undefined
  try {
    return write(stored)
  } catch (error) {
    await removeAvatarFile(companyId, stored)
    throw error
  }
}

export async function createUser(db: Db, actor: Actor, input: UserEditorInput) {
  requireAdmin(actor)
  if (!input.password) throw invalid('password', 'validation.required')
  const passwordHash = await hashPassword(input.password)
  return withAvatar(actor.companyId, input.avatar, (avatarFile) =>
    transaction(db, (tx) => {
      const company = tx.select().from(companies).where(eq(companies.id, actor.companyId)).get()
      if (company?.maxUsers != null && countUsers(tx, actor.companyId) >= company.maxUsers) {
        throw new DomainError('User limit reached', 'users.limitReached', 409, undefined, {
          max: company.maxUsers,
        })
      }
      assertEmailFree(tx, actor, input.email)
      assertQueuesOfCompany(tx, actor, input.queueIds)
      assertDefaultConnection(tx, actor, input.defaultConnectionId)
      const user = tx
        .insert(users)
        .values({
          ...editorValues(input),
          companyId: actor.companyId,
          passwordHash,
          avatarFile: avatarFile ?? null,
          disabledAt: input.active ? null : Date.now(),
        })
        .returning({ id: users.id, name: users.name, email: users.email })
        .get()
      setQueues(tx, actor, user.id, input.queueIds)
      audit(tx, actor, {
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        details: { email: user.email, role: input.role },
      })
      emit(tx, {
        type: 'user.changed',
        companyId: actor.companyId,
        audience: { type: 'admins' },
        payload: { userId: user.id },
      })
      return user
    }),
  )
}

export async function updateUser(db: Db, actor: Actor, userId: string, input: UserEditorInput) {
  requireAdmin(actor)
  const before = getUser(db, actor, userId)
  assertMayManage(actor, before)
  const passwordHash = input.password ? await hashPassword(input.password) : undefined
  if (userId === actor.userId && (input.role !== 'admin' || !input.active)) {
    throw invalid('role', 'users.cannotDemoteSelf')
  }
  const result = await withAvatar(actor.companyId, input.avatar, (avatarFile) =>
    transaction(db, (tx) => {
      assertEmailFree(tx, actor, input.email, userId)
      assertQueuesOfCompany(tx, actor, input.queueIds)
      assertDefaultConnection(tx, actor, input.defaultConnectionId)
      const values = editorValues(input)
      const disabledAt = input.active ? null : (before.disabledAt ?? Date.now())
      tx.update(users)
        .set({
          ...values,
          disabledAt,
          ...(passwordHash ? { passwordHash } : {}),
          ...(avatarFile ? { avatarFile } : input.removeAvatar ? { avatarFile: null } : {}),
        })
        .where(and(eq(users.id, userId), eq(users.companyId, actor.companyId)))
        .run()
      setQueues(tx, actor, userId, input.queueIds)
      const user = {
        id: userId,
        companyId: actor.companyId,
        workStart: values.workStart,
        workEnd: values.workEnd,
      }
      if (!input.active) endUserSessions(tx, user, 'disabled')
      else if (passwordHash) endUserSessions(tx, user, 'password')
      else if (values.role !== 'admin')
        scheduleWorkDayEnd(tx, user, timeZoneOf(tx, actor.companyId))
      const changed = Object.keys(values).filter(
        (key) => values[key as keyof typeof values] !== before[key as keyof typeof before],
      )
      audit(tx, actor, {
        action: 'user.updated',
        entityType: 'user',
        entityId: userId,
        details: { changed, password: Boolean(passwordHash), active: input.active },
      })
      emit(tx, {
        type: 'user.changed',
        companyId: actor.companyId,
        audience: { type: 'admins' },
        payload: { userId },
      })
      return { id: userId, name: values.name }
    }),
  )
  if (input.avatar || input.removeAvatar) await removeAvatarFile(actor.companyId, before.avatarFile)
  return result
}

/** Deletes a user: their sessions go with them (cascade), and open tabs are told at once. */
export async function deleteUser(db: Db, actor: Actor, userId: string) {
  requireAdmin(actor)
  if (userId === actor.userId)
    throw new DomainError('Cannot delete yourself', 'users.cannotDeleteSelf', 409)
  const user = getUser(db, actor, userId)
  assertMayManage(actor, user)
  transaction(db, (tx) => {
    endUserSessions(tx, user, 'deleted')
    tx.delete(users)
      .where(and(eq(users.id, userId), eq(users.companyId, actor.companyId)))
      .run()
    audit(tx, actor, {
      action: 'user.deleted',
      entityType: 'user',
      entityId: userId,
      details: { email: user.email, name: user.name },
    })
    emit(tx, {
      type: 'user.changed',
      companyId: actor.companyId,
      audience: { type: 'admins' },
      payload: { userId, deleted: true },
    })
  })
  await removeAvatarFile(actor.companyId, user.avatarFile)
  return user
}

/** The actor's own row (profile page, shell). */
export function getOwnProfile(db: DbOrTx, actor: Actor) {
  const row = db.select(publicColumns).from(users).where(eq(users.id, actor.userId)).get()
  if (!row) throw notFound('User')
  return row
}

/** Each user edits their own name, avatar, theme, language and signature. */
export async function updateOwnProfile(db: Db, actor: Actor, input: Omit<ProfileInput, 'intent'>) {
  const before = getOwnProfile(db, actor)
  await withAvatar(actor.companyId, input.avatar, (avatarFile) =>
    transaction(db, (tx) => {
      tx.update(users)
        .set({
          name: input.name,
          theme: input.theme,
          language: input.language,
          signature: input.signature,
          ...(avatarFile ? { avatarFile } : input.removeAvatar ? { avatarFile: null } : {}),
        })
        .where(eq(users.id, actor.userId))
        .run()
      emit(tx, {
        type: 'user.changed',
        companyId: actor.companyId,
        audience: { type: 'company' },
        payload: { userId: actor.userId },
      })
    }),
  )
  if (input.avatar || input.removeAvatar) await removeAvatarFile(actor.companyId, before.avatarFile)
}

/** Sets the theme or language alone (the quick switches in the shell). */
export function updatePreferences(
  db: DbOrTx,
  actor: Actor,
  prefs: Partial<Pick<typeof users.$inferSelect, 'theme' | 'language'>>,
) {
  db.update(users).set(prefs).where(eq(users.id, actor.userId)).run()
}

/** Changes the actor's password after checking the current one; other sessions are ended. */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  currentSessionId: string,
) {
  const row = db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.userId))
    .get()
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw invalid('currentPassword', 'validation.currentPasswordWrong')
  }
  const passwordHash = await hashPassword(input.newPassword)
  transaction(db, (tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, actor.userId)).run()
    endUserSessions(
      tx,
      { id: actor.userId, companyId: actor.companyId },
      'password',
      currentSessionId,
    )
  })
}

/** Admin script: sets a password by e-mail (every company where the e-mail exists must be chosen). */
export async function resetPasswordByEmail(
  db: Db,
  email: string,
  password: string,
  companyId?: string,
) {
  const matches = db
    .select({ id: users.id, companyId: users.companyId })
    .from(users)
    .where(
      and(
        eq(users.email, email.trim().toLowerCase()),
        companyId ? eq(users.companyId, companyId) : undefined,
      ),
    )
    .all()
  if (matches.length === 0)
    throw new DomainError('No user with that e-mail', 'errors.notFound', 404)
  if (matches.length > 1)
    throw new DomainError(
      'That e-mail exists in several companies: pass the company id',
      'users.ambiguousEmail',
      409,
    )
  const user = matches[0]!
  const passwordHash = await hashPassword(password)
  transaction(db, (tx) => {
    tx.update(users).set({ passwordHash, disabledAt: null }).where(eq(users.id, user.id)).run()
    endUserSessions(tx, user, 'password')
  })
  return user
}

/** Counts sessions (tests and the admin view). */
export function countSessions(db: DbOrTx, userId: string) {
  return db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).all()
    .length
}

/** Everyone in the actor's company with live presence (the home page's team list; any role). */
export function listTeam(db: DbOrTx, actor: Actor) {
  return db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      avatarFile: users.avatarFile,
      lastSeenAt: users.lastSeenAt,
    })
    .from(users)
    .where(and(eq(users.companyId, actor.companyId), isNull(users.disabledAt)))
    .orderBy(sql`${users.name} collate nocase`)
    .all()
    .map((user) => ({ ...user, online: isOnline(user.id) }))
}

/** Choices of the user editor: the company's queues and connections. */
export function getUserEditorOptions(db: DbOrTx, actor: Actor) {
  requireAdmin(actor)
  return {
    queues: listQueues(db, actor),
    connections: listConnectionOptions(db, actor).map(({ id, name }) => ({ id, name })),
  }
}

/**
 * A user with the editor's choices; 404 when the user is not of the actor's company, 403 when the
 * actor may not change them (canManageUser) — the form would only fail on save.
 */
export function getUserForEditing(db: DbOrTx, actor: Actor, userId: string) {
  const user = getUser(db, actor, userId)
  assertMayManage(actor, user)
  return { user, ...getUserEditorOptions(db, actor) }
}

/** The photo of a user of the actor's company (any role may see colleagues' photos). */
export async function getAvatar(db: DbOrTx, actor: Actor, userId: string) {
  const row = db
    .select({ avatarFile: users.avatarFile })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.companyId, actor.companyId)))
    .get()
  return row?.avatarFile ? readAvatar(actor.companyId, row.avatarFile) : null
}
