import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { createContact } from '#app/domain/contacts/manage.server.ts'
import { scheduleFormOptions } from '#app/domain/schedules/schedules.server.ts'
import { startConversation, startOptions } from '#app/domain/tickets/start.server.ts'
import {
  createUser as createUserAsAdmin,
  getUser,
  getUserEditorOptions,
  updateUser,
} from '#app/domain/users/users.server.ts'
import { db } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { users } from '#db/schema/users.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  userEditorInput,
} from '#tests/db-utils.ts'
import { defaultConnectionFor, deleteConnection } from './connections.server.ts'

/** A company with three connections (the second is the company default), an admin, an agent. */
async function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const first = addConnection(db, company.id, queue.id)
  const companyDefault = addConnection(db, company.id, queue.id)
  const mine = addConnection(db, company.id, queue.id)
  db.update(connections).set({ isDefault: true }).where(eq(connections.id, companyDefault.id)).run()
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const agent = await createUser(db, { companyId: company.id, queueIds: [queue.id] })
  const setDefault = (userId: string, connectionId: string | null) =>
    db.update(users).set({ defaultConnectionId: connectionId }).where(eq(users.id, userId)).run()
  return { company, queue, first, companyDefault, mine, admin, agent, setDefault }
}

describe('defaultConnectionFor', () => {
  test("the user's own default, else the company's, else the first by name", async () => {
    const { company, companyDefault, mine, agent, setDefault } = await setup()
    expect(defaultConnectionFor(db, agent.actor)).toBe(companyDefault.id)

    setDefault(agent.id, mine.id)
    expect(defaultConnectionFor(db, agent.actor)).toBe(mine.id)

    // Without a company default: the first by name.
    db.update(connections)
      .set({ isDefault: false })
      .where(eq(connections.companyId, company.id))
      .run()
    db.update(connections).set({ name: 'AAA primeira' }).where(eq(connections.id, mine.id)).run()
    setDefault(agent.id, null)
    expect(defaultConnectionFor(db, agent.actor)).toBe(mine.id)
  })

  test("a stale default (deleted, or another company's) is ignored", async () => {
    const { companyDefault, agent, setDefault } = await setup()
    const other = await setup()
    setDefault(agent.id, other.mine.id)
    expect(defaultConnectionFor(db, agent.actor)).toBe(companyDefault.id)
    setDefault(agent.id, 'no-such-connection')
    expect(defaultConnectionFor(db, agent.actor)).toBe(companyDefault.id)
  })

  test('no connection at all: null', async () => {
    const company = createCompany(db)
    const agent = await createUser(db, { companyId: company.id })
    expect(defaultConnectionFor(db, agent.actor)).toBeNull()
  })
})

describe('starting a conversation and scheduling use it', () => {
  test("the start dialog and the schedule form preselect the user's default", async () => {
    const { companyDefault, mine, agent, admin, setDefault } = await setup()
    expect(startOptions(db, agent.actor).defaultConnectionId).toBe(companyDefault.id)
    expect(scheduleFormOptions(db, agent.actor).defaultConnectionId).toBe(companyDefault.id)

    setDefault(agent.id, mine.id)
    expect(startOptions(db, agent.actor).defaultConnectionId).toBe(mine.id)
    expect(scheduleFormOptions(db, agent.actor).defaultConnectionId).toBe(mine.id)
    // Someone else's choice is theirs alone.
    expect(startOptions(db, admin.actor).defaultConnectionId).toBe(companyDefault.id)
    expect(scheduleFormOptions(db, admin.actor).defaultConnectionId).toBe(companyDefault.id)
  })

  test('a conversation started without a connection opens on the user default', async () => {
    const { companyDefault, mine, agent, setDefault } = await setup()
    const lia = createContact(db, agent.actor, { name: 'Lia', number: '11987650101' })
    const teo = createContact(db, agent.actor, { name: 'Téo', number: '11987650102' })

    expect(startConversation(db, agent.actor, { contactId: lia.id }).connectionId).toBe(
      companyDefault.id,
    )
    setDefault(agent.id, mine.id)
    expect(
      startConversation(db, agent.actor, { contactId: teo.id, connectionId: '' }).connectionId,
    ).toBe(mine.id)
  })
})

describe('the user form', () => {
  test('offers the company connections and saves one of them', async () => {
    const { mine, admin } = await setup()
    const options = getUserEditorOptions(db, admin.actor)
    expect(options.connections.map((c) => c.id)).toContain(mine.id)
    const created = await createUserAsAdmin(
      db,
      admin.actor,
      userEditorInput({ defaultConnectionId: mine.id }),
    )
    expect(getUser(db, admin.actor, created.id).defaultConnectionId).toBe(mine.id)
  })

  test("refuses another company's or a deleted connection, as a field error", async () => {
    const { admin, agent, first } = await setup()
    const other = await setup()
    await expect(
      createUserAsAdmin(db, admin.actor, userEditorInput({ defaultConnectionId: other.mine.id })),
    ).rejects.toMatchObject({ field: 'defaultConnectionId', status: 422 })

    const user = getUser(db, admin.actor, agent.id)
    const input = userEditorInput({
      id: user.id,
      name: user.name,
      email: user.email,
      password: undefined,
      queueIds: user.queueIds,
    })
    deleteConnection(db, admin.actor, first.id)
    await expect(
      updateUser(db, admin.actor, agent.id, { ...input, defaultConnectionId: first.id }),
    ).rejects.toMatchObject({ field: 'defaultConnectionId', status: 422 })
    await expect(
      updateUser(db, admin.actor, agent.id, { ...input, defaultConnectionId: 'nope' }),
    ).rejects.toMatchObject({ field: 'defaultConnectionId' })
    expect(getUser(db, admin.actor, agent.id).defaultConnectionId).toBeNull()
    // Empty: none.
    await updateUser(db, admin.actor, agent.id, { ...input, defaultConnectionId: '' })
    expect(getUser(db, admin.actor, agent.id).defaultConnectionId).toBeNull()
  })

  test("deleting a connection clears it as users' default", async () => {
    const { admin, agent, mine, companyDefault, setDefault } = await setup()
    setDefault(agent.id, mine.id)
    deleteConnection(db, admin.actor, mine.id)
    expect(getUser(db, admin.actor, agent.id).defaultConnectionId).toBeNull()
    expect(defaultConnectionFor(db, agent.actor)).toBe(companyDefault.id)
  })
})
