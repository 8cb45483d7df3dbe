import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { invalid } from '#app/domain/errors.ts'
import { type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { queueOptions } from '#db/schema/queue-options.ts'
import { queues } from '#db/schema/queues.ts'
import { users } from '#db/schema/users.ts'
import { type OptionNode } from './queue-schema.ts'

type OptionRow = typeof queueOptions.$inferSelect

/** Rows (any order) → the nested tree, siblings by position. */
export function buildOptionTree(rows: OptionRow[]): OptionNode[] {
  const byParent = new Map<string | null, OptionRow[]>()
  for (const row of rows) {
    const list = byParent.get(row.parentId) ?? []
    list.push(row)
    byParent.set(row.parentId, list)
  }
  const build = (parentId: string | null, seen: Set<string>): OptionNode[] =>
    (byParent.get(parentId) ?? [])
      .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
      .filter((row) => !seen.has(row.id))
      .map((row) => {
        seen.add(row.id)
        return {
          id: row.id,
          title: row.title,
          message: row.message ?? '',
          target: row.target,
          targetQueueId: row.targetQueueId,
          targetUserId: row.targetUserId,
          children: build(row.id, seen),
        }
      })
  return build(null, new Set())
}

/** The submenu tree of a queue of `companyId` (no permission check: callers guard). */
export function optionTreeOf(db: DbOrTx, companyId: string, queueId: string) {
  const rows = db
    .select()
    .from(queueOptions)
    .where(and(eq(queueOptions.companyId, companyId), eq(queueOptions.queueId, queueId)))
    .orderBy(asc(queueOptions.position))
    .all()
  return buildOptionTree(rows)
}

function flatten(nodes: OptionNode[], into: OptionNode[] = []) {
  for (const node of nodes) {
    into.push(node)
    flatten(node.children, into)
  }
  return into
}

/**
 * Targets must be of the actor's company: another queue (never the queue itself, which would send
 * the customer back to where they are) or a user who is not disabled.
 */
function assertTargets(tx: Tx, actor: Actor, queueId: string, nodes: OptionNode[]) {
  const queueIds = [...new Set(nodes.flatMap((node) => node.targetQueueId ?? []))]
  if (queueIds.includes(queueId)) throw invalid('options', 'validation.optionSelfTarget')
  if (queueIds.length) {
    const found = tx
      .select({ id: queues.id })
      .from(queues)
      .where(and(eq(queues.companyId, actor.companyId), inArray(queues.id, queueIds)))
      .all()
    if (found.length !== queueIds.length) throw invalid('options', 'validation.optionTarget')
  }
  const userIds = [...new Set(nodes.flatMap((node) => node.targetUserId ?? []))]
  if (userIds.length) {
    const found = tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.companyId, actor.companyId),
          inArray(users.id, userIds),
          isNull(users.disabledAt),
        ),
      )
      .all()
    if (found.length !== userIds.length) throw invalid('options', 'validation.optionTarget')
  }
}

/**
 * Makes the stored tree of `queueId` equal to `tree` (validated by OptionTreeSchema): options
 * with an id are updated in place (so a customer who is inside a submenu keeps their place),
 * new ones inserted, the others deleted with their children. Call inside the queue's write
 * transaction; the queue must already be checked to be the actor's company's.
 */
export function saveOptionTree(tx: Tx, actor: Actor, queueId: string, tree: OptionNode[]) {
  const nodes = flatten(tree)
  assertTargets(tx, actor, queueId, nodes)
  const existing = new Set(
    tx
      .select({ id: queueOptions.id })
      .from(queueOptions)
      .where(and(eq(queueOptions.companyId, actor.companyId), eq(queueOptions.queueId, queueId)))
      .all()
      .map((row) => row.id),
  )
  // An id of another queue or company is not this tree's: refuse rather than steal it. An id
  // twice would put an option under itself.
  const ids = nodes.flatMap((node) => node.id ?? [])
  if (new Set(ids).size !== ids.length || ids.some((id) => !existing.has(id)))
    throw invalid('options', 'validation.invalid')

  const kept = new Set<string>()
  const write = (siblings: OptionNode[], parentId: string | null) => {
    siblings.forEach((node, position) => {
      const values = {
        parentId,
        position,
        title: node.title,
        message: node.message || null,
        target: node.target,
        targetQueueId: node.target === 'queue' ? node.targetQueueId : null,
        targetUserId: node.target === 'user' ? node.targetUserId : null,
      }
      let id = node.id
      if (id) {
        tx.update(queueOptions)
          .set(values)
          .where(and(eq(queueOptions.id, id), eq(queueOptions.companyId, actor.companyId)))
          .run()
      } else {
        id = tx
          .insert(queueOptions)
          .values({ ...values, companyId: actor.companyId, queueId })
          .returning({ id: queueOptions.id })
          .get().id
      }
      kept.add(id)
      write(node.children, id)
    })
  }
  write(tree, null)
  const removed = [...existing].filter((id) => !kept.has(id))
  if (removed.length)
    tx.delete(queueOptions)
      .where(and(eq(queueOptions.companyId, actor.companyId), inArray(queueOptions.id, removed)))
      .run()
  return { saved: kept.size, removed: removed.length }
}
