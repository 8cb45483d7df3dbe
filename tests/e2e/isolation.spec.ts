/**
 * Isolation, permanently: two companies × two queues × every list, detail, action and resource
 * route of the manifest. Company B's ids while logged in as company A's admin, queue Y's ids as an
 * agent of queue X, anyone's ids as a visitor: a URL naming what the caller may not see answers
 * 403/404 (a visitor is sent to the login), a body naming it is refused with a 4xx, no answer
 * shows the other side's data, and no row of the other side changes.
 */
import fs from 'node:fs'
import path from 'node:path'
import {
  agentScope,
  checksums,
  type FuzzCompany,
  intentLiteralsIn,
  makeWorld,
  type ManifestRoute,
  pool,
  routeManifest,
  secretOf,
  TICKET_COMMANDS,
} from '../fuzz-world.ts'
import { expect, test } from '../playwright-utils.ts'
import { systemActor } from '#app/domain/actor.ts'
import { createApiToken } from '#app/domain/api/tokens.server.ts'
import { db } from '#app/utils/db.server.ts'

/** The ids a caller may not touch, by the name routes and forms give them. */
type Foreign = Record<string, string>

/** A ticket's ids, by the names routes and forms give them (a quoted message is one of its own). */
function ticketIdsOf(ticket: FuzzCompany['ticketX']): Foreign {
  return { ticketId: ticket.ticketId, messageId: ticket.messageId, quotedId: ticket.messageId }
}

function foreignOf(company: FuzzCompany): Foreign {
  return {
    companyId: company.company.id,
    queueId: company.queueX.id,
    userId: company.admin.id,
    connectionId: company.connectionX.id,
    ...ticketIdsOf(company.ticketX),
    contactId: company.ticketX.contactId,
    tagId: company.ids.tagId![0]!,
    stageId: company.ids.stageId![0]!,
    replyId: company.ids.replyId![0]!,
    scheduleId: company.ids.scheduleId![0]!,
    importId: company.ids.importId![0]!,
  }
}

/** Queue Y of company A, as an agent of queue X sees it: its ticket, message and contact. */
function queueYOf(company: FuzzCompany): Foreign {
  return {
    ...ticketIdsOf(company.ticketY),
    queueId: company.queueY.id,
    userId: company.agentY.id,
  }
}

/** The intent literals of a route file and the `__*.server` files it imports. */
function intentsOf(route: ManifestRoute) {
  const base = path.resolve('app', route.id)
  const files = new Set(
    ['.tsx', '.ts'].map((ext) => base + ext).filter((file) => fs.existsSync(file)),
  )
  const found = new Set<string>()
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8')
    for (const [, helper] of source.matchAll(/from '\.\/(__[\w.-]+)'/g)) {
      const helperFile = path.join(path.dirname(file), helper!)
      if (fs.existsSync(helperFile)) files.add(helperFile)
    }
    for (const literal of intentLiteralsIn(source)) found.add(literal)
  }
  return [...found].slice(0, 10)
}

type Caller = 'visitor' | 'admin' | 'agent' | 'token'
type Probe = {
  caller: Caller
  method: 'GET' | 'POST'
  url: string
  form?: Record<string, string>
  strict: boolean
}

/**
 * Every route with the foreign ids in its URL (strict: 403/404 on GET) and, for actions, every
 * intent of the route with the foreign ids in the body.
 */
function probes(caller: Caller, routes: ManifestRoute[], foreign: Foreign) {
  const list: Probe[] = []
  for (const route of routes) {
    if (route.path === '/logout' && caller !== 'visitor') continue
    const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!)
    // A route whose ids the caller's foreign set does not cover (e.g. a contact for an agent,
    // who shares contacts with the whole company) is not an isolation case for this caller.
    if (names.some((name) => name !== 'command' && !(name in foreign))) continue
    const commands = names.includes('command') ? TICKET_COMMANDS : ['']
    const inUrl = names.some((name) => name !== 'command')
    for (const command of commands) {
      const url = route.path
        .replace(/:(\w+)/g, (_, name: string) => (name === 'command' ? command : foreign[name]!))
        .replace('*', 'nada')
      const search = new URLSearchParams(
        Object.entries(foreign).map(([key, value]) => [key.replace(/Id$/, ''), value]),
      )
      if (route.hasLoader && !(route.path === '/events' && caller !== 'visitor')) {
        list.push({ caller, method: 'GET', url, strict: inUrl })
        if (!inUrl) list.push({ caller, method: 'GET', url: `${url}?${search}`, strict: false })
      }
      if (!route.hasAction) continue
      const action = route.index ? `${url}?index` : url
      const body = {
        ...foreign,
        text: 'x',
        name: 'x',
        phone: '5511999990000',
        from: '5511999990000',
        tagIds: foreign.tagId ?? '',
        queueIds: foreign.queueId ?? '',
      }
      for (const intent of intentsOf(route).concat(''))
        list.push({ caller, method: 'POST', url: action, form: { ...body, intent }, strict: inUrl })
    }
  }
  return list
}

test('one company never reaches another’s rows, nor an agent another queue’s', async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(300_000)
  const world = await makeWorld('isolation')
  const routes = routeManifest()
  const api = await playwright.request.newContext({ baseURL })
  const failures: string[] = []
  let sent = 0

  const run = async (
    caller: Caller,
    credential: { cookie?: string; authorization?: string },
    list: Probe[],
    secrets: string[],
  ) => {
    await pool(list, 8, async (probe) => {
      sent++
      const response = await api.fetch(probe.url, {
        method: probe.method,
        headers: {
          ...(credential.cookie ? { cookie: credential.cookie } : {}),
          ...(credential.authorization ? { authorization: credential.authorization } : {}),
          ...(probe.form ? { origin: baseURL! } : {}),
        },
        form: probe.form,
        maxRedirects: 0,
        failOnStatusCode: false,
      })
      const status = response.status()
      const location = response.headers().location ?? ''
      const text = await response.text().catch(() => '')
      await response.dispose()
      const what = `${caller} ${probe.method} ${probe.url} intent=${probe.form?.intent ?? '-'} → ${status}`
      for (const secret of secrets)
        if (text.includes(secret)) failures.push(`${what} shows ${secret}`)
      if (status >= 500) {
        failures.push(`${what} ${text.slice(0, 200)}`)
        return
      }
      // The API takes bearer tokens only: a session cookie there is no credential (401), and a
      // route answers 405 to a method it does not have — refusals that show nothing.
      if (probe.url.startsWith('/api/') && caller !== 'token' && (status === 401 || status === 405))
        return
      if (caller === 'token' && probe.strict && status === 405) return
      if (caller === 'visitor') {
        // To the login, or home (logout), which sends a visitor to the login.
        if (status >= 300 && status < 400 && !location.startsWith('/login') && location !== '/')
          failures.push(`${what} redirects a visitor to ${location}`)
        return
      }
      if (probe.strict && probe.method === 'GET' && status !== 403 && status !== 404)
        failures.push(`${what}: expected 403/404`)
      if (probe.strict && probe.method === 'POST' && status < 400)
        failures.push(`${what}: expected a refusal`)
    })
  }

  const A = world.A
  const B = world.B
  const before = {
    A: checksums({ companyId: A.company.id }),
    B: checksums({ companyId: B.company.id }),
  }

  // A visitor, with company A's real ids: the login page or a refusal, nothing shown or changed.
  await run('visitor', {}, probes('visitor', routes, foreignOf(A)), [A.secret, B.secret])
  expect(checksums({ companyId: A.company.id }), 'company A after visitors').toEqual(before.A)

  // An agent of A's queue X, with queue Y's ticket: refused, and queue Y unchanged.
  const agentBefore = checksums(agentScope(A))
  await run('agent', { cookie: A.cookies.agentX }, probes('agent', routes, queueYOf(A)), [
    secretOf('AY'),
    B.secret,
  ])
  expect(checksums(agentScope(A)), 'queue Y and admin data after agent X').toEqual(agentBefore)

  // A's admin, with company B's ids everywhere.
  await run('admin', { cookie: A.cookies.admin }, probes('admin', routes, foreignOf(B)), [B.secret])
  expect(checksums({ companyId: B.company.id }), 'company B after A’s admin').toEqual(before.B)

  // An API token of company A with every scope, with company B's ids on every /api route.
  const { secret } = createApiToken(db, systemActor(A.company.id), {
    name: 'isolation',
    scopes: ['send', 'read', 'write'],
  })
  const apiRoutes = routes.filter((route) => route.path.startsWith('/api/'))
  expect(apiRoutes.length).toBeGreaterThan(10)
  await run(
    'token',
    { authorization: `Bearer ${secret}` },
    probes('token', apiRoutes, foreignOf(B)),
    [B.secret],
  )
  expect(checksums({ companyId: B.company.id }), 'company B after A’s API token').toEqual(before.B)

  await api.dispose()
  console.log(`isolation: ${sent} requests over ${routes.length} routes`)
  expect(failures).toEqual([])
})
