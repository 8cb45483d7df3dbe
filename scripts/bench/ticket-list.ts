/**
 * `npm run bench -- ticket-list`: do the panel's queries stay fast as the history grows?
 *
 * Two databases built by scripts/seed-large.ts (same shape: one company, 5 queues, 20 agents, at
 * most 2500 active tickets — the team's workload does not grow with its history):
 * - small: 10k messages / 2k tickets / 1k contacts (BENCH_SMALL_MESSAGES, _TICKETS, _CONTACTS);
 * - large: 1M messages / 200k tickets / 100k contacts (BENCH_LARGE_MESSAGES, _TICKETS, _CONTACTS).
 * Both are cached under tests/.tmp/bench/, keyed by their sizes and by the seeder's source, so a
 * rerun does not reseed (a missing one is seeded in a child process, and the time printed); the
 * app's migrations are applied to the cached files on every run, so a new index reaches them
 * without a reseed.
 *
 * Timed with the app's own functions, on the app's connection settings:
 * - Atendendo (open) as an agent of 2 queues (their own tickets) and as the admin (everyone's);
 * - Aguardando (pending) as that agent and as the admin;
 * - the conversation page of the busiest ticket (getConversation: ticket, contact, tags, timeline
 *   and the newest 50 messages);
 * - search in Resolvidos (closed: nearly all of the history), as that agent and as the admin, for
 *   a common word ("pedido": about one message in eight) and a rare term (a 6-digit number the
 *   seeder put in a handful of messages — picked from each database, so it matches there).
 * Each query runs 200 times per round (BENCH_RUNS) after a warm-up, small and large interleaved in
 * one process so a noisy moment of the machine hits both alike (a GC between rounds); p95 per
 * round, and the median of 3 rounds (BENCH_ROUNDS) is the figure. The process's CPU time per run
 * is measured too (stderr only): on a busy machine the wall-clock p95 is mostly the scheduler's.
 *
 * p95_ms_small / p95_ms_large are the WORST of those queries' p95 on each database (not
 * necessarily the same query), growth = p95_ms_large / p95_ms_small (goal: ≤ 2). Per-query
 * figures go to stderr, with countTickets (the tab badges, on every page load) as information only.
 *
 * The search queries' worst p95 and growth are repeated as search_* (goals: < 50 ms at 1M
 * messages, growth ≤ 2).
 *
 * Prints one line: {"name":"ticket-list","p95_ms_small":…,"p95_ms_large":…,"growth":…,
 * "search_p95_ms_small":…,"search_p95_ms_large":…,"search_growth":…}
 */
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SeededCompany } from '../seed-large.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 200)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const WARMUP = 20
const root = path.resolve(import.meta.dirname, '../..')
const CACHE_DIR = path.join(root, 'tests/.tmp/bench')
const SIZES = ['small', 'large'] as const

type Size = (typeof SIZES)[number]
type Sizes = { messages: number; tickets: number; contacts: number }

function sizesOf(size: Size): Sizes {
  const prefix = size === 'small' ? 'BENCH_SMALL' : 'BENCH_LARGE'
  const messages = Number(
    process.env[`${prefix}_MESSAGES`] ?? (size === 'small' ? 10_000 : 1_000_000),
  )
  const tickets = Number(process.env[`${prefix}_TICKETS`] ?? Math.max(1, Math.round(messages / 5)))
  const contacts = Number(process.env[`${prefix}_CONTACTS`] ?? Math.max(1, Math.round(tickets / 2)))
  return { messages, tickets, contacts }
}

/** Where the database of these sizes is cached; the key covers the seeder's source too. */
function cachedFile(sizes: Sizes) {
  const seeder = fs.readFileSync(path.join(root, 'scripts/seed-large.ts'))
  const version = crypto.createHash('sha1').update(seeder).digest('hex').slice(0, 8)
  const file = path.join(
    CACHE_DIR,
    `tickets-${sizes.messages}m-${sizes.tickets}t-${sizes.contacts}c-${version}.db`,
  )
  return { file, meta: `${file}.json` }
}

/** Child process: seeds one size into the cache and prints the seconds it took. */
async function seedChild(size: Size) {
  const sizes = sizesOf(size)
  const { file, meta } = cachedFile(sizes)
  const { seedLarge } = await import('../seed-large.ts')
  fs.mkdirSync(CACHE_DIR, { recursive: true })
  const building = `${file}.building-${process.pid}`
  const removeBuilding = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      fs.rmSync(`${building}${suffix}`, { force: true })
  }
  let result: Awaited<ReturnType<typeof seedLarge>>
  try {
    result = await seedLarge(building, { ...sizes, log: (line) => console.error(`  ${line}`) })
    fs.renameSync(building, file)
  } finally {
    removeBuilding()
  }
  fs.writeFileSync(meta, JSON.stringify(result.companies[0]))
  process.stdout.write(`${JSON.stringify({ seconds: result.seconds })}\n`)
}

function ensureSeeded(size: Size) {
  const { file, meta } = cachedFile(sizesOf(size))
  if (fs.existsSync(file) && fs.existsSync(meta)) return 0
  console.error(`ticket-list: seeding the ${size} database…`)
  const self = fileURLToPath(import.meta.url)
  const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--seed', size], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  })
  if (child.status !== 0)
    throw new Error(`seeding ${size} failed (exit ${child.status ?? child.signal})`)
  return (JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { seconds: number }).seconds
}

const round = (ms: number) => Math.round(ms * 1000) / 1000
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const collect = () => (globalThis as { gc?: () => void }).gc?.()

async function main() {
  const seedIndex = process.argv.indexOf('--seed')
  if (seedIndex !== -1) return seedChild(process.argv[seedIndex + 1] as Size)

  const seeded = Object.fromEntries(SIZES.map((size) => [size, ensureSeeded(size)])) as Record<
    Size,
    number
  >

  // The app's singleton stays in memory: the benchmark opens the cached files itself.
  Object.assign(process.env, {
    NODE_ENV: 'production',
    DATABASE_PATH: ':memory:',
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
  })
  const { openDatabase, migrateDatabase } = await import('#app/utils/db.server.ts')
  const { listTickets, countTickets } = await import('#app/domain/tickets/tickets.server.ts')
  const { getConversation } = await import('#app/domain/tickets/conversation.server.ts')
  type Actor = import('#app/domain/actor.ts').Actor

  const QUERIES = [
    'atendendo-agent',
    'atendendo-admin',
    'aguardando-agent',
    'aguardando-admin',
    'conversation',
    'search-common-agent',
    'search-common-admin',
    'search-rare-agent',
    'search-rare-admin',
  ] as const
  const INFO = ['counts-agent', 'counts-admin'] as const
  type Name = (typeof QUERIES)[number] | (typeof INFO)[number]
  type Series = Partial<Record<Name, number[]>>

  const targets = SIZES.map((size) => {
    const { file, meta } = cachedFile(sizesOf(size))
    const company = JSON.parse(fs.readFileSync(meta, 'utf8')) as SeededCompany
    const db = openDatabase(file)
    migrateDatabase(db)
    db.$client.pragma('wal_checkpoint(TRUNCATE)')
    const base = { companyId: company.companyId, isSuperAdmin: false }
    const agent: Actor = {
      ...base,
      userId: company.agentIds[0]!,
      role: 'agent',
      queueIds: company.agentQueueIds[0]!,
      allTickets: false,
      name: 'Agente 1',
    }
    const admin: Actor = {
      ...base,
      userId: company.adminId,
      role: 'admin',
      queueIds: [],
      allTickets: true,
      name: 'Admin',
    }
    // A rare term of this database: a 6-digit number of one of its first messages.
    const rare =
      (
        db.$client
          .prepare(
            "select body from messages where body glob '*[0-9][0-9][0-9][0-9][0-9][0-9]*' order by rowid limit 1",
          )
          .pluck()
          .get() as string | undefined
      )?.match(/\d{6}/)?.[0] ?? '314159'
    const search = (actor: Actor, term: string) =>
      listTickets(db, actor, { status: 'closed', search: term }).tickets.length
    const run: Record<Name, () => number> = {
      'atendendo-agent': () => listTickets(db, agent, { status: 'open' }).tickets.length,
      'atendendo-admin': () => listTickets(db, admin, { status: 'open' }).tickets.length,
      'aguardando-agent': () => listTickets(db, agent, { status: 'pending' }).tickets.length,
      'aguardando-admin': () => listTickets(db, admin, { status: 'pending' }).tickets.length,
      conversation: () => getConversation(db, agent, company.busyTicketId).messages.length,
      'search-common-agent': () => search(agent, 'pedido'),
      'search-common-admin': () => search(admin, 'pedido'),
      'search-rare-agent': () => search(agent, rare),
      'search-rare-admin': () => search(admin, rare),
      'counts-agent': () => countTickets(db, agent).pending,
      'counts-admin': () => countTickets(db, admin).pending,
    }
    return {
      size,
      db,
      rare,
      run,
      file,
      company,
      rows: {} as Partial<Record<Name, number>>,
      p95s: {} as Series,
      p50s: {} as Series,
      cpuP95s: {} as Series,
    }
  })
  const names = [...QUERIES, ...INFO]

  for (const target of targets)
    for (let i = 0; i < WARMUP; i++)
      for (const name of names) target.rows[name] = target.run[name]()
  for (let r = 0; r < ROUNDS; r++) {
    collect()
    const series = () =>
      targets.map(
        () =>
          Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>,
      )
    const times = series()
    const cpuTimes = series()
    for (let i = 0; i < RUNS; i++) {
      for (const name of names) {
        // Alternate which database goes first.
        for (const t of i % 2 ? [1, 0] : [0, 1]) {
          const cpu = process.cpuUsage()
          const started = performance.now()
          targets[t]!.run[name]()
          times[t]![name].push(performance.now() - started)
          const used = process.cpuUsage(cpu)
          cpuTimes[t]![name].push((used.user + used.system) / 1000)
        }
      }
    }
    targets.forEach((target, t) => {
      for (const name of names) {
        const sorted = times[t]![name].sort((a, b) => a - b)
        ;(target.p95s[name] ??= []).push(percentile(sorted, 95))
        ;(target.p50s[name] ??= []).push(percentile(sorted, 50))
        ;(target.cpuP95s[name] ??= []).push(
          percentile(
            cpuTimes[t]![name].sort((a, b) => a - b),
            95,
          ),
        )
      }
    })
  }

  const p95 = (target: (typeof targets)[number], name: Name) => median(target.p95s[name]!)
  const cpuP95 = (target: (typeof targets)[number], name: Name) => median(target.cpuP95s[name]!)
  for (const target of targets) {
    const sizes = sizesOf(target.size)
    const mb = Math.round(fs.statSync(target.file).size / 1024 / 1024)
    console.error(
      `ticket-list ${target.size}: ${sizes.messages} messages / ${sizes.tickets} tickets / ${sizes.contacts} contacts, ${mb} MB` +
        (seeded[target.size] ? `, seeded in ${seeded[target.size]!.toFixed(1)} s` : ' (cached)') +
        ` — busy ticket: ${target.company.busyTicketMessages} messages; rare term ${target.rare}`,
    )
    for (const name of names) {
      console.error(
        `  ${name.padEnd(20)} p50 ${median(target.p50s[name]!).toFixed(3)} ms  p95 ${p95(target, name).toFixed(3)} ms` +
          ` (rounds ${target.p95s[name]!.map((v) => v.toFixed(2)).join(' / ')})  cpu p95 ${cpuP95(target, name).toFixed(3)} ms` +
          (INFO.includes(name as never)
            ? `  (${target.rows[name]} pending)  [info]`
            : `  ${target.rows[name]} rows`),
      )
    }
    target.db.$client.close()
  }
  const [small, large] = targets as [(typeof targets)[number], (typeof targets)[number]]
  for (const name of names) {
    const growth = p95(large, name) / p95(small, name)
    const cpuGrowth = cpuP95(large, name) / cpuP95(small, name)
    const note = INFO.includes(name as never)
      ? '  [info: sums every active ticket]'
      : growth > 2
        ? '  ← above the goal (2)'
        : ''
    console.error(
      `  growth ${name.padEnd(20)} ${growth.toFixed(2)}  (cpu time: ${cpuGrowth.toFixed(2)})${note}`,
    )
  }
  // The worst measured query on each database (counts are information only).
  const worst = (target: typeof small) => Math.max(...QUERIES.map((name) => p95(target, name)))
  const p95Small = worst(small)
  const p95Large = worst(large)
  const searches = QUERIES.filter((name) => name.startsWith('search-'))
  const worstSearch = (target: typeof small) =>
    Math.max(...searches.map((name) => p95(target, name)))
  console.log(
    JSON.stringify({
      name: 'ticket-list',
      p95_ms_small: round(p95Small),
      p95_ms_large: round(p95Large),
      growth: Math.round((p95Large / p95Small) * 100) / 100,
      search_p95_ms_small: round(worstSearch(small)),
      search_p95_ms_large: round(worstSearch(large)),
      search_growth: Math.round((worstSearch(large) / worstSearch(small)) * 100) / 100,
    }),
  )
}

await main()
