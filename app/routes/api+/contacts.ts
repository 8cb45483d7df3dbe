import { createApiContact, listApiContacts } from '#app/domain/api/resources.server.ts'
import { resourceOperation } from '#app/domain/api/operations/resources.ts'
import { db } from '#app/utils/db.server.ts'
import { apiRoute } from './__handler.server.ts'

/** GET /api/contacts: a page of contacts. POST: a new contact. */
export const loader = apiRoute(resourceOperation.listContacts, ({ credential, query }) => ({
  status: 200,
  body: listApiContacts(db, credential, query),
}))

export const action = apiRoute(resourceOperation.createContact, ({ credential, body }) => ({
  status: 201,
  body: createApiContact(db, credential, body),
}))
