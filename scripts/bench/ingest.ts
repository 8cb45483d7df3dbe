/**
 * `npm run bench -- ingest`: the spine's inbound throughput against raw SQLite.
 *
 * - spine: N inbound messages (BENCH_N, default 5000) from 500 customers through ingestInbound,
 *   with the event tail on and one SSE subscriber (liveEventStream, admin) reading its stream;
 *   the clock stops when the subscriber has received every message.created.
 * - baseline: the same messages as the same six writes in raw prepared better-sqlite3 statements,
 *   one transaction per message (dedupe select, contact upsert, ticket select/insert, message
 *   insert, ticket update, event insert).
 *
 * Both sides: a fresh migrated file (openDatabase + migrateDatabase: WAL, synchronous=NORMAL,
 * foreign keys, FTS trigger), the same loop yielding to the event loop after every message (as
 * when each message is its own socket event). Each side runs in its own child process and
 * peak_rss_mb is that process's peak resident set (getrusage maxRSS, not sampled), so neither
 * side's memory counts in the other's. BENCH_ROUNDS (default 3) rounds alternate the sides and the
 * best figure of each side is reported (the machine may be shared); ratio_cpu compares messages per
 * CPU-second, which a busy machine disturbs less.
 *
 * Prints one line: {"name":"ingest","msgs_per_s","baseline_msgs_per_s","ratio","peak_rss_mb",…}
 */
import path from 'node:path'
import { insertBenchAdmin, peakRssMb, pointEnvAt, runSideHere, runSideInChild } from './harness.ts'

const N = Number(process.env.BENCH_N ?? 5000)
/** Rounds of (spine, raw), alternated; the best of each side counts (a shared machine is noisy). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const PHONES = 500
const T0 = Date.parse('2025-03-10T12:00:00Z')

type Side = 'spine' | 'raw'
type SideResult = {
  side: Side
  n: number
  seconds: number
  msgs_per_s: number
  /** Messages per second of CPU time (user + system) of this process: less sensitive to a busy machine. */
  msgs_per_cpu_s: number
  peak_rss_mb: number
  /** Spine only: message.created events the SSE subscriber received, and how many by the end of the loop. */
  sse_events?: number
  sse_events_during_run?: number
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Wall-clock and CPU time of a measured stretch. */
function stopwatch() {
  const wall = performance.now()
  const cpu = process.cpuUsage()
  return () => {
    const used = process.cpuUsage(cpu)
    return {
      seconds: (performance.now() - wall) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
    }
  }
}

/** The i-th customer message: 500 customers writing in turn. */
function customerMessage(i: number) {
  const phone = `5511987${String(600_000 + (i % PHONES)).padStart(6, '0')}`
  return {
    externalId: `3EB0BENCH${String(i).padStart(10, '0')}`,
    phone,
    name: `Cliente ${i % PHONES}`,
    timestamp: T0 + i,
    text: `Mensagem ${i}: bom dia, vocês têm café especial e pão de queijo para entrega hoje?`,
  }
}

async function runSpine(dir: string): Promise<SideResult> {
  pointEnvAt(dir, 'spine.db')
  // Imported after the env is set: the app's database singleton is this benchmark's file.
  const { db, migrateDatabase } = await import('#app/utils/db.server.ts')
  const { ingestInbound } = await import('#app/domain/messages/ingest.server.ts')
  const { liveEventStream } = await import('#app/runtime/sse.server.ts')
  const { presence } = await import('#app/runtime/presence.server.ts')
  const { companies } = await import('#db/schema/companies.ts')
  const { queues } = await import('#db/schema/queues.ts')
  const { connections } = await import('#db/schema/connections.ts')
  migrateDatabase(db)

  const company = db.insert(companies).values({ name: 'Bench' }).returning().get()
  const queue = db
    .insert(queues)
    .values({ companyId: company.id, name: 'Atendimento' })
    .returning()
    .get()
  const connection = db
    .insert(connections)
    .values({
      companyId: company.id,
      name: 'WhatsApp',
      channel: 'whatsapp',
      queueId: queue.id,
      status: 'connected',
    })
    .returning()
    .get()
  const { actor } = insertBenchAdmin(db, company.id)

  // One browser tab of an admin: sees every message.created.
  const controller = new AbortController()
  // Kept until the abort below: once a Request is garbage collected, aborting the controller it was
  // built from no longer aborts request.signal (Node 20's undici links them through a WeakRef).
  const request = new Request('http://localhost/events', { signal: controller.signal })
  const response = liveEventStream(db, request, actor, { isSessionValid: () => true })
  let received = 0
  let onReceived = () => {}
  const reader = response.body!.getReader()
  const reading = (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }))
      if (chunk.done) return
      buffer += decoder.decode(chunk.value, { stream: true })
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        // Domain events travel as `message` with { type, payload } in the data line.
        const block = buffer.slice(0, end)
        if (block.startsWith('event: message\n') && block.includes('"type":"message.created"'))
          received++
        buffer = buffer.slice(end + 2)
      }
      onReceived()
    }
  })()
  await nextTurn()

  const ref = { id: connection.id, companyId: company.id, queueId: connection.queueId }
  const elapsed = stopwatch()
  for (let i = 0; i < N; i++) {
    const m = customerMessage(i)
    ingestInbound(db, ref, {
      externalId: m.externalId,
      peer: { chatId: `${m.phone}@s.whatsapp.net`, phone: m.phone, name: m.name },
      fromMe: false,
      timestamp: m.timestamp,
      type: 'text',
      text: m.text,
    })
    await nextTurn()
  }
  const duringRun = received
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`SSE received ${received} of ${N} events`)),
      30_000,
    )
    onReceived = () => {
      if (received >= N) {
        clearTimeout(timer)
        resolve()
      }
    }
    onReceived()
  })
  const { seconds, cpuSeconds } = elapsed()

  controller.abort()
  if (!request.signal.aborted) throw new Error('the SSE request was not aborted')
  await reading
  presence.reset()
  db.$client.close()
  return {
    side: 'spine',
    n: N,
    seconds,
    msgs_per_s: Math.round(N / seconds),
    msgs_per_cpu_s: Math.round(N / cpuSeconds),
    peak_rss_mb: peakRssMb(),
    sse_events: received,
    sse_events_during_run: duringRun,
  }
}

async function runRaw(dir: string): Promise<SideResult> {
  pointEnvAt(dir, 'raw.db')
  const { openDatabase, migrateDatabase } = await import('#app/utils/db.server.ts')
  const { newId } = await import('#app/utils/ids.ts')
  const { phoneVariants } = await import('#app/utils/phone.ts')
  const db = openDatabase(path.join(dir, 'raw.db'))
  migrateDatabase(db)
  const sqlite = db.$client

  const now = Date.now()
  const companyId = newId()
  const queueId = newId()
  const connectionId = newId()
  sqlite
    .prepare(
      'insert into companies (id, name, time_zone, created_at, updated_at) values (?, ?, ?, ?, ?)',
    )
    .run(companyId, 'Bench', 'America/Sao_Paulo', now, now)
  sqlite
    .prepare(
      'insert into queues (id, company_id, name, created_at, updated_at) values (?, ?, ?, ?, ?)',
    )
    .run(queueId, companyId, 'Atendimento', now, now)
  sqlite
    .prepare(
      'insert into connections (id, company_id, name, channel, status, queue_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(connectionId, companyId, 'WhatsApp', 'whatsapp', 'connected', queueId, now, now)

  const dedupe = sqlite.prepare(
    'select id from messages where connection_id = ? and external_id = ?',
  )
  const findContact = sqlite.prepare(
    'select id, name, push_name from contacts where company_id = ? and number in (?, ?)',
  )
  const insertContact = sqlite.prepare(
    'insert into contacts (id, company_id, name, number, push_name, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
  )
  const findTicket = sqlite.prepare(
    "select id, queue_id, last_message_at from tickets where contact_id = ? and connection_id = ? and status in ('pending', 'open')",
  )
  const insertTicket = sqlite.prepare(
    "insert into tickets (id, company_id, contact_id, connection_id, queue_id, status, chat_id, created_at, updated_at) values (?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
  )
  const insertMessage = sqlite.prepare(
    "insert into messages (id, company_id, ticket_id, contact_id, connection_id, external_id, from_me, type, body, status, timestamp, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 0, 'text', ?, 'received', ?, ?, ?)",
  )
  const updateTicket = sqlite.prepare(
    'update tickets set unread_count = unread_count + 1, last_inbound_at = ?, last_message_text = ?, last_message_at = ?, updated_at = ? where id = ?',
  )
  const insertEvent = sqlite.prepare(
    "insert into events (company_id, type, audience_type, audience_id, payload, created_at) values (?, ?, 'queue', ?, ?, ?)",
  )

  const ingest = sqlite.transaction((m: ReturnType<typeof customerMessage>) => {
    if (dedupe.get(connectionId, m.externalId)) return
    const at = Date.now()
    const [canonical, other] = phoneVariants(m.phone) as [string, string?]
    let contact = findContact.get(companyId, canonical, other ?? canonical) as
      { id: string } | undefined
    if (!contact) {
      contact = { id: newId() }
      insertContact.run(contact.id, companyId, m.name, canonical, m.name, at, at)
      insertEvent.run(
        companyId,
        'contact.created',
        queueId,
        JSON.stringify({ contactId: contact.id }),
        at,
      )
    }
    let ticket = findTicket.get(contact.id, connectionId) as { id: string } | undefined
    if (!ticket) {
      ticket = { id: newId() }
      insertTicket.run(
        ticket.id,
        companyId,
        contact.id,
        connectionId,
        queueId,
        `${m.phone}@s.whatsapp.net`,
        at,
        at,
      )
      insertEvent.run(
        companyId,
        'ticket.created',
        queueId,
        JSON.stringify({ ticketId: ticket.id, contactId: contact.id }),
        at,
      )
    }
    const messageId = newId()
    insertMessage.run(
      messageId,
      companyId,
      ticket.id,
      contact.id,
      connectionId,
      m.externalId,
      m.text,
      m.timestamp,
      at,
      at,
    )
    updateTicket.run(m.timestamp, m.text.slice(0, 200), m.timestamp, at, ticket.id)
    insertEvent.run(
      companyId,
      'message.created',
      queueId,
      JSON.stringify({ messageId, ticketId: ticket.id, connectionId, fromMe: false, type: 'text' }),
      at,
    )
  })

  const elapsed = stopwatch()
  for (let i = 0; i < N; i++) {
    ingest(customerMessage(i))
    await nextTurn()
  }
  const { seconds, cpuSeconds } = elapsed()
  const stored = (sqlite.prepare('select count(*) as n from messages').get() as { n: number }).n
  if (stored !== N) throw new Error(`baseline stored ${stored} of ${N} messages`)
  sqlite.close()
  return {
    side: 'raw',
    n: N,
    seconds,
    msgs_per_s: Math.round(N / seconds),
    msgs_per_cpu_s: Math.round(N / cpuSeconds),
    peak_rss_mb: peakRssMb(),
  }
}

const runChild = (side: Side) => runSideInChild<SideResult>(import.meta.url, side)

async function main() {
  const sideIndex = process.argv.indexOf('--side')
  if (sideIndex !== -1) {
    const side = process.argv[sideIndex + 1] as Side
    await runSideHere(`balcao-bench-${side}-`, (dir) =>
      side === 'spine' ? runSpine(dir) : runRaw(dir),
    )
    return
  }
  const spines: SideResult[] = []
  const raws: SideResult[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    spines.push(runChild('spine'))
    raws.push(runChild('raw'))
    const [spine, raw] = [spines.at(-1)!, raws.at(-1)!]
    console.error(
      `ingest round ${round}/${ROUNDS}: ${N} messages from ${PHONES} customers; spine ${spine.msgs_per_s} msg/s ` +
        `(${spine.msgs_per_cpu_s}/cpu-s, SSE got ${spine.sse_events}, ${spine.sse_events_during_run} of them before the ` +
        `last message was in), raw ${raw.msgs_per_s} msg/s (${raw.msgs_per_cpu_s}/cpu-s)`,
    )
  }
  const best = (results: SideResult[], key: 'msgs_per_s' | 'msgs_per_cpu_s') =>
    Math.max(...results.map((r) => r[key]))
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100
  console.log(
    JSON.stringify({
      name: 'ingest',
      msgs_per_s: best(spines, 'msgs_per_s'),
      baseline_msgs_per_s: best(raws, 'msgs_per_s'),
      ratio: ratio(best(spines, 'msgs_per_s'), best(raws, 'msgs_per_s')),
      peak_rss_mb: Math.max(...spines.map((r) => r.peak_rss_mb)),
      baseline_peak_rss_mb: Math.max(...raws.map((r) => r.peak_rss_mb)),
      ratio_cpu: ratio(best(spines, 'msgs_per_cpu_s'), best(raws, 'msgs_per_cpu_s')),
      n: N,
      sse_events: Math.min(...spines.map((r) => r.sse_events ?? 0)),
    }),
  )
}

await main()
