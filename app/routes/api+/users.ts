import { listApiUsers } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** GET /api/users: every one of the company's users. */
const handle = apiRoute(resourceOperation.listUsers, ({ credential }) => ({
  status: 200,
  body: listApiUsers(db, credential),
}))

export { handle as loader, handle as action }
