import { and, eq, inArray } from 'drizzle-orm'
import { emit } from '#app/domain/outbox.server.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { schedules } from '#db/schema/schedules.ts'

/**
 * Called by the send queue in the transaction that records a message's outcome: the schedule that
 * produced the message becomes `sent` or `failed` (with the channel's reason). A message retried
 * by hand after a failure turns its schedule `sent` too. Cheap for every other message (one
 * indexed lookup that finds nothing).
 */
export function recordScheduleOutcome(
  tx: DbOrTx,
  messageId: string,
  outcome: { status: string; error?: string },
) {
  if (outcome.status !== 'sent' && outcome.status !== 'failed') return
  const now = Date.now()
  const row = tx
    .update(schedules)
    .set(
      outcome.status === 'sent'
        ? { status: 'sent', sentAt: now, error: null, updatedAt: now }
        : {
            status: 'failed',
            error: outcome.error ?? 'schedules.errors.sendFailed',
            updatedAt: now,
          },
    )
    .where(
      and(
        eq(schedules.messageId, messageId),
        inArray(schedules.status, outcome.status === 'sent' ? ['sending', 'failed'] : ['sending']),
      ),
    )
    .returning({ id: schedules.id, companyId: schedules.companyId, status: schedules.status })
    .get()
  if (!row) return
  emit(tx, {
    type: 'schedule.updated',
    companyId: row.companyId,
    audience: { type: 'company' },
    payload: { scheduleId: row.id, status: row.status },
  })
}
