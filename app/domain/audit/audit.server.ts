import { and, desc, eq } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { auditLog } from '#db/schema/system.ts'

/** Records an admin action; call it in the transaction of the change. */
export function audit(
  tx: DbOrTx,
  actor: Actor,
  entry: {
    action: string
    entityType: string
    entityId?: string
    details?: Record<string, unknown>
  },
) {
  tx.insert(auditLog)
    .values({
      companyId: actor.companyId,
      actorUserId: actor.userId === 'system' ? null : actor.userId,
      actorName: actor.name,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      details: entry.details ?? null,
    })
    .run()
}

export function listAudit(
  db: DbOrTx,
  actor: Actor,
  filter: { entityId?: string; limit?: number } = {},
) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.companyId, actor.companyId),
        filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt))
    .limit(filter.limit ?? 100)
    .all()
}
