import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useFetcher, useLoaderData } from '@remix-run/react'
import { Plus } from 'lucide-react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useRevalidate, useRevalidateOn } from '#app/components/live-events.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { QueueDeleteSchema, QueueReorderSchema } from '#app/domain/queues/queue-schema.ts'
import {
  deleteQueue,
  listQueuesWithUsage,
  reorderQueues,
} from '#app/domain/queues/queues.server.ts'
import { actionError, formInput, parseInput } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { z } from '#app/utils/validation.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { type QueueListRow, QueueTableRow } from '#app/components/queues/queue-table-row.tsx'
import { SortableList } from '#app/components/queues/queue-sortable.tsx'
import { readForm } from '#app/utils/upload.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  return { queues: listQueuesWithUsage(db, actor) }
}

/** Reorder (ids: a JSON list, the sortable list's order) or delete (optionally moving tickets). */
const QueueAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('reorder'), ids: z.string() }),
  QueueDeleteSchema.extend({ intent: z.literal('delete') }),
])

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const input = formInput(await readForm(request), QueueAction)
  if (input.intent === 'reorder') {
    let ids: unknown
    try {
      ids = JSON.parse(input.ids)
    } catch {
      ids = null
    }
    const { ids: order } = parseInput(QueueReorderSchema, { ids })
    try {
      reorderQueues(db, actor, order)
      return { ok: true as const, error: null }
    } catch (error) {
      return actionError(error)
    }
  }
  const { queueId, moveTo } = input
  let result: Awaited<ReturnType<typeof deleteQueue>>
  try {
    result = await deleteQueue(db, actor, queueId, moveTo)
  } catch (error) {
    return actionError(error)
  }
  const target = moveTo ? listQueuesWithUsage(db, actor).find((q) => q.id === moveTo) : null
  return redirectWithToast(
    '/admin/queues',
    result.movedTickets && target
      ? {
          title: 'queues.deletedMoved',
          params: { name: result.name, count: result.movedTickets, target: target.name },
        }
      : { title: 'queues.deleted', params: { name: result.name } },
  )
}

function orderedBy(rows: QueueListRow[], idsJson: string | null) {
  if (!idsJson) return rows
  let ids: unknown
  try {
    ids = JSON.parse(idsJson)
  } catch {
    return rows
  }
  if (!Array.isArray(ids)) return rows
  const rank = new Map(ids.map((id, index) => [String(id), index]))
  return [...rows].sort(
    (a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) || a.order - b.order,
  )
}

export default function QueuesPage() {
  const { queues } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const fetcher = useFetcher<typeof action>()
  const revalidate = useRevalidate()
  // While the new order is saved (and the list reloaded), show it already.
  const pendingIds = fetcher.formData?.get('ids')
  const rows = orderedBy(queues, typeof pendingIds === 'string' ? pendingIds : null)
  useRevalidateOn(['queue.changed', 'ticket.updated', 'ticket.created'])
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return
    if (fetcher.data.error) {
      toast.error(t(fetcher.data.error.key, fetcher.data.error.params))
      revalidate()
    } else toast.success(t('queues.reordered'))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data])

  const reorder = (next: QueueListRow[]) => {
    void fetcher.submit(
      { intent: 'reorder', ids: JSON.stringify(next.map((row) => row.id)) },
      { method: 'POST' },
    )
  }

  return (
    <>
      <PageHeader
        title={t('queues.title')}
        description={t('queues.subtitle')}
        actions={
          <Button asChild>
            <Link to="/admin/queues/new">
              <Plus /> {t('queues.new')}
            </Link>
          </Button>
        }
      />
      <div className="flex flex-col gap-3 p-4 sm:p-8">
        {rows.length > 1 ? (
          <p className="text-muted-foreground text-sm">{t('queues.dragHint')}</p>
        ) : null}
        <Card className="overflow-x-auto">
          {rows.length === 0 ? (
            <p className="text-muted-foreground p-8 text-center text-sm">{t('queues.empty')}</p>
          ) : (
            <table className="w-full text-sm">
              <thead className="bg-muted/50 text-muted-foreground text-left text-xs uppercase">
                <tr>
                  <th className="w-10 py-2.5 pl-2">
                    <span className="sr-only">{t('queues.order')}</span>
                  </th>
                  <th className="w-12 px-2 py-2.5 font-medium" title={t('queues.order')}>
                    #
                  </th>
                  <th className="px-3 py-2.5 font-medium">{t('queues.columns.queue')}</th>
                  <th className="hidden px-3 py-2.5 font-medium lg:table-cell">
                    {t('queues.columns.greeting')}
                  </th>
                  <th className="hidden px-3 py-2.5 font-medium sm:table-cell">
                    {t('queues.columns.users')}
                  </th>
                  <th className="hidden px-3 py-2.5 font-medium md:table-cell">
                    {t('queues.columns.tickets')}
                  </th>
                  <th className="hidden px-3 py-2.5 font-medium xl:table-cell">
                    {t('queues.columns.id')}
                  </th>
                  <th className="px-3 py-2.5">
                    <span className="sr-only">{t('queues.columns.actions')}</span>
                  </th>
                </tr>
              </thead>
              <SortableList
                items={rows}
                getKey={(row) => row.id}
                getLabel={(row) => row.name}
                onReorder={reorder}
              >
                <tbody className="divide-y">
                  {rows.map((queue, index) => (
                    <QueueTableRow
                      key={queue.id}
                      queue={queue}
                      position={index + 1}
                      others={rows.filter((other) => other.id !== queue.id)}
                    />
                  ))}
                </tbody>
              </SortableList>
            </table>
          )}
        </Card>
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'queues.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
