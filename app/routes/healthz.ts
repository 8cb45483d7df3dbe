import { db } from '#app/utils/db.server.ts'

/** Liveness and database check for load balancers and deploys. */
export function loader() {
  db.$client.prepare('select 1').get()
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } })
}
