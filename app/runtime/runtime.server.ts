import { remember } from '@epic-web/remember'
import { Cron } from 'croner'
import { registerAuthJobs } from '#app/domain/auth/auth.server.ts'
import { registerBotJobs } from '#app/domain/bot/bot.server.ts'
import { ensureAdminFromEnv, ensureDefaultCompany } from '#app/domain/companies/companies.server.ts'
import { DEVICE_IMPORT_JOB, type DeviceImportJob } from '#app/domain/contacts/device.server.ts'
import { registerContactJobs, runDeviceImport } from '#app/domain/contacts/import.server.ts'
import { CHANNEL_READ_JOB, type ChannelReadJob } from '#app/domain/channel-jobs.ts'
import { pruneIdempotencyKeys } from '#app/domain/api/idempotency.server.ts'
import { setNumberChecker } from '#app/domain/connections/number-check.server.ts'
import { registerJobHandler } from '#app/domain/outbox.server.ts'
import { registerScheduleJobs } from '#app/domain/schedules/send-job.server.ts'
import { registerSimulatorJobs } from '#app/domain/simulator/receipts.server.ts'
import { registerWebhookJobs } from '#app/domain/webhooks/deliver.server.ts'
import { type Db, migrateDatabase } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { eventTail, pruneEvents } from './events.server.ts'
import { JobRunner, pruneJobs } from './jobs.server.ts'
import { createChannelManager } from './channels/adapters.server.ts'
import { type ChannelManager } from './channels/manager.server.ts'
import { presence } from './presence.server.ts'
import { closeLiveStreams } from './live-streams.server.ts'
import { startWebhookRelay } from './webhooks.server.ts'

const DAY = 24 * 60 * 60 * 1000
export const EVENT_RETENTION_MS = 7 * DAY

type Runtime = {
  jobs: JobRunner
  crons: Cron[]
  db: Db
  channels: ChannelManager
  stopWebhooks: () => void
}

const state = remember('runtime', () => ({ current: null as Runtime | null }))

/**
 * Everything long-lived: migrations and first-start data, the job runner, cron work, the event
 * tail. Started once by server.ts before the HTTP server listens; stopped at shutdown.
 */
export async function startRuntime(db: Db) {
  if (state.current) return state.current
  migrateDatabase(db)
  ensureDefaultCompany(db)
  const admin = await ensureAdminFromEnv(db, getEnv())
  if (admin) logger.info({ email: admin.email }, 'created the first admin from ADMIN_EMAIL')
  registerAuthJobs(db)
  registerBotJobs(db)
  registerContactJobs(db)
  registerScheduleJobs(db)
  registerWebhookJobs(db)
  const owed = registerSimulatorJobs(db)
  if (owed) logger.info({ count: owed }, 'simulator receipts still owed are queued again')
  const channels = createChannelManager(db)
  // The HTTP API asks the connection whether a number is on WhatsApp (a domain port).
  setNumberChecker((connectionId, phone) => channels.checkNumber(connectionId, phone))
  // "Importar do WhatsApp": the session lists the phone's contacts, the domain imports them.
  registerJobHandler(DEVICE_IMPORT_JOB, async (job: DeviceImportJob) =>
    runDeviceImport(db, job.importId, await channels.deviceContacts(job.connectionId)),
  )
  // Blue ticks: best effort, as before (a failure is logged, not retried for ever).
  registerJobHandler(CHANNEL_READ_JOB, (job: ChannelReadJob) =>
    channels
      .markRead(job.connectionId, job.chatId, job.externalIds)
      .catch((error: unknown) => logger.warn({ err: error }, 'read receipts failed')),
  )
  // Catch-up first (events written while the server was down), then the delivery jobs run.
  const stopWebhooks = startWebhookRelay(db)
  const jobs = new JobRunner(db)
  jobs.start()
  eventTail(db).startPolling()
  await channels.startAll()
  const crons = [
    new Cron('0 30 3 * * *', { protect: true, name: 'prune' }, () => {
      const events = pruneEvents(db, EVENT_RETENTION_MS)
      const done = pruneJobs(db, 30 * DAY)
      const idempotencyKeys = pruneIdempotencyKeys(db)
      logger.info({ events, jobs: done, idempotencyKeys }, 'pruned old events and jobs')
    }),
  ]
  state.current = { jobs, crons, db, channels, stopWebhooks }
  logger.info('runtime started')
  return state.current
}

export async function stopRuntime() {
  const runtime = state.current
  if (!runtime) return
  state.current = null
  setNumberChecker(null)
  for (const cron of runtime.crons) cron.stop()
  runtime.stopWebhooks()
  closeLiveStreams()
  presence.reset()
  await runtime.channels.stopAll()
  eventTail(runtime.db).stopPolling()
  await runtime.jobs.stop()
  logger.info('runtime stopped')
}

/** The running channel manager (null before start-up, in tests that do not start it, and on replicas). */
export function runningChannels() {
  return state.current?.channels ?? null
}
