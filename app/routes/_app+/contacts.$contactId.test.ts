import { expect, test } from 'vitest'
import { createSession } from '#app/domain/auth/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { commitSessionId } from '#app/utils/session.server.ts'
import { createCompany, createUser } from '#tests/db-utils.ts'
import { action } from './contacts.$contactId.tsx'

test('the contact page reads its form once (no clone of the body)', async () => {
  const company = createCompany(db)
  const user = await createUser(db, { companyId: company.id, role: 'admin' })
  const session = createSession(db, user)
  const cookie = (await commitSessionId(session.sessionId, session.expiresAt)).split(';')[0]!
  const request = new Request('http://x/contacts/missing', {
    method: 'POST',
    body: new URLSearchParams({ intent: 'delete' }),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  })
  request.clone = () => {
    throw new Error('the body was read twice')
  }
  const answer = await action({ request, params: { contactId: 'missing' }, context: {} }).catch(
    (error: unknown) => error,
  )
  // The delete ran (and found no such contact): the form was read, once.
  expect(answer).toBeInstanceOf(Response)
  expect((answer as Response).status).toBe(404)
})
