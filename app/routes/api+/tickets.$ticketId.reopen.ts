import { reopenApiTicket } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** POST /api/tickets/:ticketId/reopen: a closed ticket comes back. */
const handle = apiRoute(resourceOperation.reopenTicket, ({ credential, params, body }) => ({
  status: 200,
  body: reopenApiTicket(db, credential, params.ticketId, body),
}))

export { handle as loader, handle as action }
