import { useFetcher } from '@remix-run/react'
import { Paperclip, Zap } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { cn } from '#app/utils/misc.ts'

export type QuickReplyChoice = { text: string; file?: File }

type Match = {
  id: string
  shortcut: string
  text: string
  mediaName: string | null
  mediaType: string | null
  hasMedia: boolean
}

/**
 * The "/" menu: quick replies matching what follows the slash, variables already filled for this
 * ticket. Choosing one inserts its text and attaches its file.
 */
export function QuickReplyMenu({
  ticketId,
  query,
  onChoose,
}: {
  ticketId: string
  query: string | null
  onChoose: (choice: QuickReplyChoice) => void
}) {
  const { t } = useTranslation()
  const fetcher = useFetcher<{ replies: Match[] }>()
  const [active, setActive] = useState(0)
  const [lastQuery, setLastQuery] = useState(query)
  if (query !== lastQuery) {
    setLastQuery(query)
    setActive(0)
  }
  const open = query !== null && !query.includes(' ')
  useEffect(() => {
    if (!open) return
    fetcher.load(
      `/resources/quick-replies/search?ticketId=${encodeURIComponent(ticketId)}&q=${encodeURIComponent(query ?? '')}`,
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, query, ticketId])
  const replies = open ? (fetcher.data?.replies ?? []) : []

  const choose = async (reply: Match) => {
    let file: File | undefined
    if (reply.hasMedia) {
      const response = await fetch(`/resources/quick-replies/${reply.id}/media`)
      if (response.ok)
        file = new File([await response.blob()], reply.mediaName ?? 'arquivo', {
          type: reply.mediaType ?? undefined,
        })
    }
    onChoose({ text: reply.text, file })
  }

  useEffect(() => {
    if (!open || replies.length === 0) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, replies.length - 1))
      else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0))
      else if (event.key === 'Enter' || event.key === 'Tab') {
        const reply = replies[active]
        if (reply) void choose(reply)
      } else return
      // The composer must not see this key (Enter would send the text just inserted).
      event.preventDefault()
      event.stopPropagation()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  })

  if (!open) return null
  return (
    <div
      className="bg-popover absolute right-2 bottom-full left-2 z-30 mb-1 max-h-64 overflow-y-auto rounded-md border shadow-lg"
      role="listbox"
      aria-label={t('panel.composer.quickReplies')}
    >
      {replies.length === 0 ? (
        <p className="text-muted-foreground p-3 text-sm">
          {fetcher.state === 'idle' ? t('panel.composer.noQuickReplies') : t('common.loading')}
        </p>
      ) : (
        replies.map((reply, index) => (
          <button
            type="button"
            key={reply.id}
            role="option"
            aria-selected={index === active}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => void choose(reply)}
            className={cn(
              'hover:bg-accent flex w-full items-start gap-2 px-3 py-2 text-left text-sm',
              index === active && 'bg-accent',
            )}
          >
            <Zap className="text-primary mt-0.5 size-3.5 shrink-0" />
            <span className="min-w-0 flex-1">
              <span className="block font-mono text-xs font-semibold">/{reply.shortcut}</span>
              <span className="text-muted-foreground line-clamp-2">{reply.text}</span>
            </span>
            {reply.hasMedia ? <Paperclip className="size-3.5 shrink-0" /> : null}
          </button>
        ))
      )}
    </div>
  )
}
