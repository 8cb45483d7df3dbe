import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, type MockInstance, vi } from 'vitest'
import { BASE_DB_PATH, TMP_DIR } from './global-setup.ts'

/**
 * Runs in every test file before its imports: the app's DB singleton and env are created from
 * these values, so each test file gets its own fresh, migrated database and media folder.
 */
const unique = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`
const databasePath = path.join(TMP_DIR, `test-${unique}.db`)
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-media-'))

fs.copyFileSync(BASE_DB_PATH, databasePath)

process.env.NODE_ENV = 'test'
process.env.DATABASE_PATH = databasePath
process.env.MEDIA_DIR = mediaDir
process.env.SESSION_SECRET = 'test-session-secret-0123456789abcdef'
process.env.LOG_LEVEL = 'silent'
delete process.env.ADMIN_EMAIL
delete process.env.ADMIN_PASSWORD

/**
 * Any console.error fails the test. A test that expects one silences the spy:
 * `consoleError.mockImplementation(() => {})`, then asserts it was called.
 */
export let consoleError: MockInstance<(typeof console)['error']>

beforeEach(() => {
  const originalConsoleError = console.error
  consoleError = vi.spyOn(console, 'error')
  consoleError.mockImplementation((...args: Parameters<typeof console.error>) => {
    originalConsoleError(...args)
    throw new Error(
      'console.error was called. If that is expected, call consoleError.mockImplementation(() => {}) and assert it.',
    )
  })
})

afterAll(async () => {
  // Close the app's singleton only if this file opened it (importing db.server.ts would open it).
  const remembered = (globalThis as { __remember_epic_web?: Map<string, unknown> })
    .__remember_epic_web
  if (remembered?.has('db')) {
    const { closeDatabase } = await import('#app/utils/db.server.ts')
    closeDatabase()
  }
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    fs.rmSync(`${databasePath}${suffix}`, { force: true })
  fs.rmSync(mediaDir, { recursive: true, force: true })
})
