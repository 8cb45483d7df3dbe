/**
 * The server Playwright drives: the production build (rebuilt when stale) on a fresh database,
 * exactly as `npm start` runs it.
 */
import fs from 'node:fs'
import path from 'node:path'

const dbPath = process.env.DATABASE_PATH
if (!dbPath?.includes(`${path.sep}.tmp${path.sep}`)) throw new Error(`refusing to wipe ${dbPath}`)
fs.rmSync(path.dirname(dbPath), { recursive: true, force: true })
await import('../scripts/start.ts')
