import fs from 'node:fs'
import path from 'node:path'

/** The migrated database every test file starts from (copied, never opened by tests). */
export const TMP_DIR = path.resolve('tests/.tmp')
export const BASE_DB_PATH = path.join(TMP_DIR, 'base.db')
const MIGRATIONS_DIR = path.resolve('db/migrations')

function newestMtime(dir: string): number {
  let newest = fs.statSync(dir).mtimeMs
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs)
  }
  return newest
}

function removeDbFiles(file: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    fs.rmSync(`${file}${suffix}`, { force: true })
}

/** Migrates tests/.tmp/base.db, only when a migration is newer than it. */
export async function setup() {
  fs.mkdirSync(TMP_DIR, { recursive: true })
  if (
    fs.existsSync(BASE_DB_PATH) &&
    fs.statSync(BASE_DB_PATH).mtimeMs >= newestMtime(MIGRATIONS_DIR)
  ) {
    return
  }
  // Importing db.server.ts opens the app's singleton from DATABASE_PATH: keep it in memory here so
  // global setup never touches ./data.
  // (A SESSION_SECRET is set too, or env.server.ts would write a .session-secret file.)
  const temporary = {
    DATABASE_PATH: ':memory:',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'global-setup-secret-0123456789',
  }
  const saved = Object.fromEntries(Object.keys(temporary).map((key) => [key, process.env[key]]))
  Object.assign(process.env, temporary)
  try {
    const { openDatabase, migrateDatabase } = await import('#app/utils/db.server.ts')
    const building = path.join(TMP_DIR, `base-building-${process.pid}.db`)
    removeDbFiles(building)
    const database = openDatabase(building)
    try {
      migrateDatabase(database)
      // A self-contained file (no -wal beside it), so a plain copy is a complete database.
      database.$client.pragma('wal_checkpoint(TRUNCATE)')
      database.$client.pragma('journal_mode = DELETE')
    } finally {
      database.$client.close()
    }
    removeDbFiles(BASE_DB_PATH)
    fs.renameSync(building, BASE_DB_PATH)
    removeDbFiles(building)
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}
