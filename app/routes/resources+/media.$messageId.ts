import { type LoaderFunctionArgs } from '@remix-run/node'
import { getMessageMedia } from '#app/domain/messages/messages.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { storedFileResponse } from '#app/utils/file-response.server.ts'

/** A message's file (image, audio, document…), only for users who may see the ticket. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const download = new URL(request.url).searchParams.has('download')
  return storedFileResponse(request, () => getMessageMedia(db, actor, params.messageId ?? ''), {
    download,
  })
}
