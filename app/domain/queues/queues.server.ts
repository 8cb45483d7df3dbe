import { and, asc, eq, sql } from 'drizzle-orm'
import { type Actor, isAdmin } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { DomainError, forbidden, invalid, notFound } from '#app/domain/errors.ts'
import { emit, transaction } from '#app/runtime/events.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { companies } from '#db/schema/companies.ts'
import { queues } from '#db/schema/queues.ts'
import { userQueues } from '#db/schema/users.ts'
import { type QueueInput } from './queue-schema.ts'

/** Queues of the actor's company, in bot-menu order. */
export function listQueues(db: DbOrTx, actor: Actor) {
  return db
    .select({ id: queues.id, name: queues.name, color: queues.color, order: queues.order })
    .from(queues)
    .where(eq(queues.companyId, actor.companyId))
    .orderBy(asc(queues.order), asc(queues.name))
    .all()
}

/** The queues page: each queue with how many users work in it. */
export function listQueuesWithUsage(db: DbOrTx, actor: Actor) {
  if (!isAdmin(actor)) throw forbidden()
  return db
    .select({
      id: queues.id,
      name: queues.name,
      color: queues.color,
      order: queues.order,
      userCount: sql<number>`(select count(*) from ${userQueues} where ${userQueues.queueId} = ${queues.id})`,
    })
    .from(queues)
    .where(eq(queues.companyId, actor.companyId))
    .orderBy(asc(queues.order), asc(queues.name))
    .all()
}

export function getQueue(db: DbOrTx, actor: Actor, queueId: string) {
  if (!isAdmin(actor)) throw forbidden()
  const queue = db
    .select()
    .from(queues)
    .where(and(eq(queues.id, queueId), eq(queues.companyId, actor.companyId)))
    .get()
  if (!queue) throw notFound('Queue')
  return queue
}

function assertNameFree(tx: Tx, actor: Actor, name: string, exceptId?: string) {
  const clash = tx
    .select({ id: queues.id })
    .from(queues)
    .where(and(eq(queues.companyId, actor.companyId), sql`lower(${queues.name}) = lower(${name})`))
    .get()
  if (clash && clash.id !== exceptId) throw invalid('name', 'validation.nameTaken')
}

function changed(
  tx: Tx,
  actor: Actor,
  action: string,
  queueId: string,
  details: Record<string, unknown>,
) {
  audit(tx, actor, { action, entityType: 'queue', entityId: queueId, details })
  emit(tx, {
    type: 'queue.changed',
    companyId: actor.companyId,
    audience: { type: 'company' },
    payload: { queueId },
  })
}

export function createQueue(db: Db, actor: Actor, input: QueueInput) {
  if (!isAdmin(actor)) throw forbidden()
  return transaction(db, (tx) => {
    const company = tx
      .select({ max: companies.maxQueues })
      .from(companies)
      .where(eq(companies.id, actor.companyId))
      .get()
    const count =
      tx
        .select({ n: sql<number>`count(*)` })
        .from(queues)
        .where(eq(queues.companyId, actor.companyId))
        .get()?.n ?? 0
    if (company?.max != null && count >= company.max) {
      throw new DomainError('Queue limit reached', 'queues.limitReached', 409, undefined, {
        max: company.max,
      })
    }
    assertNameFree(tx, actor, input.name)
    const queue = tx
      .insert(queues)
      .values({
        companyId: actor.companyId,
        name: input.name,
        color: input.color.toLowerCase(),
        order: input.order,
      })
      .returning()
      .get()
    changed(tx, actor, 'queue.created', queue.id, { name: queue.name })
    return queue
  })
}

export function updateQueue(db: Db, actor: Actor, queueId: string, input: QueueInput) {
  getQueue(db, actor, queueId)
  return transaction(db, (tx) => {
    assertNameFree(tx, actor, input.name, queueId)
    const queue = tx
      .update(queues)
      .set({ name: input.name, color: input.color.toLowerCase(), order: input.order })
      .where(and(eq(queues.id, queueId), eq(queues.companyId, actor.companyId)))
      .returning()
      .get()
    changed(tx, actor, 'queue.updated', queueId, {
      name: input.name,
      color: input.color,
      order: input.order,
    })
    return queue!
  })
}

export function deleteQueue(db: Db, actor: Actor, queueId: string) {
  const queue = getQueue(db, actor, queueId)
  transaction(db, (tx) => {
    tx.delete(queues)
      .where(and(eq(queues.id, queueId), eq(queues.companyId, actor.companyId)))
      .run()
    changed(tx, actor, 'queue.deleted', queueId, { name: queue.name })
  })
  return queue
}
