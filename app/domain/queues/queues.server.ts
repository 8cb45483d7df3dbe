import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import { type StoredMedia } from '#app/channels/types.ts'
import { type Actor, canManageUser, isAdmin } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { DomainError, forbidden, invalid, notFound } from '#app/domain/errors.ts'
import { removeStoredFile, withUpload } from '#app/domain/media/stored-files.server.ts'
import { QUICK_REPLY_MEDIA_MAX_BYTES } from '#app/domain/quick-replies/quick-reply-schema.ts'
import { transferTicket } from '#app/domain/tickets/lifecycle.server.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { queueOptions } from '#db/schema/queue-options.ts'
import { companies } from '#db/schema/companies.ts'
import { connections } from '#db/schema/connections.ts'
import { queues } from '#db/schema/queues.ts'
import { tickets } from '#db/schema/tickets.ts'
import { userQueues, users } from '#db/schema/users.ts'
import { optionTreeOf, saveOptionTree } from './options.server.ts'
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

// Correlated subqueries name the outer table explicitly: drizzle writes bare column names, and a
// bare "id" inside them would be the inner table's.
const activeCount = (status: 'open' | 'pending') =>
  sql<number>`(select count(*) from tickets t where t.company_id = "queues"."company_id" and t.status = ${status} and t.queue_id = "queues"."id")`

/**
 * The queues page: each queue with its greeting, type, how many users work in it, how many
 * options its submenu has, and its open (being served) and pending (waiting) tickets.
 */
export function listQueuesWithUsage(db: DbOrTx, actor: Actor) {
  if (!isAdmin(actor)) throw forbidden()
  return db
    .select({
      id: queues.id,
      name: queues.name,
      color: queues.color,
      order: queues.order,
      type: queues.type,
      autoCloseMinutes: queues.autoCloseMinutes,
      greeting: queues.greeting,
      hasGreetingMedia: sql<boolean>`${queues.greetingMediaPath} is not null`.mapWith(Boolean),
      hoursEnabled:
        sql<boolean>`coalesce(json_extract(${queues.businessHours}, '$.enabled'), 0)`.mapWith(
          Boolean,
        ),
      userCount: sql<number>`(select count(*) from user_queues uq where uq.queue_id = "queues"."id")`,
      optionCount: sql<number>`(select count(*) from queue_options qo where qo.queue_id = "queues"."id")`,
      referencedBy: sql<number>`(select count(*) from queue_options qo where qo.target_queue_id = "queues"."id" and qo.queue_id <> "queues"."id")`,
      openCount: activeCount('open'),
      pendingCount: activeCount('pending'),
    })
    .from(queues)
    .where(eq(queues.companyId, actor.companyId))
    .orderBy(asc(queues.order), asc(queues.name))
    .all()
}

function findQueue(db: DbOrTx, actor: Actor, queueId: string) {
  if (!isAdmin(actor)) throw forbidden()
  const queue = db
    .select()
    .from(queues)
    .where(and(eq(queues.id, queueId), eq(queues.companyId, actor.companyId)))
    .get()
  if (!queue) throw notFound('Queue')
  return queue
}

/** A queue for its edit page (never the file's path on disk). */
export function getQueue(db: DbOrTx, actor: Actor, queueId: string) {
  const { greetingMediaPath: _path, ...queue } = findQueue(db, actor, queueId)
  return { ...queue, hasGreetingMedia: Boolean(_path) }
}

/** The edit page: the queue, its users and its submenu tree. */
export function getQueueForEditing(db: DbOrTx, actor: Actor, queueId: string) {
  const queue = getQueue(db, actor, queueId)
  const userIds = db
    .select({ userId: userQueues.userId })
    .from(userQueues)
    .where(and(eq(userQueues.companyId, actor.companyId), eq(userQueues.queueId, queueId)))
    .all()
    .map((row) => row.userId)
  return { queue, userIds, options: optionTreeOf(db, actor.companyId, queueId) }
}

/**
 * What the editor offers: the company's users (members) and queues (option targets). `canManage`
 * (canManageUser): whether the actor may add or remove that user — a plain admin sees a
 * super-admin's membership but cannot change it.
 */
export function queueEditorChoices(db: DbOrTx, actor: Actor) {
  if (!isAdmin(actor)) throw forbidden()
  const people = db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      disabled: sql<boolean>`${users.disabledAt} is not null`.mapWith(Boolean),
      isSuperAdmin: users.isSuperAdmin,
    })
    .from(users)
    .where(eq(users.companyId, actor.companyId))
    .orderBy(asc(users.name))
    .all()
    .map(({ isSuperAdmin, ...person }) => ({
      ...person,
      canManage: canManageUser(actor, { isSuperAdmin }),
    }))
  return { users: people, queues: listQueues(db, actor) }
}

/** The greeting's file (the editor's preview): path relative to MEDIA_DIR, type and name. */
export function getQueueMedia(db: DbOrTx, actor: Actor, queueId: string) {
  const queue = findQueue(db, actor, queueId)
  if (!queue.greetingMediaPath) return null
  return {
    path: queue.greetingMediaPath,
    type: queue.greetingMediaType ?? 'application/octet-stream',
    name: queue.greetingMediaName,
  }
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

/**
 * The queue's users, as the Usuários form sees them (user_queues). Disabled users may stay in a
 * queue (the Usuários form keeps them too) but only company users are accepted. Joining or leaving
 * a queue changes the user, so canManageUser applies: a plain admin may keep a super-admin where
 * they are (the form sends them back unchanged) but not add or remove them.
 */
function setQueueUsers(tx: Tx, actor: Actor, queueId: string, userIds: string[]) {
  const unique = [...new Set(userIds)]
  const before = tx
    .select({ userId: userQueues.userId })
    .from(userQueues)
    .where(and(eq(userQueues.companyId, actor.companyId), eq(userQueues.queueId, queueId)))
    .all()
    .map((row) => row.userId)
  const touched = [...new Set([...before, ...unique])].filter(
    (id) => before.includes(id) !== unique.includes(id),
  )
  if (unique.length) {
    const found = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.companyId, actor.companyId), inArray(users.id, unique)))
      .all()
    if (found.length !== unique.length) throw invalid('userIds', 'validation.invalid')
  }
  if (touched.length) {
    const targets = tx
      .select({ isSuperAdmin: users.isSuperAdmin })
      .from(users)
      .where(inArray(users.id, touched))
      .all()
    if (targets.some((target) => !canManageUser(actor, target)))
      throw new DomainError(
        'Only a super-admin may change the queues of a super-admin',
        'users.superAdminOnly',
        403,
        'userIds',
      )
  }
  tx.delete(userQueues)
    .where(and(eq(userQueues.companyId, actor.companyId), eq(userQueues.queueId, queueId)))
    .run()
  if (unique.length)
    tx.insert(userQueues)
      .values(unique.map((userId) => ({ userId, queueId, companyId: actor.companyId })))
      .run()
  for (const userId of touched)
    emit(tx, {
      type: 'user.changed',
      companyId: actor.companyId,
      audience: { type: 'admins' },
      payload: { userId },
    })
}

const greetingUpload = { field: 'greetingMedia', maxBytes: QUICK_REPLY_MEDIA_MAX_BYTES }

/** Columns the editor sets (not the name checks, users or options). */
function editorValues(input: QueueInput, media: StoredMedia | undefined) {
  return {
    name: input.name,
    color: input.color.toLowerCase(),
    order: input.order,
    type: input.type,
    autoCloseMinutes: input.type === 'auto_close' ? (input.autoCloseMinutes ?? 0) : null,
    greeting: input.greeting,
    outOfHoursMessage: input.outOfHoursMessage,
    businessHours: input.businessHours,
    ...(media
      ? {
          greetingMediaPath: media.path,
          greetingMediaType: media.mimeType,
          greetingMediaName: media.fileName ?? null,
        }
      : input.removeGreetingMedia
        ? { greetingMediaPath: null, greetingMediaType: null, greetingMediaName: null }
        : {}),
  }
}

export async function createQueue(db: Db, actor: Actor, input: QueueInput) {
  if (!isAdmin(actor)) throw forbidden()
  return withUpload(actor.companyId, input.greetingMedia, greetingUpload, (media) =>
    transaction(db, (tx) => {
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
        .values({ companyId: actor.companyId, ...editorValues(input, media) })
        .returning({ id: queues.id, name: queues.name })
        .get()
      setQueueUsers(tx, actor, queue.id, input.userIds)
      const options = saveOptionTree(tx, actor, queue.id, input.options)
      changed(tx, actor, 'queue.created', queue.id, { name: queue.name, options: options.saved })
      return queue
    }),
  )
}

export async function updateQueue(db: Db, actor: Actor, queueId: string, input: QueueInput) {
  const before = findQueue(db, actor, queueId)
  const result = await withUpload(actor.companyId, input.greetingMedia, greetingUpload, (media) =>
    transaction(db, (tx) => {
      assertNameFree(tx, actor, input.name, queueId)
      const queue = tx
        .update(queues)
        .set(editorValues(input, media))
        .where(and(eq(queues.id, queueId), eq(queues.companyId, actor.companyId)))
        .returning({ id: queues.id, name: queues.name })
        .get()
      if (!queue) throw notFound('Queue')
      setQueueUsers(tx, actor, queueId, input.userIds)
      const options = saveOptionTree(tx, actor, queueId, input.options)
      changed(tx, actor, 'queue.updated', queueId, {
        name: input.name,
        type: input.type,
        order: input.order,
        users: input.userIds.length,
        options: options.saved,
      })
      return queue
    }),
  )
  if (input.greetingMedia || input.removeGreetingMedia)
    await removeStoredFile(before.greetingMediaPath)
  return result
}

/**
 * Drag and drop on the list: `ids` in their new menu order get 1, 2, 3…; queues the list did not
 * have (created meanwhile) keep their relative order after them. An id of another company, or
 * twice, refuses the whole change.
 */
export function reorderQueues(db: Db, actor: Actor, ids: string[]) {
  if (!isAdmin(actor)) throw forbidden()
  return transaction(db, (tx) => {
    const current = tx
      .select({ id: queues.id })
      .from(queues)
      .where(eq(queues.companyId, actor.companyId))
      .orderBy(asc(queues.order), asc(queues.name))
      .all()
      .map((row) => row.id)
    const known = new Set(current)
    if (new Set(ids).size !== ids.length || ids.some((id) => !known.has(id)))
      throw invalid('ids', 'queues.reorderStale')
    const listed = new Set(ids)
    const order = [...ids, ...current.filter((id) => !listed.has(id))]
    order.forEach((id, index) =>
      tx
        .update(queues)
        .set({ order: index + 1 })
        .where(and(eq(queues.id, id), eq(queues.companyId, actor.companyId)))
        .run(),
    )
    audit(tx, actor, {
      action: 'queue.reordered',
      entityType: 'queue',
      entityId: order[0] ?? '',
      details: { ids: order },
    })
    emit(tx, {
      type: 'queue.changed',
      companyId: actor.companyId,
      audience: { type: 'company' },
      payload: { reordered: true },
    })
    return { count: order.length }
  })
}

/** What a queue still has: tickets waiting or being served, menu options of other queues aiming at it. */
export function queueDependents(db: DbOrTx, actor: Actor, queueId: string) {
  findQueue(db, actor, queueId)
  const ticketCount =
    db
      .select({ n: sql<number>`count(*)` })
      .from(tickets)
      .where(
        and(
          eq(tickets.companyId, actor.companyId),
          eq(tickets.queueId, queueId),
          inArray(tickets.status, ['pending', 'open']),
        ),
      )
      .get()?.n ?? 0
  const optionCount =
    db
      .select({ n: sql<number>`count(*)` })
      .from(queueOptions)
      .where(
        and(
          eq(queueOptions.companyId, actor.companyId),
          eq(queueOptions.targetQueueId, queueId),
          ne(queueOptions.queueId, queueId),
        ),
      )
      .get()?.n ?? 0
  return { tickets: ticketCount, options: optionCount }
}

/**
 * Deletes a queue. While it has open or waiting tickets, or other queues' menu options send
 * customers to it, the admin must pick another queue (`moveTo`): in the same transaction the
 * tickets move there (each with a "transferred" event in its history and a live update; a bot
 * that was inside this queue's submenu stops and the ticket waits for an agent), the options
 * and the connections that routed to it now point there, then the queue, its submenu and its
 * user links are deleted. Closed tickets keep their history without the queue.
 */
export async function deleteQueue(
  db: Db,
  actor: Actor,
  queueId: string,
  moveTo: string | null = null,
) {
  const queue = findQueue(db, actor, queueId)
  const moved = transaction(db, (tx) => {
    const dependents = queueDependents(tx, actor, queueId)
    if (!moveTo && (dependents.tickets > 0 || dependents.options > 0))
      throw new DomainError('Queue in use', 'queues.inUse', 409, 'moveTo', {
        tickets: dependents.tickets,
        options: dependents.options,
      })
    if (moveTo) {
      const target = tx
        .select({ id: queues.id })
        .from(queues)
        .where(and(eq(queues.id, moveTo), eq(queues.companyId, actor.companyId)))
        .get()
      if (!target || moveTo === queueId) throw invalid('moveTo', 'validation.invalid')
      // Its own options would then send customers to itself (see saveOptionTree).
      const selfAim = tx
        .select({ id: queueOptions.id })
        .from(queueOptions)
        .where(
          and(
            eq(queueOptions.companyId, actor.companyId),
            eq(queueOptions.queueId, moveTo),
            eq(queueOptions.targetQueueId, queueId),
          ),
        )
        .get()
      if (selfAim) throw invalid('moveTo', 'queues.moveToAimsHere')
    }
    let ticketCount = 0
    if (moveTo) {
      const active = tx
        .select()
        .from(tickets)
        .where(
          and(
            eq(tickets.companyId, actor.companyId),
            eq(tickets.queueId, queueId),
            inArray(tickets.status, ['pending', 'open']),
          ),
        )
        .all()
      for (const ticket of active) {
        const botState =
          ticket.botState?.queueId === queueId
            ? { ...ticket.botState, queueId: moveTo, path: [], done: true }
            : ticket.botState
        transferTicket(tx, actor, ticket, {
          queueId: moveTo,
          // Named so the history line keeps who had it (the assignee stays).
          userId: ticket.userId,
          status: ticket.status,
          botState,
        })
      }
      ticketCount = active.length
      tx.update(queueOptions)
        .set({ targetQueueId: moveTo })
        .where(
          and(eq(queueOptions.companyId, actor.companyId), eq(queueOptions.targetQueueId, queueId)),
        )
        .run()
      tx.update(connections)
        .set({ queueId: moveTo })
        .where(and(eq(connections.companyId, actor.companyId), eq(connections.queueId, queueId)))
        .run()
    }
    tx.delete(queues)
      .where(and(eq(queues.id, queueId), eq(queues.companyId, actor.companyId)))
      .run()
    changed(tx, actor, 'queue.deleted', queueId, {
      name: queue.name,
      movedTickets: ticketCount,
      moveTo,
    })
    return ticketCount
  })
  await removeStoredFile(queue.greetingMediaPath)
  return { id: queue.id, name: queue.name, movedTickets: moved }
}
