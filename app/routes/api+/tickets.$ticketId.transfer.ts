import { transferApiTicket } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** POST /api/tickets/:ticketId/transfer: to a user and/or a queue. */
const handle = apiRoute(resourceOperation.transferTicket, ({ credential, params, body }) => ({
  status: 200,
  body: transferApiTicket(db, credential, params.ticketId, body),
}))

export { handle as loader, handle as action }
