import { type ActionFunctionArgs } from '@remix-run/node'
import { createTestConnection } from '#app/domain/simulator/simulator.server.ts'
import { jsonError, orHttpError, parseBody, resourceData } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { NameSchema, z } from '#app/utils/validation.ts'

const Body = z.object({ name: NameSchema.optional().default('Conexão de teste') })

/** POST /simulator/api/connections {name} → 201 {id} */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') throw jsonError(405, 'errors.methodNotAllowed')
  const { actor } = await requireUser(request, { role: 'admin', json: true })
  const { name } = await parseBody(request, Body)
  const connection = await orHttpError(() => createTestConnection(db, actor, name))
  return resourceData({ id: connection.id }, { status: 201 })
}

export function loader() {
  throw jsonError(405, 'errors.methodNotAllowed')
}
