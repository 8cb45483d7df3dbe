import {
  type APIRequestContext,
  test as base,
  type Browser,
  type BrowserContext,
  expect,
  type Page,
} from '@playwright/test'
import { createSession, getSessionUser, toActor } from '#app/domain/auth/auth.server.ts'
import { ensureDefaultStages } from '#app/domain/kanban/stages.server.ts'
import { createConnection } from '#app/domain/connections/connections.server.ts'
import { db } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'
import { commitSessionId } from '#app/utils/session.server.ts'
import { companies } from '#db/schema/companies.ts'
import { queues } from '#db/schema/queues.ts'
import { userQueues, users, type Role } from '#db/schema/users.ts'

export const PASSWORD = 'senha-forte-123'
let counter = 0
const unique = () => `${Date.now().toString(36)}${process.pid}${++counter}`

type NewUser = {
  role?: Role
  name?: string
  workStart?: string
  workEnd?: string
  queueIds?: string[]
}

/**
 * The company of the running test. Each test gets a company of its own, as each customer of
 * Balcão has: parallel tests never see each other's rows (a quick reply, a tag, a contact with the
 * same number) nor each other's live events (every open page reloads on its company's events).
 */
let testCompany: { id: string } | null = null

function newTestCompany() {
  const company = db
    .insert(companies)
    .values({ name: `Empresa ${unique()}` })
    .returning()
    .get()
  ensureDefaultStages(db, company.id)
  return company
}

function currentCompany() {
  if (!testCompany) throw new Error('insertUser/insertQueue run only inside a test')
  return testCompany
}

/** Inserts a user in the test's company (with a known password) and returns it. */
export async function insertUser(input: NewUser = {}) {
  const company = currentCompany()
  const id = unique()
  const user = db
    .insert(users)
    .values({
      companyId: company.id,
      name: input.name ?? `Pessoa ${id}`,
      email: `user-${id}@example.com`,
      passwordHash: await hashPassword(PASSWORD),
      role: input.role ?? 'agent',
      allTickets: input.role === 'admin',
      workStart: input.workStart ?? null,
      workEnd: input.workEnd ?? null,
    })
    .returning()
    .get()
  for (const queueId of input.queueIds ?? []) {
    db.insert(userQueues).values({ companyId: company.id, userId: user.id, queueId }).run()
  }
  return user
}

export function insertQueue(name = `Fila ${unique()}`, color = '#2563eb') {
  const company = currentCompany()
  return db.insert(queues).values({ companyId: company.id, name, color }).returning().get()
}

/** Logs a user in by minting a real session cookie (no UI). */
export async function loginAs(page: Page, user: { id: string; companyId: string }) {
  const { sessionId, expiresAt } = createSession(db, user)
  const cookie = await commitSessionId(sessionId, expiresAt)
  const value = cookie.split(';')[0]!.split('=').slice(1).join('=')
  await page.context().addCookies([
    {
      name: 'balcao_session',
      value,
      domain: 'localhost',
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: true,
    },
  ])
}

type SessionUser = { id: string; companyId: string }

/** A page in a browser context of its own (its own cookies), logged in as the user. */
export async function openAs(browser: Browser, user: SessionUser) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, user)
  return page
}

/** The user as a domain Actor, for setting data up through the domain functions. */
export function actorOf(user: SessionUser) {
  return toActor(getSessionUser(db, createSession(db, user).sessionId)!)
}

/** A simulator connection created by an admin, routed to `queueId` when given. */
export function insertSimulatorConnection(admin: SessionUser, name: string, queueId?: string) {
  return createConnection(db, actorOf(admin), {
    name,
    channel: 'simulator',
    isDefault: false,
    groupsEnabled: false,
    queueId,
  })
}

/**
 * A customer writes to a simulator connection (the phone side of the simulator's API). Retried
 * until the connection has come up.
 */
export async function sendAsCustomer(
  request: APIRequestContext,
  message: { connectionId: string; from: string; name: string; text: string },
) {
  await expect
    .poll(async () => (await request.post('/simulator/api/messages', { data: message })).status(), {
      timeout: 15_000,
    })
    .toBe(201)
}

const EXPECTED_HTTP_ERROR = /^Failed to load resource: the server responded with a status of 4\d\d/

/**
 * Every test runs in a company of its own (see insertUser), and fails on a browser console error
 * or an uncaught page error, in any of its browser contexts (a second agent, the customer's phone…). Contexts a test opens are closed when it ends,
 * pass or fail: a context left open keeps its page live (an event stream, a reload on every event
 * of the company) for the rest of the worker's tests, and on a busy machine that starves them.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ context, browser }, use) => {
      const errors: string[] = []
      const watch = (watched: BrowserContext) => {
        watched.on('console', (message) => {
          // Chromium logs every 4xx answer as "Failed to load resource"; those are HTTP answers
          // the test expects (a refused login, a 403 page), not script errors. 5xx still fails.
          if (message.type() === 'error' && !EXPECTED_HTTP_ERROR.test(message.text()))
            errors.push(message.text())
        })
        watched.on('weberror', (error) => errors.push(error.error().message))
      }
      watch(context)
      testCompany = newTestCompany()
      const opened: BrowserContext[] = []
      const newContext = browser.newContext
      // browser.newPage() goes through newContext too.
      browser.newContext = async (...args) => {
        const created = await newContext.apply(browser, args)
        watch(created)
        opened.push(created)
        return created
      }
      await use(errors) // returns once the test is over, failed or not
      browser.newContext = newContext
      await Promise.all(opened.map((created) => created.close()))
      testCompany = null
      expect(errors, 'browser console errors').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }
