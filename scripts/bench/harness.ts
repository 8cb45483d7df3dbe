/**
 * What the benchmarks share: memory figures, the environment of a benchmark process, the admin
 * user a benchmark acts as, the child processes that keep each measured side's memory apart, and
 * the production server a benchmark measures over HTTP.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A TCP port nothing listens on right now. */
export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/**
 * Starts the production server (`scripts/start.ts`, built into tests/.tmp/build-bench when stale)
 * in a child process on `port`, with the simulator on and the rate limits lifted, on the database
 * the environment points at (pointEnvAt); resolves once /healthz answers (up to 5 minutes).
 * BENCH_SERVER_NODE_ARGS: extra node flags for the server (e.g. `--cpu-prof` to profile it).
 */
export async function startBenchServer(port: number): Promise<ChildProcess> {
  const root = path.resolve(import.meta.dirname, '../..')
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(
    process.execPath,
    [...extra, '--import', 'tsx', path.join(root, 'scripts/start.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        BUILD_DIR: 'tests/.tmp/build-bench',
        SIMULATOR: 'on',
        RATE_LIMIT_FACTOR: '100000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const deadline = Date.now() + 300_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`)
    if (Date.now() > deadline) throw new Error('server did not start')
    const up = await fetch(`http://localhost:${port}/healthz`).then(
      (response) => response.ok,
      () => false,
    )
    if (up) return child
    await sleep(500)
  }
}
