import { listApiTags } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** GET /api/tags: every one of the company's tags. */
const handle = apiRoute(resourceOperation.listTags, ({ credential }) => ({
  status: 200,
  body: listApiTags(db, credential),
}))

export { handle as loader, handle as action }
