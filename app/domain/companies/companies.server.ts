import { asc, count, eq, sql } from 'drizzle-orm'
import { type Actor, systemActor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { createSession } from '#app/domain/auth/auth.server.ts'
import { DomainError, forbidden, notFound } from '#app/domain/errors.ts'
import { ensureDefaultStages } from '#app/domain/kanban/stages.server.ts'
import { transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { companies } from '#db/schema/companies.ts'
import { users } from '#db/schema/users.ts'
import { type CompanyInput, type NewCompanyInput } from './company-schema.ts'

export const DEFAULT_COMPANY_NAME = 'Minha empresa'

export type Company = typeof companies.$inferSelect

/** At first start there is one company to put the first admin in. */
export function ensureDefaultCompany(db: DbOrTx): Company {
  const existing = db.select().from(companies).orderBy(asc(companies.createdAt)).limit(1).get()
  if (existing) return existing
  const company = db.insert(companies).values({ name: DEFAULT_COMPANY_NAME }).returning().get()
  ensureDefaultStages(db, company.id)
  return company
}

export function hasAnyUser(db: DbOrTx) {
  return db.select({ id: users.id }).from(users).limit(1).get() !== undefined
}

/**
 * First-run setup: names the default company and creates its first admin (a super-admin).
 * Refused once any user exists, so the page cannot be replayed.
 */
export async function setupFirstRun(
  db: Db,
  input: { companyName: string; name: string; email: string; password: string },
) {
  const passwordHash = await hashPassword(input.password)
  return transaction(db, (tx) => {
    if (hasAnyUser(tx)) throw new DomainError('Setup already done', 'setup.alreadyDone', 409)
    const company = ensureDefaultCompany(tx)
    tx.update(companies).set({ name: input.companyName }).where(eq(companies.id, company.id)).run()
    const user = tx
      .insert(users)
      .values({
        companyId: company.id,
        name: input.name,
        email: input.email,
        passwordHash,
        role: 'admin',
        isSuperAdmin: true,
        allTickets: true,
      })
      .returning()
      .get()
    audit(tx, systemActor(company.id), {
      action: 'setup.completed',
      entityType: 'user',
      entityId: user.id,
      details: { email: user.email },
    })
    return { user, ...createSession(tx, user) }
  })
}

/**
 * The very first user of an installation: an admin of the default company and the super-admin.
 * Does nothing (returns null) once any user exists.
 */
export async function createFirstAdmin(
  db: Db,
  input: { name: string; email: string; password: string },
) {
  if (hasAnyUser(db)) return null
  const passwordHash = await hashPassword(input.password)
  return transaction(db, (tx) => {
    if (hasAnyUser(tx)) return null
    const company = ensureDefaultCompany(tx)
    const user = tx
      .insert(users)
      .values({
        companyId: company.id,
        name: input.name,
        email: input.email.trim().toLowerCase(),
        passwordHash,
        role: 'admin',
        isSuperAdmin: true,
        allTickets: true,
      })
      .returning()
      .get()
    audit(tx, systemActor(company.id), {
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      details: { email: user.email, firstAdmin: true },
    })
    return { user, company }
  })
}

/** With ADMIN_EMAIL/ADMIN_PASSWORD set and no user yet, creates that admin (deploys, tests). */
export async function ensureAdminFromEnv(
  db: Db,
  env: { ADMIN_EMAIL?: string; ADMIN_PASSWORD?: string },
) {
  if (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD) return null
  const created = await createFirstAdmin(db, {
    name: 'Admin',
    email: env.ADMIN_EMAIL,
    password: env.ADMIN_PASSWORD,
  })
  return created?.user ?? null
}

export function getCompany(db: DbOrTx, actor: Actor) {
  const company = db.select().from(companies).where(eq(companies.id, actor.companyId)).get()
  if (!company) throw new DomainError('Company not found', 'errors.notFound', 404)
  return company
}

/** Super-admins see every company with how many users it has. */
export function listCompanies(db: DbOrTx, actor: Actor) {
  if (!actor.isSuperAdmin) throw forbidden()
  return db
    .select({
      id: companies.id,
      name: companies.name,
      timeZone: companies.timeZone,
      maxUsers: companies.maxUsers,
      maxConnections: companies.maxConnections,
      maxQueues: companies.maxQueues,
      createdAt: companies.createdAt,
      userCount: sql<number>`(select count(*) from users where users.company_id = ${companies.id})`,
    })
    .from(companies)
    .orderBy(asc(companies.name))
    .all()
}

export function countUsers(db: DbOrTx, companyId: string) {
  return db.select({ n: count() }).from(users).where(eq(users.companyId, companyId)).get()?.n ?? 0
}

function requireSuperAdmin(actor: Actor) {
  if (!actor.isSuperAdmin) throw forbidden()
}

export function getCompanyForEditing(db: DbOrTx, actor: Actor, companyId: string) {
  requireSuperAdmin(actor)
  const company = db.select().from(companies).where(eq(companies.id, companyId)).get()
  if (!company) throw notFound('Company')
  return company
}

/** Super-admin: a new company with its first admin, in one transaction. */
export async function createCompany(db: Db, actor: Actor, input: NewCompanyInput) {
  requireSuperAdmin(actor)
  const passwordHash = await hashPassword(input.adminPassword)
  return transaction(db, (tx) => {
    const company = tx
      .insert(companies)
      .values({
        name: input.name,
        timeZone: input.timeZone,
        maxUsers: input.maxUsers,
        maxConnections: input.maxConnections,
        maxQueues: input.maxQueues,
      })
      .returning()
      .get()
    ensureDefaultStages(tx, company.id)
    tx.insert(users)
      .values({
        companyId: company.id,
        name: input.adminName,
        email: input.adminEmail,
        passwordHash,
        role: 'admin',
        allTickets: true,
      })
      .run()
    audit(tx, actor, {
      action: 'company.created',
      entityType: 'company',
      entityId: company.id,
      details: { name: company.name, adminEmail: input.adminEmail },
    })
    return company
  })
}

/** Super-admin: name, time zone and plan limits of any company. */
export function updateCompany(db: Db, actor: Actor, companyId: string, input: CompanyInput) {
  getCompanyForEditing(db, actor, companyId)
  return transaction(db, (tx) => {
    const company = tx
      .update(companies)
      .set({
        name: input.name,
        timeZone: input.timeZone,
        maxUsers: input.maxUsers,
        maxConnections: input.maxConnections,
        maxQueues: input.maxQueues,
      })
      .where(eq(companies.id, companyId))
      .returning()
      .get()!
    audit(tx, actor, {
      action: 'company.updated',
      entityType: 'company',
      entityId: companyId,
      details: { ...input },
    })
    return company
  })
}
