import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { type Actor } from '#app/domain/actor.ts'
import { createSession, getSessionUser, login, toActor } from '#app/domain/auth/auth.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { seesAllTickets } from '#app/domain/tickets/access.server.ts'
import { db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { verifyPassword } from '#app/utils/password.server.ts'
import { auditLog, events } from '#db/schema/system.ts'
import { sessions, users } from '#db/schema/users.ts'
import {
  createCompany,
  createCompanyWithSuperAdmin,
  createQueue,
  createUser,
  userEditorInput,
} from '#tests/db-utils.ts'
import { readAvatar, storeAvatar } from './avatars.server.ts'
import { type UserEditorInput } from './user-schema.ts'
import {
  countSessions,
  createUser as createUserAsAdmin,
  deleteUser,
  getUser,
  listTeam,
  listUsers,
  updateUser,
} from './users.server.ts'

/** Editor values of an existing user, as the edit form would submit them unchanged. */
function editorInputOf(
  user: ReturnType<typeof getUser>,
  overrides: Partial<UserEditorInput> = {},
): UserEditorInput {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    allTickets: user.allTickets,
    queueIds: user.queueIds,
    workStart: user.workStart ?? undefined,
    workEnd: user.workEnd ?? undefined,
    theme: user.theme,
    language: user.language,
    signature: user.signature,
    active: user.disabledAt === null,
    removeAvatar: false,
    ...overrides,
  }
}

/** Awaits a call expected to throw a DomainError and returns it. */
async function domainError(run: () => unknown): Promise<DomainError> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError)
    return error as DomainError
  }
  throw new Error('expected a DomainError')
}

async function companyWithAdmin(companyOverrides: Parameters<typeof createCompany>[1] = {}) {
  const company = createCompany(db, companyOverrides)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  return { company, admin, actor: admin.actor }
}

const auditOf = (companyId: string, action: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.companyId, companyId), eq(auditLog.action, action)))
    .all()
const eventsOf = (companyId: string, type: string) =>
  db
    .select()
    .from(events)
    .where(and(eq(events.companyId, companyId), eq(events.type, type)))
    .all()
const userRow = (id: string) => db.select().from(users).where(eq(users.id, id)).get()

// ---- A real 1×1 PNG, chunk by chunk --------------------------------------------------------

function pngChunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

function tinyPng() {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(1, 0) // width
  ihdr.writeUInt32BE(1, 4) // height
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // colour type: RGBA
  ihdr[10] = 0 // compression
  ihdr[11] = 0 // filter
  ihdr[12] = 0 // interlace
  const scanline = Buffer.from([0x00, 0x25, 0x63, 0xeb, 0xff]) // filter byte + one blue pixel
  return Buffer.concat([
    signature,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(scanline)),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

const avatarPath = (companyId: string, name: string) =>
  path.join(getEnv().MEDIA_DIR, 'avatars', companyId, name)

// ---------------------------------------------------------------------------------------------

describe('createUser', () => {
  test('stores a hashed password and the queues, audits it and tells the admins', async () => {
    const { company, actor } = await companyWithAdmin()
    const support = createQueue(db, company.id, { name: 'Suporte' })
    const sales = createQueue(db, company.id, { name: 'Vendas' })

    const created = await createUserAsAdmin(
      db,
      actor,
      userEditorInput({
        email: 'ana@example.com',
        role: 'agent',
        password: 'senha-da-ana-1',
        queueIds: [support.id, sales.id],
      }),
    )

    const row = userRow(created.id)!
    expect(row).toMatchObject({
      companyId: company.id,
      email: 'ana@example.com',
      role: 'agent',
      disabledAt: null,
    })
    expect(row.passwordHash).not.toContain('senha-da-ana-1')
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(row.passwordHash, 'senha-da-ana-1')).toBe(true)
    expect(getUser(db, actor, created.id).queueIds.sort()).toEqual([support.id, sales.id].sort())
    expect(auditOf(company.id, 'user.created')).toEqual([
      expect.objectContaining({
        actorUserId: actor.userId,
        entityType: 'user',
        entityId: created.id,
      }),
    ])
    expect(eventsOf(company.id, 'user.changed')).toEqual([
      expect.objectContaining({ audienceType: 'admins', payload: { userId: created.id } }),
    ])
    const loggedIn = await login(db, { email: 'ana@example.com', password: 'senha-da-ana-1' })
    expect(loggedIn.ok).toBe(true)
  })

  test('an inactive new user is created disabled', async () => {
    const { actor } = await companyWithAdmin()

    const created = await createUserAsAdmin(db, actor, userEditorInput({ active: false }))

    expect(userRow(created.id)?.disabledAt).toEqual(expect.any(Number))
  })

  test('"all tickets" is stored as chosen for agents, and is no choice for supervisors and admins, who see all by their role (ADR 009)', async () => {
    const { actor } = await companyWithAdmin()
    const plainAgent = await createUserAsAdmin(db, actor, userEditorInput({ role: 'agent' }))

    const agent = await createUserAsAdmin(
      db,
      actor,
      userEditorInput({ role: 'agent', allTickets: true }),
    )
    const supervisor = await createUserAsAdmin(
      db,
      actor,
      userEditorInput({ role: 'supervisor', allTickets: true }),
    )
    const admin = await createUserAsAdmin(
      db,
      actor,
      userEditorInput({ role: 'admin', allTickets: false }),
    )

    // Nothing silently forced: the agent keeps the "all tickets" the admin gave.
    expect(userRow(agent.id)?.allTickets).toBe(true)
    expect(userRow(plainAgent.id)?.allTickets).toBe(false)
    // The flag is not a choice for the other roles (the form does not offer it)…
    expect(userRow(supervisor.id)?.allTickets).toBe(false)
    expect(userRow(admin.id)?.allTickets).toBe(false)
    // …and what each one sees follows the role: the session's actor says so.
    const seesAll = (id: string) => {
      const { sessionId } = createSession(db, userRow(id)!)
      return toActor(getSessionUser(db, sessionId)!).allTickets
    }
    expect(seesAll(agent.id)).toBe(true)
    expect(seesAll(plainAgent.id)).toBe(false)
    expect(seesAll(supervisor.id)).toBe(true)
    expect(seesAll(admin.id)).toBe(true)
    expect(seesAllTickets({ role: 'supervisor', allTickets: false })).toBe(true)
    expect(seesAllTickets({ role: 'admin', allTickets: false })).toBe(true)
    expect(seesAllTickets({ role: 'agent', allTickets: false })).toBe(false)
    expect(seesAllTickets({ role: 'agent', allTickets: true })).toBe(true)
  })

  test('the password is required', async () => {
    const { actor } = await companyWithAdmin()

    const error = await domainError(() =>
      createUserAsAdmin(db, actor, userEditorInput({ password: undefined })),
    )

    expect(error).toMatchObject({ code: 'validation.required', field: 'password' })
  })

  test('the e-mail is unique per company, but may repeat in another company', async () => {
    const a = await companyWithAdmin()
    const b = await companyWithAdmin()
    await createUserAsAdmin(db, a.actor, userEditorInput({ email: 'dup@example.com' }))

    const error = await domainError(() =>
      createUserAsAdmin(db, a.actor, userEditorInput({ email: 'dup@example.com' })),
    )
    const inB = await createUserAsAdmin(db, b.actor, userEditorInput({ email: 'dup@example.com' }))

    expect(error).toMatchObject({ code: 'validation.emailTaken', field: 'email', status: 422 })
    expect(userRow(inB.id)?.companyId).toBe(b.company.id)
  })

  test('the plan’s user limit is enforced', async () => {
    const { company, actor } = await companyWithAdmin({ maxUsers: 2 })
    await createUserAsAdmin(db, actor, userEditorInput())

    const error = await domainError(() => createUserAsAdmin(db, actor, userEditorInput()))

    expect(error).toMatchObject({ code: 'users.limitReached', status: 409, params: { max: 2 } })
    expect(listUsers(db, actor)).toHaveLength(2)
    expect(auditOf(company.id, 'user.created')).toHaveLength(1)
  })

  test('queues of another company are rejected and nothing is written', async () => {
    const a = await companyWithAdmin()
    const b = await companyWithAdmin()
    const foreignQueue = createQueue(db, b.company.id)
    const ownQueue = createQueue(db, a.company.id)

    const error = await domainError(() =>
      createUserAsAdmin(
        db,
        a.actor,
        userEditorInput({ email: 'q@example.com', queueIds: [ownQueue.id, foreignQueue.id] }),
      ),
    )

    expect(error).toMatchObject({ code: 'validation.invalid', field: 'queueIds', status: 422 })
    expect(listUsers(db, a.actor).map((u) => u.email)).not.toContain('q@example.com')
    expect(eventsOf(a.company.id, 'user.changed')).toHaveLength(0)
  })
})

describe('updateUser', () => {
  test('changes the fields and queues and audits what changed; sessions stay', async () => {
    const { company, actor } = await companyWithAdmin()
    const queue = createQueue(db, company.id)
    const user = await createUser(db, { companyId: company.id, role: 'agent' })
    createSession(db, user)

    await updateUser(
      db,
      actor,
      user.id,
      editorInputOf(getUser(db, actor, user.id), {
        name: 'Nome Novo',
        role: 'supervisor',
        queueIds: [queue.id],
      }),
    )

    expect(getUser(db, actor, user.id)).toMatchObject({
      name: 'Nome Novo',
      role: 'supervisor',
      queueIds: [queue.id],
    })
    expect(countSessions(db, user.id)).toBe(1)
    const [entry] = auditOf(company.id, 'user.updated')
    expect(entry?.details).toMatchObject({
      changed: expect.arrayContaining(['name', 'role']),
      password: false,
    })
    expect(eventsOf(company.id, 'user.changed')).toHaveLength(1)
  })

  test('changing the password ends the user’s sessions and the new password works', async () => {
    const { company, actor } = await companyWithAdmin()
    const user = await createUser(db, { companyId: company.id, role: 'agent' })
    createSession(db, user)
    createSession(db, user)

    await updateUser(
      db,
      actor,
      user.id,
      editorInputOf(getUser(db, actor, user.id), { password: 'outra-senha-2' }),
    )

    expect(countSessions(db, user.id)).toBe(0)
    expect(eventsOf(company.id, 'session.ended')).toEqual([
      expect.objectContaining({
        audienceId: user.id,
        payload: expect.objectContaining({ reason: 'password' }),
      }),
    ])
    expect((await login(db, { email: user.email, password: user.password })).ok).toBe(false)
    expect((await login(db, { email: user.email, password: 'outra-senha-2' })).ok).toBe(true)
  })

  test('deactivating a user ends their sessions and blocks login', async () => {
    const { company, actor } = await companyWithAdmin()
    const user = await createUser(db, { companyId: company.id, role: 'agent' })
    createSession(db, user)

    await updateUser(
      db,
      actor,
      user.id,
      editorInputOf(getUser(db, actor, user.id), { active: false }),
    )

    expect(userRow(user.id)?.disabledAt).toEqual(expect.any(Number))
    expect(countSessions(db, user.id)).toBe(0)
    expect(eventsOf(company.id, 'session.ended')[0]?.payload).toMatchObject({ reason: 'disabled' })
    expect(await login(db, { email: user.email, password: user.password })).toEqual({
      ok: false,
      reason: 'invalid',
    })
  })

  test('an admin cannot demote or deactivate themself', async () => {
    const { admin, actor } = await companyWithAdmin()
    const self = getUser(db, actor, admin.id)

    const demote = await domainError(() =>
      updateUser(db, actor, admin.id, editorInputOf(self, { role: 'agent' })),
    )
    const deactivate = await domainError(() =>
      updateUser(db, actor, admin.id, editorInputOf(self, { active: false })),
    )

    expect(demote).toMatchObject({ code: 'users.cannotDemoteSelf', status: 422 })
    expect(deactivate).toMatchObject({ code: 'users.cannotDemoteSelf', status: 422 })
    expect(userRow(admin.id)).toMatchObject({ role: 'admin', disabledAt: null })
  })

  test('the e-mail of another user of the company cannot be taken', async () => {
    const { company, actor } = await companyWithAdmin()
    const first = await createUser(db, { companyId: company.id })
    const second = await createUser(db, { companyId: company.id })

    const error = await domainError(() =>
      updateUser(
        db,
        actor,
        second.id,
        editorInputOf(getUser(db, actor, second.id), { email: first.email }),
      ),
    )
    // Keeping one's own e-mail is fine.
    await updateUser(
      db,
      actor,
      first.id,
      editorInputOf(getUser(db, actor, first.id), { name: 'Same Mail' }),
    )

    expect(error).toMatchObject({ code: 'validation.emailTaken', field: 'email' })
    expect(userRow(first.id)?.name).toBe('Same Mail')
  })
})

describe('deleteUser', () => {
  test('removes the user and their sessions, tells their tabs, and keeps an audit row', async () => {
    const { company, actor } = await companyWithAdmin()
    const user = await createUser(db, { companyId: company.id, role: 'agent' })
    const { sessionId } = createSession(db, user)

    await deleteUser(db, actor, user.id)

    expect(userRow(user.id)).toBeUndefined()
    expect(db.select().from(sessions).where(eq(sessions.id, sessionId)).all()).toHaveLength(0)
    expect(auditOf(company.id, 'user.deleted')).toEqual([
      expect.objectContaining({
        entityId: user.id,
        details: expect.objectContaining({ email: user.email }),
      }),
    ])
    expect(eventsOf(company.id, 'session.ended')[0]).toMatchObject({
      audienceId: user.id,
      payload: expect.objectContaining({ reason: 'deleted', sessionIds: [sessionId] }),
    })
    expect(eventsOf(company.id, 'user.changed')[0]?.payload).toEqual({
      userId: user.id,
      deleted: true,
    })
  })

  test('an admin cannot delete themself', async () => {
    const { admin, actor } = await companyWithAdmin()

    const error = await domainError(() => deleteUser(db, actor, admin.id))

    expect(error).toMatchObject({ code: 'users.cannotDeleteSelf', status: 409 })
    expect(userRow(admin.id)).toBeDefined()
  })
})

describe('permissions', () => {
  test.each(['agent', 'supervisor'] as const)('a %s may not manage users (403)', async (role) => {
    const { company, admin } = await companyWithAdmin()
    const actor: Actor = (await createUser(db, { companyId: company.id, role, allTickets: true }))
      .actor
    const target = getUser(db, admin.actor, admin.id)

    const calls: Array<() => unknown> = [
      () => listUsers(db, actor),
      () => getUser(db, actor, admin.id),
      () => createUserAsAdmin(db, actor, userEditorInput()),
      () => updateUser(db, actor, admin.id, editorInputOf(target, { name: 'Hacked' })),
      () => deleteUser(db, actor, admin.id),
    ]
    for (const call of calls) {
      expect(await domainError(call)).toMatchObject({ code: 'errors.forbidden', status: 403 })
    }
    expect(userRow(admin.id)?.name).toBe(admin.name)
    expect(listUsers(db, admin.actor)).toHaveLength(2)
  })
})

describe('super-admins', () => {
  /** A company whose super-admin and plain admin share it (the first company of an install). */
  const companyWithSuperAdmin = () => createCompanyWithSuperAdmin(db)

  test('an admin cannot reset the password of, edit, disable or delete a super-admin (403, nothing changed)', async () => {
    const { company, superAdmin, admin } = await companyWithSuperAdmin()
    createSession(db, superAdmin)
    const current = getUser(db, admin.actor, superAdmin.id)
    const attempts: Array<() => unknown> = [
      () =>
        updateUser(
          db,
          admin.actor,
          superAdmin.id,
          editorInputOf(current, { password: 'tomada-123' }),
        ),
      () => updateUser(db, admin.actor, superAdmin.id, editorInputOf(current, { name: 'Outro' })),
      () => updateUser(db, admin.actor, superAdmin.id, editorInputOf(current, { active: false })),
      () => updateUser(db, admin.actor, superAdmin.id, editorInputOf(current, { role: 'agent' })),
      () => deleteUser(db, admin.actor, superAdmin.id),
    ]
    for (const attempt of attempts)
      expect(await domainError(attempt)).toMatchObject({
        code: 'users.superAdminOnly',
        status: 403,
      })

    expect(userRow(superAdmin.id)).toMatchObject({
      name: superAdmin.name,
      passwordHash: superAdmin.passwordHash,
      role: 'admin',
      isSuperAdmin: true,
      disabledAt: null,
    })
    expect(countSessions(db, superAdmin.id)).toBe(1)
    expect(await login(db, { email: superAdmin.email, password: 'tomada-123' })).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(auditOf(company.id, 'user.updated')).toHaveLength(0)
    expect(auditOf(company.id, 'user.deleted')).toHaveLength(0)
    expect(eventsOf(company.id, 'session.ended')).toHaveLength(0)
  })

  test('a super-admin may change another super-admin; nobody becomes super-admin through the form', async () => {
    const { superAdmin, admin } = await companyWithSuperAdmin()
    const other = await createUser(db, {
      companyId: superAdmin.companyId,
      role: 'admin',
      isSuperAdmin: true,
    })
    await updateUser(
      db,
      superAdmin.actor,
      other.id,
      editorInputOf(getUser(db, superAdmin.actor, other.id), { name: 'Renomeado' }),
    )
    expect(userRow(other.id)).toMatchObject({ name: 'Renomeado', isSuperAdmin: true })

    // Whatever extra field an admin posts, the editor never writes isSuperAdmin.
    const forged = {
      ...editorInputOf(getUser(db, admin.actor, admin.id)),
      isSuperAdmin: true,
    } as UserEditorInput
    await updateUser(db, admin.actor, admin.id, forged)
    const created = await createUserAsAdmin(db, admin.actor, {
      ...userEditorInput({ role: 'admin' }),
      isSuperAdmin: true,
    } as UserEditorInput)
    expect(userRow(admin.id)?.isSuperAdmin).toBe(false)
    expect(userRow(created.id)?.isSuperAdmin).toBe(false)
  })
})

describe('company isolation', () => {
  test('an admin of company B cannot get, update or delete a user of company A', async () => {
    const a = await companyWithAdmin()
    const b = await companyWithAdmin()
    const victim = await createUser(db, { companyId: a.company.id, role: 'agent' })
    createSession(db, victim)
    const input = editorInputOf(getUser(db, a.actor, victim.id), {
      name: 'Taken Over',
      password: 'nova-senha-9',
    })

    const get = await domainError(() => getUser(db, b.actor, victim.id))
    const update = await domainError(() => updateUser(db, b.actor, victim.id, input))
    const remove = await domainError(() => deleteUser(db, b.actor, victim.id))

    for (const error of [get, update, remove])
      expect(error).toMatchObject({ code: 'errors.notFound', status: 404 })
    expect(userRow(victim.id)).toMatchObject({
      name: victim.name,
      passwordHash: victim.passwordHash,
    })
    expect(countSessions(db, victim.id)).toBe(1)
    expect(auditOf(b.company.id, 'user.updated')).toHaveLength(0)
    expect(auditOf(a.company.id, 'user.deleted')).toHaveLength(0)
  })

  test('listUsers never returns another company’s users, even when searching', async () => {
    const a = await companyWithAdmin()
    const b = await companyWithAdmin()
    await createUser(db, { companyId: a.company.id, name: 'Joana da Silva' })
    const inB = await createUser(db, { companyId: b.company.id, name: 'Joana de Souza' })

    const listed = listUsers(db, b.actor)
    const searched = listUsers(db, b.actor, { search: 'Joana' })

    expect(listed.map((u) => u.id).sort()).toEqual([b.admin.id, inB.id].sort())
    expect(listed.every((u) => u.companyId === b.company.id)).toBe(true)
    expect(searched.map((u) => u.id)).toEqual([inB.id])
    expect(listed[0]).not.toHaveProperty('passwordHash')
  })

  test('listTeam returns only the actor’s company (and not disabled users), for any role', async () => {
    const a = await companyWithAdmin()
    const b = await companyWithAdmin()
    const agent = await createUser(db, { companyId: a.company.id, role: 'agent' })
    await createUser(db, { companyId: a.company.id, role: 'agent', disabledAt: Date.now() })
    await createUser(db, { companyId: b.company.id, role: 'agent' })

    const team = listTeam(db, agent.actor)

    expect(team.map((u) => u.id).sort()).toEqual([a.admin.id, agent.id].sort())
    expect(team.every((u) => u.online === false)).toBe(true)
  })
})

describe('avatars', () => {
  test('storeAvatar accepts a real PNG and stores it under the company', async () => {
    const company = createCompany(db)
    const png = tinyPng()

    const name = await storeAvatar(company.id, new File([png], 'me.png', { type: 'image/png' }))

    expect(name).toMatch(/^[0-9a-z]+\.png$/)
    expect(fs.readFileSync(avatarPath(company.id, name)).equals(png)).toBe(true)
    const read = await readAvatar(company.id, name)
    expect(read?.type).toBe('image/png')
  })

  test('storeAvatar sniffs the bytes: a text file named .png is refused', async () => {
    const company = createCompany(db)

    const error = await domainError(() =>
      storeAvatar(
        company.id,
        new File(['just some text, not an image'], 'fake.png', { type: 'image/png' }),
      ),
    )

    expect(error).toMatchObject({ code: 'validation.avatarType', field: 'avatar' })
    expect(fs.existsSync(path.join(getEnv().MEDIA_DIR, 'avatars', company.id))).toBe(false)
  })

  test('storeAvatar refuses files over 2 MB', async () => {
    const company = createCompany(db)
    const big = Buffer.concat([tinyPng(), Buffer.alloc(2 * 1024 * 1024)])

    const error = await domainError(() =>
      storeAvatar(company.id, new File([big], 'big.png', { type: 'image/png' })),
    )

    expect(error).toMatchObject({ code: 'validation.avatarTooBig', field: 'avatar' })
  })

  test('createUser keeps the avatar, and removes the stored file when the write fails', async () => {
    const { company, actor } = await companyWithAdmin()
    const avatar = () => new File([tinyPng()], 'a.png', { type: 'image/png' })

    const created = await createUserAsAdmin(
      db,
      actor,
      userEditorInput({ email: 'pic@example.com', avatar: avatar() }),
    )
    const avatarFile = userRow(created.id)?.avatarFile
    expect(avatarFile).toMatch(/\.png$/)
    expect(fs.existsSync(avatarPath(company.id, avatarFile!))).toBe(true)

    await domainError(() =>
      createUserAsAdmin(db, actor, userEditorInput({ email: 'pic@example.com', avatar: avatar() })),
    )
    expect(fs.readdirSync(path.join(getEnv().MEDIA_DIR, 'avatars', company.id))).toEqual([
      avatarFile,
    ])
  })

  test('deleting a user removes their avatar file', async () => {
    const { company, actor } = await companyWithAdmin()
    const created = await createUserAsAdmin(
      db,
      actor,
      userEditorInput({ avatar: new File([tinyPng()], 'a.png', { type: 'image/png' }) }),
    )
    const file = avatarPath(company.id, userRow(created.id)!.avatarFile!)
    expect(fs.existsSync(file)).toBe(true)

    await deleteUser(db, actor, created.id)

    expect(fs.existsSync(file)).toBe(false)
  })
})
