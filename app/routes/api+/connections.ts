import { listApiConnections } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** GET /api/connections: every one of the company's connections. */
const handle = apiRoute(resourceOperation.listConnections, ({ credential }) => ({
  status: 200,
  body: listApiConnections(db, credential),
}))

export { handle as loader, handle as action }
