import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useFetcher, useLoaderData, useLocation, useRouteLoaderData } from '@remix-run/react'
import { ArrowLeft, Info, X } from 'lucide-react'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { LoadMore } from '#app/components/load-more.tsx'
import {
  liveShouldRevalidate,
  ownWriteEcho,
  useLiveEvents,
  useRevalidate,
} from '#app/components/live-events.tsx'
import { Composer } from '#app/components/tickets/composer.tsx'
import { type ConversationMessage, MessageBubble } from '#app/components/tickets/message-bubble.tsx'
import { TicketSidePanel } from '#app/components/tickets/side-panel.tsx'
import { TicketActions } from '#app/components/tickets/ticket-actions.tsx'
import { useTicketCommand } from '#app/components/tickets/use-ticket-command.ts'
import { Button } from '#app/components/ui/button.tsx'
import { ticketPermissions } from '#app/domain/tickets/access.server.ts'
import { transferOptions } from '#app/domain/tickets/actions.server.ts'
import { getConversation } from '#app/domain/tickets/conversation.server.ts'
import { listStages } from '#app/domain/kanban/stages.server.ts'
import { getOwnProfile } from '#app/domain/users/users.server.ts'
import { type RootLoader } from '#app/root.tsx'
import { orHttpError } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { cn } from '#app/utils/misc.ts'
import { formatPhone } from '#app/utils/phone.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const conversation = await orHttpError(() => getConversation(db, actor, params.ticketId ?? ''))
  const { ticket } = conversation
  return {
    ...conversation,
    options: transferOptions(db, actor),
    ...ticketPermissions(actor, ticket),
    hasFarewell: Boolean(getOwnProfile(db, actor).farewellMessage?.trim()),
    kanbanStages: listStages(db, actor).map(({ id, name, color }) => ({ id, name, color })),
  }
}

/**
 * Messages patch in from live events; a change of the ticket itself (accepted, transferred, closed,
 * tags) reloads this route alone. A live reload another route asked for skips it.
 */
export const shouldRevalidate = liveShouldRevalidate('routes/_app+/tickets.$ticketId')

/** A message into a conversation: replaces the one with its id, or takes its place in time. */
function withMessage(messages: ConversationMessage[], message: ConversationMessage) {
  const index = messages.findIndex((m) => m.id === message.id)
  if (index !== -1) return messages.map((m, i) => (i === index ? { ...m, ...message } : m))
  const at = messages.findIndex((m) => m.timestamp > message.timestamp)
  return at === -1
    ? [...messages, message]
    : [...messages.slice(0, at), message, ...messages.slice(at)]
}

/** "Hoje", "Ontem" or the date, in the company's time zone. */
function dayLabel(ms: number, locale: string, timeZone: string, t: (key: string) => string) {
  const dayOf = (value: number) => new Date(value).toLocaleDateString('en-CA', { timeZone })
  const day = dayOf(ms)
  if (day === dayOf(Date.now())) return t('panel.today')
  if (day === dayOf(Date.now() - 86_400_000)) return t('panel.yesterday')
  return new Date(ms).toLocaleDateString(locale, {
    day: '2-digit',
    month: 'long',
    year: 'numeric',
    timeZone,
  })
}

export default function ConversationPage() {
  const data = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<RootLoader>('root')
  const locale = root?.locale ?? 'pt-BR'
  const timeZone = root?.user?.timeZone ?? 'America/Sao_Paulo'
  const { t } = useTranslation()
  const location = useLocation()
  const revalidate = useRevalidate()
  const read = useTicketCommand(`read-${data.ticket.id}`)
  const retry = useTicketCommand(`retry-${data.ticket.id}`)
  const older = useFetcher<{ messages: ConversationMessage[]; nextCursor: string | null }>()
  const [earlierState, setEarlier] = useState<{
    ticketId: string
    messages: ConversationMessage[]
  }>({ ticketId: '', messages: [] })
  const [replyTo, setReplyTo] = useState<ConversationMessage | null>(null)
  const [pending, setPending] = useState<{
    text: string
    isPrivate: boolean
    fileName?: string
  } | null>(null)
  const [showDetails, setShowDetails] = useState(false)
  const scroller = useRef<HTMLDivElement>(null)
  const keepFromBottom = useRef<number | null>(null)
  const ticketId = data.ticket.id

  // Older pages belong to this ticket only; each page that arrives is put on top, keeping the
  // reader's place (scroll offset from the bottom).
  const earlier = earlierState.ticketId === ticketId ? earlierState.messages : []
  const [seenPage, setSeenPage] = useState(older.data)
  if (older.data !== seenPage) {
    setSeenPage(older.data)
    if (older.data) setEarlier({ ticketId, messages: [...older.data.messages, ...earlier] })
  }

  // The loader's messages and the ones live events brought since (or changed: acks, edits).
  type Live = { seed: typeof data; messages: ConversationMessage[]; unread: number }
  const fresh = (): Live => ({
    seed: data,
    messages: data.messages,
    unread: data.ticket.unreadCount,
  })
  const [liveState, setLive] = useState<Live>(fresh)
  const live = liveState.seed === data ? liveState : fresh()
  useLiveEvents(['message.created', 'message.updated', 'ticket.updated'], (event) => {
    if (event.payload.ticketId !== ticketId) return
    if (event.type === 'ticket.updated') {
      // The echo of this tab's own command (accept, transfer, tags…): its answer reloads (or
      // reloaded) this page already. Anything else about the ticket: this route reloads alone.
      const echo = ownWriteEcho()
      const row = 'ticket' in event.payload ? event.payload.ticket : null
      const shown =
        row &&
        row.status === data.ticket.status &&
        row.userId === data.ticket.userId &&
        row.queueId === data.ticket.queueId
      if (echo === 'under-way' || (echo === 'recent' && shown)) return
      revalidate()
      return
    }
    const { message, ticket } = event.payload
    // An event without the message's row (written before rows were carried): the loader tells.
    if (!message || typeof message.id !== 'string') {
      revalidate()
      return
    }
    if (event.type === 'message.updated' && earlier.some((m) => m.id === message.id))
      setEarlier({ ticketId, messages: withMessage(earlier, message) })
    setLive((state) => {
      const base = state.seed === data ? state : fresh()
      const inLoaded =
        event.type === 'message.created' || base.messages.some((m) => m.id === message.id)
      return {
        seed: data,
        messages: inLoaded ? withMessage(base.messages, message) : base.messages,
        unread: typeof ticket?.unreadCount === 'number' ? ticket.unreadCount : base.unread,
      }
    })
  })

  // Opening a conversation that is mine marks it read (and blue ticks on WhatsApp).
  const unread = live.unread
  useEffect(() => {
    if (data.canReply && unread > 0) read.run(ticketId, 'read')
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ticketId, unread, data.canReply])

  const messages = [...earlier, ...live.messages]
  const lastId = messages.at(-1)?.id
  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    if (keepFromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - keepFromBottom.current
      keepFromBottom.current = null
    } else {
      el.scrollTop = el.scrollHeight
    }
  }, [lastId, earlier.length, pending])

  const cursor = older.data ? older.data.nextCursor : data.nextCursor
  const back = `/tickets${location.search}`
  let lastDay = ''
  return (
    <div className="flex h-full">
      <section className="bg-muted/30 flex min-w-0 flex-1 flex-col" aria-label={data.contact.name}>
        <header className="bg-card flex flex-wrap items-center gap-2 border-b px-3 py-2">
          <Button asChild variant="ghost" size="icon" className="md:hidden">
            <Link to={back} aria-label={t('panel.actions.back')}>
              <ArrowLeft />
            </Link>
          </Button>
          <div className="min-w-40 flex-1">
            <h2 className="truncate font-semibold">{data.contact.name}</h2>
            <p className="text-muted-foreground truncate text-xs">
              {formatPhone(data.contact.number)} · {data.connection.name}
              {data.assignee ? ` · ${data.assignee.name}` : ''}
            </p>
          </div>
          <TicketActions
            ticket={data.ticket}
            canWork={data.canWork}
            options={data.options}
            hasFarewell={data.hasFarewell}
          />
          <Button
            variant="ghost"
            size="icon"
            onClick={() => setShowDetails((v) => !v)}
            aria-label={t('panel.actions.details')}
            aria-pressed={showDetails}
          >
            <Info />
          </Button>
        </header>
        <div
          ref={scroller}
          className="flex-1 space-y-2 overflow-y-auto px-3 py-4 sm:px-6"
          data-testid="conversation"
        >
          {cursor ? (
            <div className="text-center">
              <LoadMore
                cursor={cursor}
                busy={older.state !== 'idle'}
                label={t('panel.olderMessages')}
                onLoad={() => {
                  const el = scroller.current
                  keepFromBottom.current = el ? el.scrollHeight - el.scrollTop : null
                  older.load(
                    `/resources/tickets/${ticketId}/messages?before=${encodeURIComponent(cursor)}`,
                  )
                }}
              />
            </div>
          ) : null}
          {messages.map((message) => {
            const day = dayLabel(message.timestamp, locale, timeZone, t)
            const separator = day !== lastDay
            lastDay = day
            return (
              <div key={message.id}>
                {separator ? (
                  <p className="my-3 text-center">
                    <span
                      className="bg-card text-muted-foreground rounded-md px-2 py-0.5 text-xs shadow-xs"
                      suppressHydrationWarning
                    >
                      {day}
                    </span>
                  </p>
                ) : null}
                <MessageBubble
                  message={message}
                  locale={locale}
                  timeZone={timeZone}
                  onReply={data.canReply ? setReplyTo : undefined}
                  onRetry={
                    data.canReply
                      ? (m) => retry.run(ticketId, 'retry', { messageId: m.id })
                      : undefined
                  }
                />
              </div>
            )
          })}
          {pending ? (
            <div className="flex justify-end opacity-70" data-testid="pending-message">
              <div
                className={cn(
                  'max-w-[65%] rounded-lg px-3 py-1.5 text-sm',
                  pending.isPrivate
                    ? 'bg-amber-50 dark:bg-amber-950/60'
                    : 'bg-[#d9fdd3] dark:bg-[#005c4b]',
                )}
              >
                {pending.fileName ? <p className="text-xs">📎 {pending.fileName}</p> : null}
                <p className="whitespace-pre-wrap">{pending.text}</p>
              </div>
            </div>
          ) : null}
        </div>
        {data.canReply ? (
          <Composer
            key={ticketId}
            ticketId={ticketId}
            replyTo={replyTo}
            onCancelReply={() => setReplyTo(null)}
            onPending={setPending}
          />
        ) : (
          <p
            className="bg-card text-muted-foreground border-t px-4 py-3 text-center text-sm"
            data-testid="conversation-banner"
          >
            {data.ticket.imported
              ? t('panel.importedBanner')
              : data.ticket.status === 'pending'
                ? t('panel.peekBanner')
                : data.ticket.status === 'closed'
                  ? t('panel.closedBanner')
                  : t('panel.notYoursBanner', { name: data.assignee?.name ?? '' })}
          </p>
        )}
      </section>
      {showDetails ? (
        <aside
          className="bg-card fixed inset-y-0 right-0 z-40 w-80 overflow-y-auto border-l shadow-xl 2xl:static 2xl:shadow-none"
          aria-label={t('panel.actions.details')}
        >
          <div className="flex justify-end p-2 2xl:hidden">
            <Button
              variant="ghost"
              size="icon"
              onClick={() => setShowDetails(false)}
              aria-label={t('common.close')}
            >
              <X />
            </Button>
          </div>
          <TicketSidePanel
            ticketId={ticketId}
            contact={data.contact}
            connectionName={data.connection.name}
            queueName={data.queue?.name ?? null}
            assigneeName={data.assignee?.name ?? null}
            observations={data.ticket.observations}
            ticketTags={data.ticketTags}
            contactTags={data.contactTags}
            timeline={data.timeline}
            rating={data.rating}
            locale={locale}
            timeZone={timeZone}
            kanban={{
              contactId: data.contact.id,
              stageId: data.contact.kanbanStageId,
              stages: data.kanbanStages,
            }}
          />
        </aside>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
