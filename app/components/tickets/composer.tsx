import { useFetcher } from '@remix-run/react'
import { Lock, Mic, Paperclip, SendHorizontal, Smile, Square, Trash2, X } from 'lucide-react'
import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { ScheduleButton } from '#app/components/schedules/schedule-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { type Answer } from '#app/utils/answer.ts'
import { cn } from '#app/utils/misc.ts'
import { type ConversationMessage } from './message-bubble.tsx'
import { QuickReplyMenu, type QuickReplyChoice } from './quick-reply-menu.tsx'
import { usePanelError } from './use-ticket-command.ts'
import { useVoiceRecorder } from './voice-recorder.ts'

const EmojiPicker = lazy(() => import('emoji-picker-react'))

const MAX_FILE_BYTES = 16 * 1024 * 1024

/**
 * The composer: Enter sends, Shift+Enter breaks the line; emoji, "/" quick replies, files by
 * button, drop or paste; voice notes; reply-to; private notes. Sending shows at once (queued).
 */
export function Composer({
  ticketId,
  replyTo,
  onCancelReply,
  onPending,
}: {
  ticketId: string
  replyTo: ConversationMessage | null
  onCancelReply: () => void
  onPending: (pending: { text: string; isPrivate: boolean; fileName?: string } | null) => void
}) {
  const { t } = useTranslation()
  const fetcher = useFetcher<Answer>()
  const errorText = usePanelError()
  const [text, setText] = useState('')
  const [file, setFile] = useState<File | null>(null)
  const [isPrivate, setPrivate] = useState(false)
  const [emojiOpen, setEmojiOpen] = useState(false)
  const [dragging, setDragging] = useState(false)
  const lastTyping = useRef(0)
  const textarea = useRef<HTMLTextAreaElement>(null)
  const recorder = useVoiceRecorder(
    (voice) => submit({ file: voice, voice: true }),
    () => toast.error(t('panel.composer.micDenied')),
  )

  useEffect(() => {
    if (fetcher.state !== 'idle') return
    onPending(null)
    if (fetcher.data && !fetcher.data.ok) toast.error(errorText(fetcher.data))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data])

  const attach = (candidate: File | null | undefined) => {
    if (!candidate) return
    if (candidate.size > MAX_FILE_BYTES)
      return void toast.error(t('validation.fileTooBig', { max: 16 }))
    setFile(candidate)
  }

  function submit(extra: { file?: File; voice?: boolean } = {}) {
    const body = text.trim()
    const attachment = extra.file ?? file
    if (!body && !attachment) return
    const form = new FormData()
    form.set('text', body)
    if (attachment) form.set('file', attachment)
    if (extra.voice) form.set('voice', '1')
    if (isPrivate) form.set('private', '1')
    if (replyTo) form.set('quotedId', replyTo.id)
    fetcher.submit(form, {
      method: 'POST',
      action: `/resources/tickets/${ticketId}/messages`,
      encType: 'multipart/form-data',
    })
    onPending({ text: body, isPrivate, fileName: attachment?.name })
    setText('')
    setFile(null)
    onCancelReply()
    textarea.current?.focus()
  }

  const announceTyping = () => {
    if (isPrivate || Date.now() - lastTyping.current < 5000) return
    lastTyping.current = Date.now()
    // A plain request, not a fetcher: the ping changes nothing this page shows, and a router
    // submission would reload every loader and fetcher on the page each time the agent types.
    void fetch(`/resources/tickets/${ticketId}/typing`, {
      method: 'POST',
      body: new URLSearchParams({ presence: 'composing' }),
    }).catch(() => {})
  }

  const insertQuickReply = (choice: QuickReplyChoice) => {
    setText(choice.text)
    if (choice.file) setFile(choice.file)
    textarea.current?.focus()
  }

  return (
    <div
      className={cn(
        'bg-card relative border-t p-2',
        isPrivate && 'bg-amber-50 dark:bg-amber-950/40',
        dragging && 'ring-primary ring-2',
      )}
      onDragOver={(event) => {
        event.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault()
        setDragging(false)
        attach(event.dataTransfer.files[0])
      }}
    >
      {dragging ? (
        <p className="bg-card/80 pointer-events-none absolute inset-0 flex items-center justify-center text-sm font-medium">
          {t('panel.composer.dropHere')}
        </p>
      ) : null}
      {replyTo ? (
        <div className="border-primary bg-muted mb-2 flex items-start gap-2 rounded-md border-l-4 px-3 py-1.5 text-xs">
          <div className="min-w-0 flex-1">
            <p className="font-semibold">{t('panel.composer.replyingTo')}</p>
            <p className="truncate">{replyTo.body ?? replyTo.type}</p>
          </div>
          <button
            type="button"
            onClick={onCancelReply}
            aria-label={t('panel.composer.cancelReply')}
          >
            <X className="size-4" />
          </button>
        </div>
      ) : null}
      {file ? (
        <p
          className="text-muted-foreground mb-2 flex items-center gap-2 text-xs"
          data-testid="attachment"
        >
          <Paperclip className="size-3.5" /> {file.name}
          <button type="button" onClick={() => setFile(null)} aria-label={t('common.cancel')}>
            <X className="size-3.5" />
          </button>
        </p>
      ) : null}
      <QuickReplyMenu
        ticketId={ticketId}
        query={text.startsWith('/') ? text.slice(1) : null}
        onChoose={insertQuickReply}
      />
      {recorder.recording ? (
        <div className="flex items-center gap-3 px-2 py-1" data-testid="recording">
          <span className="bg-destructive size-2.5 animate-pulse rounded-full" />
          <span className="text-sm tabular-nums">
            {t('panel.composer.recording')} {Math.floor(recorder.seconds / 60)}:
            {String(recorder.seconds % 60).padStart(2, '0')}
          </span>
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="ml-auto"
            onClick={recorder.cancel}
            aria-label={t('panel.composer.cancelRecording')}
          >
            <Trash2 />
          </Button>
          <Button
            type="button"
            size="icon"
            onClick={recorder.stop}
            aria-label={t('panel.composer.stopRecording')}
          >
            <Square />
          </Button>
        </div>
      ) : (
        <div className="flex items-end gap-1">
          <div className="relative">
            <Button
              type="button"
              variant="ghost"
              size="icon"
              onClick={() => setEmojiOpen((open) => !open)}
              aria-label={t('panel.composer.emoji')}
              aria-expanded={emojiOpen}
            >
              <Smile />
            </Button>
            {emojiOpen ? (
              <div className="absolute bottom-11 left-0 z-30">
                <Suspense fallback={null}>
                  <EmojiPicker
                    emojiStyle={'native' as never}
                    lazyLoadEmojis
                    previewConfig={{ showPreview: false }}
                    onEmojiClick={(emoji) => {
                      setText((current) => current + emoji.emoji)
                      setEmojiOpen(false)
                      textarea.current?.focus()
                    }}
                  />
                </Suspense>
              </div>
            ) : null}
          </div>
          <label
            className="hover:bg-accent inline-flex size-9 cursor-pointer items-center justify-center rounded-md"
            aria-label={t('panel.composer.attach')}
          >
            <Paperclip className="size-4" />
            <input
              type="file"
              className="sr-only"
              data-testid="file-input"
              onChange={(event) => attach(event.target.files?.[0])}
            />
          </label>
          <Button
            type="button"
            variant={isPrivate ? 'secondary' : 'ghost'}
            size="icon"
            aria-pressed={isPrivate}
            onClick={() => setPrivate((value) => !value)}
            aria-label={t('panel.composer.privateNote')}
            title={t('panel.composer.privateNote')}
          >
            <Lock className={cn(isPrivate && 'text-amber-600')} />
          </Button>
          <ScheduleButton ticketId={ticketId} text={text} />
          <textarea
            ref={textarea}
            rows={1}
            value={text}
            onChange={(event) => {
              setText(event.target.value)
              announceTyping()
            }}
            onPaste={(event) => {
              const pasted = event.clipboardData.files[0]
              if (pasted) {
                event.preventDefault()
                attach(pasted)
              }
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault()
                // While "/" searches quick replies, Enter belongs to the menu.
                if (!text.startsWith('/')) submit()
              }
            }}
            placeholder={
              isPrivate ? t('panel.composer.notePlaceholder') : t('panel.composer.placeholder')
            }
            aria-label={isPrivate ? t('panel.composer.privateNote') : t('panel.composer.message')}
            className="border-input bg-background focus-visible:ring-ring max-h-40 min-h-9 flex-1 resize-none rounded-md border px-3 py-2 text-sm focus-visible:ring-2 focus-visible:outline-none"
            style={{ fieldSizing: 'content' } as React.CSSProperties}
          />
          {text.trim() || file ? (
            <Button
              type="button"
              size="icon"
              onClick={() => submit()}
              aria-label={t('panel.composer.send')}
            >
              <SendHorizontal />
            </Button>
          ) : (
            <Button
              type="button"
              size="icon"
              variant="secondary"
              onClick={() => void recorder.start()}
              aria-label={t('panel.composer.record')}
              disabled={isPrivate}
            >
              <Mic />
            </Button>
          )}
        </div>
      )}
    </div>
  )
}
