import { type ActionFunctionArgs } from '@remix-run/node'
import { readAsCustomer } from '#app/domain/simulator/simulator.server.ts'
import { jsonError, orHttpError, parseBody } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { z } from '#app/utils/validation.ts'

const Body = z.object({ connectionId: z.string().min(1), phone: z.string().min(1) })

/** POST /simulator/api/read {connectionId, phone} → 204: the customer opened the chat. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') throw jsonError(405, 'errors.methodNotAllowed')
  const { actor } = await requireUser(request, { role: 'admin', json: true })
  const input = await parseBody(request, Body)
  await orHttpError(() => readAsCustomer(db, actor, input))
  return new Response(null, { status: 204 })
}

export function loader() {
  throw jsonError(405, 'errors.methodNotAllowed')
}
