/**
 * What the benchmarks share: memory figures, the environment of a benchmark process, the admin
 * user a benchmark acts as, and the child processes that keep each measured side's memory apart.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Actor } from '#app/domain/actor.ts'
import type { Db } from '#app/utils/db.server.ts'
import { users } from '#db/schema/users.ts'

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

/** Peak resident set of this process so far (maxRSS is in KiB). */
export const peakRssMb = () => mb(process.resourceUsage().maxRSS * 1024)

/**
 * Points the app's settings at a scratch folder: its database file `file` and media folder. Call
 * it before importing app modules: the database singleton opens DATABASE_PATH on import.
 */
export function pointEnvAt(dir: string, file: string) {
  Object.assign(process.env, {
    NODE_ENV: 'production',
    DATABASE_PATH: path.join(dir, file),
    MEDIA_DIR: path.join(dir, 'media'),
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
  })
}

/** The company's admin (who sees every ticket) and the Actor the app's functions take for them. */
export function insertBenchAdmin(db: Db, companyId: string) {
  const admin = db
    .insert(users)
    .values({
      companyId,
      name: 'Admin',
      email: 'admin@bench.test',
      passwordHash: 'x',
      role: 'admin',
    })
    .returning()
    .get()
  const actor: Actor = {
    userId: admin.id,
    companyId,
    role: 'admin',
    queueIds: [],
    allTickets: true,
    isSuperAdmin: false,
    name: admin.name,
  }
  return { admin, actor }
}

/**
 * Runs the benchmark file `moduleUrl` again in a child process with `--side <side>` and `args`
 * and returns the JSON of the last line it prints (see runSideHere).
 */
export function runSideInChild<T>(moduleUrl: string, side: string, args: string[] = []): T {
  const self = fileURLToPath(moduleUrl)
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', self, '--side', side, ...args],
    {
      cwd: path.resolve(path.dirname(self), '../..'),
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  )
  const name = path.basename(self, '.ts')
  if (child.status !== 0)
    throw new Error(`${name} ${side} side failed (exit ${child.status ?? child.signal})`)
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as T
}

/**
 * In the child process: runs one side in a fresh scratch folder, prints its result as one JSON
 * line and removes the folder.
 */
export async function runSideHere(prefix: string, run: (dir: string) => Promise<unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  try {
    process.stdout.write(`${JSON.stringify(await run(dir))}\n`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
