import { checkApiNumber } from '#app/domain/api/messages.server.ts'
import { checkNumberOperation } from '#app/domain/api/operations/messages.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** GET /api/numbers/{number}/check?connectionId= — is the number on WhatsApp? */
const handle = apiRoute(checkNumberOperation, async ({ credential, params, query }) => ({
  status: 200,
  body: await checkApiNumber(db, credential, { number: params.number, ...query }),
}))

export { handle as loader, handle as action }
