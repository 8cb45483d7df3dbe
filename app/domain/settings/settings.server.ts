import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { type Actor, isAdmin } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { forbidden } from '#app/domain/errors.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, prepared } from '#app/utils/db.server.ts'
import { settings } from '#db/schema/system.ts'

/** Every company setting, with its type and default. */
export const SETTINGS = {
  /** A customer writing within N minutes of a close reopens that ticket (0 = always a new one). */
  'tickets.reopenWindowMinutes': z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(0),
  /** Agents do not see tickets without a queue (admins and "all tickets" users still do). */
  'tickets.hideQueuelessFromAgents': z.boolean().default(false),
  /** Whose business hours the bot checks: the connection's, or the queue the ticket enters. */
  'bot.hoursScope': z.enum(['connection', 'queue']).default('connection'),
  /** The bot may hand a ticket to an agent who is offline or outside their work hours. */
  'bot.assignOfflineAgents': z.boolean().default(false),
  /** A scheduled message waits this long for an offline connection, retrying every minute. */
  'schedules.offlineRetryMinutes': z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  /**
   * Hosts (names or IP addresses) webhooks may reach even when they resolve to a private,
   * loopback or local address (Administração › Integrações; the SSRF guard reads it).
   */
  'integrations.allowedHosts': z.array(z.string().min(1).max(253)).max(50).default([]),
} as const

export type SettingKey = keyof typeof SETTINGS
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]>

export function getSetting<K extends SettingKey>(
  db: DbOrTx,
  companyId: string,
  key: K,
): SettingValue<K> {
  // Prepared: the inbound spine reads a setting for every conversation it opens.
  const row = prepared(db, 'settings.get', () =>
    db
      .select({ value: settings.value })
      .from(settings)
      .where(
        and(
          eq(settings.companyId, sql.placeholder('companyId')),
          eq(settings.key, sql.placeholder('key')),
        ),
      )
      .prepare(),
  ).get({ companyId, key })
  const parsed = SETTINGS[key].safeParse(row?.value ?? undefined)
  return (parsed.success ? parsed.data : SETTINGS[key].parse(undefined)) as SettingValue<K>
}

export function setSetting<K extends SettingKey>(
  db: Db,
  actor: Actor,
  key: K,
  value: SettingValue<K>,
) {
  if (!isAdmin(actor)) throw forbidden()
  const parsed = SETTINGS[key].parse(value)
  transaction(db, (tx) => {
    tx.insert(settings)
      .values({ companyId: actor.companyId, key, value: parsed })
      .onConflictDoUpdate({
        target: [settings.companyId, settings.key],
        set: { value: parsed, updatedAt: Date.now() },
      })
      .run()
    audit(tx, actor, {
      action: 'setting.updated',
      entityType: 'setting',
      entityId: key,
      details: { value: parsed },
    })
    // Open live streams read the settings that decide what they show again (hidden tickets).
    emit(tx, {
      type: 'settings.changed',
      companyId: actor.companyId,
      audience: { type: 'admins' },
      payload: { key },
    })
  })
}
