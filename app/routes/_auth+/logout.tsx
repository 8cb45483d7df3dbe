import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { logout } from '#app/domain/auth/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { destroySessionCookie, readSessionId } from '#app/utils/session.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const sessionId = await readSessionId(request)
  if (sessionId) logout(db, sessionId)
  return redirect('/login?ended=logout', {
    headers: { 'set-cookie': await destroySessionCookie() },
  })
}
