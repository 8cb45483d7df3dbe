import { Link, useFetcher } from '@remix-run/react'
import { Clock, GitBranch, Paperclip, Pencil, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ConfirmDialog } from '#app/components/confirm-dialog.tsx'
import { ErrorList } from '#app/components/forms.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { NativeSelect } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
import type { listQueuesWithUsage } from '#app/domain/queues/queues.server.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'
import { DragHandle, useSortableRow } from './queue-sortable.tsx'

/** A queue as the Filas page lists it: its settings and how much uses it. */
export type QueueListRow = ReturnType<typeof listQueuesWithUsage>[number]

/** A row of the Filas table: drag handle, position, the queue and what it uses, edit and delete. */
export function QueueTableRow({
  queue,
  position,
  others,
}: {
  queue: QueueListRow
  position: number
  others: QueueListRow[]
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
function DeleteQueueButton({ queue, others }: { queue: QueueListRow; others: QueueListRow[] }) {
  const { t } = useTranslation()
  const fetcher = useFetcher<{ error?: ErrorMessage | null }>()
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
