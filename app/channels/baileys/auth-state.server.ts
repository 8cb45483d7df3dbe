import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
} from 'baileys'
import { type AuthStore } from '#app/channels/types.ts'

export type SqliteAuthState = {
  state: AuthenticationState
  /** Persists the whole creds object (call on every `creds.update`). */
  saveCreds: () => void
  /**
   * Deletes the session (creds and every key) and turns later writes into no-ops, so a socket that
   * is still winding down after a logout cannot write a half session back.
   */
  clear: () => void
}

const serialize = (value: unknown) => JSON.stringify(value, BufferJSON.replacer)
const deserialize = (json: string): unknown => JSON.parse(json, BufferJSON.reviver)

/**
 * Baileys' auth state (creds + Signal keys) over the channel's AuthStore, like
 * `useMultiFileAuthState` but in SQLite: values are BufferJSON text, every key type is stored the
 * same generic way (type, id) → value, and one `keys.set` call is one `writeKeys` transaction.
 */
export function useSqliteAuthState(store: AuthStore): SqliteAuthState {
  return createSqliteAuthState(store)
}

/** The same as useSqliteAuthState, under a name lint does not take for a React hook. */
export function createSqliteAuthState(store: AuthStore): SqliteAuthState {
  const stored = store.readCreds()
  const creds: AuthenticationCreds = stored
    ? (deserialize(stored) as AuthenticationCreds)
    : initAuthCreds()
  let cleared = false

  return {
    state: {
      creds,
      keys: {
        get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
          const rows = store.readKeys(type, ids)
          const result: { [id: string]: SignalDataTypeMap[T] } = {}
          for (const id of ids) {
            const json = rows[id]
            if (json === undefined) continue
            let value = deserialize(json)
            if (type === 'app-state-sync-key' && value) {
              value = proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>)
            }
            result[id] = value as SignalDataTypeMap[T]
          }
          return result
        },
        set(data: SignalDataSet) {
          if (cleared) return
          const entries: Array<{ type: string; id: string; value: string | null }> = []
          for (const [type, values] of Object.entries(data)) {
            if (!values) continue
            for (const [id, value] of Object.entries(values)) {
              entries.push({
                type,
                id,
                value: value === null || value === undefined ? null : serialize(value),
              })
            }
          }
          if (entries.length) store.writeKeys(entries)
        },
      },
    },
    saveCreds() {
      if (cleared) return
      store.writeCreds(serialize(creds))
    },
    clear() {
      cleared = true
      store.clear()
    },
  }
}
