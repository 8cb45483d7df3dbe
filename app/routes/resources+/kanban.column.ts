import { type LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import { getColumnPage } from '#app/domain/kanban/board.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { resourceData } from '#app/utils/api.server.ts'
import { db } from '#app/utils/db.server.ts'

/** The next page of one Kanban column: ?stage=&cursor= plus the board's filters (queue, user, tag). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const params = new URL(request.url).searchParams
  try {
    return getColumnPage(db, actor, {
      stageId: params.get('stage') ?? '',
      cursor: params.get('cursor'),
      filter: {
        queueId: params.get('queue'),
        userId: params.get('user'),
        tagId: params.get('tag'),
      },
    })
  } catch (error) {
    if (error instanceof DomainError)
      throw resourceData({ error: error.code }, { status: error.status })
    throw error
  }
}
