import { eq } from 'drizzle-orm'
import { describe, expect, test, vi } from 'vitest'
import { SimulatorAdapter } from '#app/channels/simulator/adapter.server.ts'
import { recordSendOutcome, sendMessage } from '#app/domain/messages/send.server.ts'
import { ChannelManager } from '#app/runtime/channels/manager.server.ts'
import { JobRunner } from '#app/runtime/jobs.server.ts'
import { db } from '#app/utils/db.server.ts'
import { jobs } from '#db/schema/system.ts'
import { messages } from '#db/schema/tickets.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
} from '#tests/db-utils.ts'
import {
  readOnSimulatorPhone,
  recoverSimulatorDeliveries,
  registerSimulatorJobs,
  SIMULATOR_DELIVERY_JOB,
} from './receipts.server.ts'

const mediaDir = process.env.MEDIA_DIR as string
const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 10 })

const statusOf = (messageId: string) =>
  db.select({ status: messages.status }).from(messages).where(eq(messages.id, messageId)).get()
    ?.status
const externalIdOf = (messageId: string) =>
  db
    .select({ externalId: messages.externalId })
    .from(messages)
    .where(eq(messages.id, messageId))
    .get()?.externalId ?? null
const deliveryJobsOf = (connectionId: string) =>
  db
    .select()
    .from(jobs)
    .where(eq(jobs.kind, SIMULATOR_DELIVERY_JOB))
    .all()
    .filter((job) => (job.payload as { connectionId: string }).connectionId === connectionId)

/** A simulator connection with a waiting customer, and the admin who answers. */
async function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const connection = addConnection(db, company.id, queue.id)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const customer = customerWrites(db, connection, { phone: '5511987650001', name: 'Rosa' })
  return { company, connection, admin, customer }
}

/** The channel manager of one process, running the real simulator adapter. */
function process1() {
  return new ChannelManager(db, { createAdapter: () => new SimulatorAdapter(), mediaDir })
}

describe('simulator receipts survive a restart', () => {
  test('sent, then the process dies: the next runner delivers it', async () => {
    registerSimulatorJobs(db)
    const { connection, admin, customer } = await setup()
    const reply = sendMessage(db, admin.actor, customer.ticketId, { text: 'Olá, Rosa!' })
    const manager = process1()
    await manager.start(connection.id)
    await waitFor(() => expect(statusOf(reply.id)).toBe('sent'))

    // The receipt owed is a row, written with the send…
    expect(deliveryJobsOf(connection.id)).toMatchObject([
      {
        status: 'queued',
        dedupeKey: `simulator.delivery:${connection.id}:${externalIdOf(reply.id)}`,
      },
    ])
    // …and a runner of the dying process claims it but never finishes (kill -9).
    const dying = new JobRunner(db)
    expect(dying.claim().map((job) => job.kind)).toEqual([SIMULATOR_DELIVERY_JOB])
    expect(statusOf(reply.id)).toBe('sent')

    // A new process: the runner puts the interrupted job back and runs it.
    const next = new JobRunner(db)
    next.recover()
    await next.tick()
    expect(statusOf(reply.id)).toBe('delivered')
    expect(deliveryJobsOf(connection.id)).toMatchObject([{ status: 'done' }])
    await manager.stopAll()
  })

  test('messages left "sent" with no job (older processes) are delivered after a start', async () => {
    const { connection, admin, customer } = await setup()
    const reply = sendMessage(db, admin.actor, customer.ticketId, { text: 'Bom dia' })
    // As the in-memory timers left it: sent, nothing owed on record.
    db.update(messages)
      .set({ status: 'sent', externalId: `SIM-${reply.id}` })
      .where(eq(messages.id, reply.id))
      .run()
    expect(deliveryJobsOf(connection.id)).toEqual([])

    expect(registerSimulatorJobs(db)).toBeGreaterThanOrEqual(1)
    // Starting twice queues nothing twice (dedupe key).
    expect(recoverSimulatorDeliveries(db)).toBe(0)
    expect(deliveryJobsOf(connection.id)).toHaveLength(1)
    await new JobRunner(db).tick()
    expect(statusOf(reply.id)).toBe('delivered')
  })

  test('read when the customer opened the chat: committed at once, never undone by a late delivery', async () => {
    registerSimulatorJobs(db)
    const { company, connection, admin, customer } = await setup()
    const first = sendMessage(db, admin.actor, customer.ticketId, { text: 'Primeira' })
    const second = sendMessage(db, admin.actor, customer.ticketId, { text: 'Segunda' })
    const manager = process1()
    await manager.start(connection.id)
    await waitFor(() => expect(statusOf(second.id)).toBe('sent'))
    const ids = [externalIdOf(first.id)!, externalIdOf(second.id)!]

    expect(readOnSimulatorPhone(db, { id: connection.id, companyId: company.id }, ids)).toBe(2)
    expect([statusOf(first.id), statusOf(second.id)]).toEqual(['read', 'read'])
    // The delivery jobs still queued run after the "restart": read stays read.
    await manager.stopAll()
    const next = new JobRunner(db)
    next.recover()
    await next.tick()
    expect([statusOf(first.id), statusOf(second.id)]).toEqual(['read', 'read'])
  })

  test('other channels owe no simulator receipt (they report their own)', async () => {
    const { company, admin } = await setup()
    const whatsapp = addConnection(db, company.id, null, 'whatsapp')
    const customer = customerWrites(db, whatsapp, { phone: '5511987650002', name: 'Ivo' })
    const reply = sendMessage(db, admin.actor, customer.ticketId, { text: 'Oi' })
    recordSendOutcome(db, reply, null, { status: 'sent', externalId: `WA-${reply.id}` })
    expect(statusOf(reply.id)).toBe('sent')
    expect(recoverSimulatorDeliveries(db)).toBe(0)
    expect(deliveryJobsOf(whatsapp.id)).toEqual([])
  })
})
