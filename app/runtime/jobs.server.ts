/**
 * The runtime's job runner (ADR 003): claims due jobs and runs the handlers the domain registered
 * (registerJobHandler in #app/domain/outbox.server.ts, where `enqueue` writes them too).
 */
import { remember } from '@epic-web/remember'
import { Cron } from 'croner'
import { and, eq, inArray, lt } from 'drizzle-orm'
import { type Job, jobHandler, onCommit } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { jobs } from '#db/schema/system.ts'

/** Delay before attempt n+1: 5 s, 20 s, 80 s … capped at one hour, with ±20 % jitter. */
export function backoffMs(attempts: number) {
  const base = Math.min(5_000 * 4 ** Math.max(0, attempts - 1), 3_600_000)
  return Math.round(base * (0.8 + Math.random() * 0.4))
}

const runners = remember('job-runners', () => new Set<JobRunner>())

/**
 * Asks the started runner(s) of this process to look for due jobs now instead of at the next
 * second. The outbox calls it after a commit that queued a job due now (onCommit below).
 */
function wakeRunners() {
  for (const runner of runners) runner.wake()
}

onCommit('job-runner', ({ jobsDue }) => {
  if (jobsDue) wakeRunners()
})

/**
 * Claims due jobs atomically and runs them. One runner per process, ticking every second; each
 * job runs at most once at a time, and a job left `running` by a crash is queued again at start.
 * At most `concurrency` jobs run at once, and a tick never waits for them (ADR 014: a webhook
 * waiting 10 s for its answer must not hold back a scheduled message).
 */
export class JobRunner {
  private cron: Cron | undefined
  private inFlight = new Set<Promise<void>>()

  constructor(
    private readonly db: Db,
    private readonly options: {
      batchSize?: number
      now?: () => number
      /** Jobs running at once (a webhook may wait 10 s for its answer); default 20. */
      concurrency?: number
    } = {},
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now()
  }

  /** Puts back in the queue the jobs a previous process left running. */
  recover() {
    const changes = this.db
      .update(jobs)
      .set({ status: 'queued', lockedAt: null, lastError: 'interrupted by a restart' })
      .where(eq(jobs.status, 'running'))
      .run().changes
    if (changes) logger.warn({ count: changes }, 'recovered interrupted jobs')
    return changes
  }

  /** Marks up to `batchSize` (or `limit`) due jobs as running and returns them. */
  claim(limit = this.options.batchSize ?? 20): Job[] {
    if (limit <= 0) return []
    const now = this.now()
    return this.db.$client
      .prepare(
        `update jobs set status = 'running', locked_at = ?, attempts = attempts + 1, updated_at = ?
         where id in (select id from jobs where status = 'queued' and run_at <= ?
                      order by run_at limit ?)
         returning *`,
      )
      .all(now, now, now, limit)
      .map((row) => toJob(row as Record<string, unknown>))
  }

  /**
   * Claims as many due jobs as there are free slots (concurrency minus the jobs running) and starts
   * them without waiting: a slow job (a webhook waiting for its answer) holds one slot, never the
   * runner. Returns the started jobs' promises.
   */
  pump(): Promise<void>[] {
    const free = (this.options.concurrency ?? 20) - this.inFlight.size
    const claimed = this.claim(Math.min(free, this.options.batchSize ?? 20))
    this.saturated = claimed.length > 0 && claimed.length === free
    return claimed.map((job) => this.track(this.run(job)))
  }

  /** One pass: claim due jobs, run them, record the outcome. Resolves when they have finished. */
  async tick() {
    const started = this.pump()
    await Promise.all(started)
    return started.length
  }

  /** Whether the last pass filled every slot (then a finished job looks for more at once). */
  private saturated = false

  private track(promise: Promise<void>) {
    this.inFlight.add(promise)
    return promise.finally(() => {
      this.inFlight.delete(promise)
      if (this.saturated) this.wake()
    })
  }

  private async run(job: Job) {
    const handler = jobHandler(job.kind)
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`)
      const result = await handler(job.payload, job)
      if (result && typeof result.rescheduleAt === 'number') {
        this.finish(job.id, {
          status: 'queued',
          lastError: null,
          runAt: result.rescheduleAt,
          attempts: 0,
        })
        // Due again now (a handler yielding its slot): look for it at once, not next second.
        if (result.rescheduleAt <= this.now()) this.wake()
      } else this.finish(job.id, { status: 'done', lastError: null })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const retry = handler !== undefined && job.attempts < job.maxAttempts
      logger.warn(
        { jobId: job.id, kind: job.kind, attempts: job.attempts, retry, err: message },
        'job failed',
      )
      this.finish(
        job.id,
        retry
          ? { status: 'queued', lastError: message, runAt: this.now() + backoffMs(job.attempts) }
          : { status: 'failed', lastError: message },
      )
    }
  }

  /**
   * Records a job's outcome. A write that fails (the database busy past its timeout, or closing)
   * is logged, never thrown: nothing awaits a started job, so a throw here would end the process.
   * The job stays `running` and a restart queues it again (recover).
   */
  private finish(id: string, values: Partial<Job>) {
    if (!this.db.$client.open) return
    const done = values.status === 'done' || values.status === 'failed'
    try {
      this.db
        .update(jobs)
        .set({ ...values, lockedAt: null, finishedAt: done ? this.now() : null })
        .where(and(eq(jobs.id, id), eq(jobs.status, 'running')))
        .run()
    } catch (error) {
      logger.error({ err: error, jobId: id, status: values.status }, 'could not record a job outcome')
    }
  }

  start() {
    this.recover()
    // Each second starts what is due and returns: running jobs never hold the next tick back.
    this.cron = new Cron('* * * * * *', { protect: true }, () => {
      try {
        this.pump()
      } catch (error) {
        // Claiming failed (the database busy past its timeout): the next second tries again.
        logger.error({ err: error }, 'could not claim due jobs')
      }
    })
    runners.add(this)
  }

  private waking: Promise<unknown> | null = null
  private wakeAgain = false

  /**
   * Runs a pass soon (next macrotask). Bursts coalesce: a wake-up during a pass asks for one more
   * pass after it, so work committed meanwhile never waits for the next second.
   */
  wake() {
    if (!this.cron) return
    if (this.waking) {
      this.wakeAgain = true
      return
    }
    this.waking = new Promise((resolve) => setImmediate(resolve))
      .then(() => this.pump())
      .catch((error: unknown) => logger.error({ err: error }, 'job pass failed'))
      .finally(() => {
        this.waking = null
        if (this.wakeAgain) {
          this.wakeAgain = false
          this.wake()
        }
      })
  }

  /** Stops claiming and waits for the jobs in flight (up to `timeoutMs`). */
  async stop(timeoutMs = 10_000) {
    this.cron?.stop()
    this.cron = undefined
    runners.delete(this)
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ])
  }
}

function toJob(row: Record<string, unknown>): Job {
  return {
    id: row.id as string,
    companyId: row.company_id as string | null,
    kind: row.kind as string,
    runAt: row.run_at as number,
    payload: JSON.parse(row.payload as string),
    status: row.status as Job['status'],
    attempts: row.attempts as number,
    maxAttempts: row.max_attempts as number,
    lastError: row.last_error as string | null,
    dedupeKey: row.dedupe_key as string | null,
    lockedAt: row.locked_at as number | null,
    finishedAt: row.finished_at as number | null,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  }
}

/** Deletes finished jobs older than `olderThanMs` (failed ones are kept for inspection). */
export function pruneJobs(db: DbOrTx, olderThanMs: number) {
  return db
    .delete(jobs)
    .where(and(inArray(jobs.status, ['done']), lt(jobs.finishedAt, Date.now() - olderThanMs)))
    .run().changes
}
