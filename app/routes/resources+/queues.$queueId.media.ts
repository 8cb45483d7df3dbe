import path from 'node:path'
import { type LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import { getQueueMedia } from '#app/domain/queues/queues.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { fileResponse } from '#app/utils/file-response.server.ts'

/** A queue's greeting attachment, for the admins of its company (the editor links to it). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin', json: true })
  try {
    const media = getQueueMedia(db, actor, params.queueId ?? '')
    if (!media) throw new Response('Not found', { status: 404 })
    const root = path.resolve(getEnv().MEDIA_DIR)
    const file = path.resolve(root, media.path)
    if (!file.startsWith(root + path.sep)) throw new Response('Not found', { status: 404 })
    return fileResponse(request, file, { type: media.type, name: media.name })
  } catch (error) {
    if (error instanceof DomainError) throw new Response('Not found', { status: 404 })
    throw error
  }
}
