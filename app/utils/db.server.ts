import fs from 'node:fs'
import path from 'node:path'
import { remember } from '@epic-web/remember'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from '#db/schema/index.ts'
import { getEnv } from './env.server.ts'
import { registerSearchFunctions } from './search-text.ts'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }
/** A transaction handle; domain functions accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx

export const MIGRATIONS_FOLDER = path.resolve('db/migrations')

/** Opens a SQLite file with the pragmas every connection needs. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // The ticket search checks rows one by one with the same rules as its indexes.
  registerSearchFunctions(sqlite)
  return drizzle({ client: sqlite, schema, casing: 'snake_case' }) as Db
}

export function migrateDatabase(database: Db) {
  migrate(database, { migrationsFolder: MIGRATIONS_FOLDER })
}

/** The process-wide database, opened once (survives dev reloads). */
export const db: Db = remember('db', () => openDatabase(getEnv().DATABASE_PATH))

export function closeDatabase() {
  if (db.$client.open) db.$client.close()
}

const statements = new WeakMap<Database.Database, Map<string, unknown>>()

/** The SQLite connection behind a database or transaction handle. */
function clientOf(db: DbOrTx): Database.Database {
  return '$client' in db
    ? db.$client
    : (db as unknown as { session: { client: Database.Database } }).session.client
}

/**
 * A drizzle prepared statement built once per connection and reused: hot paths (the inbound
 * spine) skip query building on every call. Build it with `sql.placeholder` values.
 */
export function prepared<T>(db: DbOrTx, key: string, build: () => T): T {
  const client = clientOf(db)
  let cache = statements.get(client)
  if (!cache) statements.set(client, (cache = new Map()))
  let statement = cache.get(key) as T | undefined
  if (!statement) cache.set(key, (statement = build()))
  return statement
}
