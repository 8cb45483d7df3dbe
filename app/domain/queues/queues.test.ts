import fs from 'node:fs'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'
import { getUser } from '#app/domain/users/users.server.ts'
import { db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { queueOptions } from '#db/schema/queue-options.ts'
import { connections } from '#db/schema/connections.ts'
import { queues } from '#db/schema/queues.ts'
import { ticketEvents, tickets } from '#db/schema/tickets.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
} from '#tests/db-utils.ts'
import { optionTreeOf } from './options.server.ts'
import { type OptionNode, OptionTreeSchema, QueueEditorSchema } from './queue-schema.ts'
import {
  createQueue as createQueueAsAdmin,
  deleteQueue,
  getQueueForEditing,
  getQueueMedia,
  listQueuesWithUsage,
  queueDependents,
  queueEditorChoices,
  reorderQueues,
  updateQueue,
} from './queues.server.ts'

const option = (title: string, extra: Partial<OptionNode> = {}): OptionNode => ({
  title,
  message: '',
  target: 'close',
  targetQueueId: null,
  targetUserId: null,
  children: [],
  ...extra,
})

/** What the editor form sends, parsed like the route does. */
function input(fields: Record<string, unknown>) {
  const parsed = QueueEditorSchema.safeParse({
    name: 'Comercial',
    color: '#0f9f6e',
    order: 1,
    options: '[]',
    ...fields,
  })
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues))
  return parsed.data
}

async function setup() {
  const company = createCompany(db)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const support = createQueue(db, company.id, { name: 'Suporte' })
  const agent = await createUser(db, { companyId: company.id, name: 'Ana', queueIds: [support.id] })
  const other = createCompany(db)
  const otherAdmin = await createUser(db, { companyId: other.id, role: 'admin' })
  const otherQueue = createQueue(db, other.id, { name: 'Alheia' })
  const otherUser = await createUser(db, { companyId: other.id })
  return { company, admin, support, agent, other, otherAdmin, otherQueue, otherUser }
}

const codeOf = (call: () => unknown) => {
  try {
    call()
  } catch (error) {
    if (error instanceof DomainError) return error.code
    throw error
  }
  throw new Error('expected a DomainError')
}
const asyncCodeOf = async (call: () => Promise<unknown>) => {
  try {
    await call()
  } catch (error) {
    if (error instanceof DomainError) return error.code
    throw error
  }
  throw new Error('expected a DomainError')
}

describe('OptionTreeSchema', () => {
  const issues = (tree: unknown) => {
    const result = OptionTreeSchema.safeParse(tree)
    return result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
  }

  test('a two-level tree with every target is valid', () => {
    expect(
      issues([
        option('Vendas', {
          target: 'submenu',
          message: 'Escolha:',
          children: [
            option('Novo pedido', { target: 'queue', targetQueueId: 'q1' }),
            option('Falar com a Ana', { target: 'user', targetUserId: 'u1' }),
          ],
        }),
        option('Horário', { target: 'message', message: 'Abrimos às 8h.' }),
        option('Sair'),
      ]),
    ).toEqual([])
  })

  test('each target has its requirements', () => {
    expect(issues([option('A', { target: 'message' })])).toEqual([
      '0.message: validation.optionMessageRequired',
    ])
    expect(issues([option('A', { target: 'queue' })])).toEqual([
      '0.targetQueueId: validation.required',
    ])
    expect(issues([option('A', { target: 'user' })])).toEqual([
      '0.targetUserId: validation.required',
    ])
    expect(issues([option('A', { target: 'submenu' })])).toEqual([
      '0.children: validation.optionSubmenuEmpty',
    ])
    expect(issues([option('A', { children: [option('B')] })])).toEqual([
      '0.children: validation.optionChildrenNotSubmenu',
    ])
    expect(issues([option('  ')])).toEqual(['0.title: validation.required'])
  })

  test('depth, menu size and repeated ids are limited', () => {
    const chain = (levels: number): OptionNode =>
      levels === 1
        ? option('Folha')
        : option('Nível', { target: 'submenu', children: [chain(levels - 1)] })
    expect(issues([chain(4)])).toEqual([])
    expect(issues([chain(5)])[0]).toMatch(
      /^0\.children\.0\.children\.0\.children\.0\.children: validation\.optionTooDeep/,
    )
    expect(issues(Array.from({ length: 21 }, (_, i) => option(`O${i}`)))[0]).toMatch(
      /validation\.optionTooMany/,
    )
    expect(issues([option('A', { id: 'x' }), option('B', { id: 'x' })])).toEqual([
      ': validation.invalid',
    ])
  })
})

describe('queues of a company', () => {
  test('create with type, greeting, hours, users and a submenu of depth 2; read it back', async () => {
    const { admin, support, agent } = await setup()
    const hours = {
      enabled: true,
      days: [
        {
          day: 1,
          open: true,
          ranges: [
            { start: '08:00', end: '12:00' },
            { start: '13:00', end: '18:00' },
          ],
        },
      ],
    }
    const tree = [
      option('Vendas', {
        target: 'submenu',
        message: 'Sobre vendas:',
        children: [
          option('Novo pedido', { target: 'queue', targetQueueId: support.id }),
          option('Falar com a Ana', { target: 'user', targetUserId: agent.id }),
        ],
      }),
      option('Endereço', { target: 'message', message: 'Rua A, 10' }),
    ]
    const created = await createQueueAsAdmin(
      db,
      admin.actor,
      input({
        type: 'auto_close',
        autoCloseMinutes: '30',
        greeting: 'Olá {{primeiro_nome}}!',
        outOfHoursMessage: 'Estamos fechados.',
        businessHours: JSON.stringify(hours),
        userIds: [agent.id],
        options: JSON.stringify(tree),
      }),
    )
    const { queue, userIds, options } = getQueueForEditing(db, admin.actor, created.id)
    expect(queue).toMatchObject({
      name: 'Comercial',
      type: 'auto_close',
      autoCloseMinutes: 30,
      greeting: 'Olá {{primeiro_nome}}!',
      outOfHoursMessage: 'Estamos fechados.',
      businessHours: hours,
      hasGreetingMedia: false,
    })
    expect(userIds).toEqual([agent.id])
    expect(getUser(db, admin.actor, agent.id).queueIds.sort()).toEqual(
      [support.id, created.id].sort(),
    )
    expect(options.map((o) => o.title)).toEqual(['Vendas', 'Endereço'])
    expect(
      options[0]!.children.map((o) => [o.title, o.target, o.targetQueueId, o.targetUserId]),
    ).toEqual([
      ['Novo pedido', 'queue', support.id, null],
      ['Falar com a Ana', 'user', null, agent.id],
    ])
    const row = listQueuesWithUsage(db, admin.actor).find((q) => q.id === created.id)
    expect(row).toMatchObject({
      userCount: 1,
      optionCount: 4,
      hoursEnabled: true,
      type: 'auto_close',
    })
  })

  test('an open queue stores no auto-close minutes; hours off are kept as off', async () => {
    const { admin } = await setup()
    const created = await createQueueAsAdmin(
      db,
      admin.actor,
      input({ type: 'open', autoCloseMinutes: '15' }),
    )
    expect(getQueueForEditing(db, admin.actor, created.id).queue.autoCloseMinutes).toBeNull()
  })

  test('editing keeps option ids, reorders siblings, deletes removed ones with their children', async () => {
    const { admin } = await setup()
    const created = await createQueueAsAdmin(
      db,
      admin.actor,
      input({
        options: JSON.stringify([
          option('A', { target: 'submenu', children: [option('A1'), option('A2')] }),
          option('B'),
          option('C', { target: 'submenu', children: [option('C1')] }),
        ]),
      }),
    )
    const [a, b, c] = getQueueForEditing(db, admin.actor, created.id).options
    // Reorder: B first, then A with its children swapped; C (and C1) removed; a new D.
    const next = [
      b!,
      { ...a!, children: [a!.children[1]!, a!.children[0]!] },
      option('D', { target: 'message', message: 'Oi' }),
    ]
    await updateQueue(db, admin.actor, created.id, input({ options: JSON.stringify(next) }))
    const after = getQueueForEditing(db, admin.actor, created.id).options
    expect(after.map((o) => o.title)).toEqual(['B', 'A', 'D'])
    expect(after[0]!.id).toBe(b!.id)
    expect(after[1]!.id).toBe(a!.id)
    expect(after[1]!.children.map((o) => o.title)).toEqual(['A2', 'A1'])
    const rows = db.select().from(queueOptions).where(eq(queueOptions.queueId, created.id)).all()
    expect(rows).toHaveLength(5)
    expect(rows.find((r) => r.id === c!.id)).toBeUndefined()
    expect(
      rows
        .filter((r) => r.parentId === null)
        .map((r) => [r.title, r.position])
        .sort(),
    ).toEqual([
      ['A', 1],
      ['B', 0],
      ['D', 2],
    ])
    // Moving an option to another parent keeps its id.
    const moved = [
      { ...after[0]!, target: 'submenu' as const, children: [after[1]!.children[0]!] },
      { ...after[1]!, children: [after[1]!.children[1]!] },
    ]
    await updateQueue(db, admin.actor, created.id, input({ options: JSON.stringify(moved) }))
    const final = getQueueForEditing(db, admin.actor, created.id).options
    expect(final[0]!.children[0]!.id).toBe(after[1]!.children[0]!.id)
    expect(final).toHaveLength(2)
  })

  test('option targets must be of the same company, never the queue itself; ids must be its own', async () => {
    const { admin, otherQueue, otherUser, support } = await setup()
    const created = await createQueueAsAdmin(db, admin.actor, input({}))
    const save = (tree: OptionNode[]) =>
      asyncCodeOf(() =>
        updateQueue(db, admin.actor, created.id, input({ options: JSON.stringify(tree) })),
      )
    expect(await save([option('X', { target: 'queue', targetQueueId: otherQueue.id })])).toBe(
      'validation.optionTarget',
    )
    expect(await save([option('X', { target: 'user', targetUserId: otherUser.id })])).toBe(
      'validation.optionTarget',
    )
    expect(await save([option('X', { target: 'queue', targetQueueId: created.id })])).toBe(
      'validation.optionSelfTarget',
    )
    // An option id of another queue is not taken over.
    const elsewhere = await createQueueAsAdmin(
      db,
      admin.actor,
      input({ name: 'Outra', options: JSON.stringify([option('Y')]) }),
    )
    const foreignId = getQueueForEditing(db, admin.actor, elsewhere.id).options[0]!.id
    expect(await save([option('X', { id: foreignId })])).toBe('validation.invalid')
    // Nothing was half-written.
    expect(getQueueForEditing(db, admin.actor, created.id).options).toEqual([])
    expect(optionTreeOf(db, admin.actor.companyId, elsewhere.id)).toHaveLength(1)
    await updateQueue(
      db,
      admin.actor,
      created.id,
      input({
        options: JSON.stringify([option('X', { target: 'queue', targetQueueId: support.id })]),
      }),
    )
    expect(getQueueForEditing(db, admin.actor, created.id).options[0]?.targetQueueId).toBe(
      support.id,
    )
  })

  test('users of the queue: replaced from the queue form, other companies refused', async () => {
    const { admin, support, agent, otherUser, company } = await setup()
    const second = await createUser(db, { companyId: company.id, name: 'Bruno' })
    const base = { name: 'Suporte', color: support.color, order: support.order }
    await updateQueue(db, admin.actor, support.id, input({ ...base, userIds: [second.id] }))
    expect(getQueueForEditing(db, admin.actor, support.id).userIds).toEqual([second.id])
    expect(getUser(db, admin.actor, agent.id).queueIds).toEqual([])
    expect(
      await asyncCodeOf(() =>
        updateQueue(db, admin.actor, support.id, input({ ...base, userIds: [otherUser.id] })),
      ),
    ).toBe('validation.invalid')
    expect(getQueueForEditing(db, admin.actor, support.id).userIds).toEqual([second.id])
  })

  test("a super-admin's membership is changed only by a super-admin (canManageUser); kept as is, it saves", async () => {
    const { admin, support, agent, company } = await setup()
    const root = await createUser(db, {
      companyId: company.id,
      role: 'admin',
      name: 'Raiz',
      isSuperAdmin: true,
      queueIds: [support.id],
    })
    const base = { name: 'Suporte', color: support.color, order: support.order }
    const members = () => getQueueForEditing(db, admin.actor, support.id).userIds.toSorted()
    const both = [agent.id, root.id].toSorted()

    // The form sends the super-admin back unchanged: a plain admin saves the queue.
    await updateQueue(db, admin.actor, support.id, input({ ...base, userIds: [root.id] }))
    expect(members()).toEqual([root.id])
    await updateQueue(db, admin.actor, support.id, input({ ...base, userIds: [root.id, agent.id] }))
    expect(members()).toEqual(both)

    // Removing or adding them is refused, and nothing changes.
    expect(
      await asyncCodeOf(() =>
        updateQueue(db, admin.actor, support.id, input({ ...base, userIds: [agent.id] })),
      ),
    ).toBe('users.superAdminOnly')
    expect(members()).toEqual(both)
    expect(
      await asyncCodeOf(() =>
        createQueueAsAdmin(db, admin.actor, input({ name: 'Nova', userIds: [root.id] })),
      ),
    ).toBe('users.superAdminOnly')
    expect(db.select().from(queues).where(eq(queues.name, 'Nova')).all()).toEqual([])
    const refused = await updateQueue(
      db,
      admin.actor,
      support.id,
      input({ ...base, userIds: [agent.id] }),
    ).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(DomainError)
    expect((refused as DomainError).status).toBe(403)

    // The editor offers the super-admin's checkbox to super-admins only.
    const offered = (actor: typeof admin.actor) =>
      queueEditorChoices(db, actor).users.find((user) => user.id === root.id)?.canManage
    expect(offered(admin.actor)).toBe(false)
    expect(offered(root.actor)).toBe(true)
    expect(
      queueEditorChoices(db, admin.actor).users.find((user) => user.id === agent.id)?.canManage,
    ).toBe(true)

    // A super-admin may.
    await updateQueue(db, root.actor, support.id, input({ ...base, userIds: [agent.id] }))
    expect(members()).toEqual([agent.id])
    expect(getUser(db, admin.actor, root.id).queueIds).toEqual([])
  })

  test('greeting media is stored, served only to its company, replaced and removed', async () => {
    const { admin, otherAdmin } = await setup()
    const file = new File(['%PDF-1.7\n%%EOF\n'], 'cardapio.pdf', { type: 'application/pdf' })
    const created = await createQueueAsAdmin(db, admin.actor, input({ greetingMedia: file }))
    const media = getQueueMedia(db, admin.actor, created.id)
    expect(media).toMatchObject({ type: 'application/pdf', name: 'cardapio.pdf' })
    const onDisk = path.join(path.resolve(getEnv().MEDIA_DIR), media!.path)
    expect(fs.existsSync(onDisk)).toBe(true)
    expect(codeOf(() => getQueueMedia(db, otherAdmin.actor, created.id))).toBe('errors.notFound')
    await updateQueue(db, admin.actor, created.id, input({ removeGreetingMedia: 'on' }))
    expect(getQueueMedia(db, admin.actor, created.id)).toBeNull()
    expect(fs.existsSync(onDisk)).toBe(false)
    const big = QueueEditorSchema.safeParse({
      name: 'X',
      color: '#000000',
      greetingMedia: new File([new Uint8Array(16 * 1024 * 1024 + 1)], 'big.pdf'),
    })
    expect(big.success).toBe(false)
  })

  test('isolation: another company neither sees nor touches; agents are refused', async () => {
    const { admin, support, agent, otherAdmin } = await setup()
    expect(listQueuesWithUsage(db, otherAdmin.actor).map((q) => q.name)).toEqual(['Alheia'])
    expect(listQueuesWithUsage(db, admin.actor).map((q) => q.name)).toEqual(['Suporte'])
    expect(codeOf(() => getQueueForEditing(db, otherAdmin.actor, support.id))).toBe(
      'errors.notFound',
    )
    expect(codeOf(() => queueDependents(db, otherAdmin.actor, support.id))).toBe('errors.notFound')
    expect(
      await asyncCodeOf(() =>
        updateQueue(db, otherAdmin.actor, support.id, input({ name: 'Hack' })),
      ),
    ).toBe('errors.notFound')
    expect(await asyncCodeOf(() => deleteQueue(db, otherAdmin.actor, support.id))).toBe(
      'errors.notFound',
    )
    expect(codeOf(() => listQueuesWithUsage(db, agent.actor))).toBe('errors.forbidden')
    expect(codeOf(() => queueEditorChoices(db, agent.actor))).toBe('errors.forbidden')
    expect(codeOf(() => getQueueForEditing(db, agent.actor, support.id))).toBe('errors.forbidden')
    expect(await asyncCodeOf(() => createQueueAsAdmin(db, agent.actor, input({})))).toBe(
      'errors.forbidden',
    )
    expect(codeOf(() => reorderQueues(db, agent.actor, [support.id]))).toBe('errors.forbidden')
    expect(queueEditorChoices(db, admin.actor).users.map((u) => u.name)).not.toContain(
      otherAdmin.name,
    )
    expect(db.select().from(queues).where(eq(queues.id, support.id)).get()?.name).toBe('Suporte')
  })
})

describe('deleteQueue', () => {
  test('a queue without tickets or references is deleted with its options and user links', async () => {
    const { admin, support } = await setup()
    const created = await createQueueAsAdmin(
      db,
      admin.actor,
      input({ options: JSON.stringify([option('A')]) }),
    )
    await deleteQueue(db, admin.actor, created.id)
    expect(
      db.select().from(queueOptions).where(eq(queueOptions.queueId, created.id)).all(),
    ).toEqual([])
    expect(listQueuesWithUsage(db, admin.actor).map((q) => q.id)).toEqual([support.id])
  })

  test('refuses while tickets are open or waiting, or options aim at it; moves them when told', async () => {
    const { admin, support, company, otherQueue, agent } = await setup()
    const sales = createQueue(db, company.id, { name: 'Vendas' })
    const billing = createQueue(db, company.id, { name: 'Financeiro' })
    const connection = addConnection(db, company.id, support.id)
    const first = customerWrites(db, connection, { phone: '5511900000001' })
    const second = customerWrites(db, connection, { phone: '5511900000002' })
    db.update(tickets)
      .set({ queueId: support.id, status: 'open', userId: agent.id })
      .where(eq(tickets.id, first.ticketId))
      .run()
    db.update(tickets)
      .set({ queueId: support.id, status: 'pending' })
      .where(eq(tickets.id, second.ticketId))
      .run()
    const closed = customerWrites(db, connection, { phone: '5511900000003' })
    db.update(tickets)
      .set({ queueId: support.id, status: 'closed' })
      .where(eq(tickets.id, closed.ticketId))
      .run()
    await updateQueue(
      db,
      admin.actor,
      billing.id,
      input({
        name: 'Financeiro',
        options: JSON.stringify([
          option('Suporte', { target: 'queue', targetQueueId: support.id }),
        ]),
      }),
    )
    expect(queueDependents(db, admin.actor, support.id)).toEqual({ tickets: 2, options: 1 })
    const listed = listQueuesWithUsage(db, admin.actor).find((q) => q.id === support.id)
    expect(listed).toMatchObject({ openCount: 1, pendingCount: 1 })

    let error: unknown
    try {
      await deleteQueue(db, admin.actor, support.id)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(DomainError)
    expect(error).toMatchObject({
      code: 'queues.inUse',
      status: 409,
      params: { tickets: 2, options: 1 },
    })
    expect(await asyncCodeOf(() => deleteQueue(db, admin.actor, support.id, otherQueue.id))).toBe(
      'validation.invalid',
    )
    expect(await asyncCodeOf(() => deleteQueue(db, admin.actor, support.id, support.id))).toBe(
      'validation.invalid',
    )
    expect(db.select().from(queues).where(eq(queues.id, support.id)).get()).toBeDefined()

    expect(await asyncCodeOf(() => deleteQueue(db, admin.actor, support.id, billing.id))).toBe(
      'queues.moveToAimsHere',
    )
    expect(db.select().from(queues).where(eq(queues.id, support.id)).get()).toBeDefined()

    const result = await deleteQueue(db, admin.actor, support.id, sales.id)
    expect(result.movedTickets).toBe(2)
    const moved = db.select().from(tickets).where(eq(tickets.companyId, company.id)).all()
    expect(moved.find((t) => t.id === first.ticketId)).toMatchObject({
      queueId: sales.id,
      status: 'open',
      userId: agent.id,
    })
    expect(moved.find((t) => t.id === second.ticketId)).toMatchObject({
      queueId: sales.id,
      status: 'pending',
    })
    expect(moved.find((t) => t.id === closed.ticketId)?.queueId).toBeNull()
    const events = db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.companyId, company.id), eq(ticketEvents.type, 'transferred')))
      .all()
    expect(events.map((e) => [e.fromQueueId, e.toQueueId])).toEqual([
      [support.id, sales.id],
      [support.id, sales.id],
    ])
    // The option of "Financeiro" that sent customers to "Suporte" now sends them where the
    // tickets went; the connection routes there too.
    expect(optionTreeOf(db, company.id, billing.id)[0]?.targetQueueId).toBe(sales.id)
    expect(
      db.select().from(connections).where(eq(connections.id, connection.id)).get()?.queueId,
    ).toBe(sales.id)
  })
})

describe('reorderQueues', () => {
  test('sets the menu order from the list; queues it lacked go after; foreign ids are refused', async () => {
    const { admin, support, company, otherQueue } = await setup()
    const b = createQueue(db, company.id, { name: 'B' })
    const c = createQueue(db, company.id, { name: 'C' })
    reorderQueues(db, admin.actor, [c.id, support.id, b.id])
    expect(listQueuesWithUsage(db, admin.actor).map((q) => [q.name, q.order])).toEqual([
      ['C', 1],
      ['Suporte', 2],
      ['B', 3],
    ])
    // A queue created while the admin was dragging (not in the list) keeps its place after.
    reorderQueues(db, admin.actor, [b.id, c.id])
    expect(listQueuesWithUsage(db, admin.actor).map((q) => [q.name, q.order])).toEqual([
      ['B', 1],
      ['C', 2],
      ['Suporte', 3],
    ])
    expect(codeOf(() => reorderQueues(db, admin.actor, [c.id, support.id, otherQueue.id]))).toBe(
      'queues.reorderStale',
    )
    expect(codeOf(() => reorderQueues(db, admin.actor, [c.id, c.id, b.id]))).toBe(
      'queues.reorderStale',
    )
    expect(codeOf(() => reorderQueues(db, admin.actor, [otherQueue.id]))).toBe(
      'queues.reorderStale',
    )
    expect(listQueuesWithUsage(db, admin.actor).map((q) => q.name)).toEqual(['B', 'C', 'Suporte'])
  })
})
