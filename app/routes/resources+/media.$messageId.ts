import path from 'node:path'
import { type LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import { getMessageMedia } from '#app/domain/messages/messages.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { fileResponse } from '#app/utils/file-response.server.ts'

/** A message's file (image, audio, document…), only for users who may see the ticket. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  try {
    const media = getMessageMedia(db, actor, params.messageId ?? '')
    const root = path.resolve(getEnv().MEDIA_DIR)
    const file = path.resolve(root, media.path)
    if (!file.startsWith(root + path.sep)) throw new Response('Not found', { status: 404 })
    const download = new URL(request.url).searchParams.has('download')
    return fileResponse(request, file, { type: media.type, name: media.name, download })
  } catch (error) {
    if (error instanceof DomainError) throw new Response('Not found', { status: 404 })
    throw error
  }
}
