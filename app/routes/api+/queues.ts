import { listApiQueues } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** GET /api/queues: every one of the company's queues. */
const handle = apiRoute(resourceOperation.listQueues, ({ credential }) => ({
  status: 200,
  body: listApiQueues(db, credential),
}))

export { handle as loader, handle as action }
