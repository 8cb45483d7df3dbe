import { and, eq } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { DomainError, invalid } from '#app/domain/errors.ts'
import { enqueue, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { createDeviceImport } from './import.server.ts'
import { assertCanManageContacts } from './manage.server.ts'

/**
 * The job that reads the phone's contacts and imports them. The runtime handles it (the channel
 * manager holds the session that can list them) and hands the list to runDeviceImport.
 */
export const DEVICE_IMPORT_JOB = 'contacts.device-import'
export type DeviceImportJob = { importId: string; connectionId: string }

/** Connections the phone's contacts can be imported from (connected ones are enabled). */
export function deviceImportOptions(db: DbOrTx, actor: Actor) {
  assertCanManageContacts(actor)
  return db
    .select({ id: connections.id, name: connections.name, status: connections.status })
    .from(connections)
    .where(eq(connections.companyId, actor.companyId))
    .all()
    .map((connection) => ({ ...connection, connected: connection.status === 'connected' }))
}

/**
 * "Importar do WhatsApp": the contacts the connected phone shared with Balcão become contacts
 * (source "device"), through the same validation and upsert as a sheet. Returns the import at
 * once; a job asks the channel manager for the phone's contacts (ADR 007: whichever process holds
 * the session), and the import page follows its progress events.
 */
export function importDeviceContacts(db: Db, actor: Actor, connectionId: string) {
  assertCanManageContacts(actor)
  const connection = db
    .select()
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.companyId, actor.companyId)))
    .get()
  if (!connection) throw invalid('connectionId', 'validation.invalid')
  // The status the manager recorded: a phone that is not connected has nothing to share.
  if (connection.status !== 'connected')
    throw new DomainError('Not connected', 'contacts.device.notConnected', 409)
  return transaction(db, (tx) => {
    const row = createDeviceImport(tx, actor, { label: connection.name })
    const job: DeviceImportJob = { importId: row.id, connectionId: connection.id }
    enqueue(tx, { kind: DEVICE_IMPORT_JOB, companyId: actor.companyId, payload: job })
    return row
  })
}
