/**
 * `npm run bench -- idle-rss`: the resident memory of an idle process holding 10 simulator
 * connections: a fresh migrated database, the app's channel manager (createChannelManager, which
 * loads every adapter, Baileys included, as the server does) with 10 running sessions; after ~2 s
 * and a forced GC (run with --expose-gc, as `npm run bench` does), process RSS.
 *
 * Prints one line: {"name":"idle-rss","rss_mb":…} (goal < 250).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { mb, pointEnvAt, sleep } from './harness.ts'

const CONNECTIONS = 10

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-bench-idle-'))
pointEnvAt(dir, 'idle.db')

try {
  // Imported after the env is set: the app's database singleton is this benchmark's file.
  const { db, migrateDatabase } = await import('#app/utils/db.server.ts')
  const { createChannelManager } = await import('#app/runtime/channels/adapters.server.ts')
  const { companies } = await import('#db/schema/companies.ts')
  const { connections } = await import('#db/schema/connections.ts')
  migrateDatabase(db)

  const company = db.insert(companies).values({ name: 'Bench' }).returning().get()
  const ids = Array.from(
    { length: CONNECTIONS },
    (_, i) =>
      db
        .insert(connections)
        // "connected" before the restart: started at boot.
        .values({
          companyId: company.id,
          name: `Simulador ${i + 1}`,
          channel: 'simulator',
          status: 'connected',
          isDefault: i === 0,
        })
        .returning({ id: connections.id })
        .get().id,
  )

  const manager = createChannelManager(db)
  await manager.startAll()
  await sleep(2_000)
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    gc()
    await sleep(100)
    gc()
  } else {
    console.error('idle-rss: no --expose-gc, RSS measured without a forced GC')
  }
  const memory = process.memoryUsage()
  const connected = ids.filter((id) => manager.isConnected(id)).length
  console.error(
    `idle-rss: ${connected}/${CONNECTIONS} simulator connections up; heap used ${mb(memory.heapUsed)} MB, ` +
      `external ${mb(memory.external)} MB`,
  )
  if (connected !== CONNECTIONS)
    throw new Error(`only ${connected} of ${CONNECTIONS} connections are up`)
  console.log(JSON.stringify({ name: 'idle-rss', rss_mb: mb(memory.rss), connections: connected }))

  await manager.stopAll()
  db.$client.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
