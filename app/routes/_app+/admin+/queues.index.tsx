import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useFetcher, useLoaderData } from '@remix-run/react'
import { Clock, GitBranch, Paperclip, Pencil, Plus, Trash2 } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { PageHeader } from '#app/components/app-shell.tsx'
import { ConfirmDialog } from '#app/components/confirm-dialog.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList } from '#app/components/forms.tsx'
import { useRevalidate, useRevalidateOn } from '#app/components/live-events.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { NativeSelect } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
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
import { DragHandle, SortableList, useSortableRow } from '#app/components/queues/queue-sortable.tsx'
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

type QueueRow = Awaited<ReturnType<typeof loader>>['queues'][number]

function orderedBy(rows: QueueRow[], idsJson: string | null) {
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

  const reorder = (next: QueueRow[]) => {
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

function QueueTableRow({
  queue,
  position,
  others,
}: {
  queue: QueueRow
  position: number
  others: QueueRow[]
}) {
  const { t } = useTranslation()
  const { rowRef, style, isDragging, handle } = useSortableRow(queue.id)
  const active = queue.openCount + queue.pendingCount
  return (
    <tr
      ref={rowRef}
      style={style}
      className={isDragging ? 'bg-card shadow-lg' : undefined}
      data-testid={`queue-row-${queue.name}`}
    >
      <td className="py-3 pl-2 align-top">
        <DragHandle label={t('queues.dragHandle', { name: queue.name })} {...handle} />
      </td>
      <td className="text-muted-foreground px-2 py-3 pt-4.5 align-top tabular-nums">{position}</td>
      <td className="px-3 py-3 align-top">
        <div className="flex flex-col gap-1">
          <span className="inline-flex items-center gap-2 font-medium">
            <span
              className="size-3 shrink-0 rounded-full"
              style={{ backgroundColor: queue.color }}
              aria-hidden
            />
            <Link to={`/admin/queues/${queue.id}`} className="hover:underline">
              {queue.name}
            </Link>
          </span>
          <span className="flex flex-wrap items-center gap-1.5">
            <Badge variant={queue.type === 'auto_close' ? 'secondary' : 'default'}>
              {t(`queues.types.${queue.type}`)}
            </Badge>
            {queue.optionCount ? (
              <Badge variant="outline">
                <GitBranch className="size-3" />
                {t('queues.optionCount', { count: queue.optionCount })}
              </Badge>
            ) : null}
            {queue.hoursEnabled ? (
              <Badge variant="outline">
                <Clock className="size-3" />
                {t('queues.hoursOn')}
              </Badge>
            ) : null}
            {queue.hasGreetingMedia ? (
              <Badge variant="outline" title={t('queues.mediaAttached')}>
                <Paperclip className="size-3" />
                <span className="sr-only">{t('queues.mediaAttached')}</span>
              </Badge>
            ) : null}
          </span>
          <span className="text-muted-foreground text-xs md:hidden">
            {active
              ? `${t('queues.openCount', { count: queue.openCount })} · ${t('queues.pendingCount', { count: queue.pendingCount })}`
              : t('queues.noTickets')}
          </span>
        </div>
      </td>
      <td className="hidden max-w-xs px-3 py-3 align-top lg:table-cell">
        {queue.greeting ? (
          <p className="text-muted-foreground line-clamp-2 text-xs whitespace-pre-line">
            {queue.greeting}
          </p>
        ) : (
          <span className="text-muted-foreground text-xs italic">{t('queues.noGreeting')}</span>
        )}
      </td>
      <td className="text-muted-foreground hidden px-3 py-3 align-top tabular-nums sm:table-cell">
        {queue.userCount}
      </td>
      <td className="hidden px-3 py-3 align-top text-xs md:table-cell">
        {active ? (
          <span className="flex flex-col">
            <span>{t('queues.openCount', { count: queue.openCount })}</span>
            <span className="text-muted-foreground">
              {t('queues.pendingCount', { count: queue.pendingCount })}
            </span>
          </span>
        ) : (
          <span className="text-muted-foreground">{t('queues.noTickets')}</span>
        )}
      </td>
      <td className="hidden px-3 py-3 align-top xl:table-cell">
        <code className="text-muted-foreground text-xs" title={queue.id}>
          {queue.id.slice(-6).toUpperCase()}
        </code>
      </td>
      <td className="px-3 py-3 align-top">
        <div className="flex justify-end gap-1">
          <Button
            asChild
            variant="ghost"
            size="icon"
            aria-label={`${t('common.edit')} ${queue.name}`}
          >
            <Link to={`/admin/queues/${queue.id}`}>
              <Pencil />
            </Link>
          </Button>
          <DeleteQueueButton queue={queue} others={others} />
        </div>
      </td>
    </tr>
  )
}

/**
 * Deleting asks where the queue's open/waiting tickets and the menu options aiming at it go when
 * it has any; the server refuses without a choice anyway (and tells why in the dialog).
 */
function DeleteQueueButton({ queue, others }: { queue: QueueRow; others: QueueRow[] }) {
  const { t } = useTranslation()
  const fetcher = useFetcher<typeof action>()
  const [open, setOpen] = useState(false)
  const inUse = queue.openCount + queue.pendingCount + queue.referencedBy > 0
  const error = fetcher.state === 'idle' && fetcher.data?.error ? fetcher.data.error : null
  const askMove = inUse || Boolean(fetcher.data?.error?.key.startsWith('queues.inUse'))
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      fetcher={fetcher}
      trigger={
        <Button
          variant="ghost"
          size="icon"
          aria-label={`${t('common.delete')} ${queue.name}`}
          className="text-destructive hover:text-destructive"
        >
          <Trash2 />
        </Button>
      }
      title={t('queues.deleteTitle', { name: queue.name })}
      description={t('queues.deleteDescription')}
      intent="delete"
      fields={{ queueId: queue.id }}
      confirmLabel={t('common.delete')}
      pending={fetcher.state !== 'idle'}
      disabled={askMove && others.length === 0}
    >
      {askMove ? (
        <div className="flex flex-col gap-1.5">
          {inUse ? (
            <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-50">
              {t('queues.deleteInUse', {
                what: [
                  queue.openCount + queue.pendingCount
                    ? t('queues.inUseTickets', { count: queue.openCount + queue.pendingCount })
                    : null,
                  queue.referencedBy
                    ? t('queues.inUseOptions', { count: queue.referencedBy })
                    : null,
                ]
                  .filter(Boolean)
                  .join(` ${t('queues.and')} `),
              })}
            </p>
          ) : null}
          <Label htmlFor={`move-${queue.id}`}>{t('queues.moveTo')}</Label>
          <NativeSelect
            id={`move-${queue.id}`}
            name="moveTo"
            required
            defaultValue=""
            aria-describedby={`move-${queue.id}-hint`}
          >
            <option value="" disabled>
              {t('queues.moveToPlaceholder')}
            </option>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                {other.name}
              </option>
            ))}
          </NativeSelect>
          <p id={`move-${queue.id}-hint`} className="text-muted-foreground text-xs">
            {t('queues.moveToHint')}
          </p>
        </div>
      ) : null}
      <ErrorList errors={error && !error.key.startsWith('queues.inUse') ? [error] : undefined} />
      {error?.key.startsWith('queues.inUse') && !inUse ? <ErrorList errors={[error]} /> : null}
    </ConfirmDialog>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'queues.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
