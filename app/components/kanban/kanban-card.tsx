import { Link, useNavigate } from '@remix-run/react'
import { ArrowRightLeft, UserRound } from 'lucide-react'
import { forwardRef } from 'react'
import { useTranslation } from 'react-i18next'
import { TagChip } from '#app/components/tag-chip.tsx'
import { Button } from '#app/components/ui/button.tsx'
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from '#app/components/ui/dropdown-menu.tsx'
import type { KanbanCard } from '#app/domain/kanban/board.server.ts'
import { cn, initials } from '#app/utils/misc.ts'
import { formatPhone } from '#app/utils/phone.ts'

const AVATAR_TONES = [
  'bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-100',
  'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100',
  'bg-amber-100 text-amber-800 dark:bg-amber-900/60 dark:text-amber-100',
  'bg-violet-100 text-violet-800 dark:bg-violet-900/60 dark:text-violet-100',
  'bg-rose-100 text-rose-800 dark:bg-rose-900/60 dark:text-rose-100',
  'bg-teal-100 text-teal-800 dark:bg-teal-900/60 dark:text-teal-100',
  'bg-indigo-100 text-indigo-800 dark:bg-indigo-900/60 dark:text-indigo-100',
]

function toneOf(seed: string) {
  let hash = 0
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return AVATAR_TONES[hash % AVATAR_TONES.length]
}

/** "14:05" today, "ontem"-less short date otherwise ("12/11"), in the company's time zone. */
function shortTime(ms: number, locale: string, timeZone: string) {
  const day = (value: number) => new Date(value).toLocaleDateString('en-CA', { timeZone })
  const sameDay = day(ms) === day(Date.now())
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    ...(sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: '2-digit', month: '2-digit' }),
  }).format(ms)
}

const STATUS_TONE = {
  pending: 'bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200',
  open: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200',
  closed: 'bg-muted text-muted-foreground',
} as const

type StageChoice = { id: string; name: string; color: string }

type CardProps = {
  card: KanbanCard
  stageId: string
  stages: StageChoice[]
  locale: string
  timeZone: string
  onMoveTo?: (card: KanbanCard, stageId: string) => void
  dragging?: boolean
  overlay?: boolean
} & React.HTMLAttributes<HTMLDivElement>

/** A contact on the board: who, the latest conversation, its tags and who is serving it. */
export const CardView = forwardRef<HTMLDivElement, CardProps>(function CardView(
  { card, stageId, stages, locale, timeZone, onMoveTo, dragging, overlay, className, ...rest },
  ref,
) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const ticket = card.ticket
  const href = ticket ? `/tickets/${ticket.id}` : null
  const shownTags = card.tags.slice(0, 3)
  return (
    <div
      ref={ref}
      data-testid={`kanban-card-${card.name}`}
      data-card-id={card.id}
      className={cn(
        'group bg-card relative flex flex-col gap-2 rounded-lg border p-3 text-left shadow-xs transition-shadow outline-none',
        'focus-visible:ring-ring hover:shadow-md focus-visible:ring-2',
        href && 'cursor-pointer',
        dragging && 'opacity-40',
        overlay && 'ring-primary/30 cursor-grabbing shadow-xl ring-2',
        className,
      )}
      onClick={(event) => {
        if (href && !event.defaultPrevented) navigate(href)
      }}
      {...rest}
    >
      <div className="flex items-start gap-2.5">
        <span
          className={cn(
            'flex size-9 shrink-0 items-center justify-center rounded-full text-xs font-semibold',
            toneOf(card.id),
          )}
          aria-hidden
        >
          {initials(card.name)}
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline justify-between gap-2">
            {href ? (
              <Link
                to={href}
                draggable={false}
                className="truncate text-sm font-semibold hover:underline"
                aria-label={t('kanban.openTicket', { name: card.name })}
                onClick={(event) => event.stopPropagation()}
                onKeyDown={(event) => event.stopPropagation()}
              >
                {card.name}
              </Link>
            ) : (
              <span className="truncate text-sm font-semibold">{card.name}</span>
            )}
            {ticket ? (
              <time
                className="text-muted-foreground shrink-0 text-[11px]"
                dateTime={new Date(ticket.activityAt).toISOString()}
                suppressHydrationWarning
              >
                {shortTime(ticket.activityAt, locale, timeZone)}
              </time>
            ) : null}
          </div>
          <p className="text-muted-foreground truncate text-xs">{formatPhone(card.number)}</p>
        </div>
        {onMoveTo ? (
          <MoveMenu card={card} stageId={stageId} stages={stages} onMoveTo={onMoveTo} />
        ) : null}
      </div>
      {ticket?.lastMessageText ? (
        <p className="text-muted-foreground line-clamp-2 text-xs break-words">
          {ticket.lastMessageText}
        </p>
      ) : null}
      {shownTags.length ? (
        <ul className="flex flex-wrap gap-1" aria-label={t('tags.title')}>
          {shownTags.map((tag) => (
            <li key={tag.id} className="flex max-w-32">
              <TagChip name={tag.name} color={tag.color} size="xs" />
            </li>
          ))}
          {card.tags.length > shownTags.length ? (
            <li className="bg-muted text-muted-foreground rounded-full px-1.5 py-px text-[11px]">
              +{card.tags.length - shownTags.length}
            </li>
          ) : null}
        </ul>
      ) : null}
      <div className="flex items-center justify-between gap-2 text-[11px]">
        {ticket ? (
          <span className="flex items-center gap-1.5">
            {ticket.status !== 'closed' ? (
              <span
                className={cn('rounded-full px-2 py-0.5 font-medium', STATUS_TONE[ticket.status])}
                data-testid="card-status"
              >
                {t(`kanban.status.${ticket.status}`)}
              </span>
            ) : null}
            {ticket.unreadCount > 0 ? (
              <span
                className="bg-primary text-primary-foreground flex h-4 min-w-4 items-center justify-center rounded-full px-1 text-[10px] font-semibold"
                aria-label={t('kanban.unread', { count: ticket.unreadCount })}
              >
                {ticket.unreadCount}
              </span>
            ) : null}
          </span>
        ) : (
          <span className="text-muted-foreground">{t('kanban.noTicket')}</span>
        )}
        {ticket ? (
          <span className="text-muted-foreground flex min-w-0 items-center gap-1">
            <UserRound className="size-3 shrink-0" aria-hidden />
            <span className="truncate">{ticket.userName ?? t('kanban.unassigned')}</span>
          </span>
        ) : null}
      </div>
    </div>
  )
})

/** "Mover para…": the same move without dragging (touch screens, or a quick jump). */
function MoveMenu({
  card,
  stageId,
  stages,
  onMoveTo,
}: {
  card: KanbanCard
  stageId: string
  stages: StageChoice[]
  onMoveTo: (card: KanbanCard, stageId: string) => void
}) {
  const { t } = useTranslation()
  const label = t('kanban.moveTo', { name: card.name })
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="text-muted-foreground -mt-1 -mr-1 size-7 opacity-70 group-hover:opacity-100"
          aria-label={label}
          title={label}
          onClick={(event) => event.stopPropagation()}
          onKeyDown={(event) => event.stopPropagation()}
        >
          <ArrowRightLeft className="size-3.5" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent
        align="end"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.stopPropagation()}
        onPointerDown={(event) => event.stopPropagation()}
      >
        <DropdownMenuLabel>{label}</DropdownMenuLabel>
        {stages.map((stage) => (
          <DropdownMenuItem
            key={stage.id}
            disabled={stage.id === stageId}
            onSelect={() => onMoveTo(card, stage.id)}
          >
            <span className="size-2.5 rounded-full" style={{ backgroundColor: stage.color }} />
            {stage.name}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  )
}
