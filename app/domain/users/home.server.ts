import { and, asc, eq, inArray } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { queues } from '#db/schema/queues.ts'
import { getOwnProfile, listTeam } from './users.server.ts'

/** The start page: who I am, my team with presence, my queues. */
export function getHome(db: DbOrTx, actor: Actor) {
  const me = getOwnProfile(db, actor)
  const myQueues = actor.queueIds.length
    ? db
        .select({ id: queues.id, name: queues.name, color: queues.color })
        .from(queues)
        .where(and(eq(queues.companyId, actor.companyId), inArray(queues.id, actor.queueIds)))
        .orderBy(asc(queues.order))
        .all()
    : []
  return {
    me: { name: me.name, role: me.role, workStart: me.workStart, workEnd: me.workEnd },
    team: listTeam(db, actor),
    queues: myQueues,
  }
}
