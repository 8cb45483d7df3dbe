import { getApiTicket } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** GET /api/tickets/:ticketId: the ticket, its contact and a page of messages. */
const handle = apiRoute(resourceOperation.getTicket, ({ credential, params, query }) => ({
  status: 200,
  body: getApiTicket(db, credential, params.ticketId, query),
}))

export { handle as loader, handle as action }
