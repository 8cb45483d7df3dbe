import { type LoaderFunctionArgs } from '@remix-run/node'
import { getQuickReplyMedia } from '#app/domain/quick-replies/quick-replies.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { storedFileResponse } from '#app/utils/file-response.server.ts'

/** A quick reply's file (preview, and attached by the composer when the reply is chosen). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  return storedFileResponse(request, () => getQuickReplyMedia(db, actor, params.replyId ?? ''))
}
