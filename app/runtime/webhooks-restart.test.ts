/**
 * Kill and restart (ADR 014): the runtime runs in a child process on a database file and is
 * killed with SIGKILL between two attempts, while events keep being written; started again, it
 * relays what it missed from its durable cursor and sends every event, once, in order.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq, isNotNull } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Db, openDatabase } from '#app/utils/db.server.ts'
import { jobs, settings } from '#db/schema/system.ts'
import { webhookAttempts, webhookDeliveries, webhooks } from '#db/schema/webhooks.ts'
import { addConnection, createCompany, customerWrites } from '#tests/db-utils.ts'
import { BASE_DB_PATH, TMP_DIR } from '#tests/setup/global-setup.ts'
import { startReceiver } from '#tests/webhook-receiver.ts'
import { verifySignature } from '#app/domain/webhooks/signature.ts'

const SECRET = 'whsec_restart'
// The first process waits a minute before its retry, so the kill surely lands between the two
// attempts however slow the machine; the time is then moved on in the database (below).
const FIRST_RETRY_MS = 60_000
const RETRY_MS = 200

const file = path.join(TMP_DIR, `restart-${process.pid}-${Date.now()}.db`)
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-restart-'))
let db: Db
let child: ChildProcess | null = null

beforeAll(() => {
  fs.copyFileSync(BASE_DB_PATH, file)
  db = openDatabase(file)
})

afterAll(() => {
  child?.kill('SIGKILL')
  db.$client.close()
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    fs.rmSync(`${file}${suffix}`, { force: true })
  fs.rmSync(mediaDir, { recursive: true, force: true })
})

/** Starts the runtime in a child process and resolves once it says it is ready. */
function startChild(retryMs: number): Promise<ChildProcess> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve('tests/webhook-runtime-child.ts')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_PATH: file,
        MEDIA_DIR: mediaDir,
        LOG_LEVEL: 'silent',
        WEBHOOK_TEST_RETRY_MS: String(retryMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  return new Promise((resolve, reject) => {
    let stderr = ''
    proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    proc.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(proc)
    })
    proc.on('exit', (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before ready: ${stderr}`)),
    )
  })
}

function kill(proc: ChildProcess) {
  return new Promise<void>((resolve) => {
    proc.once('exit', () => resolve())
    proc.kill('SIGKILL')
  })
}

async function until<T>(read: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = read()
    if (value) return value
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

test('SIGKILL between attempts, events written while down, restart: every event delivered once, in order', async () => {
  // The receiver refuses the first attempt of the first event (so a retry is pending at the kill).
  const receiver = await startReceiver((request, index) =>
    index === 0 ? { status: 503, body: 'not yet' } : { status: 200 },
  )
  try {
    const company = createCompany(db)
    const connection = addConnection(db, company.id)
    db.insert(settings)
      .values({ companyId: company.id, key: 'integrations.allowedHosts', value: ['127.0.0.1'] })
      .run()
    const hook = db
      .insert(webhooks)
      .values({
        companyId: company.id,
        name: 'receiver',
        url: `${receiver.url}/hook`,
        events: ['message.received', 'ticket.created'],
        secret: SECRET,
      })
      .returning()
      .get()

    child = await startChild(FIRST_RETRY_MS)
    for (let i = 0; i < 3; i++)
      customerWrites(db, connection, { phone: '5511987650001', text: `before ${i}` })

    // The first attempt failed and its retry waits: that is "between attempts".
    await until(() =>
      db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.webhookId, hook.id),
            eq(webhookDeliveries.attempts, 1),
            isNotNull(webhookDeliveries.nextAttemptAt),
          ),
        )
        .get(),
    )
    await kill(child)
    child = null
    expect(receiver.requests).toHaveLength(1)

    // Down: the spine goes on writing events (another process, e.g. a script).
    for (let i = 0; i < 3; i++)
      customerWrites(db, connection, { phone: '5511987650001', text: `while down ${i}` })

    // The minute passes: the retry (its delivery and its job) is due now.
    const now = Date.now()
    db.update(webhookDeliveries)
      .set({ nextAttemptAt: now })
      .where(eq(webhookDeliveries.webhookId, hook.id))
      .run()
    db.update(jobs).set({ runAt: now }).where(eq(jobs.kind, 'webhook.deliver')).run()
    child = await startChild(RETRY_MS)
    const expected = 7 // ticket.created + 6 message.received
    await until(
      () =>
        db
          .select()
          .from(webhookDeliveries)
          .where(
            and(
              eq(webhookDeliveries.webhookId, hook.id),
              eq(webhookDeliveries.status, 'succeeded'),
            ),
          )
          .all().length === expected,
    )
    await kill(child)
    child = null

    const accepted = receiver.requests.slice(1)
    const bodies = accepted.map(
      (r) => JSON.parse(r.body) as { id: string; type: string; data: any },
    )
    // Every event, once.
    expect(new Set(bodies.map((b) => b.id)).size).toBe(expected)
    expect(bodies).toHaveLength(expected)
    // In the order they happened.
    const ids = bodies.map((b) => Number(b.id.slice('evt_'.length)))
    expect([...ids].sort((a, b) => a - b)).toEqual(ids)
    expect(
      bodies.filter((b) => b.type === 'message.received').map((b) => b.data.message.body),
    ).toEqual(['before 0', 'before 1', 'before 2', 'while down 0', 'while down 1', 'while down 2'])
    // No attempt number reused for a delivery; the retried one is attempt 2 of the same delivery.
    const attemptKeys = receiver.requests.map(
      (r) => `${r.headers['x-balcao-delivery']}#${r.headers['x-balcao-attempt']}`,
    )
    expect(new Set(attemptKeys).size).toBe(attemptKeys.length)
    expect(receiver.requests[1]!.headers['x-balcao-delivery']).toBe(
      receiver.requests[0]!.headers['x-balcao-delivery'],
    )
    expect(receiver.requests[1]!.headers['x-balcao-attempt']).toBe('2')
    for (const request of receiver.requests)
      expect(
        verifySignature({
          secret: SECRET,
          body: request.body,
          header: request.headers['x-balcao-signature'] as string,
        }).ok,
      ).toBe(true)
    // The log agrees: one attempt row per request, every one finished.
    const attempts = db.select().from(webhookAttempts).all()
    expect(attempts).toHaveLength(receiver.requests.length)
    expect(attempts.every((a) => a.finishedAt !== null)).toBe(true)
  } finally {
    await receiver.close()
  }
}, 60_000)
