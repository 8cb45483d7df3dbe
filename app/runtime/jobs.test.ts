import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { db, openDatabase } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { jobs } from '#db/schema/system.ts'
import {
  cancelJobs,
  enqueue,
  type Job,
  registerJobHandler,
  transaction,
  wakeJobs,
} from '#app/domain/outbox.server.ts'
import { backoffMs, JobRunner, pruneJobs } from './jobs.server.ts'

let kindCounter = 0
/** Handlers live in one process-wide registry: every test registers its own kinds. */
const uniqueKind = (name: string) => `test.${name}.${++kindCounter}`

const jobRow = (id: string) => db.select().from(jobs).where(eq(jobs.id, id)).get()!

/** A runner whose clock the test moves by hand. */
function runnerAt(start: number, options: { batchSize?: number } = {}) {
  const clock = { now: start }
  const runner = new JobRunner(db, { ...options, now: () => clock.now })
  return { runner, clock }
}

const T0 = Date.parse('2025-03-10T12:00:00Z')

beforeEach(() => {
  // Tests share the file's database; a runner claims every due job, so start each test empty.
  db.delete(jobs).run()
})

describe('enqueue + tick', () => {
  test('runs a due job once with its payload and marks it done', async () => {
    const kind = uniqueKind('once')
    const handler = vi.fn()
    registerJobHandler(kind, handler)
    const id = enqueue(db, { kind, payload: { ticketId: 't1' }, runAt: T0 + 1_000 })!
    const { runner, clock } = runnerAt(T0)

    expect(await runner.tick()).toBe(0) // not due yet
    expect(handler).not.toHaveBeenCalled()
    expect(jobRow(id)).toMatchObject({ status: 'queued', attempts: 0 })

    clock.now = T0 + 1_000
    expect(await runner.tick()).toBe(1)
    clock.now = T0 + 60_000
    expect(await runner.tick()).toBe(0)

    expect(handler).toHaveBeenCalledTimes(1)
    expect(handler).toHaveBeenCalledWith(
      { ticketId: 't1' },
      expect.objectContaining({ id, kind, attempts: 1, status: 'running' }),
    )
    expect(jobRow(id)).toMatchObject({
      status: 'done',
      attempts: 1,
      lastError: null,
      lockedAt: null,
      finishedAt: T0 + 1_000,
    })
  })

  test('an async handler is awaited before the job is marked done', async () => {
    const kind = uniqueKind('async')
    const order: string[] = []
    registerJobHandler(kind, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      order.push(`handler saw ${jobRow(id).status}`)
    })
    const id = enqueue(db, { kind, runAt: T0 })!

    await runnerAt(T0).runner.tick()

    expect(order).toEqual(['handler saw running'])
    expect(jobRow(id).status).toBe('done')
  })

  test('a job enqueued in a transaction that rolls back never exists', () => {
    const kind = uniqueKind('rollback')

    expect(() =>
      transaction(db, (tx) => {
        enqueue(tx, { kind, runAt: T0 })
        throw new Error('the change failed')
      }),
    ).toThrow('the change failed')

    expect(db.select().from(jobs).where(eq(jobs.kind, kind)).all()).toHaveLength(0)
  })

  test('due jobs run oldest first and at most batchSize per tick', async () => {
    const kind = uniqueKind('batch')
    const ran: number[] = []
    registerJobHandler(kind, (payload: { n: number }) => void ran.push(payload.n))
    for (const n of [3, 1, 2]) enqueue(db, { kind, payload: { n }, runAt: T0 + n })
    const { runner } = runnerAt(T0 + 10, { batchSize: 2 })

    expect(await runner.tick()).toBe(2)
    expect(await runner.tick()).toBe(1)

    expect(ran).toEqual([1, 2, 3])
  })
})

describe('failures', () => {
  test('a throwing handler is retried with backoff, keeps the error, and ends failed after maxAttempts', async () => {
    const kind = uniqueKind('flaky')
    const handler = vi.fn(() => {
      throw new Error('WhatsApp is down')
    })
    registerJobHandler(kind, handler)
    const id = enqueue(db, { kind, runAt: T0, maxAttempts: 3 })!
    const { runner, clock } = runnerAt(T0)

    await runner.tick()
    const afterFirst = jobRow(id)
    expect(afterFirst).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: 'WhatsApp is down',
      lockedAt: null,
      finishedAt: null,
    })
    // First retry after ~5 s (±20 %).
    expect(afterFirst.runAt).toBeGreaterThanOrEqual(T0 + 4_000)
    expect(afterFirst.runAt).toBeLessThanOrEqual(T0 + 6_000)

    expect(await runner.tick()).toBe(0) // not before its new time
    expect(handler).toHaveBeenCalledTimes(1)

    clock.now = afterFirst.runAt
    await runner.tick()
    const afterSecond = jobRow(id)
    expect(afterSecond).toMatchObject({
      status: 'queued',
      attempts: 2,
      lastError: 'WhatsApp is down',
    })
    // Second retry after ~20 s.
    expect(afterSecond.runAt - clock.now).toBeGreaterThanOrEqual(16_000)
    expect(afterSecond.runAt - clock.now).toBeLessThanOrEqual(24_000)

    clock.now = afterSecond.runAt
    await runner.tick()
    expect(jobRow(id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'WhatsApp is down',
      finishedAt: clock.now,
    })

    clock.now += 24 * 60 * 60 * 1000
    expect(await runner.tick()).toBe(0)
    expect(handler).toHaveBeenCalledTimes(3)
  })

  test('a handler that rejects (async) is treated like one that throws', async () => {
    const kind = uniqueKind('rejects')
    registerJobHandler(kind, async () => {
      throw new Error('async boom')
    })
    const id = enqueue(db, { kind, runAt: T0, maxAttempts: 1 })!

    await runnerAt(T0).runner.tick()

    expect(jobRow(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'async boom' })
  })

  test('a job of an unknown kind fails at once, without retries', async () => {
    const kind = uniqueKind('never-registered')
    const id = enqueue(db, { kind, runAt: T0 })!

    await runnerAt(T0).runner.tick()

    expect(jobRow(id)).toMatchObject({ status: 'failed', attempts: 1 })
    expect(jobRow(id).lastError).toContain('no handler')
  })

  test('backoffMs grows ×4 from 5 s, is capped at one hour, with ±20 % jitter', () => {
    const within = (attempts: number, base: number) => {
      for (let i = 0; i < 50; i++) {
        const delay = backoffMs(attempts)
        expect(delay).toBeGreaterThanOrEqual(base * 0.8)
        expect(delay).toBeLessThanOrEqual(base * 1.2)
      }
    }
    within(1, 5_000)
    within(2, 20_000)
    within(3, 80_000)
    within(10, 3_600_000)
  })
})

describe('dedupeKey', () => {
  test('a second job with the same key is refused while the first is pending, allowed once it is done', async () => {
    const kind = uniqueKind('dedupe')
    const handler = vi.fn()
    registerJobHandler(kind, handler)

    const first = enqueue(db, { kind, runAt: T0, dedupeKey: 'reminder:t1' })
    const second = enqueue(db, { kind, runAt: T0, dedupeKey: 'reminder:t1' })
    const otherKey = enqueue(db, { kind, runAt: T0, dedupeKey: 'reminder:t2' })

    expect(first).toEqual(expect.any(String))
    expect(second).toBeNull()
    expect(otherKey).toEqual(expect.any(String))
    expect(db.select().from(jobs).where(eq(jobs.dedupeKey, 'reminder:t1')).all()).toHaveLength(1)

    await runnerAt(T0).runner.tick()
    expect(jobRow(first!).status).toBe('done')

    const third = enqueue(db, { kind, runAt: T0, dedupeKey: 'reminder:t1' })
    expect(third).toEqual(expect.any(String))
    expect(third).not.toBe(first)
  })

  test('a running job also blocks its key (a handler re-enqueueing itself is a no-op)', async () => {
    const kind = uniqueKind('self-enqueue')
    const results: Array<string | null> = []
    registerJobHandler(kind, () => {
      results.push(enqueue(db, { kind, runAt: T0, dedupeKey: 'self' }))
    })
    enqueue(db, { kind, runAt: T0, dedupeKey: 'self' })

    await runnerAt(T0).runner.tick()

    expect(results).toEqual([null])
  })

  test('jobs without a key never collide', () => {
    const kind = uniqueKind('no-key')

    const ids = [enqueue(db, { kind }), enqueue(db, { kind })]

    expect(ids.every((id) => typeof id === 'string')).toBe(true)
    expect(new Set(ids).size).toBe(2)
  })
})

describe('crash recovery', () => {
  test('a job left running by a crash is queued again by recover() and then runs', async () => {
    const kind = uniqueKind('recover')
    const handler = vi.fn()
    registerJobHandler(kind, handler)
    const id = enqueue(db, { kind, runAt: T0 })!
    // The "crashed" process claimed the job and died before finishing it.
    const crashed = runnerAt(T0).runner
    expect(crashed.claim().map((job) => job.id)).toEqual([id])
    expect(jobRow(id)).toMatchObject({ status: 'running', lockedAt: T0, attempts: 1 })

    const { runner } = runnerAt(T0 + 5_000)
    expect(await runner.tick()).toBe(0) // a running job is never claimed twice
    expect(runner.recover()).toBe(1)
    expect(jobRow(id)).toMatchObject({
      status: 'queued',
      lockedAt: null,
      lastError: 'interrupted by a restart',
    })
    expect(await runner.tick()).toBe(1)

    expect(handler).toHaveBeenCalledTimes(1)
    expect(jobRow(id)).toMatchObject({ status: 'done', attempts: 2, lastError: null })
  })
})

describe('concurrency', () => {
  test('two runners (two connections) ticking together never run the same job twice', async () => {
    const kind = uniqueKind('concurrent')
    const runs = new Map<string, number>()
    registerJobHandler(kind, async (_payload: unknown, job: Job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1)
      await new Promise((resolve) => setTimeout(resolve, 1))
    })
    const ids = Array.from({ length: 40 }, (_, i) => enqueue(db, { kind, runAt: T0 + i })!)
    // Like a second process: its own connection to the same file.
    const otherConnection = openDatabase(getEnv().DATABASE_PATH)
    try {
      const a = new JobRunner(db, { batchSize: 3, now: () => T0 + 1_000 })
      const b = new JobRunner(otherConnection, { batchSize: 3, now: () => T0 + 1_000 })

      let claimed = 0
      for (;;) {
        const [fromA, fromB] = await Promise.all([a.tick(), b.tick()])
        claimed += fromA + fromB
        if (fromA + fromB === 0) break
      }

      expect(claimed).toBe(40)
    } finally {
      otherConnection.$client.close()
    }
    expect([...runs.keys()].sort()).toEqual([...ids].sort())
    expect([...runs.values()].every((count) => count === 1)).toBe(true)
    expect(
      db
        .select()
        .from(jobs)
        .where(eq(jobs.kind, kind))
        .all()
        .every((job) => job.status === 'done'),
    ).toBe(true)
  })

  test('claim is atomic: interleaved claims of two runners get disjoint jobs', () => {
    const kind = uniqueKind('claim')
    for (let i = 0; i < 10; i++) enqueue(db, { kind, runAt: T0 })
    const a = runnerAt(T0, { batchSize: 4 }).runner
    const b = runnerAt(T0, { batchSize: 4 }).runner

    const claimedA = a.claim().map((job) => job.id)
    const claimedB = b.claim().map((job) => job.id)
    const claimedA2 = a.claim().map((job) => job.id)

    expect(claimedA).toHaveLength(4)
    expect(claimedB).toHaveLength(4)
    expect(claimedA2).toHaveLength(2)
    expect(new Set([...claimedA, ...claimedB, ...claimedA2]).size).toBe(10)
    expect(a.claim()).toEqual([])
  })
  test('a slow job holds one slot, not the runner: other jobs run meanwhile, up to the cap', async () => {
    const slow = uniqueKind('slow')
    const quick = uniqueKind('quick')
    let release!: () => void
    const slowDone = new Promise<void>((resolve) => (release = resolve))
    let slowRuns = 0
    registerJobHandler(slow, async () => {
      slowRuns++
      await slowDone
    })
    const quickRuns: number[] = []
    registerJobHandler(quick, () => {
      quickRuns.push(Date.now())
    })
    const runner = new JobRunner(db, { concurrency: 3 })
    runner.start()
    try {
      for (let i = 0; i < 2; i++) enqueue(db, { kind: slow })
      wakeJobs(db)
      await vi.waitFor(() => expect(slowRuns).toBe(2), { timeout: 2_000 })
      // Two slots hang; the third is free for everything else.
      for (let i = 0; i < 4; i++) enqueue(db, { kind: quick })
      wakeJobs(db)
      await vi.waitFor(() => expect(quickRuns).toHaveLength(4), { timeout: 3_000 })
      // The cap: of two more slow jobs only one starts while the others hang.
      for (let i = 0; i < 2; i++) enqueue(db, { kind: slow })
      wakeJobs(db)
      await vi.waitFor(() => expect(slowRuns).toBe(3), { timeout: 2_000 })
      await new Promise((resolve) => setTimeout(resolve, 1_200))
      expect(slowRuns).toBe(3)
      release()
      await vi.waitFor(() => expect(slowRuns).toBe(4), { timeout: 3_000 })
    } finally {
      release()
      await runner.stop()
    }
  })

  test('tick() still resolves when the jobs it started have finished', async () => {
    const kind = uniqueKind('awaited')
    let finished = 0
    registerJobHandler(kind, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      finished++
    })
    for (let i = 0; i < 3; i++) enqueue(db, { kind, runAt: T0 })
    const { runner } = runnerAt(T0)
    expect(await runner.tick()).toBe(3)
    expect(finished).toBe(3)
  })
})

describe('stop and prune', () => {
  test('stop() waits for the jobs in flight', async () => {
    const kind = uniqueKind('slow')
    let finished = false
    registerJobHandler(kind, async () => {
      await new Promise((resolve) => setTimeout(resolve, 30))
      finished = true
    })
    const id = enqueue(db, { kind, runAt: T0 })!
    const { runner } = runnerAt(T0)

    const ticking = runner.tick()
    await runner.stop(2_000)

    expect(finished).toBe(true)
    expect(jobRow(id).status).toBe('done')
    await ticking
  })

  test('pruneJobs deletes old done jobs and keeps failed and recent ones', () => {
    const kind = uniqueKind('prune')
    const day = 24 * 60 * 60 * 1000
    const old = enqueue(db, { kind })!
    const recent = enqueue(db, { kind })!
    const failed = enqueue(db, { kind })!
    db.update(jobs)
      .set({ status: 'done', finishedAt: Date.now() - 40 * day })
      .where(eq(jobs.id, old))
      .run()
    db.update(jobs)
      .set({ status: 'done', finishedAt: Date.now() - day })
      .where(eq(jobs.id, recent))
      .run()
    db.update(jobs)
      .set({ status: 'failed', finishedAt: Date.now() - 40 * day })
      .where(eq(jobs.id, failed))
      .run()

    expect(pruneJobs(db, 30 * day)).toBe(1)
    expect(
      db
        .select({ id: jobs.id })
        .from(jobs)
        .all()
        .map((j) => j.id)
        .sort(),
    ).toEqual([recent, failed].sort())
  })
})

describe('timers: reschedule, cancel, wake', () => {
  test('a handler returning { rescheduleAt } runs again at that time, same job, fresh attempts', async () => {
    const kind = uniqueKind('reschedule')
    const runs: number[] = []
    const { runner, clock } = runnerAt(T0)
    registerJobHandler(kind, () => {
      runs.push(clock.now)
      return runs.length === 1 ? { rescheduleAt: T0 + 60_000 } : undefined
    })
    const id = enqueue(db, { kind, runAt: T0, dedupeKey: `${kind}:t1` })!
    await runner.tick()
    expect(jobRow(id)).toMatchObject({ status: 'queued', runAt: T0 + 60_000, attempts: 0 })
    // While it waits, its dedupe key still holds.
    expect(enqueue(db, { kind, dedupeKey: `${kind}:t1` })).toBeNull()
    clock.now = T0 + 30_000
    expect(await runner.tick()).toBe(0)
    clock.now = T0 + 60_000
    await runner.tick()
    expect(runs).toEqual([T0, T0 + 60_000])
    expect(jobRow(id).status).toBe('done')
  })

  test('cancelJobs deletes the queued job of a key, never a running or finished one', () => {
    const kind = uniqueKind('cancel')
    const queued = enqueue(db, { kind, dedupeKey: `${kind}:a` })!
    const running = enqueue(db, { kind, dedupeKey: `${kind}:b` })!
    db.update(jobs).set({ status: 'running' }).where(eq(jobs.id, running)).run()
    expect(cancelJobs(db, `${kind}:a`)).toBe(1)
    expect(cancelJobs(db, `${kind}:b`)).toBe(0)
    expect(db.select().from(jobs).where(eq(jobs.id, queued)).get()).toBeUndefined()
    expect(jobRow(running).status).toBe('running')
  })

  test('wakeJobs runs due jobs of a started runner at once, without waiting for the next second', async () => {
    const kind = uniqueKind('wake')
    const done = new Promise<void>((resolve) => registerJobHandler(kind, () => resolve()))
    const runner = new JobRunner(db)
    runner.start()
    try {
      enqueue(db, { kind })
      const started = Date.now()
      wakeJobs(db)
      await done
      expect(Date.now() - started).toBeLessThan(500)
    } finally {
      await runner.stop()
    }
  })
})
