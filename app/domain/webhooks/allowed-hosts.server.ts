import { getSetting } from '#app/domain/settings/settings.server.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'

/**
 * The hosts a company's webhooks may reach even on private or local addresses (the setting
 * `integrations.allowedHosts`, edited in Administração › Integrações). The delivery job reads it
 * for every attempt, so a change applies to the next one.
 */
export function companyAllowedHosts(db: DbOrTx, companyId: string): readonly string[] {
  return getSetting(db, companyId, 'integrations.allowedHosts')
}
