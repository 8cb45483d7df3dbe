/**
 * `npm run bench -- live-fanout`: the live path under a team's load (issue 12, part 4).
 *
 * The production server (`scripts/start.ts`, built into tests/.tmp/build-bench when stale) runs
 * in a child process on a scratch database with the simulator on. This process seeds one company
 * — 4 queues with a simulator connection each, 195 agents spread over the queues and 5 admins —
 * and then:
 *
 * - baseline: BENCH_BASELINE_SECONDS (default 10) of inbound messages at BENCH_RATE (default 50
 *   msg/s) through the simulator's API with no one listening: the server's CPU per message and
 *   peak RSS without the live path.
 * - fanout: the same rate for BENCH_SECONDS (60; 30 when CI is set) with 200 SSE subscribers (one
 *   `/events` stream per user, read here over HTTP) and BENCH_TABS (5) real Chromium tabs on the
 *   ticket list (2 admins, 3 agents of different queues), none viewing a ticket.
 *
 * Figures: `p99_event_ms` from the message's commit (its row's created_at, written in the
 * committing transaction: a bound from above) to its `message.created` arriving at each
 * subscriber entitled to it (the admins and the agents of its queue), over every such pair;
 * `server_cpu_ms_per_msg` (user + system time of the server process, /proc) and
 * `baseline_cpu_ms_per_msg`; `loader_requests_per_msg`: data requests (`.data` loaders and
 * `/resources/ticket-counts`) the tabs made during the fanout, per message per tab;
 * `peak_rss_mb`: the server's peak resident set (VmHWM), with `startup_rss_mb` once it answers
 * and `baseline_rss_mb` at the end of the baseline. `missed` (entitled events that never arrived) and `leaked` (events that reached an
 * agent of another queue) must be 0.
 *
 * Prints one line: {"name":"live-fanout","p99_event_ms",…,"server_cpu_ms_per_msg",…,
 * "loader_requests_per_msg",…,"peak_rss_mb",…}
 */
import { type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { freePort, mb, pointEnvAt, sleep, startBenchServer } from './harness.ts'

const RATE = Number(process.env.BENCH_RATE ?? 50)
const SECONDS = Number(process.env.BENCH_SECONDS ?? (process.env.CI ? 30 : 60))
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 10)
const QUEUES = 4
const AGENTS = 195
const ADMINS = 5
const TABS = Number(process.env.BENCH_TABS ?? 5)
const CUSTOMERS = 200

const log = (message: string) => process.stderr.write(`live-fanout: ${message}\n`)

/** User + system CPU ms and peak RSS of a process, from /proc (Linux). */
function processStats(pid: number) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12]) // utime, stime
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return { cpuMs: (ticks * 1000) / 100, peakRssMb: mb(hwm * 1024) }
}

type Received = { messageId: string; queueId: string | null; at: number }

/** One `/events` stream read over HTTP: every message.created it brings, with its arrival time. */
function subscribe(base: string, cookie: string, signal: AbortSignal) {
  const received: Received[] = []
  let open = false
  const done = (async () => {
    const response = await fetch(`${base}/events`, {
      headers: { cookie, accept: 'text/event-stream' },
      signal,
    })
    if (!response.ok || !response.body) throw new Error(`/events answered ${response.status}`)
    open = true
    const decoder = new TextDecoder()
    let buffer = ''
    const reader = response.body.getReader()
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }))
      if (chunk.done) return
      const at = Date.now()
      buffer += decoder.decode(chunk.value, { stream: true })
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (!block.includes('"type":"message.created"')) continue
        // Two fields, read without parsing the rows (this process reads 200 streams: its own
        // lag would count as the server's).
        const messageId = /"messageId":"([^"]+)"/.exec(block)?.[1]
        const queueId = /"ticket":\{[^{}]*?"queueId":(?:"([^"]+)"|null)/.exec(block)
        if (!messageId) continue
        received.push({ messageId, queueId: queueId?.[1] ?? null, at })
      }
    }
  })()
  return { received, done, isOpen: () => open }
}

/** Inbound messages at `rate` per second for `seconds`, spread over the connections' customers. */
async function drive(
  base: string,
  cookie: string,
  connections: string[],
  seconds: number,
  offset: number,
) {
  const total = Math.round(RATE * seconds)
  const started = performance.now()
  const sends: Array<Promise<void>> = []
  const refused = new Map<string, number>()
  const refuse = (why: string) => refused.set(why, (refused.get(why) ?? 0) + 1)
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    const n = offset + i
    const customer = n % CUSTOMERS
    sends.push(
      fetch(`${base}/simulator/api/messages`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', origin: base },
        body: JSON.stringify({
          connectionId: connections[customer % connections.length],
          from: `55119${String(70_000_000 + customer)}`,
          name: `Cliente ${customer}`,
          text: `Mensagem ${n}: bom dia, vocês entregam hoje?`,
        }),
      }).then(
        async (response) => {
          if (response.status !== 201) refuse(String(response.status))
          await response.arrayBuffer()
        },
        (error: unknown) => void refuse(error instanceof Error ? error.message : 'error'),
      ),
    )
  }
  await Promise.all(sends)
  const failed = [...refused.values()].reduce((sum, n) => sum + n, 0)
  if (failed) log(`${failed} of ${total} inbound messages refused: ${JSON.stringify([...refused])}`)
  // Figures per message count the messages the server took.
  return {
    total: total - failed,
    sent: total,
    refused: failed,
    seconds: (performance.now() - started) / 1000,
  }
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-live-'))
  pointEnvAt(dir, 'live.db')
  process.env.SIMULATOR = 'on'
  const port = await freePort()
  const base = `http://localhost:${port}`
  let server: ChildProcess | undefined
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  const streams = new AbortController()
  try {
    log(`starting the server on ${port} (builds into tests/.tmp/build-bench when stale)…`)
    server = await startBenchServer(port)
    const pid = server.pid!
    const startup = processStats(pid)

    // Seeded here, in the server's database file (WAL: both processes read and write it).
    const { db } = await import('#app/utils/db.server.ts')
    const { createSession, getSessionUser, toActor } =
      await import('#app/domain/auth/auth.server.ts')
    const { createConnection } = await import('#app/domain/connections/connections.server.ts')
    const { commitSessionId } = await import('#app/utils/session.server.ts')
    const { companies } = await import('#db/schema/companies.ts')
    const { queues } = await import('#db/schema/queues.ts')
    const { userQueues, users } = await import('#db/schema/users.ts')
    const { messages } = await import('#db/schema/tickets.ts')
    const { inArray } = await import('drizzle-orm')

    const company = db.insert(companies).values({ name: 'Bench' }).returning().get()
    const queueRows = Array.from({ length: QUEUES }, (_, i) =>
      db
        .insert(queues)
        .values({ companyId: company.id, name: `Fila ${i + 1}` })
        .returning()
        .get(),
    )
    const people = [
      ...Array.from({ length: ADMINS }, (_, i) => ({ role: 'admin' as const, i, queue: null })),
      ...Array.from({ length: AGENTS }, (_, i) => ({
        role: 'agent' as const,
        i,
        queue: queueRows[i % QUEUES]!.id,
      })),
    ].map(({ role, i, queue }) => {
      const user = db
        .insert(users)
        .values({
          companyId: company.id,
          name: `${role} ${i}`,
          email: `${role}-${i}@bench.test`,
          passwordHash: 'x',
          role,
          allTickets: role === 'admin',
        })
        .returning()
        .get()
      if (queue)
        db.insert(userQueues)
          .values({ companyId: company.id, userId: user.id, queueId: queue })
          .run()
      return { user, queue }
    })
    const cookieOf = async (user: { id: string; companyId: string }) => {
      const { sessionId, expiresAt } = createSession(db, user)
      return (await commitSessionId(sessionId, expiresAt)).split(';')[0]!
    }
    const admin = people[0]!.user
    const adminCookie = await cookieOf(admin)
    const adminActor = toActor(getSessionUser(db, createSession(db, admin).sessionId)!)
    const connections = queueRows.map(
      (queue, i) =>
        createConnection(db, adminActor, {
          name: `Simulador ${i + 1}`,
          channel: 'simulator',
          isDefault: false,
          groupsEnabled: false,
          queueId: queue.id,
        }).id,
    )
    // The channel manager brings the simulator sessions up: wait until each takes a message.
    for (const connectionId of connections) {
      for (let attempt = 0; ; attempt++) {
        const response = await fetch(`${base}/simulator/api/messages`, {
          method: 'POST',
          headers: { cookie: adminCookie, 'content-type': 'application/json', origin: base },
          body: JSON.stringify({ connectionId, from: '5511960000000', text: 'aquecimento' }),
        })
        if (response.status === 201) break
        if (attempt > 60) throw new Error(`connection ${connectionId}: ${response.status}`)
        await sleep(500)
      }
    }

    // Baseline: the same inbound rate, nobody listening.
    await sleep(1000)
    const before = processStats(pid)
    const baseline = await drive(base, adminCookie, connections, BASELINE_SECONDS, 0)
    await sleep(1000)
    const afterBaseline = processStats(pid)
    const baselineCpu = (afterBaseline.cpuMs - before.cpuMs) / baseline.total
    log(`baseline: ${baseline.total} messages, ${baselineCpu.toFixed(2)} ms CPU each`)

    const tabUsers = [people[0]!, people[1]!, ...[0, 1, 2].map((q) => people[ADMINS + q]!)].slice(
      0,
      TABS,
    )
    const tabRequests: string[] = []
    const tabs = []
    for (const { user } of tabUsers)
      tabs.push(
        await (async () => {
          const context = await browser.newContext()
          const value = (await cookieOf(user)).split('=').slice(1).join('=')
          await context.addCookies([
            { name: 'balcao_session', value, domain: 'localhost', path: '/', httpOnly: true },
          ])
          const page = await context.newPage()
          await page.goto(`${base}/tickets?tab=pending`, { timeout: 180_000 })
          await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 180_000 })
          return page
        })(),
      )
    // 200 subscribers (after the tabs' first load, on a quiet server).
    const subscribers = await Promise.all(
      people.map(async ({ user, queue }) => ({
        queue,
        stream: subscribe(base, await cookieOf(user), streams.signal),
      })),
    )
    for (const page of tabs)
      page.on('request', (request) => {
        const url = new URL(request.url())
        if (url.pathname.endsWith('.data') || url.pathname === '/resources/ticket-counts')
          tabRequests.push(url.pathname)
      })
    for (let i = 0; i < 100 && subscribers.some((s) => !s.stream.isOpen()); i++) await sleep(100)
    await sleep(2000)
    // Measured from here: what the warm-up and the tabs' first loads brought is left out.
    for (const { stream } of subscribers) stream.received.length = 0
    tabRequests.length = 0

    const start = processStats(pid)
    const run = await drive(base, adminCookie, connections, SECONDS, baseline.total)
    // Let the last events arrive.
    await sleep(3000)
    const end = processStats(pid)
    const requestsSeen = tabRequests.length

    // Commit time of each message: its row's created_at, written in the committing transaction.
    const ids = [
      ...new Set(subscribers.flatMap(({ stream }) => stream.received.map((r) => r.messageId))),
    ]
    const committed = new Map<string, number>()
    for (let i = 0; i < ids.length; i += 500)
      for (const row of db
        .select({ id: messages.id, createdAt: messages.createdAt })
        .from(messages)
        .where(inArray(messages.id, ids.slice(i, i + 500)))
        .all())
        committed.set(row.id, row.createdAt)
    const perQueue = new Map<string | null, Set<string>>()
    for (const { stream } of subscribers)
      for (const r of stream.received) {
        const set = perQueue.get(r.queueId) ?? new Set()
        set.add(r.messageId)
        perQueue.set(r.queueId, set)
      }
    const latencies: number[] = []
    let leaked = 0
    let missed = 0
    for (const { queue, stream } of subscribers) {
      const got = new Set<string>()
      for (const r of stream.received) {
        if (queue && r.queueId !== queue) leaked++
        const at = committed.get(r.messageId)
        if (at !== undefined) latencies.push(r.at - at)
        got.add(r.messageId)
      }
      // Every message of the subscriber's queues (all of them for an admin) must have arrived.
      const entitled = queue
        ? (perQueue.get(queue) ?? new Set<string>())
        : new Set([...perQueue.values()].flatMap((set) => [...set]))
      for (const id of entitled) if (!got.has(id)) missed++
    }
    latencies.sort((a, b) => a - b)
    const delivered = new Set(ids).size
    if (delivered < run.total)
      log(`only ${delivered} of ${run.total} messages reached any subscriber`)

    const result = {
      name: 'live-fanout',
      p99_event_ms: percentile(latencies, 99),
      server_cpu_ms_per_msg: Math.round(((end.cpuMs - start.cpuMs) / run.total) * 100) / 100,
      loader_requests_per_msg: Math.round((requestsSeen / run.total / tabs.length) * 1000) / 1000,
      peak_rss_mb: end.peakRssMb,
      baseline_cpu_ms_per_msg: Math.round(baselineCpu * 100) / 100,
      baseline_rss_mb: afterBaseline.peakRssMb,
      startup_rss_mb: startup.peakRssMb,
      p50_event_ms: percentile(latencies, 50),
      max_event_ms: latencies.at(-1) ?? 0,
      subscribers: subscribers.length,
      tabs: tabs.length,
      tab_data_requests: requestsSeen,
      msgs: run.total,
      msgs_refused: run.refused,
      msgs_per_s: Math.round(run.total / run.seconds),
      deliveries: latencies.length,
      missed,
      leaked,
      // The machine's load while measuring (a shared machine stretches every figure above).
      load_avg_1m: Math.round(os.loadavg()[0]! * 10) / 10,
      cpus: os.cpus().length,
    }
    process.stdout.write(`${JSON.stringify(result)}\n`)
    db.$client.close()
  } finally {
    streams.abort()
    await browser.close().catch(() => undefined)
    server?.kill('SIGTERM')
    await sleep(500)
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

await main()
