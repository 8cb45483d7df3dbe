import fs from 'node:fs'
import path from 'node:path'
import { remember } from '@epic-web/remember'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from '#db/schema/index.ts'
import { getEnv } from './env.server.ts'

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
