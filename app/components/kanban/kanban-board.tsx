import {
  type Announcements,
  closestCorners,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  type UniqueIdentifier,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core'
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import {
  useFetchers,
  useNavigation,
  useRevalidator,
  useRouteLoaderData,
  useSearchParams,
} from '@remix-run/react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { Loader2 } from 'lucide-react'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { useLiveEvents, useRevalidate } from '#app/components/live-events.tsx'
import {
  type LiveTicketRow,
  ticketChangeOf,
  viewerSees,
} from '#app/components/tickets/live-tickets.ts'
import type { BoardColumn, CardTicket, KanbanCard } from '#app/domain/kanban/board.server.ts'
import { type RootLoader } from '#app/root.tsx'
import { type loader as appLoader } from '#app/routes/_app+/_layout.tsx'
import { formatNumber } from '#app/utils/format.ts'
import { cn } from '#app/utils/misc.ts'
import { CardView } from './kanban-card.tsx'
import { StageMenu } from './kanban-stage-dialogs.tsx'

type Column = BoardColumn
type Moved = {
  contactId: string
  fromStageId: string
  stageId: string
  rank: string
  placed: Array<{ id: string; rank: string }>
}

const STAGE_PREFIX = 'stage:'
const CARD_HEIGHT = 132
const CARD_GAP = 8

/** Where a card with this rank goes: placed cards by rank, then the never-placed ones. */
function insertionIndex(cards: KanbanCard[], rank: string) {
  const index = cards.findIndex((card) => card.rank === null || card.rank > rank)
  return index < 0 ? cards.length : index
}

/** Applies a move (ours or someone else's) to the columns; null when the card is not loaded here. */
function applyMove(columns: Column[], moved: Moved): Column[] | null {
  let card: KanbanCard | undefined
  for (const column of columns) {
    card = column.cards.find((c) => c.id === moved.contactId)
    if (card) break
  }
  if (!card) return null
  const placed = new Map(moved.placed.map((p) => [p.id, p.rank]))
  const updated = { ...card, rank: moved.rank }
  return columns.map((column) => {
    const had = column.cards.some((c) => c.id === moved.contactId)
    let cards = column.cards.filter((c) => c.id !== moved.contactId)
    let count = column.count - (had ? 1 : 0)
    if (column.id === moved.stageId) {
      if (placed.size)
        cards = cards.map((c) => (placed.has(c.id) ? { ...c, rank: placed.get(c.id)! } : c))
      const index = insertionIndex(cards, moved.rank)
      // A card that sorts after everything loaded waits in the part not loaded yet.
      if (index < cards.length || !column.nextCursor)
        cards = [...cards.slice(0, index), updated, ...cards.slice(index)]
      count += 1
    }
    return had || column.id === moved.stageId ? { ...column, cards, count } : column
  })
}

/**
 * A ticket's row from a live event (live-tickets.ts) onto its contact's card, when the card is
 * loaded and the ticket is the card's or newer: null when there is nothing here to change.
 */
function applyTicket(columns: Column[], row: LiveTicketRow): Column[] | null {
  let changed = false
  const next = columns.map((column) => {
    const index = column.cards.findIndex((card) => card.id === row.contactId)
    const card = column.cards[index]
    if (!card) return column
    if (card.ticket && card.ticket.id !== row.id && card.ticket.activityAt > row.activity)
      return column
    const ticket: CardTicket = {
      id: row.id,
      status: row.status as CardTicket['status'],
      lastMessageText: row.lastMessageText,
      activityAt: row.activity,
      unreadCount: row.unreadCount,
      userName: row.userName,
      queueName: row.queueName,
      queueColor: row.queueColor,
    }
    changed = true
    return { ...column, cards: column.cards.map((c, i) => (i === index ? { ...c, ticket } : c)) }
  })
  return changed ? next : null
}

/** Fresh loader data, keeping the extra pages a column had loaded (without duplicates). */
function merge(previous: Column[], fresh: Column[]): Column[] {
  const seen = new Set(fresh.flatMap((column) => column.cards.map((card) => card.id)))
  return fresh.map((column) => {
    const old = previous.find((c) => c.id === column.id)
    if (!old || old.cards.length <= column.cards.length) return column
    const extra = old.cards.slice(column.cards.length).filter((card) => !seen.has(card.id))
    extra.forEach((card) => seen.add(card.id))
    return extra.length
      ? { ...column, cards: [...column.cards, ...extra], nextCursor: old.nextCursor }
      : column
  })
}

function locate(columns: Column[], id: UniqueIdentifier | null | undefined) {
  if (id === null || id === undefined) return null
  const key = String(id)
  if (key.startsWith(STAGE_PREFIX)) {
    const column = columns.find((c) => c.id === key.slice(STAGE_PREFIX.length))
    return column ? { column, index: -1 } : null
  }
  for (const column of columns) {
    const index = column.cards.findIndex((card) => card.id === key)
    if (index >= 0) return { column, index }
  }
  return null
}

/** The board: columns of cards, dragged with the mouse, touch or keyboard, updated live. */
export function KanbanBoard({
  columns: loaded,
  canManage,
  palette,
}: {
  columns: Column[]
  canManage: boolean
  palette: readonly string[]
}) {
  const { t } = useTranslation()
  const root = useRouteLoaderData<RootLoader>('root')
  const layout = useRouteLoaderData<typeof appLoader>('routes/_app+/_layout')
  const locale = root?.locale ?? 'pt-BR'
  const timeZone = root?.user?.timeZone ?? 'America/Sao_Paulo'
  const revalidator = useRevalidator()
  const navigation = useNavigation()
  const fetchersBusy = useFetchers().some((fetcher) => fetcher.state !== 'idle')
  const busy = useRef(false)
  useEffect(() => {
    busy.current = navigation.state !== 'idle' || revalidator.state !== 'idle' || fetchersBusy
  }, [navigation.state, revalidator.state, fetchersBusy])
  const reload = useRevalidate()
  const [searchParams] = useSearchParams()
  const [columns, setColumns] = useState(loaded)
  const [seen, setSeen] = useState(loaded)
  if (loaded !== seen) {
    setSeen(loaded)
    setColumns((previous) => merge(previous, loaded))
  }
  // The columns as last rendered, for event handlers; `commit` sets both at once.
  const columnsRef = useRef(columns)
  useLayoutEffect(() => {
    columnsRef.current = columns
  }, [columns])
  const commit = useCallback((next: Column[]) => {
    columnsRef.current = next
    setColumns(next)
  }, [])
  const [activeId, setActiveId] = useState<string | null>(null)
  const dragging = useRef(false)
  const snapshot = useRef<Column[] | null>(null)
  const [loadingMore, setLoadingMore] = useState<Record<string, boolean>>({})

  // Card details (last message, agent, tags, new contacts) refresh at most about once a second,
  // and never in the middle of a drag.
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const refresh = useCallback(() => {
    if (refreshTimer.current) return
    const attempt = () => {
      if (dragging.current || busy.current) {
        refreshTimer.current = setTimeout(attempt, 400)
        return
      }
      refreshTimer.current = null
      reload()
    }
    refreshTimer.current = setTimeout(attempt, 600)
  }, [reload])
  useEffect(
    () => () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current)
    },
    [],
  )
  useLiveEvents(['kanban.stages', 'contact.updated', 'tag.updated', 'tag.deleted'], refresh)
  // Ticket and message events carry the ticket's row: its contact's card takes it in place. The
  // board's filters pick tickets on the server, so a filtered board still asks it.
  useLiveEvents(['ticket.updated', 'ticket.created', 'message.created'], (event) => {
    const change = ticketChangeOf(event.type, event.payload)
    const filtered = [...searchParams.keys()].length > 0
    if (!change?.ticket || filtered) return refresh()
    // A ticket leaving the viewer's sight (moved to another queue): the card's next one is the server's to pick.
    const viewer = layout?.viewer
    if (!change.ticket.contactId || !viewer || !viewerSees(viewer, change.ticket)) return refresh()
    const next = applyTicket(columnsRef.current, change.ticket)
    if (!next) return
    if (dragging.current) refresh()
    else commit(next)
  })
  useLiveEvents(['kanban.moved'], (event) => {
    const moved: Moved = event.payload
    const next = applyMove(columnsRef.current, moved)
    if (next && !dragging.current) commit(next)
    else refresh()
  })

  const sensors = useSensors(
    // Mouse: drag after a few pixels (a click still opens the card). Touch: press and hold, so a
    // swipe keeps scrolling the board.
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )

  const stages = useMemo(
    () => columns.map(({ id, name, color, count }) => ({ id, name, color, count })),
    [columns],
  )

  const send = useCallback(
    async (input: { contactId: string; stageId: string; beforeId?: string; afterId?: string }) => {
      const body = new FormData()
      for (const [key, value] of Object.entries(input)) if (value) body.set(key, value)
      try {
        const response = await fetch('/resources/kanban/move', { method: 'POST', body })
        const result = (await response.json()) as ({ ok: true } & Moved) | { ok: false }
        if (!result.ok) throw new Error('move refused')
        const next = applyMove(columnsRef.current, result)
        if (next && !dragging.current) commit(next)
      } catch {
        toast.error(t('kanban.moveFailed'))
        reload()
      }
    },
    [commit, reload, t],
  )

  /** "Mover para…": to the top of another column. */
  const moveTo = useCallback(
    (card: KanbanCard, stageId: string) => {
      const target = columnsRef.current.find((c) => c.id === stageId)
      if (!target) return
      commit(
        columnsRef.current.map((column) => {
          const had = column.cards.some((c) => c.id === card.id)
          if (column.id === stageId)
            return { ...column, cards: [card, ...column.cards], count: column.count + 1 }
          return had
            ? {
                ...column,
                cards: column.cards.filter((c) => c.id !== card.id),
                count: column.count - 1,
              }
            : column
        }),
      )
      toast.success(t('kanban.moved', { name: card.name, stage: target.name }))
      void send({ contactId: card.id, stageId, afterId: target.cards[0]?.id })
    },
    [commit, send, t],
  )

  const loadMore = useCallback(
    async (column: Column) => {
      if (!column.nextCursor || loadingMore[column.id]) return
      setLoadingMore((state) => ({ ...state, [column.id]: true }))
      const params = new URLSearchParams({ stage: column.id, cursor: column.nextCursor })
      for (const name of ['queue', 'user', 'tag']) {
        const value = searchParams.get(name)
        if (value) params.set(name, value)
      }
      try {
        const response = await fetch(`/resources/kanban/column?${params}`)
        if (!response.ok) throw new Error('page failed')
        const page = (await response.json()) as { cards: KanbanCard[]; nextCursor: string | null }
        setColumns((current) => {
          const known = new Set(current.flatMap((c) => c.cards.map((card) => card.id)))
          return current.map((c) =>
            c.id === column.id && c.nextCursor === column.nextCursor
              ? {
                  ...c,
                  cards: [...c.cards, ...page.cards.filter((card) => !known.has(card.id))],
                  nextCursor: page.nextCursor,
                }
              : c,
          )
        })
      } catch {
        toast.error(t('errors.generic'))
      } finally {
        setLoadingMore((state) => ({ ...state, [column.id]: false }))
      }
    },
    [loadingMore, searchParams, t],
  )

  function onDragStart({ active }: DragStartEvent) {
    dragging.current = true
    snapshot.current = columnsRef.current
    setActiveId(String(active.id))
  }

  function onDragOver({ active, over }: DragOverEvent) {
    const from = locate(columnsRef.current, active.id)
    const to = locate(columnsRef.current, over?.id)
    if (!from || !to || from.column.id === to.column.id) return
    const card = from.column.cards[from.index]!
    const translated = active.rect.current.translated
    const below = over && translated ? translated.top > over.rect.top + over.rect.height / 2 : false
    const index = to.index < 0 ? to.column.cards.length : to.index + (below ? 1 : 0)
    commit(
      columnsRef.current.map((column) => {
        if (column.id === from.column.id)
          return { ...column, cards: column.cards.filter((c) => c.id !== card.id) }
        if (column.id === to.column.id)
          return {
            ...column,
            cards: [...column.cards.slice(0, index), card, ...column.cards.slice(index)],
          }
        return column
      }),
    )
  }

  function finish() {
    dragging.current = false
    snapshot.current = null
    setActiveId(null)
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    const before = snapshot.current
    const here = locate(columnsRef.current, active.id)
    const target = locate(columnsRef.current, over?.id)
    if (!before || !here || !target) {
      if (before) commit(before)
      return finish()
    }
    let cards = here.column.cards
    if (target.column.id === here.column.id && target.index >= 0 && target.index !== here.index)
      cards = arrayMove(cards, here.index, target.index)
    const index = cards.findIndex((card) => card.id === String(active.id))
    const origin = locate(before, active.id)!
    const stageId = here.column.id
    const beforeId = cards[index - 1]?.id
    const afterId = cards[index + 1]?.id
    const unchanged =
      origin.column.id === stageId &&
      origin.column.cards[origin.index - 1]?.id === beforeId &&
      origin.column.cards[origin.index + 1]?.id === afterId
    commit(
      columnsRef.current.map((column) => {
        let next = column.id === stageId ? { ...column, cards } : column
        if (!unchanged && origin.column.id !== stageId) {
          if (column.id === origin.column.id) next = { ...next, count: next.count - 1 }
          if (column.id === stageId) next = { ...next, count: next.count + 1 }
        }
        return next
      }),
    )
    finish()
    if (!unchanged) void send({ contactId: String(active.id), stageId, beforeId, afterId })
  }

  function onDragCancel() {
    if (snapshot.current) commit(snapshot.current)
    finish()
  }

  const nameOf = (id: UniqueIdentifier) => {
    const found = locate(columnsRef.current, id)
    return found && found.index >= 0 ? found.column.cards[found.index]!.name : ''
  }
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      t('kanban.a11y.pickUp', {
        name: nameOf(active.id),
        stage: locate(columnsRef.current, active.id)?.column.name ?? '',
      }),
    onDragOver: ({ active, over }) => {
      const at = locate(columnsRef.current, over?.id)
      if (!at) return t('kanban.a11y.overNothing', { name: nameOf(active.id) })
      return t('kanban.a11y.over', {
        name: nameOf(active.id),
        stage: at.column.name,
        position: at.index < 0 ? at.column.cards.length : at.index + 1,
        total: at.column.cards.length,
      })
    },
    onDragEnd: ({ active }) => {
      const at = locate(columnsRef.current, active.id)
      return t('kanban.a11y.drop', {
        name: nameOf(active.id),
        stage: at?.column.name ?? '',
        position: (at?.index ?? 0) + 1,
        total: at?.column.cards.length ?? 0,
      })
    },
    onDragCancel: ({ active }) =>
      t('kanban.a11y.cancel', {
        name: nameOf(active.id),
        stage: locate(snapshot.current ?? columnsRef.current, active.id)?.column.name ?? '',
      }),
  }

  const active = activeId ? locate(columns, activeId) : null
  const activeCard = active && active.index >= 0 ? active.column.cards[active.index] : null

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCorners}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
      accessibility={{
        announcements,
        screenReaderInstructions: { draggable: t('kanban.a11y.instructions') },
      }}
    >
      <div
        className="bg-muted/30 flex min-h-0 flex-1 snap-x snap-proximity gap-3 overflow-x-auto p-3 sm:snap-none sm:p-4"
        data-testid="kanban-board"
      >
        {columns.map((column) => (
          <ColumnView
            key={column.id}
            column={column}
            stages={stages}
            canManage={canManage}
            palette={palette}
            activeId={activeId}
            loading={Boolean(loadingMore[column.id])}
            onLoadMore={loadMore}
            onMoveTo={moveTo}
            locale={locale}
            timeZone={timeZone}
          />
        ))}
      </div>
      <DragOverlay>
        {activeCard && active ? (
          <CardView
            card={activeCard}
            stageId={active.column.id}
            stages={stages}
            locale={locale}
            timeZone={timeZone}
            overlay
          />
        ) : null}
      </DragOverlay>
    </DndContext>
  )
}

function ColumnView({
  column,
  stages,
  canManage,
  palette,
  activeId,
  loading,
  onLoadMore,
  onMoveTo,
  locale,
  timeZone,
}: {
  column: Column
  stages: Array<{ id: string; name: string; color: string; count: number }>
  canManage: boolean
  palette: readonly string[]
  activeId: string | null
  loading: boolean
  onLoadMore: (column: Column) => void
  onMoveTo: (card: KanbanCard, stageId: string) => void
  locale: string
  timeZone: string
}) {
  const { t } = useTranslation()
  const { setNodeRef, isOver } = useDroppable({ id: `${STAGE_PREFIX}${column.id}` })
  const scrollRef = useRef<HTMLDivElement | null>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh every render
  const virtualizer = useVirtualizer({
    count: column.cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT,
    getItemKey: (index) => column.cards[index]?.id ?? index,
    overscan: 6,
    gap: CARD_GAP,
    paddingStart: 4,
    paddingEnd: 8,
    initialRect: { width: 288, height: 900 },
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? -1
  useEffect(() => {
    if (column.nextCursor && !loading && lastIndex >= column.cards.length - 8) onLoadMore(column)
  }, [lastIndex, column, loading, onLoadMore])
  const headingId = `stage-${column.id}`
  const overHere = isOver || (activeId !== null && column.cards.some((c) => c.id === activeId))
  return (
    <section
      aria-labelledby={headingId}
      data-testid={`kanban-column-${column.name}`}
      className={cn(
        'bg-muted/60 flex max-h-full w-[85vw] max-w-72 shrink-0 snap-center flex-col rounded-xl border sm:w-72',
        overHere && activeId && 'ring-primary/40 ring-2',
      )}
    >
      <header className="flex items-center gap-2 px-3 pt-3 pb-2">
        <span
          className="size-2.5 shrink-0 rounded-full"
          style={{ backgroundColor: column.color }}
          aria-hidden
        />
        <h2 id={headingId} className="min-w-0 flex-1 truncate text-sm font-semibold">
          {column.name}
        </h2>
        <span
          className="bg-background text-muted-foreground rounded-full border px-2 py-0.5 text-xs font-medium tabular-nums"
          data-testid="column-count"
          aria-label={t('kanban.count', { count: column.count })}
        >
          {formatNumber(column.count, locale)}
        </span>
        {canManage ? <StageMenu stage={column} stages={stages} palette={palette} /> : null}
      </header>
      <div
        className="mx-3 mb-1 h-0.5 rounded-full opacity-70"
        style={{ backgroundColor: column.color }}
        aria-hidden
      />
      <div
        ref={(element) => {
          scrollRef.current = element
          setNodeRef(element)
        }}
        className="min-h-28 flex-1 overflow-y-auto px-2 pb-1"
        data-testid="column-scroll"
      >
        <SortableContext
          items={column.cards.map((card) => card.id)}
          strategy={verticalListSortingStrategy}
        >
          <ul
            className="relative"
            style={{ height: virtualizer.getTotalSize() }}
            aria-label={column.name}
          >
            {items.map((item) => {
              const card = column.cards[item.index]
              if (!card) return null
              return (
                <li
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="absolute inset-x-0 top-0"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <SortableCard
                    card={card}
                    stageId={column.id}
                    stages={stages}
                    locale={locale}
                    timeZone={timeZone}
                    onMoveTo={onMoveTo}
                  />
                </li>
              )
            })}
          </ul>
        </SortableContext>
        {column.cards.length === 0 ? (
          <p className="text-muted-foreground rounded-lg border border-dashed px-3 py-6 text-center text-xs">
            {activeId ? t('kanban.dropHere') : t('kanban.emptyColumn')}
          </p>
        ) : null}
        {loading ? (
          <p className="text-muted-foreground flex items-center justify-center gap-2 py-2 text-xs">
            <Loader2 className="size-3.5 animate-spin" aria-hidden />
            {t('common.loading')}
          </p>
        ) : null}
      </div>
    </section>
  )
}

function SortableCard({
  card,
  stageId,
  stages,
  locale,
  timeZone,
  onMoveTo,
}: {
  card: KanbanCard
  stageId: string
  stages: Array<{ id: string; name: string; color: string }>
  locale: string
  timeZone: string
  onMoveTo: (card: KanbanCard, stageId: string) => void
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: card.id,
  })
  return (
    <CardView
      ref={setNodeRef}
      card={card}
      stageId={stageId}
      stages={stages}
      locale={locale}
      timeZone={timeZone}
      onMoveTo={onMoveTo}
      dragging={isDragging}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      {...attributes}
      {...listeners}
    />
  )
}
