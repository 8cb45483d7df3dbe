import { getApiMessage } from '#app/domain/api/messages.server.ts'
import { getMessageOperation } from '#app/domain/api/operations/messages.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** GET /api/messages/{messageId} — a message and its status. */
const handle = apiRoute(getMessageOperation, ({ credential, params }) => ({
  status: 200,
  body: getApiMessage(db, credential, params.messageId),
}))

export { handle as loader, handle as action }
