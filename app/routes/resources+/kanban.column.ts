import { type LoaderFunctionArgs } from '@remix-run/node'
import { getColumnPage } from '#app/domain/kanban/board.server.ts'
import { formInput, orHttpError, resourceData } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { z } from '#app/utils/validation.ts'

const ColumnQuery = z.object({
  stage: z.string(),
  cursor: z.string().optional(),
  queue: z.string().optional(),
  user: z.string().optional(),
  tag: z.string().optional(),
})

/** The next page of one Kanban column: ?stage=&cursor= plus the board's filters (queue, user, tag). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { json: true })
  const query = formInput(new URL(request.url).searchParams, ColumnQuery)
  const page = await orHttpError(() =>
    getColumnPage(db, actor, {
      stageId: query.stage,
      cursor: query.cursor ?? null,
      filter: {
        queueId: query.queue ?? null,
        userId: query.user ?? null,
        tagId: query.tag ?? null,
      },
    }),
  )
  return resourceData(page)
}
