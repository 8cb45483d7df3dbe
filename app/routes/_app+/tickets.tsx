import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
  Form,
  Link,
  Outlet,
  useFetcher,
  useLoaderData,
  useLocation,
  useParams,
  useSearchParams,
  useSubmit,
} from '@remix-run/react'
import { MessageSquare, Search } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { LoadMore } from '#app/components/load-more.tsx'
import {
  liveShouldRevalidate,
  useLiveEvents,
  useRevalidate,
} from '#app/components/live-events.tsx'
import { useLiveTicketCounts } from '#app/components/notifications.tsx'
import {
  inTicketList,
  patchTicketList,
  ticketChangeOf,
} from '#app/components/tickets/live-tickets.ts'
import { TicketRow, type TicketRowData } from '#app/components/tickets/ticket-row.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Input, NativeSelect } from '#app/components/ui/input.tsx'
import {
  countTickets,
  listTickets,
  ticketFilterOptions,
} from '#app/domain/tickets/tickets.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { ticketViewer } from '#app/domain/tickets/viewer.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { cn } from '#app/utils/misc.ts'
import { TICKET_STATUSES, type TicketStatus } from '#db/schema/tickets.ts'

const TABS: TicketStatus[] = ['open', 'pending', 'closed']
const FILTERS = ['queue', 'connection', 'user', 'tag'] as const

/** The ticket list: tab, search and filters come from the URL (shareable, back button works). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const params = new URL(request.url).searchParams
  const status = TICKET_STATUSES.find((s) => s === params.get('tab')) ?? 'pending'
  const list = listTickets(db, actor, {
    status,
    search: params.get('q'),
    queueId: params.get('queue'),
    connectionId: params.get('connection'),
    userId: params.get('user'),
    tagId: params.get('tag'),
    cursor: params.get('cursor'),
  })
  return {
    status,
    ...list,
    counts: countTickets(db, actor),
    options: ticketFilterOptions(db, actor),
    me: actor.userId,
    viewer: ticketViewer(db, actor),
  }
}

/** The list patches itself from live events: a live reload another route asked for skips it. */
export const shouldRevalidate = liveShouldRevalidate('routes/_app+/tickets')

export default function TicketsLayout() {
  const data = useLoaderData<typeof loader>()
  const { ticketId } = useParams()
  const [searchParams] = useSearchParams()
  const location = useLocation()
  const submit = useSubmit()
  const { t } = useTranslation()
  const more = useFetcher<typeof loader>()
  // Pages loaded by "Carregar mais" belong to one list (tab + search + filters).
  const listKey = `${data.status}|${searchParams.get('q')}|${FILTERS.map((f) => searchParams.get(f)).join('|')}`
  const filter = {
    status: data.status,
    search: searchParams.get('q'),
    queueId: searchParams.get('queue'),
    connectionId: searchParams.get('connection'),
    userId: searchParams.get('user'),
    tagId: searchParams.get('tag'),
  }
  // The rows shown: the loader's page, the pages loaded since, and what live events changed in
  // them (live-tickets.ts). A new answer of the loader (navigation) starts over from it.
  type Shown = { seed: typeof data; rows: TicketRowData[]; nextCursor: string | null }
  const fresh = (): Shown => ({ seed: data, rows: data.tickets, nextCursor: data.nextCursor })
  const [shown, setShown] = useState<Shown>(fresh)
  const current = shown.seed === data ? shown : fresh()
  const update = (next: (list: Shown) => Shown) =>
    setShown((list) => next(list.seed === data ? list : fresh()))
  const [moreFor, setMoreFor] = useState(listKey)
  const [seenPage, setSeenPage] = useState(more.data)
  if (more.data !== seenPage) {
    setSeenPage(more.data)
    const page = more.data
    if (page && moreFor === listKey)
      update((list) => {
        const ids = new Set(list.rows.map((row) => row.id))
        return {
          ...list,
          rows: [...list.rows, ...page.tickets.filter((row) => !ids.has(row.id))],
          nextCursor: page.nextCursor,
        }
      })
  }
  const revalidate = useRevalidate()
  useLiveEvents(['ticket.created', 'ticket.updated', 'message.created'], (event) => {
    const change = ticketChangeOf(event.type, event.payload)
    // An event without the ticket's row: only this list's loader can tell.
    if (!change) return revalidate()
    update((list) => {
      const rows = patchTicketList(
        list.rows,
        change,
        (ticket) => inTicketList(data.viewer, filter, ticket),
        list.nextCursor === null,
      )
      return rows === list.rows ? list : { ...list, rows }
    })
  })
  const nextCursor = current.nextCursor
  const counts = useLiveTicketCounts() ?? data.counts
  const query = (patch: Record<string, string | null>) => {
    const params = new URLSearchParams(searchParams)
    for (const [key, value] of Object.entries(patch)) {
      if (value) params.set(key, value)
      else params.delete(key)
    }
    params.delete('cursor')
    return `?${params}`
  }
  const rows = current.rows
  return (
    <div className="flex h-[calc(100dvh-3.5rem)] md:h-dvh">
      <section
        className={cn(
          'bg-card flex w-full flex-col border-r md:w-96 md:shrink-0',
          ticketId && 'hidden md:flex',
        )}
        aria-label={t('tickets.title')}
      >
        <div className="flex flex-col gap-2 border-b p-3">
          <h1 className="text-lg font-semibold">{t('tickets.title')}</h1>
          <nav className="bg-muted flex gap-1 rounded-lg p-1" aria-label={t('tickets.title')}>
            {TABS.map((tab) => (
              <Link
                key={tab}
                to={`/tickets${query({ tab })}`}
                className={cn(
                  'text-muted-foreground flex flex-1 items-center justify-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium',
                  tab === data.status && 'bg-card text-foreground shadow-xs',
                )}
                aria-current={tab === data.status ? 'page' : undefined}
              >
                {t(`panel.tabs.${tab}`)}
                {tab !== 'closed' && counts[tab] ? (
                  <Badge data-testid={`count-${tab}`}>{counts[tab]}</Badge>
                ) : null}
              </Link>
            ))}
          </nav>
          <Form
            method="GET"
            action={location.pathname}
            role="search"
            className="flex flex-col gap-2"
            onChange={(e) => submit(e.currentTarget, { replace: true })}
          >
            <input type="hidden" name="tab" value={data.status} />
            <div className="relative">
              <Search className="text-muted-foreground pointer-events-none absolute top-2.5 left-2.5 size-4" />
              <Input
                type="search"
                name="q"
                defaultValue={searchParams.get('q') ?? ''}
                placeholder={t('panel.searchPlaceholder')}
                aria-label={t('common.search')}
                className="pl-8"
              />
            </div>
            <div className="grid grid-cols-2 gap-2">
              {FILTERS.map((filter) => {
                const options =
                  data.options[
                    `${filter === 'queue' ? 'queues' : filter === 'connection' ? 'connections' : filter === 'user' ? 'users' : 'tags'}`
                  ]
                if (options.length === 0) return null
                return (
                  <NativeSelect
                    key={filter}
                    name={filter}
                    defaultValue={searchParams.get(filter) ?? ''}
                    aria-label={t(`panel.all${filter[0]!.toUpperCase()}${filter.slice(1)}s`)}
                    className="h-8 text-xs"
                  >
                    <option value="">
                      {t(`panel.all${filter[0]!.toUpperCase()}${filter.slice(1)}s`)}
                    </option>
                    {options.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </NativeSelect>
                )
              })}
            </div>
          </Form>
        </div>
        <div className="flex-1 overflow-y-auto" data-testid="ticket-list">
          {rows.length === 0 ? (
            <p className="text-muted-foreground flex flex-col items-center gap-2 p-10 text-center text-sm">
              <MessageSquare className="size-6" />
              {searchParams.get('q') ? t('panel.empty.search') : t(`panel.empty.${data.status}`)}
            </p>
          ) : (
            <ul className="divide-y">
              {rows.map((ticket) => (
                <li key={ticket.id}>
                  <TicketRow
                    ticket={ticket}
                    active={ticket.id === ticketId}
                    to={`/tickets/${ticket.id}${query({})}`}
                  />
                </li>
              ))}
            </ul>
          )}
          {nextCursor ? (
            <div className="p-3">
              <LoadMore
                cursor={nextCursor}
                busy={more.state !== 'idle'}
                label={t('panel.loadMore')}
                onLoad={() => {
                  setMoreFor(listKey)
                  more.load(`/tickets${query({ cursor: nextCursor })}`)
                }}
              />
            </div>
          ) : null}
        </div>
      </section>
      <OutletArea />
    </div>
  )
}

function OutletArea() {
  const { ticketId } = useParams()
  return (
    <div className={cn('min-w-0 flex-1', !ticketId && 'hidden md:flex')}>
      <Outlet />
    </div>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'tickets.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
