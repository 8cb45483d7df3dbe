/**
 * Builds a big, realistic Balcão database fast — for benchmarks (`npm run bench -- ticket-list`)
 * and for trying the panel at scale.
 *
 *   npx tsx scripts/seed-large.ts [file] [--contacts 100000] [--tickets 200000] [--messages 1000000]
 *                                 [--companies 1] [--force]
 *
 * The file is migrated first (openDatabase + migrateDatabase, so the schema is the app's), then
 * filled with raw prepared better-sqlite3 statements in one big transaction, with journal and
 * fsync off, foreign keys off (rows are generated consistent), the secondary indexes of the big
 * tables and the FTS triggers dropped; afterwards the indexes are recreated (unique ones check
 * their rule, e.g. one active ticket per contact and connection), the full-text index is rebuilt in
 * one pass, and WAL is restored. Deterministic: the same sizes (and "now") give the same data.
 *
 * What it looks like, per company (sizes are split evenly between companies):
 * - 5 queues, 2 connections (routed to the first two queues), 8 tags, one admin, one supervisor
 *   who sees all tickets, 20 agents each in 2 queues (agent i: queues i mod 5 and i+1 mod 5).
 *   Everyone's password is SEED_PASSWORD; e-mails admin@empresaN.test, agente1@empresaN.test…
 * - contacts with Brazilian mobile numbers and names; tickets over the last year, most closed;
 *   min(2500, tickets/4) active ones (40 % pending, 60 % open with an agent of their queue) from the
 *   last three days, on distinct contacts; 2 % of tickets without a queue.
 * - messages spread over the tickets (every ticket has at least one, a few have many), with
 *   timestamps inside the ticket's life, ~45 % from the team, some media, quotes and private
 *   notes; one busy open ticket of agent 1 holds min(2000, messages/50) of them.
 * - the ticket history (created, accepted, closed), tags on 10 % of tickets and 5 % of contacts.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type Database from 'better-sqlite3'
import { type MessageType } from '#app/channels/types.ts'
import { messagePreview } from '#app/domain/messages/preview.ts'

export type SeedOptions = {
  contacts: number
  tickets: number
  messages: number
  companies?: number
  /** Active (pending + open) tickets per company; default min(2500, tickets/4). */
  activeTickets?: number
  /** "Now" of the data (UTC ms); default Date.now(). */
  now?: number
  log?: (line: string) => void
}

export type SeededCompany = {
  companyId: string
  adminId: string
  supervisorId: string
  /** 20 agents; agent i works in queueIds[i % 5] and queueIds[(i + 1) % 5]. */
  agentIds: string[]
  agentQueueIds: string[][]
  queueIds: string[]
  connectionIds: string[]
  /** The open ticket of agent 1 (agentIds[0]) with the most messages. */
  busyTicketId: string
  busyTicketMessages: number
  counts: {
    contacts: number
    tickets: number
    messages: number
    pending: number
    open: number
    closed: number
  }
}

export type SeedResult = { file: string; seconds: number; companies: SeededCompany[] }

export const SEED_PASSWORD = 'senha-de-teste-1'

const DAY = 86_400_000
const MINUTE = 60_000
const QUEUES = ['Vendas', 'Suporte', 'Financeiro', 'Entregas', 'Pós-venda']
const QUEUE_COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626']
const QUEUE_WEIGHTS = [0.35, 0.25, 0.2, 0.12, 0.08]
const AGENTS = 20
const TAGS = [
  'VIP',
  'Urgente',
  'Reclamação',
  'Orçamento',
  'Boleto',
  'Troca',
  'Atacado',
  'Novo cliente',
]
const FIRST =
  'Ana Bruno Carla Daniel Eduarda Felipe Gabriela Henrique Isabela João Larissa Marcos Natália Otávio Paula Rafael Sabrina Thiago Úrsula Vinícius Yasmin Zeca Letícia Caio Beatriz Mateus Juliana Lucas Fernanda Pedro'.split(
    ' ',
  )
const LAST =
  'Silva Souza Oliveira Santos Pereira Costa Rodrigues Almeida Nascimento Lima Araújo Fernandes Carvalho Gomes Martins Rocha Ribeiro Alves Monteiro Mendes Barros Freitas Barbosa Pinto Moura Cavalcanti Dias Castro Campos Cardoso'.split(
    ' ',
  )
const DDDS = [11, 11, 11, 21, 21, 31, 41, 47, 48, 51, 61, 62, 71, 81, 85, 91]
const WORDS = (
  'olá bom dia boa tarde noite tudo bem obrigado obrigada por favor pedido entrega prazo frete ' +
  'boleto pix cartão parcela desconto orçamento preço valor troca devolução garantia defeito nota ' +
  'fiscal endereço rua número bairro cidade cep produto modelo tamanho cor estoque disponível ' +
  'hoje amanhã semana segunda sexta sábado horário atendimento loja retirada código rastreio ' +
  'chegou atrasado ainda não recebi quando vai chegar pode verificar consegue me ajudar preciso ' +
  'gostaria saber se vocês têm entregam aceitam cancelar assinatura plano mensal anual cobrança ' +
  'duplicada estorno reembolso comprovante enviei segue anexo foto vídeo áudio café pão queijo ' +
  'bolo encomenda festa aniversário caixa unidade kit presente embalagem sabor chocolate morango ' +
  'limão açúcar integral sem glúten lactose vegano pedido confirmado pagamento aprovado recusado ' +
  'senha acesso aplicativo site erro problema resolvido certo perfeito combinado aguardo retorno'
).split(' ')

// ---- deterministic randomness and ids ----

/** mulberry32: a small seeded PRNG (the same sizes give the same database). */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz'

/** Lower-case ULIDs (as newId() makes) whose time part is the row's own time. */
function idMaker(random: () => number) {
  return (time: number) => {
    let head = ''
    let t = Math.max(0, Math.floor(time))
    for (let i = 0; i < 10; i++) {
      head = CROCKFORD[t % 32] + head
      t = Math.floor(t / 32)
    }
    let tail = ''
    for (let i = 0; i < 16; i++) tail += CROCKFORD[Math.floor(random() * 32)]
    return head + tail
  }
}

// ---- the database ----

type Sqlite = Database.Database

/** Imports the app's db module without letting its singleton open ./data (as tests' global setup does). */
async function appDb() {
  const temporary: Record<string, string> = {
    DATABASE_PATH: ':memory:',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'seed-large-secret-0123456789abcdef',
  }
  const saved = Object.fromEntries(Object.keys(temporary).map((key) => [key, process.env[key]]))
  for (const [key, value] of Object.entries(temporary)) process.env[key] ??= value
  try {
    return await import('#app/utils/db.server.ts')
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
    }
  }
}

function removeDbFiles(file: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    fs.rmSync(`${file}${suffix}`, { force: true })
}

const BIG_TABLES = [
  'contacts',
  'tickets',
  'messages',
  'ticket_events',
  'ticket_tags',
  'contact_tags',
]

/** Seeds `file` (replaced if it exists). */
export async function seedLarge(file: string, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now()
  const log = options.log ?? (() => {})
  const companiesCount = Math.max(1, Math.floor(options.companies ?? 1))
  const now = options.now ?? Date.now()
  const { openDatabase, migrateDatabase } = await appDb()

  removeDbFiles(file)
  const database = openDatabase(file)
  migrateDatabase(database)
  const sqlite = database.$client
  const passwordHash = await cheapHash(SEED_PASSWORD)

  sqlite.pragma('journal_mode = OFF')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('foreign_keys = OFF')
  sqlite.pragma('locking_mode = EXCLUSIVE')
  sqlite.pragma('temp_store = MEMORY')
  sqlite.pragma('cache_size = -524288') // 512 MiB while building indexes

  // Secondary indexes of the big tables and the FTS triggers go while rows pour in.
  const indexes = sqlite
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BIG_TABLES.map(() => '?').join(', ')})`,
    )
    .all(...BIG_TABLES) as Array<{ name: string; sql: string }>
  const triggers = sqlite
    .prepare("select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'messages'")
    .all() as Array<{ name: string; sql: string }>
  for (const { name } of indexes) sqlite.exec(`drop index "${name}"`)
  for (const { name } of triggers) sqlite.exec(`drop trigger "${name}"`)

  const companies: SeededCompany[] = []
  const insertAll = sqlite.transaction(() => {
    for (let c = 0; c < companiesCount; c++) {
      const share = (total: number) =>
        Math.floor(total / companiesCount) + (c < total % companiesCount ? 1 : 0)
      companies.push(
        seedCompany(sqlite, c, {
          contacts: Math.max(1, share(options.contacts)),
          tickets: Math.max(1, share(options.tickets)),
          messages: share(options.messages),
          activeTickets: options.activeTickets,
          now,
          passwordHash,
          log,
        }),
      )
    }
  })
  insertAll()
  log(`rows inserted in ${((performance.now() - started) / 1000).toFixed(1)} s; building indexes…`)

  for (const { sql } of indexes) sqlite.exec(sql)
  log(`indexes in ${((performance.now() - started) / 1000).toFixed(1)} s; full-text index…`)
  sqlite.exec("insert into messages_fts(messages_fts) values ('rebuild')")
  for (const { sql } of triggers) sqlite.exec(sql)

  sqlite.pragma('cache_size = -2000')
  sqlite.pragma('locking_mode = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('journal_mode = WAL')
  sqlite.close()
  const seconds = (performance.now() - started) / 1000
  log(`seeded ${file} in ${seconds.toFixed(1)} s`)
  return { file, seconds, companies }
}

async function cheapHash(password: string) {
  const { hash } = await import('@node-rs/argon2')
  return hash(password, { memoryCost: 64, timeCost: 1, parallelism: 1 })
}

type CompanyPlan = {
  contacts: number
  tickets: number
  messages: number
  activeTickets?: number
  now: number
  passwordHash: string
  log: (line: string) => void
}

type TicketPlan = {
  createdAt: number
  contact: number
  connection: number
  queue: number // -1: no queue
  agent: number // -1: nobody
  status: 'pending' | 'open' | 'closed'
  messages: number
  busy: boolean
}

function seedCompany(sqlite: Sqlite, index: number, plan: CompanyPlan): SeededCompany {
  const random = prng(0x5eed + index * 7919)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
  const newId = idMaker(random)
  const { now } = plan
  const origin = now - 400 * DAY
  const n = index + 1

  // ---- company, queues, people, connections, tags ----
  const companyId = newId(origin)
  sqlite
    .prepare(
      'insert into companies (id, name, time_zone, created_at, updated_at) values (?, ?, ?, ?, ?)',
    )
    .run(companyId, `Empresa ${n}`, 'America/Sao_Paulo', origin, origin)
  const queueIds = QUEUES.map((name, i) => {
    const id = newId(origin)
    sqlite
      .prepare(
        'insert into queues (id, company_id, name, color, "order", created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, companyId, name, QUEUE_COLORS[i], i, origin, origin)
    return id
  })
  const insertUser = sqlite.prepare(
    'insert into users (id, company_id, name, email, password_hash, role, all_tickets, farewell_message, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const adminId = newId(origin)
  insertUser.run(
    adminId,
    companyId,
    `Admin ${n}`,
    `admin@empresa${n}.test`,
    plan.passwordHash,
    'admin',
    1,
    null,
    origin,
    origin,
  )
  const supervisorId = newId(origin)
  insertUser.run(
    supervisorId,
    companyId,
    `Supervisora ${n}`,
    `supervisao@empresa${n}.test`,
    plan.passwordHash,
    'supervisor',
    1,
    null,
    origin,
    origin,
  )
  const insertUserQueue = sqlite.prepare(
    'insert into user_queues (company_id, user_id, queue_id) values (?, ?, ?)',
  )
  const agentIds: string[] = []
  const agentQueues: number[][] = []
  for (let i = 0; i < AGENTS; i++) {
    const id = newId(origin)
    insertUser.run(
      id,
      companyId,
      `${FIRST[i % FIRST.length]} Atendente`,
      `agente${i + 1}@empresa${n}.test`,
      plan.passwordHash,
      'agent',
      0,
      'Obrigado pelo contato! 😊',
      origin,
      origin,
    )
    const queues = [i % QUEUES.length, (i + 1) % QUEUES.length]
    for (const q of queues) insertUserQueue.run(companyId, id, queueIds[q])
    agentIds.push(id)
    agentQueues.push(queues)
  }
  /** Agents working in each queue. */
  const agentsOfQueue = QUEUES.map((_, q) =>
    agentQueues.flatMap((queues, agent) => (queues.includes(q) ? [agent] : [])),
  )
  const connectionIds = [0, 1].map((i) => {
    const id = newId(origin)
    sqlite
      .prepare(
        'insert into connections (id, company_id, name, channel, status, phone, is_default, queue_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        companyId,
        i ? 'WhatsApp Suporte' : 'WhatsApp Vendas',
        'whatsapp',
        'disconnected',
        `55119${String(40_000_000 + n * 10 + i)}`,
        i ? 0 : 1,
        queueIds[i],
        origin,
        origin,
      )
    return id
  })
  const tagIds = TAGS.map((name, i) => {
    const id = newId(origin)
    sqlite
      .prepare(
        'insert into tags (id, company_id, name, color, created_at, updated_at) values (?, ?, ?, ?, ?, ?)',
      )
      .run(id, companyId, name, QUEUE_COLORS[i % 5], origin, origin)
    return id
  })

  // ---- contacts ----
  const contactIds: string[] = new Array(plan.contacts)
  const contactNumbers: string[] = new Array(plan.contacts)
  const insertContact = sqlite.prepare(
    'insert into contacts (id, company_id, name, number, lid, push_name, email, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const insertContactTag = sqlite.prepare(
    'insert into contact_tags (company_id, contact_id, tag_id) values (?, ?, ?)',
  )
  for (let i = 0; i < plan.contacts; i++) {
    const createdAt = origin + Math.floor((i / plan.contacts) * 360 * DAY)
    const id = newId(createdAt)
    const name = `${pick(FIRST)} ${pick(LAST)}`
    // Unique per company: the index spread over 8 digits.
    const number = `55${pick(DDDS)}9${String(((i * 48_271 + 10_000_000) % 90_000_000) + 10_000_000).padStart(8, '0')}`
    const known = random() < 0.85
    insertContact.run(
      id,
      companyId,
      known ? name : `+${number}`,
      number,
      random() < 0.3 ? String(100_000_000_000_000 + i) : null,
      known ? name.split(' ')[0] : null,
      random() < 0.1 ? `cliente${i}@example.com` : null,
      createdAt,
      createdAt,
    )
    if (random() < 0.05) insertContactTag.run(companyId, id, pick(tagIds))
    contactIds[i] = id
    contactNumbers[i] = number
  }

  // ---- the tickets' plan ----
  const activeCount = Math.min(
    plan.activeTickets ?? Math.min(2500, Math.floor(plan.tickets / 4)),
    plan.tickets,
    plan.contacts,
  )
  const closedCount = plan.tickets - activeCount
  const pickQueue = () => {
    if (random() < 0.02) return -1
    let r = random()
    for (let q = 0; q < QUEUE_WEIGHTS.length; q++) {
      r -= QUEUE_WEIGHTS[q]!
      if (r < 0) return q
    }
    return 0
  }
  const agentFor = (queue: number) =>
    queue < 0 ? between(0, AGENTS - 1) : pick(agentsOfQueue[queue]!)
  // Active tickets are on distinct contacts (one active per contact and connection).
  const activeContacts = Array.from({ length: plan.contacts }, (_, i) => i)
  for (let i = activeContacts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[activeContacts[i], activeContacts[j]] = [activeContacts[j]!, activeContacts[i]!]
  }
  const tickets: TicketPlan[] = []
  for (let i = 0; i < closedCount; i++) {
    const queue = pickQueue()
    tickets.push({
      createdAt: now - 365 * DAY + Math.floor(random() * 362 * DAY),
      // Some customers come back often.
      contact: Math.floor(plan.contacts * random() ** 1.5),
      connection: random() < 0.8 ? 0 : 1,
      queue,
      agent: random() < 0.05 ? -1 : agentFor(queue),
      status: 'closed',
      messages: 1,
      busy: false,
    })
  }
  for (let i = 0; i < activeCount; i++) {
    const queue = pickQueue()
    const open = random() < 0.6
    tickets.push({
      createdAt: now - Math.floor(random() * 3 * DAY),
      contact: activeContacts[i]!,
      connection: random() < 0.8 ? 0 : 1,
      queue,
      agent: open ? agentFor(queue) : -1,
      status: open ? 'open' : 'pending',
      messages: 1,
      busy: false,
    })
  }
  // The busy one: an open conversation of agent 1 that has gone on for weeks.
  const busyMessages = Math.max(1, Math.min(2000, Math.floor(plan.messages / 50)))
  let busy = tickets.find((t) => t.status === 'open' && t.agent === 0)
  if (!busy && activeCount) {
    busy = tickets[closedCount]!
    Object.assign(busy, { status: 'open', queue: agentQueues[0]![0], agent: 0 })
  }
  if (busy) Object.assign(busy, { busy: true, messages: busyMessages, createdAt: now - 30 * DAY })
  // Every ticket has a message; the rest go mostly to a few (a skewed spread).
  let remaining = plan.messages - tickets.length - (busy ? busyMessages - 1 : 0)
  while (remaining-- > 0) {
    const t = tickets[Math.floor(tickets.length * random() ** 1.5)]!
    if (t.busy) remaining++
    else t.messages++
  }
  tickets.sort((a, b) => a.createdAt - b.createdAt)

  // ---- tickets, messages, history ----
  const insertTicket = sqlite.prepare(
    `insert into tickets (id, company_id, contact_id, connection_id, queue_id, user_id, status, chat_id, is_group, unread_count,
      last_message_text, last_message_at, imported, closed_at, last_inbound_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, ?, ?, ?, ?)`,
  )
  const insertMessage = sqlite.prepare(
    `insert into messages (id, company_id, ticket_id, contact_id, connection_id, external_id, from_me, type, body, media_path,
      media_type, media_name, media_size, quoted_message_id, status, is_private, attempts, user_id, timestamp, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertEvent = sqlite.prepare(
    `insert into ticket_events (id, company_id, ticket_id, type, user_id, from_status, to_status, from_user_id, to_user_id,
      from_queue_id, to_queue_id, note, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertTicketTag = sqlite.prepare(
    'insert or ignore into ticket_tags (company_id, ticket_id, tag_id) values (?, ?, ?)',
  )

  const counts = {
    contacts: plan.contacts,
    tickets: tickets.length,
    messages: 0,
    pending: 0,
    open: 0,
    closed: 0,
  }
  let external = 0
  let busyTicketId = ''
  const text = () => {
    const words = between(3, 16)
    let out = pick(WORDS)
    for (let w = 1; w < words; w++)
      out += ` ${random() < 0.03 ? String(between(100_000, 999_999)) : pick(WORDS)}`
    return out.charAt(0).toUpperCase() + out.slice(1) + (random() < 0.3 ? '?' : '')
  }
  const recent: string[] = []
  tickets.forEach((t, ti) => {
    const ticketId = newId(t.createdAt)
    if (t.busy) busyTicketId = ticketId
    const contactId = contactIds[t.contact]!
    const connectionId = connectionIds[t.connection]!
    const queueId = t.queue < 0 ? null : queueIds[t.queue]!
    const userId = t.agent < 0 ? null : agentIds[t.agent]!
    // Messages fit in the ticket's life: a closed one lasts up to two days, an active one until now.
    const span =
      t.status === 'closed'
        ? between(10 * MINUTE, 2 * DAY)
        : Math.max(MINUTE, now - t.createdAt - MINUTE)
    const gap = Math.max(1000, Math.floor(span / t.messages))
    let at = t.createdAt
    let lastText: string | null = null
    let lastType: MessageType = 'text'
    let lastInbound: number | null = null
    let trailingInbound = 0
    recent.length = 0
    for (let m = 0; m < t.messages; m++) {
      at += m === 0 ? 0 : between(1000, gap)
      const fromMe = m > 0 && random() < 0.45
      const note = fromMe && random() < 0.02
      const r = random()
      const type: MessageType = note
        ? 'text'
        : r < 0.03
          ? 'image'
          : r < 0.04
            ? 'voice'
            : r < 0.045
              ? 'document'
              : 'text'
      const body = type === 'voice' ? null : type === 'text' || random() < 0.4 ? text() : null
      const id = newId(at)
      const media = type === 'text' ? null : type
      const status = note
        ? 'sent'
        : fromMe
          ? random() < 0.8
            ? 'read'
            : 'delivered'
          : t.status === 'closed' || m < t.messages - 3
            ? 'read'
            : 'received'
      insertMessage.run(
        id,
        companyId,
        ticketId,
        contactId,
        connectionId,
        note ? null : `3EB0S${n}C${t.connection}M${++external}`,
        fromMe ? 1 : 0,
        type,
        body,
        media ? `${companyId}/seed/${id}` : null,
        media === 'image'
          ? 'image/jpeg'
          : media === 'voice'
            ? 'audio/ogg'
            : media
              ? 'application/pdf'
              : null,
        media === 'document' ? 'documento.pdf' : null,
        media ? between(10_000, 900_000) : null,
        recent.length && random() < 0.03 ? pick(recent) : null,
        status,
        note ? 1 : 0,
        fromMe && !note ? 1 : 0,
        fromMe ? userId : null,
        at,
        at,
        at,
      )
      counts.messages++
      if (recent.length >= 20) recent.shift()
      recent.push(id)
      if (note) continue
      lastText = body
      lastType = type
      if (fromMe) trailingInbound = 0
      else {
        lastInbound = at
        trailingInbound++
      }
    }
    const closedAt = t.status === 'closed' ? at + between(MINUTE, 2 * 60 * MINUTE) : null
    const unread = t.status === 'closed' ? 0 : trailingInbound
    insertTicket.run(
      ticketId,
      companyId,
      contactId,
      connectionId,
      queueId,
      userId,
      t.status,
      `${contactNumbers[t.contact]}@s.whatsapp.net`,
      unread,
      messagePreview(lastType, lastText),
      at,
      closedAt,
      lastInbound,
      t.createdAt,
      closedAt ?? at,
    )
    counts[t.status]++
    insertEvent.run(
      newId(t.createdAt),
      companyId,
      ticketId,
      'created',
      null,
      null,
      'pending',
      null,
      null,
      null,
      queueId,
      null,
      t.createdAt,
    )
    if (userId) {
      const acceptedAt = t.createdAt + between(1000, 10 * MINUTE)
      insertEvent.run(
        newId(acceptedAt),
        companyId,
        ticketId,
        'accepted',
        userId,
        'pending',
        'open',
        null,
        userId,
        null,
        null,
        null,
        acceptedAt,
      )
    }
    if (closedAt)
      insertEvent.run(
        newId(closedAt),
        companyId,
        ticketId,
        'closed',
        userId,
        userId ? 'open' : 'pending',
        'closed',
        null,
        null,
        null,
        null,
        null,
        closedAt,
      )
    if (random() < 0.1) {
      insertTicketTag.run(companyId, ticketId, pick(tagIds))
      if (random() < 0.3) insertTicketTag.run(companyId, ticketId, pick(tagIds))
    }
    if (ti % 50_000 === 49_999)
      plan.log(
        `  company ${n}: ${ti + 1} of ${tickets.length} tickets, ${counts.messages} messages`,
      )
  })

  return {
    companyId,
    adminId,
    supervisorId,
    agentIds,
    agentQueueIds: agentQueues.map((queues) => queues.map((q) => queueIds[q]!)),
    queueIds,
    connectionIds,
    busyTicketId,
    busyTicketMessages: busy ? busyMessages : 0,
    counts,
  }
}

// ---- command line ----

function parseArgs(argv: string[]) {
  const numbers: Record<string, number> = {}
  let file: string | undefined
  let force = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--force') force = true
    else if (arg.startsWith('--')) {
      const value = Number(argv[++i])
      if (!Number.isFinite(value) || value < 0) throw new Error(`${arg} needs a number`)
      numbers[arg.slice(2)] = value
    } else file = arg
  }
  return { file: file ?? 'data/large.db', force, numbers }
}

async function main() {
  const { file, force, numbers } = parseArgs(process.argv.slice(2))
  const target = path.resolve(file)
  if (fs.existsSync(target) && !force) {
    console.error(`${file} exists; pass --force to replace it.`)
    process.exit(1)
  }
  const building = `${target}.building-${crypto.randomBytes(3).toString('hex')}`
  const result = await seedLarge(building, {
    contacts: numbers.contacts ?? 100_000,
    tickets: numbers.tickets ?? 200_000,
    messages: numbers.messages ?? 1_000_000,
    companies: numbers.companies ?? 1,
    log: (line) => console.error(line),
  })
  removeDbFiles(target)
  fs.renameSync(building, target)
  removeDbFiles(building)
  console.error(
    `Log in as admin@empresa1.test (or agente1@empresa1.test…) with the password ${SEED_PASSWORD}.`,
  )
  console.log(
    JSON.stringify({ ...result, file: target, seconds: Math.round(result.seconds * 10) / 10 }),
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main()
}
