import { type LoaderFunctionArgs } from '@remix-run/node'
import { getQueueMedia } from '#app/domain/queues/queues.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { storedFileResponse } from '#app/utils/file-response.server.ts'

/** A queue's greeting attachment, for the admins of its company (the editor links to it). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin', json: true })
  return storedFileResponse(request, () => getQueueMedia(db, actor, params.queueId ?? ''))
}
