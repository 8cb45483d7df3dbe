import { and, eq, inArray } from 'drizzle-orm'
import { type AuthStore } from '#app/channels/types.ts'
import { type Db } from '#app/utils/db.server.ts'
import { channelAuthCreds, channelAuthKeys } from '#db/schema/connections.ts'

/**
 * A connection's channel session (Baileys creds and Signal keys) in SQLite, never in files:
 * sessions survive restarts and deploys. Each write call is one transaction.
 */
export function sqliteAuthStore(db: Db, connection: { id: string; companyId: string }): AuthStore {
  const connectionId = connection.id
  return {
    readCreds() {
      return (
        db
          .select({ creds: channelAuthCreds.creds })
          .from(channelAuthCreds)
          .where(eq(channelAuthCreds.connectionId, connectionId))
          .get()?.creds ?? null
      )
    },
    writeCreds(json) {
      db.insert(channelAuthCreds)
        .values({ connectionId, companyId: connection.companyId, creds: json })
        .onConflictDoUpdate({
          target: channelAuthCreds.connectionId,
          set: { creds: json, updatedAt: Date.now() },
        })
        .run()
    },
    readKeys(type, ids) {
      if (ids.length === 0) return {}
      const rows = db
        .select({ keyId: channelAuthKeys.keyId, value: channelAuthKeys.value })
        .from(channelAuthKeys)
        .where(
          and(
            eq(channelAuthKeys.connectionId, connectionId),
            eq(channelAuthKeys.type, type),
            inArray(channelAuthKeys.keyId, ids),
          ),
        )
        .all()
      return Object.fromEntries(rows.map((row) => [row.keyId, row.value]))
    },
    writeKeys(entries) {
      db.transaction((tx) => {
        for (const { type, id, value } of entries) {
          if (value === null) {
            tx.delete(channelAuthKeys)
              .where(
                and(
                  eq(channelAuthKeys.connectionId, connectionId),
                  eq(channelAuthKeys.type, type),
                  eq(channelAuthKeys.keyId, id),
                ),
              )
              .run()
          } else {
            tx.insert(channelAuthKeys)
              .values({ connectionId, companyId: connection.companyId, type, keyId: id, value })
              .onConflictDoUpdate({
                target: [channelAuthKeys.connectionId, channelAuthKeys.type, channelAuthKeys.keyId],
                set: { value },
              })
              .run()
          }
        }
      })
    },
    clear() {
      db.transaction((tx) => {
        tx.delete(channelAuthKeys).where(eq(channelAuthKeys.connectionId, connectionId)).run()
        tx.delete(channelAuthCreds).where(eq(channelAuthCreds.connectionId, connectionId)).run()
      })
    },
  }
}
