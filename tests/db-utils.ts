import { hash } from '@node-rs/argon2'
import { asc, eq, gt, sql } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { type UserEditorInput } from '#app/domain/users/user-schema.ts'
import { toActor } from '#app/domain/auth/auth.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { ingestInbound } from '#app/domain/messages/ingest.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { companies } from '#db/schema/companies.ts'
import { connections } from '#db/schema/connections.ts'
import { queues } from '#db/schema/queues.ts'
import { events } from '#db/schema/system.ts'
import { messages, ticketEvents, type TicketStatus, tickets } from '#db/schema/tickets.ts'
import { type Role, userQueues, users } from '#db/schema/users.ts'

/** Test factories: small rows with unique names and e-mails, inserted straight into the DB. */

let counter = 0
const next = () => ++counter

export const DEFAULT_PASSWORD = 'senha-de-teste-1'

const hashes = new Map<string, Promise<string>>()

/**
 * A real argon2id hash with the cheapest parameters (verify reads them from the hash, so login()
 * accepts it) — about 1 ms instead of ~20 ms. Memoized per password.
 */
export function cheapPasswordHash(password: string) {
  let cached = hashes.get(password)
  if (!cached) {
    cached = hash(password, { memoryCost: 64, timeCost: 1, parallelism: 1 })
    hashes.set(password, cached)
  }
  return cached
}

export type CompanyRow = typeof companies.$inferSelect
export type QueueRow = typeof queues.$inferSelect
export type UserRow = typeof users.$inferSelect

export function createCompany(
  db: DbOrTx,
  overrides: Partial<typeof companies.$inferInsert> = {},
): CompanyRow {
  return db
    .insert(companies)
    .values({ name: `Empresa ${next()}`, ...overrides })
    .returning()
    .get()
}

export function createQueue(
  db: DbOrTx,
  companyId: string,
  overrides: Partial<Omit<typeof queues.$inferInsert, 'companyId'>> = {},
): QueueRow {
  const n = next()
  return db
    .insert(queues)
    .values({ name: `Fila ${n}`, order: n, ...overrides, companyId })
    .returning()
    .get()
}

export type CreateUserOptions = {
  companyId: string
  role?: Role
  queueIds?: string[]
  workStart?: string | null
  workEnd?: string | null
  /** Plain password; DEFAULT_PASSWORD when omitted. */
  password?: string
  name?: string
  email?: string
  allTickets?: boolean
  isSuperAdmin?: boolean
  disabledAt?: number | null
}

/** Inserts a user (and their queues); returns the row and the Actor that toActor() would build. */
export async function createUser(
  db: DbOrTx,
  options: CreateUserOptions,
): Promise<UserRow & { password: string; actor: Actor }> {
  const n = next()
  const password = options.password ?? DEFAULT_PASSWORD
  const row = db
    .insert(users)
    .values({
      companyId: options.companyId,
      name: options.name ?? `Pessoa ${n}`,
      email: (options.email ?? `pessoa${n}@example.com`).toLowerCase(),
      passwordHash: await cheapPasswordHash(password),
      role: options.role ?? 'agent',
      allTickets: options.allTickets ?? false,
      isSuperAdmin: options.isSuperAdmin ?? false,
      workStart: options.workStart ?? null,
      workEnd: options.workEnd ?? null,
      disabledAt: options.disabledAt ?? null,
    })
    .returning()
    .get()
  const queueIds = [...new Set(options.queueIds ?? [])]
  if (queueIds.length) {
    db.insert(userQueues)
      .values(
        queueIds.map((queueId) => ({ companyId: options.companyId, userId: row.id, queueId })),
      )
      .run()
  }
  const company = db.select().from(companies).where(eq(companies.id, options.companyId)).get()
  if (!company) throw new Error(`createUser: no company ${options.companyId}`)
  const { passwordHash: _omit, ...user } = row
  const actor = toActor({ sessionId: '', user, company, queueIds })
  return { ...row, password, actor }
}

export type ConnectionRef = { id: string; companyId: string; queueId: string | null }

let connectionSeq = 0

/** A connection row routed to `queueId` (the channel runtime is not started). */
export function addConnection(
  db: DbOrTx,
  companyId: string,
  queueId: string | null = null,
  channel: 'simulator' | 'whatsapp' = 'simulator',
): ConnectionRef {
  const row = db
    .insert(connections)
    .values({ companyId, name: `Conexão ${++connectionSeq}`, channel, queueId })
    .returning()
    .get()
  return { id: row.id, companyId, queueId }
}

let inboundSeq = 0

/** A customer's text message through the real spine (a new ticket, or the active one). */
export function customerWrites(
  db: Db,
  connection: ConnectionRef,
  {
    text = 'Olá',
    phone = '5511987654321',
    name = 'Cliente',
  }: { text?: string; phone?: string; name?: string } = {},
) {
  const result = ingestInbound(db, connection, {
    externalId: `SIMC-${++inboundSeq}`,
    peer: { chatId: phone, phone, name },
    fromMe: false,
    timestamp: Date.now(),
    type: 'text',
    text,
  })
  if (result.duplicate) throw new Error('unexpected duplicate')
  return result
}

/** Runs a call that must throw a DomainError (sync) and returns that error for assertions. */
export function domainErrorOf(run: () => unknown): DomainError {
  try {
    run()
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a DomainError')
}

let phoneSeq = 0

/** A mobile number no other call in this test file returned. */
export const uniquePhone = () => `55119${String(50_000_000 + ++phoneSeq).padStart(8, '0')}`

/**
 * A company with queues Vendas and Suporte (a connection routed to each), an admin who sees every
 * ticket, a supervisor and an agent of Vendas (Ana); the users as Actors.
 */
export async function createSalesAndSupport(db: Db) {
  const company = createCompany(db)
  const vendas = createQueue(db, company.id, { name: 'Vendas' })
  const suporte = createQueue(db, company.id, { name: 'Suporte' })
  const admin = await createUser(db, { companyId: company.id, role: 'admin', allTickets: true })
  const supervisor = await createUser(db, { companyId: company.id, role: 'supervisor' })
  const agent = await createUser(db, { companyId: company.id, queueIds: [vendas.id], name: 'Ana' })
  return {
    company,
    vendasId: vendas.id,
    vendas: addConnection(db, company.id, vendas.id),
    suporte: addConnection(db, company.id, suporte.id),
    admin: admin.actor,
    supervisor: supervisor.actor,
    agent: agent.actor,
  }
}

/**
 * A company with queues Vendas (`sales`) and Suporte (`support`), a connection routed to each
 * (`salesLine`, `supportLine`) and an agent of Vendas.
 */
export async function createSalesAndSupportLines(db: DbOrTx) {
  const company = createCompany(db)
  const sales = createQueue(db, company.id, { name: 'Vendas' })
  const support = createQueue(db, company.id, { name: 'Suporte' })
  const salesLine = addConnection(db, company.id, sales.id)
  const supportLine = addConnection(db, company.id, support.id)
  const agent = await createUser(db, { companyId: company.id, queueIds: [sales.id] })
  return { company, sales, support, salesLine, supportLine, agent }
}

/** The first company of an install: its super-admin and a plain admin share it. */
export async function createCompanyWithSuperAdmin(db: DbOrTx) {
  const company = createCompany(db)
  const superAdmin = await createUser(db, {
    companyId: company.id,
    role: 'admin',
    isSuperAdmin: true,
  })
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  return { company, superAdmin, admin }
}

/** The moment createTicketAt's `at` counts from. */
export const TICKET_T0 = Date.parse('2026-03-10T12:00:00Z')

export type TicketSpec = {
  connection: ConnectionRef
  /** Contact name (push name). */
  name?: string
  phone?: string
  text?: string
  /** Minutes after TICKET_T0 of the last message (the ticket's activity). */
  at: number
  status?: TicketStatus
  userId?: string | null
  /** Overrides the connection's queue (null: no queue). */
  queueId?: string | null
}

let ticketSeq = 0

/** A customer's ticket, made through the spine then put in the wanted state; returns its id. */
export function createTicketAt(db: Db, spec: TicketSpec) {
  const phone = spec.phone ?? `55119${String(70_000_000 + ++ticketSeq).padStart(8, '0')}`
  const at = TICKET_T0 + spec.at * 60_000
  const result = ingestInbound(db, spec.connection, {
    externalId: `TICKET-${++ticketSeq}`,
    peer: { chatId: phone, phone, name: spec.name ?? `Cliente ${ticketSeq}` },
    fromMe: false,
    timestamp: at,
    type: 'text',
    text: spec.text ?? 'Olá',
  })
  if (result.duplicate) throw new Error('unexpected duplicate')
  const status = spec.status ?? 'pending'
  db.update(tickets)
    .set({
      status,
      userId: spec.userId ?? null,
      ...(spec.queueId !== undefined ? { queueId: spec.queueId } : {}),
      closedAt: status === 'closed' ? at : null,
    })
    .where(eq(tickets.id, result.ticketId))
    .run()
  return result.ticketId
}

/** What the user editor's schema fills in when the form leaves it out. */
export const USER_EDITOR_DEFAULTS = {
  theme: 'light',
  language: 'pt-BR',
  signature: true,
  active: true,
  removeAvatar: false,
} as const satisfies Partial<UserEditorInput>

/** The user editor form's parsed values for a new agent (a fresh name and e-mail). */
export function userEditorInput(overrides: Partial<UserEditorInput> = {}): UserEditorInput {
  const n = next()
  return {
    name: `Nova Pessoa ${n}`,
    email: `nova${n}@example.com`,
    role: 'agent',
    password: 'senha-forte-1',
    allTickets: false,
    queueIds: [],
    ...USER_EDITOR_DEFAULTS,
    ...overrides,
  }
}

/** Readers the domain tests assert on (rowid order: ULIDs of one millisecond are not monotonic). */
export const ticketRow = (db: DbOrTx, id: string) =>
  db.select().from(tickets).where(eq(tickets.id, id)).get()!

export const messagesOf = (db: DbOrTx, ticketId: string) =>
  db
    .select()
    .from(messages)
    .where(eq(messages.ticketId, ticketId))
    .orderBy(asc(sql`${messages}.rowid`))
    .all()

export const historyOf = (db: DbOrTx, ticketId: string) =>
  db
    .select()
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(sql`${ticketEvents}.rowid`))
    .all()

export const eventsAfter = (db: DbOrTx, id: number) =>
  db.select().from(events).where(gt(events.id, id)).orderBy(asc(events.id)).all()
