import { type LoaderFunctionArgs } from '@remix-run/node'
import { getAvatar } from '#app/domain/users/users.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'

/** A user's photo, only for logged-in members of the same company. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const avatar = await getAvatar(db, actor, params.userId ?? '')
  if (!avatar) throw new Response('Not found', { status: 404 })
  return new Response(avatar.bytes, {
    headers: {
      'content-type': avatar.type,
      'cache-control': 'private, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      // Its type was sniffed at upload (png, jpeg or webp); still, never a page of ours.
      'content-security-policy': "default-src 'none'; img-src 'self'; sandbox",
    },
  })
}
