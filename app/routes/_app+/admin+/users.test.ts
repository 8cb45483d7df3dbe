import { describe, expect, test } from 'vitest'
import { createSession } from '#app/domain/auth/auth.server.ts'
import { canManageUser, getUserForEditing } from '#app/domain/users/users.server.ts'
import { db } from '#app/utils/db.server.ts'
import { commitSessionId } from '#app/utils/session.server.ts'
import { createCompanyWithSuperAdmin, createUser, domainErrorOf } from '#tests/db-utils.ts'
import { loader as editLoader } from './users.$userId.tsx'
import { loader as listLoader } from './users.index.tsx'

type Person = Awaited<ReturnType<typeof createUser>>

/** A request carrying a real signed session cookie of `user`. */
async function requestAs(user: Person, path: string) {
  const session = createSession(db, user)
  const cookie = (await commitSessionId(session.sessionId, session.expiresAt)).split(';')[0]!
  return new Request(`http://localhost${path}`, { headers: { cookie } })
}

/** The first company of an install: its super-admin and a plain admin share it. */
async function companyWithSuperAdmin() {
  const { company, superAdmin, admin } = await createCompanyWithSuperAdmin(db)
  const agent = await createUser(db, { companyId: company.id, role: 'agent' })
  return { superAdmin, admin, agent }
}

async function thrownResponse(run: () => Promise<unknown>) {
  const error = await run().then(
    () => {
      throw new Error('expected the loader to throw a Response')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(Response)
  return error as Response
}

describe('a plain admin and the super-admin row', () => {
  test('canManageUser: a super-admin is changed only by a super-admin; everyone else by any admin', async () => {
    const { superAdmin, admin, agent } = await companyWithSuperAdmin()
    expect(canManageUser(admin.actor, superAdmin)).toBe(false)
    expect(canManageUser(admin.actor, agent)).toBe(true)
    expect(canManageUser(admin.actor, admin)).toBe(true)
    expect(canManageUser(superAdmin.actor, superAdmin)).toBe(true)
    expect(canManageUser(superAdmin.actor, admin)).toBe(true)
  })

  test('the Usuários list offers edit and delete only on rows the viewer may change', async () => {
    const { superAdmin, admin, agent } = await companyWithSuperAdmin()
    const manageable = async (viewer: Person) => {
      const data = await listLoader({
        request: await requestAs(viewer, '/admin/users'),
        params: {},
        context: {},
      })
      return Object.fromEntries(data.users.map((user) => [user.id, user.canManage]))
    }
    expect(await manageable(admin)).toEqual({
      [superAdmin.id]: false,
      [admin.id]: true,
      [agent.id]: true,
    })
    expect(await manageable(superAdmin)).toEqual({
      [superAdmin.id]: true,
      [admin.id]: true,
      [agent.id]: true,
    })
  })

  test("a direct visit to a super-admin's edit page by a plain admin answers 403 (the error page), not a form", async () => {
    const { superAdmin, admin, agent } = await companyWithSuperAdmin()
    const visit = async (viewer: Person, userId: string) =>
      editLoader({
        request: await requestAs(viewer, `/admin/users/${userId}`),
        params: { userId },
        context: {},
      })

    const denied = await thrownResponse(() => visit(admin, superAdmin.id))
    expect(denied.status).toBe(403)
    expect(domainErrorOf(() => getUserForEditing(db, admin.actor, superAdmin.id))).toMatchObject({
      code: 'users.superAdminOnly',
      status: 403,
    })

    expect((await visit(admin, agent.id)).user.id).toBe(agent.id)
    expect((await visit(superAdmin, superAdmin.id)).user.id).toBe(superAdmin.id)
  })
})
