import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { type Actor } from '#app/domain/actor.ts'
import { db } from '#app/utils/db.server.ts'
import { events } from '#db/schema/system.ts'
import { createCompany } from '#tests/db-utils.ts'
import {
  type EventRow,
  lastEventId,
  transaction,
  writeEventRow,
} from '#app/domain/outbox.server.ts'
import { canSee } from '#app/domain/tickets/access.server.ts'
import { eventTail, pruneEvents, readEventsAfter } from './events.server.ts'

/** Rows of made-up types: what the tail and the filters do does not depend on what they mean. */
type EventInput = Parameters<typeof writeEventRow>[1]
const emit = writeEventRow

/** Collects what the app's event tail dispatches for one company. */
function listen(companyId: string) {
  const heard: EventRow[] = []
  const unsubscribe = eventTail(db).subscribe((row) => {
    if (row.companyId === companyId) heard.push(row)
  })
  return { heard, unsubscribe }
}

/** Lets the tail's queued wake-up (a microtask) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

const event = (companyId: string, overrides: Partial<EventInput> = {}): EventInput => ({
  type: 'test.happened',
  companyId,
  audience: { type: 'company' },
  payload: {},
  ...overrides,
})

const rowsOf = (companyId: string) =>
  db.select().from(events).where(eq(events.companyId, companyId)).all()

/** Emits one event in its own transaction and returns its id. */
function emitOne(input: EventInput) {
  transaction(db, (tx) => emit(tx, input))
  return lastEventId(db)
}

describe('emit + transaction', () => {
  test('events emitted in a transaction reach subscribers after the commit, in order', async () => {
    const company = createCompany(db)
    const { heard, unsubscribe } = listen(company.id)

    transaction(db, (tx) => {
      emit(tx, event(company.id, { type: 'ticket.created', payload: { ticketId: 't1' } }))
      emit(
        tx,
        event(company.id, {
          type: 'ticket.assigned',
          audience: { type: 'user', id: 'u1' },
          payload: { ticketId: 't1' },
        }),
      )
      expect(heard).toHaveLength(0)
    })
    expect(heard).toHaveLength(0) // dispatch is deferred to a microtask after the commit
    await settle()
    unsubscribe()

    expect(heard.map((e) => e.type)).toEqual(['ticket.created', 'ticket.assigned'])
    expect(heard[1]).toMatchObject({
      audienceType: 'user',
      audienceId: 'u1',
      payload: { ticketId: 't1' },
    })
    expect(heard[0]!.id).toBeLessThan(heard[1]!.id)
    expect(eventTail(db).lastSeenId).toBe(heard[1]!.id)
  })

  test('a transaction that throws is rolled back: no row, nothing dispatched', async () => {
    const company = createCompany(db)
    const { heard, unsubscribe } = listen(company.id)

    expect(() =>
      transaction(db, (tx) => {
        emit(tx, event(company.id, { type: 'ticket.created' }))
        throw new Error('validation failed after the emit')
      }),
    ).toThrow('validation failed after the emit')
    eventTail(db).wake() // even an explicit wake-up (the poller) finds nothing
    await settle()
    unsubscribe()

    expect(rowsOf(company.id)).toHaveLength(0)
    expect(heard).toHaveLength(0)
  })

  test('a listener that throws does not stop the others', async () => {
    const company = createCompany(db)
    const { heard, unsubscribe } = listen(company.id)
    const unsubscribeBad = eventTail(db).subscribe(() => {
      throw new Error('bad listener')
    })

    emitOne(event(company.id))
    await settle()
    unsubscribe()
    unsubscribeBad()

    expect(heard).toHaveLength(1)
  })

  test('emit stores the audience and payload', () => {
    const company = createCompany(db)

    transaction(db, (tx) => {
      emit(
        tx,
        event(company.id, { type: 'a', audience: { type: 'queue', id: 'q1' }, payload: { n: 1 } }),
      )
      emit(tx, event(company.id, { type: 'b', audience: { type: 'admins' } }))
    })

    expect(rowsOf(company.id)).toEqual([
      expect.objectContaining({
        type: 'a',
        audienceType: 'queue',
        audienceId: 'q1',
        payload: { n: 1 },
      }),
      expect.objectContaining({ type: 'b', audienceType: 'admins', audienceId: null, payload: {} }),
    ])
  })
})

describe('canSee', () => {
  const viewer = (overrides: Partial<Actor> = {}) => ({
    userId: 'me',
    companyId: 'c1',
    role: 'agent' as const,
    queueIds: ['q1'],
    allTickets: false,
    ...overrides,
  })
  const row = (
    audienceType: EventRow['audienceType'],
    audienceId: string | null = null,
    companyId = 'c1',
  ) => ({
    companyId,
    audienceType,
    audienceId,
  })

  test('never across companies, whatever the audience or role', () => {
    const admin = viewer({ role: 'admin', allTickets: true })
    for (const audience of [
      row('company', null, 'c2'),
      row('admins', null, 'c2'),
      row('user', 'me', 'c2'),
      row('queue', 'q1', 'c2'),
    ]) {
      expect(canSee(admin, audience)).toBe(false)
      expect(canSee(viewer(), audience)).toBe(false)
    }
  })

  test('company events are for everyone in the company', () => {
    expect(canSee(viewer(), row('company'))).toBe(true)
    expect(canSee(viewer({ role: 'supervisor' }), row('company'))).toBe(true)
  })

  test('admins events are for admins only', () => {
    expect(canSee(viewer({ role: 'admin' }), row('admins'))).toBe(true)
    expect(canSee(viewer({ role: 'supervisor', allTickets: true }), row('admins'))).toBe(false)
    expect(canSee(viewer(), row('admins'))).toBe(false)
  })

  test('user events are for that user only (not even an admin)', () => {
    expect(canSee(viewer(), row('user', 'me'))).toBe(true)
    expect(canSee(viewer(), row('user', 'someone-else'))).toBe(false)
    expect(canSee(viewer({ role: 'admin', allTickets: true }), row('user', 'someone-else'))).toBe(
      false,
    )
  })

  test('queue events: agents of the queue, agents given all tickets, supervisors and admins (ADR 009)', () => {
    expect(canSee(viewer({ queueIds: ['q1'] }), row('queue', 'q1'))).toBe(true)
    expect(canSee(viewer({ queueIds: ['q1'] }), row('queue', 'q2'))).toBe(false)
    expect(canSee(viewer({ queueIds: [] }), row('queue', 'q1'))).toBe(false)
    expect(canSee(viewer({ queueIds: [] }), row('queue', null))).toBe(false)
    expect(
      canSee(viewer({ role: 'supervisor', queueIds: [], allTickets: true }), row('queue', 'q2')),
    ).toBe(true)
    // A supervisor sees every queue, whatever the stored flag; an agent only when given it.
    expect(
      canSee(
        viewer({ role: 'supervisor', queueIds: ['q1'], allTickets: false }),
        row('queue', 'q2'),
      ),
    ).toBe(true)
    expect(canSee(viewer({ queueIds: ['q1'], allTickets: true }), row('queue', 'q2'))).toBe(true)
    expect(
      canSee(viewer({ role: 'admin', queueIds: [], allTickets: false }), row('queue', 'q2')),
    ).toBe(true)
  })

  test("queueless ticket events follow canAccessTicket: hidden from agents when the company hides them, never another agent's", () => {
    const unassigned = row('queueless', null)
    expect(canSee(viewer(), unassigned)).toBe(true)
    expect(canSee({ ...viewer(), hideQueueless: true }, unassigned)).toBe(false)
    expect(canSee({ ...viewer({ role: 'supervisor' }), hideQueueless: true }, unassigned)).toBe(
      true,
    )
    expect(canSee({ ...viewer({ role: 'admin' }), hideQueueless: true }, unassigned)).toBe(true)
    // Assigned: the assignee (even when hidden) and who sees all; not another agent.
    expect(canSee({ ...viewer(), hideQueueless: true }, row('queueless', 'me'))).toBe(true)
    expect(canSee(viewer(), row('queueless', 'someone-else'))).toBe(false)
    expect(canSee(viewer({ allTickets: true }), row('queueless', 'someone-else'))).toBe(true)
    expect(canSee(viewer({ role: 'admin' }), row('queueless', null, 'c2'))).toBe(false)
  })
})

describe('readEventsAfter', () => {
  test('replays only that company’s events after the id, oldest first', () => {
    const a = createCompany(db)
    const b = createCompany(db)
    const first = emitOne(event(a.id, { type: 'a.1' }))
    emitOne(event(b.id, { type: 'b.1' }))
    const second = emitOne(event(a.id, { type: 'a.2' }))
    emitOne(event(b.id, { type: 'b.2' }))
    const third = emitOne(event(a.id, { type: 'a.3' }))

    const replay = readEventsAfter(db, a.id, first)

    expect(replay.map((e) => [e.id, e.type])).toEqual([
      [second, 'a.2'],
      [third, 'a.3'],
    ])
    expect(readEventsAfter(db, a.id, third)).toEqual([])
    expect(readEventsAfter(db, a.id, 0).map((e) => e.type)).toEqual(['a.1', 'a.2', 'a.3'])
    expect(readEventsAfter(db, a.id, 0, 2).map((e) => e.type)).toEqual(['a.1', 'a.2'])
  })
})

describe('pruneEvents', () => {
  test('deletes only events older than the retention', () => {
    const company = createCompany(db)
    const day = 24 * 60 * 60 * 1000
    const base = {
      companyId: company.id,
      type: 'old',
      audienceType: 'company' as const,
      payload: {},
    }
    db.insert(events)
      .values([
        { ...base, createdAt: Date.now() - 10 * day },
        { ...base, createdAt: Date.now() - 8 * day },
        { ...base, type: 'recent', createdAt: Date.now() - 6 * day },
      ])
      .run()
    emitOne(event(company.id, { type: 'now' }))

    const pruned = pruneEvents(db, 7 * day)

    expect(pruned).toBe(2)
    expect(rowsOf(company.id).map((e) => e.type)).toEqual(['recent', 'now'])
  })
})

describe('EventTail', () => {
  test('drain picks up rows written by another connection (the polling safety net)', async () => {
    const company = createCompany(db)
    const { heard, unsubscribe } = listen(company.id)
    // A write that bypasses transaction(), like a script or another process would make.
    emit(db, event(company.id, { type: 'from.elsewhere' }))
    await settle()
    expect(heard).toHaveLength(0)

    eventTail(db).drain()
    unsubscribe()

    expect(heard.map((e) => e.type)).toEqual(['from.elsewhere'])
  })

  test('many rows are dispatched in batches without losing any', async () => {
    const company = createCompany(db)
    const { heard, unsubscribe } = listen(company.id)

    transaction(db, (tx) => {
      for (let i = 0; i < 1_200; i++) emit(tx, event(company.id, { payload: { i } }))
    })
    await settle()
    unsubscribe()

    expect(heard).toHaveLength(1_200)
    expect(heard.map((e) => e.payload.i)).toEqual(Array.from({ length: 1_200 }, (_, i) => i))
  })
})
