import { closeApiTicket } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** POST /api/tickets/:ticketId/close: closes (resolves) the ticket. */
const handle = apiRoute(resourceOperation.closeTicket, ({ credential, params, body }) => ({
  status: 200,
  body: closeApiTicket(db, credential, params.ticketId, body),
}))

export { handle as loader, handle as action }
