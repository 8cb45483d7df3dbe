import { setApiContactTags } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** PUT /api/contacts/:contactId/tags: the contact's tags become exactly these. */
const handle = apiRoute(resourceOperation.setContactTags, ({ credential, params, body }) => ({
  status: 200,
  body: setApiContactTags(db, credential, params.contactId, body),
}))

export { handle as loader, handle as action }
