/**
 * Shared ground for the route fuzz and the isolation test (tests/e2e/fuzz.spec.ts and
 * isolation.spec.ts): two companies of their own with two queues each, the route manifest of the
 * build the e2e server runs, a seeded random source and per-company table checksums.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createSession } from '#app/domain/auth/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { newId } from '#app/utils/ids.ts'
import { commitSessionId } from '#app/utils/session.server.ts'
import { contactImports } from '#db/schema/contact-imports.ts'
import { kanbanStages } from '#db/schema/kanban.ts'
import { quickReplies } from '#db/schema/quick-replies.ts'
import { schedules } from '#db/schema/schedules.ts'
import { tags } from '#db/schema/tags.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
} from './db-utils.ts'

/** Deterministic random numbers (mulberry32): the same seed sends the same requests. */
export function seeded(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  }
}
export type Random = ReturnType<typeof seeded>

/** Runs `work` over `items`, at most `limit` at a time. */
export async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let index = 0
  const lanes = Array.from({ length: limit }, async () => {
    while (index < items.length) await work(items[index++]!)
  })
  await Promise.all(lanes)
}

export type ManifestRoute = {
  id: string
  /** Full path pattern (`/tickets/:ticketId`). */
  path: string
  index: boolean
  hasLoader: boolean
  hasAction: boolean
  /** No UI module: a resource route (its own URL, no `.data` twin). */
  resource: boolean
}

/**
 * Every route of the build the e2e server runs, from the route manifest Remix writes for the
 * browser (`window.__remixManifest`): a new route file is fuzzed without touching the tests.
 */
export function routeManifest(): ManifestRoute[] {
  const port = Number(process.env.E2E_PORT ?? 3999)
  const buildDir = path.resolve(port === 3999 ? 'build' : `tests/.tmp/build-${port}`)
  const assets = path.join(buildDir, 'client/assets')
  const file = fs
    .readdirSync(assets)
    .filter((name) => /^manifest-.*\.js$/.test(name))
    .map((name) => path.join(assets, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]
  if (!file) throw new Error(`no route manifest in ${assets}`)
  const source = fs.readFileSync(file, 'utf8')
  const manifest = JSON.parse(source.slice(source.indexOf('=') + 1).replace(/;\s*$/, '')) as {
    routes: Record<
      string,
      {
        id: string
        parentId?: string
        path?: string
        index?: boolean
        hasLoader: boolean
        hasAction: boolean
        imports?: string[]
        hasErrorBoundary: boolean
      }
    >
  }
  const routes = manifest.routes
  const full = (id: string): string => {
    const route = routes[id]!
    const parent = route.parentId ? full(route.parentId) : ''
    if (route.path === undefined || route.path === '') return parent
    return `${parent.replace(/\/$/, '')}/${route.path}`
  }
  // A route is a resource route when its file has no default export; the client manifest says so
  // by the absence of an error boundary and imports (the module is empty for the browser).
  return Object.values(routes)
    .filter((route) => route.id !== 'root' && (route.hasLoader || route.hasAction))
    .map((route) => ({
      id: route.id,
      path: full(route.id) || '/',
      index: Boolean(route.index),
      hasLoader: route.hasLoader,
      hasAction: route.hasAction,
      resource: /^routes\/(resources\+|simulator\+|events|healthz)/.test(route.id),
    }))
}

/** The `:command` values of the ticket command routes. */
export const TICKET_COMMANDS = [
  'accept',
  'transfer',
  'close',
  'reopen',
  'return',
  'read',
  'typing',
  'observations',
  'retry',
]

/**
 * The intent literals a route source compares against (lines naming `intent` or a `case '…'`), so
 * a fuzzed body reaches past the first `if`.
 */
export function intentLiteralsIn(source: string) {
  const found: string[] = []
  for (const line of source.split('\n'))
    if (/intent|case '/.test(line))
      for (const [, literal] of line.matchAll(/'([a-z][a-z-]{2,30})'/g)) found.push(literal!)
  return found
}

/** A marker in every name and text of a company (or queue) that must never leak to another. */
export const secretOf = (label: string) => `SEGREDO${label}`

async function cookieFor(user: { id: string; companyId: string }) {
  const { sessionId, expiresAt } = createSession(db, user)
  return (await commitSessionId(sessionId, expiresAt)).split(';')[0]!
}

let phoneSeq = 0

async function makeCompany(label: string, run: string) {
  const secret = secretOf(label)
  const company = createCompany(db, { name: `Empresa ${secret} ${run}` })
  const queueX = createQueue(db, company.id, { name: `Fila X ${secret}` })
  const queueY = createQueue(db, company.id, { name: `Fila Y ${secret}` })
  const admin = await createUser(db, {
    companyId: company.id,
    role: 'admin',
    allTickets: true,
    name: `Admin ${secret}`,
    email: `admin-${label}-${run}@fuzz.example`.toLowerCase(),
  })
  const agentX = await createUser(db, {
    companyId: company.id,
    queueIds: [queueX.id],
    name: `Agente X ${secret}`,
    email: `agent-x-${label}-${run}@fuzz.example`.toLowerCase(),
  })
  const agentY = await createUser(db, {
    companyId: company.id,
    queueIds: [queueY.id],
    name: `Agente Y ${secret}`,
    email: `agent-y-${label}-${run}@fuzz.example`.toLowerCase(),
  })
  const connectionX = addConnection(db, company.id, queueX.id)
  const connectionY = addConnection(db, company.id, queueY.id)
  const phone = (n: number) => `55119${String(70_000_000 + (process.pid % 1000) * 1000 + n)}`
  const ticketX = customerWrites(db, connectionX, {
    text: `Mensagem X ${secret}`,
    phone: phone(++phoneSeq),
    name: `Cliente X ${secret}`,
  })
  const ticketY = customerWrites(db, connectionY, {
    text: `Mensagem Y ${secretOf(`${label}Y`)}`,
    phone: phone(++phoneSeq),
    name: `Cliente Y ${secret}`,
  })
  const tag = db
    .insert(tags)
    .values({ companyId: company.id, name: `Tag ${secret}` })
    .returning()
    .get()
  const reply = db
    .insert(quickReplies)
    .values({ companyId: company.id, shortcut: `atalho${label.toLowerCase()}`, message: secret })
    .returning()
    .get()
  const stage = db
    .insert(kanbanStages)
    .values({ companyId: company.id, name: `Etapa ${secret}` })
    .returning()
    .get()
  const schedule = db
    .insert(schedules)
    .values({
      companyId: company.id,
      contactId: ticketX.contactId,
      connectionId: connectionX.id,
      userId: admin.id,
      body: `Agendado ${secret}`,
      // Far away: never due while the tests run (no job is enqueued for it either).
      sendAt: Date.UTC(2099, 0, 1),
    })
    .returning()
    .get()
  const contactImport = db
    .insert(contactImports)
    .values({
      companyId: company.id,
      userId: admin.id,
      kind: 'csv',
      fileName: `${secret}.csv`,
      status: 'done',
    })
    .returning()
    .get()
  return {
    label,
    secret,
    company,
    queueX,
    queueY,
    admin,
    agentX,
    agentY,
    connectionX,
    connectionY,
    ticketX,
    ticketY,
    ids: {
      companyId: [company.id],
      queueId: [queueX.id, queueY.id],
      userId: [admin.id, agentX.id, agentY.id],
      connectionId: [connectionX.id, connectionY.id],
      ticketId: [ticketX.ticketId, ticketY.ticketId],
      contactId: [ticketX.contactId, ticketY.contactId],
      messageId: [ticketX.messageId, ticketY.messageId],
      tagId: [tag.id],
      replyId: [reply.id],
      stageId: [stage.id],
      scheduleId: [schedule.id],
      importId: [contactImport.id],
    } as Record<string, string[]>,
    cookies: {
      admin: await cookieFor(admin),
      agentX: await cookieFor(agentX),
      agentY: await cookieFor(agentY),
    },
  }
}
export type FuzzCompany = Awaited<ReturnType<typeof makeCompany>>

/** Two companies, A and B, each with queues X and Y, an admin, an agent per queue, a ticket per queue. */
export async function makeWorld(name: string) {
  const run = `${name}-${Date.now().toString(36)}-${process.pid}`
  return { A: await makeCompany('A', run), B: await makeCompany('B', run) }
}
export type World = Awaited<ReturnType<typeof makeWorld>>

/** Tables whose rows change by merely being logged in (session touch): never compared. */
const VOLATILE_TABLES = new Set(['sessions'])
/** Columns that record presence, not data. */
const VOLATILE_COLUMNS = new Set(['last_seen_at'])

type Scope = {
  companyId: string
  /** Only these tables (all business tables with company_id when omitted). */
  tables?: string[]
  /** Extra filters per table: `table → SQL condition` (e.g. only one ticket's messages). */
  where?: Record<string, string>
  /** Rows left out per table, by id (a user's own row, which their preferences may change). */
  exceptIds?: Record<string, string[]>
}

/** One hash per table of the rows belonging to a company (with the scope's filters). */
export function checksums(scope: Scope) {
  const client = db.$client
  const tables = (
    client
      .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
      .all() as { name: string }[]
  ).map((row) => row.name)
  const result: Record<string, string> = {}
  for (const table of tables) {
    if (VOLATILE_TABLES.has(table)) continue
    if (scope.tables && !scope.tables.includes(table)) continue
    const columns = (client.prepare(`pragma table_info("${table}")`).all() as { name: string }[])
      .map((column) => column.name)
      .filter((column) => !VOLATILE_COLUMNS.has(column))
    const key = table === 'companies' ? 'id' : columns.includes('company_id') ? 'company_id' : null
    if (!key) continue
    const conditions = [`"${key}" = ?`]
    if (scope.where?.[table]) conditions.push(`(${scope.where[table]})`)
    const except = scope.exceptIds?.[table] ?? []
    if (except.length) conditions.push(`id not in (${except.map(() => '?').join(',')})`)
    const rows = client
      .prepare(
        `select ${columns.map((c) => `"${c}"`).join(',')} from "${table}" where ${conditions.join(' and ')} order by rowid`,
      )
      .raw()
      .all(scope.companyId, ...except)
    result[table] = `${rows.length}:${crypto
      .createHash('sha1')
      .update(JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
      .digest('hex')
      .slice(0, 12)}`
  }
  return result
}

/** What an agent of queue X must never change in its company: admin data and queue Y's ticket. */
export function agentScope(company: FuzzCompany): Scope {
  const ticketY = `'${company.ticketY.ticketId}'`
  return {
    companyId: company.company.id,
    tables: [
      'companies',
      'queues',
      'connections',
      'user_queues',
      'settings',
      'users',
      'tickets',
      'messages',
      'ticket_events',
      'ticket_tags',
    ],
    where: {
      tickets: `id = ${ticketY}`,
      messages: `ticket_id = ${ticketY}`,
      ticket_events: `ticket_id = ${ticketY}`,
      ticket_tags: `ticket_id = ${ticketY}`,
    },
    // The agent's own row holds their theme and language.
    exceptIds: { users: [company.agentX.id] },
  }
}

/** A random id no table has. */
export const unknownId = () => newId()
