import { and, eq } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { DomainError, invalid } from '#app/domain/errors.ts'
import { runningChannels } from '#app/runtime/runtime.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { importPeople } from './import.server.ts'
import { assertCanManageContacts } from './manage.server.ts'

/** Connections the phone's contacts can be imported from (connected ones are enabled). */
export function deviceImportOptions(db: DbOrTx, actor: Actor) {
  assertCanManageContacts(actor)
  return db
    .select({ id: connections.id, name: connections.name, status: connections.status })
    .from(connections)
    .where(eq(connections.companyId, actor.companyId))
    .all()
    .map((connection) => ({
      ...connection,
      connected: runningChannels()?.isConnected(connection.id) ?? false,
    }))
}

/**
 * "Importar do WhatsApp": the contacts the connected phone shared with Balcão become contacts
 * (source "device"), through the same validation and upsert as a sheet; returns the import.
 */
export async function importDeviceContacts(db: Db, actor: Actor, connectionId: string) {
  assertCanManageContacts(actor)
  const connection = db
    .select()
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.companyId, actor.companyId)))
    .get()
  if (!connection) throw invalid('connectionId', 'validation.invalid')
  const channels = runningChannels()
  const adapter = channels?.adapterOf(connection.id)
  if (!channels?.isConnected(connection.id) || !adapter)
    throw new DomainError('Not connected', 'contacts.device.notConnected', 409)
  if (!adapter.listContacts)
    throw new DomainError('The channel does not share contacts', 'contacts.device.unsupported', 409)
  const people = await adapter.listContacts()
  if (!people.length) throw new DomainError('No contacts', 'contacts.device.none', 409)
  return importPeople(db, actor, { label: connection.name, people })
}
