import { asc, eq } from 'drizzle-orm'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { ticketEvents, type TicketEventType, type TicketStatus } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'
import { queues } from '#db/schema/queues.ts'
import { alias } from 'drizzle-orm/sqlite-core'

type Change = {
  type: TicketEventType
  userId?: string | null
  fromStatus?: TicketStatus | null
  toStatus?: TicketStatus | null
  fromUserId?: string | null
  toUserId?: string | null
  fromQueueId?: string | null
  toQueueId?: string | null
  note?: string | null
}

/** Appends one line to a ticket's history (who, when, from → to); call it in the change's transaction. */
export function recordTicketEvent(
  tx: DbOrTx,
  ticket: { id: string; companyId: string },
  change: Change,
) {
  tx.insert(ticketEvents)
    .values({
      companyId: ticket.companyId,
      ticketId: ticket.id,
      type: change.type,
      userId: change.userId === 'system' ? null : (change.userId ?? null),
      fromStatus: change.fromStatus ?? null,
      toStatus: change.toStatus ?? null,
      fromUserId: change.fromUserId ?? null,
      toUserId: change.toUserId ?? null,
      fromQueueId: change.fromQueueId ?? null,
      toQueueId: change.toQueueId ?? null,
      note: change.note ?? null,
    })
    .run()
}

const actorUser = alias(users, 'actor_user')
const toUser = alias(users, 'to_user')
const toQueue = alias(queues, 'to_queue')

/** The timeline of a ticket with names, oldest first (the caller checked access). */
export function ticketTimeline(db: DbOrTx, ticketId: string) {
  return db
    .select({
      id: ticketEvents.id,
      type: ticketEvents.type,
      createdAt: ticketEvents.createdAt,
      fromStatus: ticketEvents.fromStatus,
      toStatus: ticketEvents.toStatus,
      note: ticketEvents.note,
      actorName: actorUser.name,
      toUserName: toUser.name,
      toQueueName: toQueue.name,
    })
    .from(ticketEvents)
    .leftJoin(actorUser, eq(actorUser.id, ticketEvents.userId))
    .leftJoin(toUser, eq(toUser.id, ticketEvents.toUserId))
    .leftJoin(toQueue, eq(toQueue.id, ticketEvents.toQueueId))
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.createdAt), asc(ticketEvents.id))
    .all()
}
