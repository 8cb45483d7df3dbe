import { Link, useRouteLoaderData } from '@remix-run/react'
import { Clock } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { TagChip } from '#app/components/tag-chip.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { type RootLoader } from '#app/root.tsx'
import { elapsed, timeAgo } from '#app/utils/format.ts'
import { cn, initials } from '#app/utils/misc.ts'
import { formatPhone } from '#app/utils/phone.ts'

export type TicketRowData = {
  id: string
  status: string
  unreadCount: number
  lastMessageText: string | null
  lastInboundAt: number | null
  createdAt: number
  activity: number
  contactName: string
  contactNumber: string | null
  queueName: string | null
  queueColor: string | null
  connectionName: string
  userName: string | null
  tags: Array<{ id: string; name: string; color: string }>
}

/** One ticket in the panel list: who, the last message, how long they wait, where it sits. */
export function TicketRow({
  ticket,
  to,
  active,
}: {
  ticket: TicketRowData
  to: string
  active: boolean
}) {
  const root = useRouteLoaderData<RootLoader>('root')
  const { t } = useTranslation()
  const locale = root?.locale ?? 'pt-BR'
  const waitingSince =
    ticket.status === 'pending' ? (ticket.lastInboundAt ?? ticket.createdAt) : null
  return (
    <Link
      to={to}
      preventScrollReset
      data-testid="ticket-item"
      aria-current={active ? 'page' : undefined}
      className={cn(
        'hover:bg-muted/60 flex gap-3 border-l-4 px-3 py-2.5 transition-colors',
        active && 'bg-accent/70',
      )}
      style={{ borderLeftColor: ticket.queueColor ?? 'transparent' }}
    >
      <span className="bg-accent text-accent-foreground flex size-10 shrink-0 items-center justify-center rounded-full text-sm font-semibold">
        {initials(ticket.contactName)}
      </span>
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-2">
          <span className="truncate font-medium">{ticket.contactName}</span>
          <span className="text-muted-foreground ml-auto shrink-0 text-xs" suppressHydrationWarning>
            {timeAgo(ticket.activity, locale)}
          </span>
        </span>
        <span className="flex items-center gap-2">
          <span className="text-muted-foreground truncate text-sm">
            {ticket.lastMessageText ?? formatPhone(ticket.contactNumber)}
          </span>
          {ticket.unreadCount ? (
            <Badge
              className="bg-primary text-primary-foreground ml-auto shrink-0"
              data-testid="unread"
            >
              {ticket.unreadCount}
            </Badge>
          ) : null}
        </span>
        <span className="text-muted-foreground mt-1 flex flex-wrap items-center gap-1 text-[0.7rem]">
          <span className="truncate">{ticket.connectionName}</span>
          <span aria-hidden>·</span>
          <span className="truncate">{ticket.queueName ?? t('panel.noQueue')}</span>
          {ticket.userName ? (
            <>
              <span aria-hidden>·</span>
              <span className="truncate">{ticket.userName}</span>
            </>
          ) : null}
          {ticket.tags.map((tag) => (
            <TagChip key={tag.id} name={tag.name} color={tag.color} size="xs" />
          ))}
          {waitingSince ? (
            <span
              className="ml-auto flex items-center gap-0.5 rounded-full bg-amber-100 px-1.5 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100"
              suppressHydrationWarning
            >
              <Clock className="size-3" />
              {t('panel.waiting', { time: elapsed(waitingSince, locale) })}
            </span>
          ) : null}
        </span>
      </span>
    </Link>
  )
}
