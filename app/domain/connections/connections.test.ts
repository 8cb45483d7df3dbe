import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { type Actor } from '#app/domain/actor.ts'
import { DomainError } from '#app/domain/errors.ts'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import { companies } from '#db/schema/companies.ts'
import { connections } from '#db/schema/connections.ts'
import { auditLog } from '#db/schema/system.ts'
import { createCompany, createQueue, createUser, eventsAfter } from '#tests/db-utils.ts'
import { type ConnectionInput, ConnectionEditorSchema } from './connection-schema.ts'
import {
  commandConnection,
  createConnection,
  deleteConnection,
  findConnectionByToken,
  generateConnectionToken,
  getConnection,
  listConnectionOptions,
  listConnections,
  recordConnectionUpdate,
  revokeConnectionToken,
  updateConnection,
} from './connections.server.ts'

let seq = 0

async function setup(company: Partial<typeof companies.$inferInsert> = {}) {
  const row = createCompany(db, company)
  const queue = createQueue(db, row.id)
  const admin = await createUser(db, { companyId: row.id, role: 'admin' })
  const agent = await createUser(db, { companyId: row.id, role: 'agent', queueIds: [queue.id] })
  const supervisor = await createUser(db, {
    companyId: row.id,
    role: 'supervisor',
    allTickets: true,
  })
  return { company: row, queue, admin, agent, supervisor }
}

function input(overrides: Partial<ConnectionInput> = {}): ConnectionInput {
  return {
    name: `WhatsApp ${++seq}`,
    channel: 'whatsapp',
    isDefault: false,
    groupsEnabled: false,
    ...overrides,
  }
}

const create = (actor: Actor, overrides: Partial<ConnectionInput> = {}) =>
  createConnection(db, actor, input(overrides))

const row = (id: string) => db.select().from(connections).where(eq(connections.id, id)).get()
const defaults = (companyId: string) =>
  db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.companyId, companyId), eq(connections.isDefault, true)))
    .all()
    .map((c) => c.id)
function domainError(fn: () => unknown) {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a DomainError')
}

describe('create, update, delete', () => {
  test('create stores the connection, audits it and emits connection.created to admins', async () => {
    const { company, queue, admin } = await setup()
    const before = lastEventId(db)

    const created = create(admin.actor, {
      name: 'Loja Centro',
      queueId: queue.id,
      groupsEnabled: true,
    })

    expect(row(created.id)).toMatchObject({
      companyId: company.id,
      name: 'Loja Centro',
      channel: 'whatsapp',
      status: 'disconnected',
      queueId: queue.id,
      groupsEnabled: true,
      isDefault: true, // the first one
      tokenHash: null,
    })
    expect(eventsAfter(db, before)).toEqual([
      expect.objectContaining({
        type: 'connection.created',
        companyId: company.id,
        audienceType: 'admins',
        payload: { connectionId: created.id },
      }),
    ])
    const audit = db.select().from(auditLog).where(eq(auditLog.entityId, created.id)).all()
    expect(audit).toEqual([
      expect.objectContaining({ action: 'connection.created', actorUserId: admin.id }),
    ])
    expect(listConnections(db, admin.actor)).toEqual([
      expect.objectContaining({ id: created.id, queueName: queue.name }),
    ])
  })

  test('the history import window is read in the company time zone', async () => {
    const { admin } = await setup()
    const created = create(admin.actor, { importFrom: '2025-01-01', importTo: '2025-01-31' })
    expect(row(created.id)).toMatchObject({
      importFrom: Date.parse('2025-01-01T03:00:00Z'), // midnight in São Paulo
      importTo: Date.parse('2025-02-01T02:59:59.999Z'),
    })
    const schema = ConnectionEditorSchema.safeParse({
      name: 'x',
      channel: 'whatsapp',
      importFrom: '2025-02-01',
      importTo: '2025-01-01',
    })
    expect(schema.success).toBe(false)
  })

  test('update changes name, queue and settings; a session-affecting change asks for a restart', async () => {
    const { queue, admin } = await setup()
    const created = create(admin.actor)
    const before = lastEventId(db)

    updateConnection(db, admin.actor, created.id, input({ name: 'Renomeada', queueId: queue.id }))
    expect(row(created.id)).toMatchObject({
      name: 'Renomeada',
      queueId: queue.id,
      groupsEnabled: false,
    })
    updateConnection(
      db,
      admin.actor,
      created.id,
      input({ name: 'Renomeada', queueId: queue.id, groupsEnabled: true }),
    )

    expect(eventsAfter(db, before).map((e) => [e.type, e.payload.restart])).toEqual([
      ['connection.updated', false],
      ['connection.updated', true],
    ])
  })

  test('delete removes it and emits connection.deleted', async () => {
    const { admin, company } = await setup()
    const created = create(admin.actor)
    const before = lastEventId(db)

    expect(deleteConnection(db, admin.actor, created.id).id).toBe(created.id)

    expect(row(created.id)).toBeUndefined()
    expect(eventsAfter(db, before)).toEqual([
      expect.objectContaining({
        type: 'connection.deleted',
        companyId: company.id,
        payload: { connectionId: created.id },
      }),
    ])
    expect(domainError(() => getConnection(db, admin.actor, created.id))).toMatchObject({
      status: 404,
    })
  })
})

describe('default connection', () => {
  test('exactly one default per company: the first; setting another clears the old; deleting it promotes another', async () => {
    const { company, admin } = await setup()
    const first = create(admin.actor)
    const second = create(admin.actor)
    expect(defaults(company.id)).toEqual([first.id])

    const third = create(admin.actor, { isDefault: true })
    expect(defaults(company.id)).toEqual([third.id])

    updateConnection(db, admin.actor, second.id, input({ isDefault: true }))
    expect(defaults(company.id)).toEqual([second.id])
    // Unticking "default" on the default one does not leave the company without one.
    updateConnection(db, admin.actor, second.id, input({ isDefault: false }))
    expect(defaults(company.id)).toEqual([second.id])

    deleteConnection(db, admin.actor, second.id)
    expect(defaults(company.id)).toEqual([first.id]) // the oldest left

    deleteConnection(db, admin.actor, third.id) // not the default: nothing moves
    expect(defaults(company.id)).toEqual([first.id])
    deleteConnection(db, admin.actor, first.id)
    expect(defaults(company.id)).toEqual([])
  })

  test("one company's default never touches another's", async () => {
    const a = await setup()
    const b = await setup()
    const inA = create(a.admin.actor)
    const inB = create(b.admin.actor, { isDefault: true })
    expect(defaults(a.company.id)).toEqual([inA.id])
    expect(defaults(b.company.id)).toEqual([inB.id])
  })
})

describe('rules', () => {
  test('the plan limit of connections', async () => {
    const { admin } = await setup({ maxConnections: 2 })
    create(admin.actor)
    create(admin.actor)
    expect(domainError(() => create(admin.actor))).toMatchObject({
      status: 409,
      code: 'connections.limitReached',
      params: { max: 2 },
    })
  })

  test('a queue of another company is refused (on create and update)', async () => {
    const { admin } = await setup()
    const other = await setup()
    expect(domainError(() => create(admin.actor, { queueId: other.queue.id }))).toMatchObject({
      status: 422,
      field: 'queueId',
    })
    const created = create(admin.actor)
    expect(
      domainError(() =>
        updateConnection(db, admin.actor, created.id, input({ queueId: other.queue.id })),
      ),
    ).toMatchObject({
      status: 422,
      field: 'queueId',
    })
    expect(row(created.id)!.queueId).toBeNull()
  })

  test('only admins manage connections (403); anyone may list the options', async () => {
    const { admin, agent, supervisor } = await setup()
    const created = create(admin.actor)
    for (const actor of [agent.actor, supervisor.actor]) {
      const attempts: Array<() => unknown> = [
        () => listConnections(db, actor),
        () => getConnection(db, actor, created.id),
        () => create(actor),
        () => updateConnection(db, actor, created.id, input()),
        () => deleteConnection(db, actor, created.id),
        () => commandConnection(db, actor, created.id, 'connect'),
        () => generateConnectionToken(db, actor, created.id),
        () => revokeConnectionToken(db, actor, created.id),
      ]
      for (const attempt of attempts) expect(domainError(attempt)).toMatchObject({ status: 403 })
    }
    expect(row(created.id)).toBeDefined()
    expect(listConnectionOptions(db, agent.actor)).toEqual([
      { id: created.id, name: created.name, status: 'disconnected', isDefault: true },
    ])
  })

  test('company isolation: 404 for every action on another company’s connection', async () => {
    const a = await setup()
    const b = await setup()
    const theirs = create(b.admin.actor)
    const before = lastEventId(db)
    const attempts: Array<() => unknown> = [
      () => getConnection(db, a.admin.actor, theirs.id),
      () => updateConnection(db, a.admin.actor, theirs.id, input({ name: 'tomada' })),
      () => deleteConnection(db, a.admin.actor, theirs.id),
      () => commandConnection(db, a.admin.actor, theirs.id, 'logout'),
      () => generateConnectionToken(db, a.admin.actor, theirs.id),
      () => revokeConnectionToken(db, a.admin.actor, theirs.id),
    ]
    for (const attempt of attempts) expect(domainError(attempt)).toMatchObject({ status: 404 })
    expect(row(theirs.id)).toMatchObject({ name: theirs.name, companyId: b.company.id })
    expect(listConnections(db, a.admin.actor)).toEqual([])
    expect(listConnectionOptions(db, a.agent.actor)).toEqual([])
    expect(eventsAfter(db, before)).toEqual([])
  })
})

describe('API token', () => {
  test('generated once, stored hashed, found by token; regenerating invalidates the old; revoke', async () => {
    const { admin } = await setup()
    const created = create(admin.actor)

    const token = generateConnectionToken(db, admin.actor, created.id)
    expect(token).toMatch(/^blc_[\w-]{32}$/)
    expect(row(created.id)!.tokenHash).not.toContain(token)
    expect(row(created.id)!.tokenHint).toBe(token.slice(-4))
    expect(findConnectionByToken(db, token)?.id).toBe(created.id)
    expect(getConnection(db, admin.actor, created.id)).not.toHaveProperty('tokenHash')

    const next = generateConnectionToken(db, admin.actor, created.id)
    expect(next).not.toBe(token)
    expect(findConnectionByToken(db, token)).toBeNull()
    expect(findConnectionByToken(db, next)?.id).toBe(created.id)

    revokeConnectionToken(db, admin.actor, created.id)
    expect(findConnectionByToken(db, next)).toBeNull()
    expect(row(created.id)).toMatchObject({ tokenHash: null, tokenHint: null })
    expect(findConnectionByToken(db, '')).toBeNull()
  })
})

describe('commands and status', () => {
  test("commandConnection emits 'connection.command' for the channel manager", async () => {
    const { admin, company } = await setup()
    const created = create(admin.actor)
    const before = lastEventId(db)

    commandConnection(db, admin.actor, created.id, 'new_qr')
    commandConnection(db, admin.actor, created.id, { pair: '5511987654321' })

    expect(eventsAfter(db, before)).toEqual([
      expect.objectContaining({
        type: 'connection.command',
        companyId: company.id,
        audienceType: 'admins',
        payload: { connectionId: created.id, command: 'new_qr' },
      }),
      expect.objectContaining({
        type: 'connection.command',
        payload: { connectionId: created.id, command: 'pair', phone: '5511987654321' },
      }),
    ])
  })

  test("recordConnectionUpdate sets status, QR, pairing code, phone and emits 'connection.status' to admins", async () => {
    const { admin, company } = await setup()
    const created = create(admin.actor)
    const before = lastEventId(db)

    recordConnectionUpdate(db, created.id, { status: 'opening' })
    expect(row(created.id)).toMatchObject({ status: 'opening', qrCode: null })

    recordConnectionUpdate(db, created.id, { status: 'qrcode', qr: '2@abc' })
    expect(row(created.id)).toMatchObject({ status: 'qrcode', qrCode: '2@abc', pairingCode: null })

    recordConnectionUpdate(db, created.id, { status: 'pairing', pairingCode: 'K7PQ2XZM' })
    expect(row(created.id)).toMatchObject({
      status: 'pairing',
      qrCode: null,
      pairingCode: 'K7PQ2XZM',
    })

    recordConnectionUpdate(db, created.id, {
      status: 'connected',
      phone: '5511900001111',
      profileName: 'Loja',
    })
    expect(row(created.id)).toMatchObject({
      status: 'connected',
      pairingCode: null,
      phone: '5511900001111',
      profileName: 'Loja',
      lastError: null,
    })

    recordConnectionUpdate(db, created.id, {
      status: 'closed',
      reason: 'connection_lost',
      error: 'socket hang up',
    })
    expect(row(created.id)).toMatchObject({
      status: 'disconnected',
      lastError: 'socket hang up',
      phone: '5511900001111',
    })

    recordConnectionUpdate(db, created.id, { status: 'connected' }) // phone kept when not reported
    expect(row(created.id)).toMatchObject({
      status: 'connected',
      lastError: null,
      phone: '5511900001111',
    })

    recordConnectionUpdate(db, created.id, { status: 'closed', reason: 'stopped' })
    expect(row(created.id)).toMatchObject({ status: 'disconnected', lastError: null })

    recordConnectionUpdate(db, created.id, { status: 'closed', reason: 'logged_out' })
    expect(row(created.id)).toMatchObject({
      status: 'logged_out',
      lastError: 'logged_out',
      phone: null,
      profileName: null,
    })

    const emitted = eventsAfter(db, before)
    expect(emitted.map((e) => e.payload.status)).toEqual([
      'opening',
      'qrcode',
      'pairing',
      'connected',
      'disconnected',
      'connected',
      'disconnected',
      'logged_out',
    ])
    expect(
      emitted.every(
        (e) =>
          e.type === 'connection.status' &&
          e.audienceType === 'admins' &&
          e.companyId === company.id,
      ),
    ).toBe(true)
    expect(emitted[1]!.payload).toMatchObject({ connectionId: created.id, qrCode: '2@abc' })
    expect(emitted[2]!.payload).toMatchObject({ pairingCode: 'K7PQ2XZM' })
  })

  test('recordConnectionUpdate for a deleted connection does nothing', () => {
    const before = lastEventId(db)
    expect(recordConnectionUpdate(db, 'gone', { status: 'opening' })).toBeNull()
    expect(eventsAfter(db, before)).toEqual([])
  })
})
