/**
 * `npm run bench -- api-send`: the HTTP API's send path (issue 13).
 *
 * - http: the production server (`scripts/start.ts`, built into tests/.tmp/build-bench when
 *   stale) runs in a child process on a scratch database with the simulator on; this process
 *   seeds a company with a simulator connection and a `send` token, then sends BENCH_N (default
 *   5000) authenticated `POST /api/messages/send` requests (JSON, 500 customers in turn) over
 *   keep-alive HTTP, BENCH_CONCURRENCY (8) at a time. The server does everything it does in
 *   production meanwhile: the simulator's send queue delivers each message and its receipts.
 *   The per-token rate limit is lifted (RATE_LIMIT_FACTOR) — it is what is being measured around.
 * - in-process: in its own child process, on its own scratch database seeded the same way, the
 *   same BENCH_N sends as direct calls of the domain function the route calls (`sendFromApi`),
 *   one after the other — no HTTP, no token check, no runtime.
 *
 * Both sides first send BENCH_WARMUP (200) messages that are not counted.
 *
 * Prints one line: {"name":"api-send","requests_per_s","p99_ms","ratio",…} where ratio is
 * requests_per_s over the in-process sends per second (goal ≥ 0.3, p99 < 50 ms); `undelivered`
 * counts the messages the simulator had not taken a minute after the last answer (must be 0).
 */
import { type ChildProcess } from 'node:child_process'
import http from 'node:http'
import {
  freePort,
  pointEnvAt,
  runSideHere,
  runSideInChild,
  sleep,
  startBenchServer,
} from './harness.ts'

const N = Number(process.env.BENCH_N ?? 5000)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const PHONES = 500

const log = (message: string) => process.stderr.write(`api-send: ${message}\n`)

/** The i-th send: 500 customers in turn (warm-up numbers are others). */
function sendBody(i: number, warmup = false) {
  const phone = `5511${warmup ? 97 : 98}${1_234_001 + (i % PHONES)}`
  return {
    number: phone,
    body: `Pedido ${i}: seu pagamento foi aprovado e o pedido sai hoje para entrega.`,
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

type InProcessResult = { n: number; seconds: number; per_s: number; p99_ms: number }

/** The company, its simulator connection (default) and an API token with the `send` scope. */
async function seed() {
  const { db } = await import('#app/utils/db.server.ts')
  const { systemActor } = await import('#app/domain/actor.ts')
  const { createApiToken } = await import('#app/domain/api/tokens.server.ts')
  const { createConnection } = await import('#app/domain/connections/connections.server.ts')
  const { companies } = await import('#db/schema/companies.ts')
  const { queues } = await import('#db/schema/queues.ts')
  const company = db.insert(companies).values({ name: 'Bench API' }).returning().get()
  const queue = db
    .insert(queues)
    .values({ companyId: company.id, name: 'Atendimento' })
    .returning()
    .get()
  const actor = systemActor(company.id)
  const connection = createConnection(db, actor, {
    name: 'Simulador',
    channel: 'simulator',
    isDefault: true,
    groupsEnabled: false,
    queueId: queue.id,
  })
  const token = createApiToken(db, actor, { name: 'bench', scopes: ['send'] })
  return { db, company, connection, token }
}

async function runInProcess(dir: string): Promise<InProcessResult> {
  pointEnvAt(dir, 'inproc.db')
  const { db, migrateDatabase } = await import('#app/utils/db.server.ts')
  migrateDatabase(db)
  const { token } = await seed()
  const { authenticateApiToken } = await import('#app/domain/api/tokens.server.ts')
  const { sendFromApi } = await import('#app/domain/api/send.server.ts')
  const { setNumberChecker } = await import('#app/domain/connections/number-check.server.ts')
  const { simulatorNumberCheck } = await import('#app/channels/simulator/adapter.server.ts')
  // No runtime here: the simulator's own rule answers the number check, as its session would.
  setNumberChecker(async (_connectionId, phone) => simulatorNumberCheck(phone))
  const auth = authenticateApiToken(db, token.secret)
  if (!auth.ok) throw new Error('bench token refused')
  for (let i = 0; i < WARMUP; i++) await sendFromApi(db, auth.credential, sendBody(i, true))
  const latencies: number[] = []
  const start = performance.now()
  for (let i = 0; i < N; i++) {
    const at = performance.now()
    await sendFromApi(db, auth.credential, sendBody(i))
    latencies.push(performance.now() - at)
  }
  const seconds = (performance.now() - start) / 1000
  latencies.sort((a, b) => a - b)
  db.$client.close()
  return { n: N, seconds, per_s: N / seconds, p99_ms: percentile(latencies, 99) }
}

/** One POST over the keep-alive agent: its status and latency. */
function post(agent: http.Agent, port: number, secret: string, body: unknown) {
  const payload = JSON.stringify(body)
  const at = performance.now()
  return new Promise<{ status: number; ms: number; text: string }>((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/messages/send',
        headers: {
          authorization: `Bearer ${secret}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            ms: performance.now() - at,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(payload)
  })
}

async function runHttp(dir: string) {
  pointEnvAt(dir, 'http.db')
  const port = await freePort()
  let server: ChildProcess | undefined
  try {
    log(`starting the server on ${port} (builds into tests/.tmp/build-bench when stale)…`)
    server = await startBenchServer(port)
    // Seeded here, in the server's database file (WAL: both processes read and write it).
    const { token } = await seed()
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
    // The channel manager brings the simulator session up: the number check answers then.
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`http://127.0.0.1:${port}/api/numbers/5511987654321/check`, {
        headers: { authorization: `Bearer ${token.secret}` },
      })
      const body = (await response.json()) as { existsInWhatsapp?: boolean | null }
      if (body.existsInWhatsapp === true) break
      if (attempt > 120)
        throw new Error(`the simulator connection did not come up: ${response.status}`)
      await sleep(250)
    }
    const drive = async (count: number, warmup: boolean) => {
      const latencies: number[] = []
      const failures: string[] = []
      let next = 0
      const lanes = Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          const i = next++
          const result = await post(agent, port, token.secret, sendBody(i, warmup))
          latencies.push(result.ms)
          if (result.status !== 201) failures.push(`${result.status} ${result.text.slice(0, 200)}`)
        }
      })
      const start = performance.now()
      await Promise.all(lanes)
      return { seconds: (performance.now() - start) / 1000, latencies, failures }
    }
    log(`warming up with ${WARMUP} sends…`)
    await drive(WARMUP, true)
    log(`${N} sends, ${CONCURRENCY} at a time…`)
    const run = await drive(N, false)
    agent.destroy()
    // Every send reaches the simulator's phone: wait for the send queue to empty.
    const { messages } = await import('#db/schema/tickets.ts')
    const { inArray } = await import('drizzle-orm')
    const { db } = await import('#app/utils/db.server.ts')
    const pending = () =>
      db
        .select({ id: messages.id })
        .from(messages)
        .where(inArray(messages.status, ['queued', 'sending', 'failed']))
        .all().length
    const deadline = Date.now() + 60_000
    while (pending() && Date.now() < deadline) await sleep(250)
    const undelivered = pending()
    if (run.failures.length)
      log(`${run.failures.length} sends failed, e.g. ${run.failures.slice(0, 3).join(' | ')}`)
    run.latencies.sort((a, b) => a - b)
    return {
      n: N,
      seconds: run.seconds,
      per_s: N / run.seconds,
      p50_ms: percentile(run.latencies, 50),
      p99_ms: percentile(run.latencies, 99),
      failed: run.failures.length,
      undelivered,
    }
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM')
      await new Promise((resolve) => server!.once('exit', resolve))
    }
  }
}

const sideAt = process.argv.indexOf('--side')
if (sideAt >= 0) {
  const side = process.argv[sideAt + 1]
  if (side === 'in-process') await runSideHere('balcao-api-send-', runInProcess)
  else if (side === 'http') await runSideHere('balcao-api-send-', runHttp)
  else throw new Error(`unknown side ${side}`)
} else {
  log(`in-process: ${N} sendFromApi calls…`)
  const inProcess = runSideInChild<InProcessResult>(import.meta.url, 'in-process')
  log(`in-process: ${Math.round(inProcess.per_s)}/s, p99 ${round(inProcess.p99_ms)} ms`)
  const overHttp = runSideInChild<Awaited<ReturnType<typeof runHttp>>>(import.meta.url, 'http')
  process.stdout.write(
    `${JSON.stringify({
      name: 'api-send',
      requests_per_s: Math.round(overHttp.per_s),
      p99_ms: round(overHttp.p99_ms),
      ratio: round(overHttp.per_s / inProcess.per_s, 2),
      p50_ms: round(overHttp.p50_ms),
      in_process_per_s: Math.round(inProcess.per_s),
      in_process_p99_ms: round(inProcess.p99_ms),
      n: N,
      concurrency: CONCURRENCY,
      failed: overHttp.failed,
      undelivered: overHttp.undelivered,
    })}\n`,
  )
  if (overHttp.failed || overHttp.undelivered) process.exit(1)
}
