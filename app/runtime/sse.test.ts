import { and, eq, lte } from 'drizzle-orm'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { db } from '#app/utils/db.server.ts'
import { events } from '#db/schema/system.ts'
import { users } from '#db/schema/users.ts'
import { createSession, getSessionUser, logout, toActor } from '#app/domain/auth/auth.server.ts'
import { setSetting } from '#app/domain/settings/settings.server.ts'
import { acceptTicket, transferTicket } from '#app/domain/tickets/actions.server.ts'
import { type UserEditorInput } from '#app/domain/users/user-schema.ts'
import { deleteUser, resetPasswordByEmail, updateUser } from '#app/domain/users/users.server.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
  USER_EDITOR_DEFAULTS,
} from '#tests/db-utils.ts'
import { emitTicketEvent, type TicketEvent } from '#app/domain/tickets/audience.server.ts'
import { emit, lastEventId, transaction, writeEventRow } from '#app/domain/outbox.server.ts'
import { liveStreamCount } from './live-streams.server.ts'
import { Presence, presence } from './presence.server.ts'
import { liveEventStream } from './sse.server.ts'

/** Rows of made-up types: the stream's filters do not depend on what an event means. */
type EventInput = Parameters<typeof writeEventRow>[1]

type SseMessage = { event: string; id: number | null; data: unknown }

/** Reads a text/event-stream body message by message. */
function sseReader(response: Response) {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  let done = false

  async function next(timeoutMs = 2_000): Promise<SseMessage | null> {
    for (;;) {
      const end = buffer.indexOf('\n\n')
      if (end !== -1) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const message: SseMessage = { event: 'message', id: null, data: '' }
        for (const line of block.split('\n')) {
          const colon = line.indexOf(': ')
          const [field, value] =
            colon === -1 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 2)]
          if (field === 'event') message.event = value
          if (field === 'id') message.id = Number(value)
          if (field === 'data') message.data = value ? JSON.parse(value) : ''
        }
        // Domain events travel as `message` with { type, payload } (see sse.server.ts).
        if (message.event === 'message') {
          const { type, payload } = message.data as { type: string; payload: unknown }
          return { ...message, event: type, data: payload }
        }
        return message
      }
      if (done) return null
      let timer: NodeJS.Timeout | undefined
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no SSE message within ${timeoutMs} ms`)),
            timeoutMs,
          )
        }),
      ]).finally(() => clearTimeout(timer))
      if (chunk.done) done = true
      else buffer += decoder.decode(chunk.value, { stream: true })
    }
  }

  /** Messages until (and including) the first one matching `until`. */
  async function collectUntil(until: (message: SseMessage) => boolean) {
    const messages: SseMessage[] = []
    for (;;) {
      const message = await next()
      if (!message)
        throw new Error(`stream ended before the expected message; got ${JSON.stringify(messages)}`)
      messages.push(message)
      if (until(message)) return messages
    }
  }

  return { next, collectUntil, cancel: () => reader.cancel() }
}

function emitOne(input: EventInput) {
  transaction(db, (tx) => writeEventRow(tx, input))
  return lastEventId(db)
}

function openStream(
  viewer: Awaited<ReturnType<typeof createUser>>,
  options: {
    lastEventId?: number
    isSessionValid?: () => boolean
    heartbeatMs?: number
    replayLimit?: number
  } = {},
) {
  const controller = new AbortController()
  const request = new Request('http://localhost/events', {
    headers:
      options.lastEventId !== undefined ? { 'Last-Event-ID': String(options.lastEventId) } : {},
    signal: controller.signal,
  })
  const response = liveEventStream(db, request, viewer.actor, {
    isSessionValid: options.isSessionValid ?? (() => true),
    heartbeatMs: options.heartbeatMs,
    replayLimit: options.replayLimit,
  })
  return { response, reader: sseReader(response), abort: () => controller.abort() }
}

async function setup() {
  const company = createCompany(db)
  const otherCompany = createCompany(db)
  const myQueue = createQueue(db, company.id)
  const otherQueue = createQueue(db, company.id)
  const viewer = await createUser(db, {
    companyId: company.id,
    role: 'agent',
    queueIds: [myQueue.id],
  })
  const colleague = await createUser(db, { companyId: company.id, role: 'agent' })
  return { company, otherCompany, myQueue, otherQueue, viewer, colleague }
}

const presenceEvents = (companyId: string, userId: string) =>
  db
    .select()
    .from(events)
    .where(and(eq(events.companyId, companyId), eq(events.type, 'user.presence')))
    .all()
    .filter((e) => e.payload.userId === userId)
    .map((e) => e.payload.online)

afterEach(() => {
  presence.reset()
})

describe('liveEventStream', () => {
  test('replays exactly what the viewer missed after Last-Event-ID, then follows new events', async () => {
    const { company, otherCompany, myQueue, otherQueue, viewer, colleague } = await setup()
    const c = company.id
    const seen = emitOne({
      type: 'already.seen',
      companyId: c,
      audience: { type: 'company' },
      payload: {},
    })
    const e1 = emitOne({
      type: 'company.news',
      companyId: c,
      audience: { type: 'company' },
      payload: { n: 1 },
    })
    emitOne({
      type: 'other.company',
      companyId: otherCompany.id,
      audience: { type: 'company' },
      payload: {},
    })
    emitOne({
      type: 'colleague.only',
      companyId: c,
      audience: { type: 'user', id: colleague.id },
      payload: {},
    })
    const e2 = emitOne({
      type: 'mine.only',
      companyId: c,
      audience: { type: 'user', id: viewer.id },
      payload: { n: 2 },
    })
    const e3 = emitOne({
      type: 'my.queue',
      companyId: c,
      audience: { type: 'queue', id: myQueue.id },
      payload: { n: 3 },
    })
    emitOne({
      type: 'other.queue',
      companyId: c,
      audience: { type: 'queue', id: otherQueue.id },
      payload: {},
    })
    emitOne({ type: 'admins.only', companyId: c, audience: { type: 'admins' }, payload: {} })

    const newest = lastEventId(db)
    const { response, reader, abort } = openStream(viewer, { lastEventId: seen })
    expect(response.headers.get('content-type')).toBe('text/event-stream')

    const replay = await reader.collectUntil((m) => m.event === 'ready')
    expect(replay.map((m) => [m.event, m.id, m.data])).toEqual([
      ['company.news', e1, { n: 1 }],
      ['mine.only', e2, { n: 2 }],
      ['my.queue', e3, { n: 3 }],
      // The last row looked at (here another queue's, filtered out): see the Last-Event-ID tests.
      ['ready', newest, { at: expect.any(Number) }],
    ])

    // Connecting made the viewer online, which the whole company (the viewer too) hears about.
    const online = await reader.next()
    expect(online).toMatchObject({
      event: 'user.presence',
      data: { userId: viewer.id, online: true },
    })

    // Something new after connecting: only what the viewer may see arrives.
    emitOne({
      type: 'other.queue',
      companyId: c,
      audience: { type: 'queue', id: otherQueue.id },
      payload: {},
    })
    emitOne({
      type: 'other.company',
      companyId: otherCompany.id,
      audience: { type: 'company' },
      payload: {},
    })
    const fresh = emitOne({
      type: 'ticket.new',
      companyId: c,
      audience: { type: 'queue', id: myQueue.id },
      payload: { t: 1 },
    })
    expect(await reader.next()).toEqual({ event: 'ticket.new', id: fresh, data: { t: 1 } })

    abort()
    expect(await reader.next()).toBeNull()
    expect(presence.isOnline(viewer.id)).toBe(true) // grace period
  })

  test('without Last-Event-ID nothing old is replayed', async () => {
    const { company, viewer } = await setup()
    emitOne({ type: 'old.news', companyId: company.id, audience: { type: 'company' }, payload: {} })
    // A request arrives in a later tick than the commit, once the tail has dispatched the event.
    await new Promise((resolve) => setTimeout(resolve, 0))

    const { reader, abort } = openStream(viewer)

    expect((await reader.next())?.event).toBe('ready')
    const fresh = emitOne({
      type: 'fresh.news',
      companyId: company.id,
      audience: { type: 'company' },
      payload: {},
    })
    const messages = await reader.collectUntil((m) => m.event === 'fresh.news')
    expect(messages.map((m) => m.event)).not.toContain('old.news')
    expect(messages.at(-1)?.id).toBe(fresh)
    abort()
  })

  test('aborting the request closes the stream and releases it', async () => {
    const { viewer } = await setup()
    const before = liveStreamCount()
    const { reader, abort } = openStream(viewer)
    expect((await reader.next())?.event).toBe('ready')
    expect(liveStreamCount()).toBe(before + 1)

    abort()

    // Whatever was already queued (the presence announcement) is still readable, then the end.
    const rest: string[] = []
    for (let m = await reader.next(); m !== null; m = await reader.next()) rest.push(m.event)
    expect(rest.every((event) => event === 'user.presence')).toBe(true)
    expect(liveStreamCount()).toBe(before)
  })

  test('the heartbeat pings while the session is valid and closes the stream once it is not', async () => {
    const { viewer } = await setup()
    let valid = true
    const { reader } = openStream(viewer, { isSessionValid: () => valid, heartbeatMs: 10 })
    await reader.collectUntil((m) => m.event === 'ready')

    await reader.collectUntil((m) => m.event === 'ping')
    valid = false

    for (;;) {
      const message = await reader.next()
      if (message === null) break
      expect(['ping', 'user.presence']).toContain(message.event)
    }
  })

  test('opening a stream makes the user online and announces it; closing keeps them online during the grace period', async () => {
    const { company, viewer } = await setup()
    expect(presence.isOnline(viewer.id)).toBe(false)

    const first = openStream(viewer)
    await first.reader.next()

    expect(presence.isOnline(viewer.id)).toBe(true)
    expect(presenceEvents(company.id, viewer.id)).toEqual([true])
    expect(db.select().from(users).where(eq(users.id, viewer.id)).get()?.lastSeenAt).toEqual(
      expect.any(Number),
    )

    // A second tab does not announce again.
    const second = openStream(viewer)
    await second.reader.next()
    expect(presenceEvents(company.id, viewer.id)).toEqual([true])

    first.abort()
    second.abort()
    await second.reader.next()
    // The app's presence waits 5 s before going offline, so a reload does not flicker.
    expect(presence.isOnline(viewer.id)).toBe(true)
    expect(presenceEvents(company.id, viewer.id)).toEqual([true])
  })
})

describe('Presence', () => {
  test('goes offline after the grace period and announces it once', async () => {
    const { company, viewer } = await setup()
    const tracker = new Presence(db, 10)

    const leave = tracker.connect({ id: viewer.id, companyId: company.id })
    expect(tracker.isOnline(viewer.id)).toBe(true)
    leave()
    leave() // closing twice is harmless
    expect(tracker.isOnline(viewer.id)).toBe(true)

    await vi.waitFor(() => expect(tracker.isOnline(viewer.id)).toBe(false), {
      timeout: 1_000,
      interval: 5,
    })
    expect(presenceEvents(company.id, viewer.id)).toEqual([true, false])
  })

  test('reconnecting within the grace period announces nothing', async () => {
    const { company, viewer } = await setup()
    const tracker = new Presence(db, 30)
    const user = { id: viewer.id, companyId: company.id }

    tracker.connect(user)()
    const leave = tracker.connect(user)
    await new Promise((resolve) => setTimeout(resolve, 60))

    expect(tracker.isOnline(viewer.id)).toBe(true)
    expect(presenceEvents(company.id, viewer.id)).toEqual([true])
    leave()
    tracker.reset()
  })

  test('stays online while another stream of the same user is open', async () => {
    const { company, viewer } = await setup()
    const tracker = new Presence(db, 5)
    const user = { id: viewer.id, companyId: company.id }

    const leaveA = tracker.connect(user)
    const leaveB = tracker.connect(user)
    leaveA()
    await new Promise((resolve) => setTimeout(resolve, 30))

    expect(tracker.isOnline(viewer.id)).toBe(true)
    leaveB()
    await vi.waitFor(() => expect(tracker.isOnline(viewer.id)).toBe(false), {
      timeout: 1_000,
      interval: 5,
    })
    expect(presenceEvents(company.id, viewer.id)).toEqual([true, false])
  })
})

describe('liveEventStream follows the permissions of its session', () => {
  /** A stream opened like /events does: the viewer is re-read from the session when asked. */
  async function sessionStream(user: Awaited<ReturnType<typeof createUser>>) {
    const { sessionId } = createSession(db, user)
    const controller = new AbortController()
    const response = liveEventStream(
      db,
      new Request('http://localhost/events', { signal: controller.signal }),
      user.actor,
      {
        reloadViewer: () => {
          const current = getSessionUser(db, sessionId)
          return current ? toActor(current) : null
        },
      },
    )
    const reader = sseReader(response)
    await reader.collectUntil((m) => m.event === 'ready')
    return { sessionId, reader, abort: () => controller.abort() }
  }

  /** Events of a stream up to a company-wide marker emitted now (what arrived, in order). */
  async function seenUntilMarker(
    reader: ReturnType<typeof sseReader>,
    companyId: string,
  ): Promise<string[]> {
    const marker = `marker.${Math.random()}`
    emitOne({ type: marker, companyId, audience: { type: 'company' }, payload: {} })
    const messages = await reader.collectUntil((m) => m.event === marker)
    return messages.map((m) => m.event).filter((e) => e !== marker && e !== 'user.presence')
  }

  const queueEvent = (companyId: string, queueId: string, type: string) =>
    emitOne({ type, companyId, audience: { type: 'queue', id: queueId }, payload: {} })

  test('removed from a queue: that queue’s events stop at once; given "all tickets": every queue at once', async () => {
    const { company, myQueue, otherQueue } = await setup()
    const admin = await createUser(db, { companyId: company.id, role: 'admin' })
    const agent = await createUser(db, {
      companyId: company.id,
      queueIds: [myQueue.id, otherQueue.id],
    })
    const { reader, abort } = await sessionStream(agent)
    queueEvent(company.id, otherQueue.id, 'before.removal')
    expect(await seenUntilMarker(reader, company.id)).toEqual(['before.removal'])

    const editor = (overrides: Partial<UserEditorInput>): UserEditorInput => ({
      id: agent.id,
      name: agent.name,
      email: agent.email,
      role: 'agent',
      allTickets: false,
      queueIds: [myQueue.id],
      ...USER_EDITOR_DEFAULTS,
      ...overrides,
    })
    await updateUser(db, admin.actor, agent.id, editor({}))
    queueEvent(company.id, otherQueue.id, 'message.created')
    queueEvent(company.id, myQueue.id, 'still.mine')
    expect(await seenUntilMarker(reader, company.id)).toEqual(['still.mine'])

    await updateUser(db, admin.actor, agent.id, editor({ allTickets: true }))
    queueEvent(company.id, otherQueue.id, 'all.tickets.now')
    expect(await seenUntilMarker(reader, company.id)).toEqual(['all.tickets.now'])
    abort()
  })

  test('a logout closes the stream at once: the tab hears session.ended, nothing after it', async () => {
    const { company, myQueue, viewer } = await setup()
    const other = await sessionStream(viewer)
    const { sessionId, reader } = await sessionStream(viewer)

    logout(db, sessionId)
    queueEvent(company.id, myQueue.id, 'after.logout')

    const rest: string[] = []
    for (let m = await reader.next(); m !== null; m = await reader.next()) rest.push(m.event)
    expect(rest.filter((e) => e !== 'user.presence')).toEqual(['session.ended'])
    // The user's other session (another browser) is not logged out and keeps its stream.
    expect(await seenUntilMarker(other.reader, company.id)).toEqual(['after.logout'])
    other.abort()
  })

  test('disabling or deleting the user, or resetting their password, ends their streams', async () => {
    const { company } = await setup()
    const admin = await createUser(db, { companyId: company.id, role: 'admin' })
    const disabled = await createUser(db, { companyId: company.id })
    const reset = await createUser(db, { companyId: company.id })
    const removed = await createUser(db, { companyId: company.id })
    const streams = await Promise.all([disabled, reset, removed].map((u) => sessionStream(u)))

    db.update(users).set({ disabledAt: Date.now() }).where(eq(users.id, disabled.id)).run()
    transaction(db, (tx) =>
      emit(tx, {
        type: 'user.changed',
        companyId: company.id,
        audience: { type: 'admins' },
        payload: { userId: disabled.id },
      }),
    )
    await resetPasswordByEmail(db, reset.email, 'outra-senha-1', company.id)
    await deleteUser(db, admin.actor, removed.id)
    emitOne({ type: 'too.late', companyId: company.id, audience: { type: 'company' }, payload: {} })

    for (const { reader } of streams) {
      const rest: string[] = []
      for (let m = await reader.next(); m !== null; m = await reader.next()) rest.push(m.event)
      expect(rest).not.toContain('too.late')
    }
  })

  test('"hide tickets without a queue": such tickets’ events reach agents no more (the real ingest), from the moment it is switched on', async () => {
    const { company, myQueue, viewer } = await setup()
    const admin = await createUser(db, { companyId: company.id, role: 'admin' })
    const supervisor = await createUser(db, { companyId: company.id, role: 'supervisor' })
    const bare = addConnection(db, company.id, null)
    const queued = addConnection(db, company.id, myQueue.id)
    const agentStream = await sessionStream(viewer)
    const supervisorStream = await sessionStream(supervisor)

    customerWrites(db, bare, { phone: '5511911110001' })
    expect(await seenUntilMarker(agentStream.reader, company.id)).toEqual(
      expect.arrayContaining(['ticket.created', 'message.created']),
    )

    setSetting(db, admin.actor, 'tickets.hideQueuelessFromAgents', true)
    customerWrites(db, bare, { phone: '5511911110002' })
    customerWrites(db, bare, { phone: '5511911110001', text: 'de novo' })
    const agentSaw = await seenUntilMarker(agentStream.reader, company.id)
    expect(agentSaw).not.toContain('ticket.created')
    expect(agentSaw).not.toContain('message.created')
    // Their own queue still arrives; whoever sees all tickets still gets the hidden ones.
    customerWrites(db, queued, { phone: '5511911110003' })
    expect(await seenUntilMarker(agentStream.reader, company.id)).toEqual(
      expect.arrayContaining(['ticket.created', 'message.created']),
    )
    const supervisorSaw = await seenUntilMarker(supervisorStream.reader, company.id)
    expect(supervisorSaw.filter((e) => e === 'ticket.created')).toHaveLength(3)
    agentStream.abort()
    supervisorStream.abort()
  })

  test('an event about a ticket arrives once, whether the reader is in its queue, its assignee, or both (live and replayed)', async () => {
    const { company, myQueue, viewer, colleague } = await setup()
    const admin = await createUser(db, { companyId: company.id, role: 'admin' })
    const line = addConnection(db, company.id, myQueue.id)
    const mine = customerWrites(db, line, { phone: '5511922220001' })
    acceptTicket(db, viewer.actor, mine.ticketId)
    // The colleague is in no queue: the queue's ticket reaches them only as its assignee.
    const theirs = customerWrites(db, line, { phone: '5511922220002' })
    transferTicket(db, admin.actor, theirs.ticketId, { userId: colleague.id })
    const since = lastEventId(db)
    const viewerStream = await sessionStream(viewer)
    const colleagueStream = await sessionStream(colleague)
    // What the tail had not dispatched yet when the streams opened.
    emitOne({ type: 'flushed', companyId: company.id, audience: { type: 'company' }, payload: {} })
    for (const { reader } of [viewerStream, colleagueStream])
      await reader.collectUntil((m) => m.event === 'flushed')

    customerWrites(db, line, { phone: '5511922220001', text: 'de novo' })
    customerWrites(db, line, { phone: '5511922220002', text: 'oi?' })
    emitOne({ type: 'written', companyId: company.id, audience: { type: 'company' }, payload: {} })
    const heard = async (reader: ReturnType<typeof sseReader>) =>
      (await reader.collectUntil((m) => m.event === 'written'))
        .filter((m) => m.event === 'message.created')
        .map((m) => (m.data as { ticketId: string }).ticketId)
    // Both tickets are in the viewer's queue; the colleague sees only theirs.
    expect(await heard(viewerStream.reader)).toEqual([mine.ticketId, theirs.ticketId])
    expect(await heard(colleagueStream.reader)).toEqual([theirs.ticketId])

    const replay = openStream(viewer, { lastEventId: since })
    const replayed = await replay.reader.collectUntil((m) => m.event === 'ready')
    expect(replayed.filter((m) => m.event === 'message.created')).toHaveLength(2)
    viewerStream.abort()
    colleagueStream.abort()
    replay.abort()
  })
})

describe('liveEventStream: one event, once; two events, twice', () => {
  const emitTicket = (
    ticket: { companyId: string; queueId: string | null; userId: string | null },
    event: { type: string; payload: Record<string, unknown> },
  ) => {
    // Made-up types and payloads: the stream's grouping does not read them.
    transaction(db, (tx) => emitTicketEvent(tx, ticket, event as TicketEvent))
    return lastEventId(db)
  }

  test('two changes alike (same type and payload, two transactions) both arrive, live and replayed', async () => {
    const { company, myQueue, viewer } = await setup()
    const c = company.id
    const since = lastEventId(db)
    const { reader, abort } = openStream(viewer, { lastEventId: since })
    await reader.collectUntil((m) => m.event === 'ready')

    const contactEvent = {
      type: 'contact.updated',
      companyId: c,
      audience: { type: 'company' },
      payload: { contactId: 'k1' },
    } as const
    const first = emitOne(contactEvent)
    const second = emitOne(contactEvent)
    // A ticket's second tag change: the same payload again, each to its queue and its assignee.
    const ticket = { companyId: c, queueId: myQueue.id, userId: viewer.id }
    const tagged = { type: 'ticket.tags', payload: { ticketId: 't1' } }
    const tagsA = emitTicket(ticket, tagged)
    const tagsB = emitTicket(ticket, tagged)
    const done = emitOne({ type: 'done', companyId: c, audience: { type: 'company' }, payload: {} })

    const live = (await reader.collectUntil((m) => m.id === done)).filter(
      (m) => m.event === 'contact.updated' || m.event === 'ticket.tags',
    )
    // Each ticket event is sent on its first row the viewer may see: the queue's.
    expect(live.map((m) => [m.event, m.id])).toEqual([
      ['contact.updated', first],
      ['contact.updated', second],
      ['ticket.tags', tagsA - 1],
      ['ticket.tags', tagsB - 1],
    ])
    abort()

    const replay = openStream(viewer, { lastEventId: since })
    const replayed = (await replay.reader.collectUntil((m) => m.event === 'ready')).filter(
      (m) => m.event === 'contact.updated' || m.event === 'ticket.tags',
    )
    expect(replayed.map((m) => [m.event, m.id])).toEqual(live.map((m) => [m.event, m.id]))
    replay.abort()
  })

  test('the rows of one event (queue and assignee) share a key and arrive once, live, replayed, and after a reconnect between them', async () => {
    const { company, myQueue, viewer, colleague } = await setup()
    const c = company.id
    const since = lastEventId(db)
    const viewerStream = openStream(viewer, { lastEventId: since })
    const colleagueStream = openStream(colleague, { lastEventId: since })
    for (const { reader } of [viewerStream, colleagueStream])
      await reader.collectUntil((m) => m.event === 'ready')

    // The viewer is in the queue and the assignee; the colleague only hears the user row.
    const last = emitTicket(
      { companyId: c, queueId: myQueue.id, userId: viewer.id },
      { type: 'message.created', payload: { ticketId: 't1' } },
    )
    const first = last - 1
    const rows = db.select().from(events).where(eq(events.companyId, c)).all()
    expect(rows.filter((r) => r.type === 'message.created').map((r) => r.groupId)).toEqual([
      null,
      first,
    ])
    const done = emitOne({ type: 'done', companyId: c, audience: { type: 'company' }, payload: {} })
    const heard = async (reader: ReturnType<typeof sseReader>, until: (m: SseMessage) => boolean) =>
      (await reader.collectUntil(until))
        .filter((m) => m.event === 'message.created')
        .map((m) => m.id)
    expect(await heard(viewerStream.reader, (m) => m.id === done)).toEqual([first])
    expect(await heard(colleagueStream.reader, (m) => m.id === done)).toEqual([])
    viewerStream.abort()
    colleagueStream.abort()

    // Replayed: once.
    const replay = openStream(viewer, { lastEventId: since })
    expect(await heard(replay.reader, (m) => m.event === 'ready')).toEqual([first])
    replay.abort()
    // Reconnecting with the id of the row it heard: the event's other row is not sent again.
    const reconnect = openStream(viewer, { lastEventId: first })
    const after = await reconnect.reader.collectUntil((m) => m.event === 'ready')
    expect(after.map((m) => m.event)).toEqual(['done', 'ready'])
    reconnect.abort()
  })
})

describe('liveEventStream keeps Last-Event-ID current and bounds a replay', () => {
  test('ready and every ping carry the id of the last row looked at, even when none was for the tab', async () => {
    const { company, otherQueue, viewer } = await setup()
    const c = company.id
    const cursor = lastEventId(db)
    const otherQueueEvent = () =>
      emitOne({
        type: 'elsewhere',
        companyId: c,
        audience: { type: 'queue', id: otherQueue.id },
        payload: {},
      })
    const missed = otherQueueEvent()

    const { reader, abort } = openStream(viewer, { lastEventId: cursor, heartbeatMs: 10 })
    expect(await reader.next()).toEqual({
      event: 'ready',
      id: missed,
      data: { at: expect.any(Number) },
    })

    const later = otherQueueEvent()
    const ping = await reader.collectUntil((m) => m.event === 'ping' && m.id === later)
    expect(ping.map((m) => m.event)).not.toContain('elsewhere')
    abort()

    // A reconnect from that id replays nothing of what was filtered before.
    const again = openStream(viewer, { lastEventId: later })
    expect(await again.reader.next()).toMatchObject({ event: 'ready', id: later })
    again.abort()
  })

  test('past the replay limit the tab is told to reload, and the stream goes on from now', async () => {
    const { company, viewer } = await setup()
    const c = company.id
    const cursor = lastEventId(db)
    const news = (n: number) =>
      emitOne({ type: 'news', companyId: c, audience: { type: 'company' }, payload: { n } })
    const ids = [1, 2, 3, 4, 5].map(news)

    // Exactly the limit behind: everything is replayed, no reload.
    const exact = openStream(viewer, { lastEventId: ids[1], replayLimit: 3 })
    const all = await exact.reader.collectUntil((m) => m.event === 'ready')
    expect(all.map((m) => [m.event, m.id])).toEqual([
      ['news', ids[2]],
      ['news', ids[3]],
      ['news', ids[4]],
      ['ready', ids[4]],
    ])
    exact.abort()
    // The tail has dispatched everything: as when a tab reconnects after a deploy.
    await new Promise((resolve) => setTimeout(resolve, 0))
    const newest = lastEventId(db) // the viewer's presence came after the news

    const { reader, abort } = openStream(viewer, { lastEventId: cursor, replayLimit: 3 })
    const replayed = await reader.collectUntil((m) => m.event === 'ready')
    expect(replayed.map((m) => [m.event, m.id])).toEqual([
      ['news', ids[0]],
      ['news', ids[1]],
      ['news', ids[2]],
      ['reload', newest],
      ['ready', newest],
    ])
    // What comes next is followed live, once.
    const fresh = news(6)
    const rest = await reader.collectUntil((m) => m.id === fresh && m.event === 'news')
    expect(rest.filter((m) => m.event === 'news').map((m) => m.id)).toEqual([fresh])
    abort()
  })

  test('a tab whose missed rows were pruned already is told to reload', async () => {
    const { company, viewer } = await setup()
    const cursor = emitOne({
      type: 'seen',
      companyId: company.id,
      audience: { type: 'company' },
      payload: {},
    })
    const pruned = emitOne({
      type: 'gone',
      companyId: company.id,
      audience: { type: 'company' },
      payload: {},
    })
    const kept = emitOne({
      type: 'kept',
      companyId: company.id,
      audience: { type: 'company' },
      payload: {},
    })
    await new Promise((resolve) => setTimeout(resolve, 0))
    // What a daily prune of old events does, up to the row the tab missed.
    db.delete(events).where(lte(events.id, pruned)).run()

    const { reader, abort } = openStream(viewer, { lastEventId: cursor })
    const replayed = await reader.collectUntil((m) => m.event === 'ready')
    expect(replayed.map((m) => [m.event, m.id])).toEqual([
      ['reload', kept],
      ['ready', kept],
    ])
    abort()
  })
})
