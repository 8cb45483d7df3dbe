import { getApiContact, updateApiContact } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** GET /api/contacts/:contactId: the contact. PATCH: change some of its fields. */
export const loader = apiRoute(resourceOperation.getContact, ({ credential, params }) => ({
  status: 200,
  body: getApiContact(db, credential, params.contactId),
}))

export const action = apiRoute(resourceOperation.updateContact, ({ credential, params, body }) => ({
  status: 200,
  body: updateApiContact(db, credential, params.contactId, body),
}))
