/**
 * The kill/restart test's server (app/runtime/webhooks-restart.test.ts): the real runtime on the
 * database file of DATABASE_PATH, with a short retry policy, until it is killed. Prints "ready"
 * once the runtime has started.
 */
import { setDeliveryPolicy } from '#app/domain/webhooks/deliver.server.ts'
import { startRuntime } from '#app/runtime/runtime.server.ts'
import { db } from '#app/utils/db.server.ts'

setDeliveryPolicy({
  baseDelayMs: Number(process.env.WEBHOOK_TEST_RETRY_MS ?? 1000),
  maxDelayMs: 5_000,
  jitter: 0,
})
await startRuntime(db)
process.stdout.write('ready\n')
// Killed with SIGKILL by the test: nothing runs at exit on purpose.
setInterval(() => {}, 60_000)
