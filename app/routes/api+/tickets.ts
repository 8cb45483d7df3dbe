import { listApiTickets } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** GET /api/tickets: a page of tickets, filtered. */
const handle = apiRoute(resourceOperation.listTickets, ({ credential, query }) => ({
  status: 200,
  body: listApiTickets(db, credential, query),
}))

export { handle as loader, handle as action }
