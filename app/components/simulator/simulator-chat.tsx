import { useFetcher } from '@remix-run/react'
import { Check, CheckCheck, Clock, FileText, Paperclip, SendHorizontal, X } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '#app/components/ui/button.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { cn } from '#app/utils/misc.ts'
import { formatPhone } from '#app/utils/phone.ts'

type ChatMessage = {
  id: string
  fromMe: boolean
  type: string
  text: string | null
  status: string
  timestamp: number
  mediaName: string | null
  deletedAt: number | null
}

/** Delivery ticks as the customer sees them on their own messages… and the agent's. */
function Ticks({ status }: { status: string }) {
  if (status === 'read' || status === 'played')
    return <CheckCheck className="size-3.5 text-sky-500" aria-label="lida" />
  if (status === 'delivered') return <CheckCheck className="size-3.5" aria-label="entregue" />
  if (status === 'sent' || status === 'received')
    return <Check className="size-3.5" aria-label="enviada" />
  return <Clock className="size-3" aria-label="pendente" />
}

/** One customer's phone: their chat with the company, a composer, and "read" on open. */
export function CustomerChat({
  connection,
  phone,
  name,
  messages,
}: {
  connection: { id: string; name: string; status: string }
  phone: string
  name: string
  messages: ChatMessage[]
}) {
  const { t } = useTranslation()
  const send = useFetcher<{ ok?: boolean; error?: string }>()
  const read = useFetcher()
  const formRef = useRef<HTMLFormElement>(null)
  const bottomRef = useRef<HTMLDivElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const unreadFromCompany = messages.filter(
    (m) => !m.fromMe && (m.status === 'sent' || m.status === 'delivered'),
  ).length

  // The chat is open: agent messages are read as soon as they arrive.
  useEffect(() => {
    if (unreadFromCompany > 0 && read.state === 'idle') {
      read.submit(
        { intent: 'read', connectionId: connection.id, phone },
        { method: 'POST', encType: 'multipart/form-data' },
      )
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unreadFromCompany, connection.id, phone])

  useEffect(() => {
    bottomRef.current?.scrollIntoView({ block: 'end' })
  }, [messages.length])

  return (
    <section
      className="bg-card flex h-[70dvh] min-h-96 flex-col overflow-hidden rounded-lg border"
      aria-label={t('simulator.chatWith', { phone })}
    >
      <header className="bg-primary text-primary-foreground flex items-center gap-3 border-b px-4 py-3">
        <div className="min-w-0 flex-1">
          <p className="truncate font-semibold">{connection.name}</p>
          <p className="truncate text-xs opacity-80">
            {t('simulator.youAre', { name: name || formatPhone(phone), phone: formatPhone(phone) })}
          </p>
        </div>
      </header>
      <div
        className="bg-muted/40 flex-1 space-y-2 overflow-y-auto p-4"
        data-testid="simulator-chat"
      >
        {messages.length === 0 ? (
          <p className="text-muted-foreground py-10 text-center text-sm">
            {t('simulator.emptyChat')}
          </p>
        ) : null}
        {messages.map((m) => (
          <div
            key={m.id}
            className={cn('flex', m.fromMe ? 'justify-end' : 'justify-start')}
            data-testid="simulator-message"
            data-from-me={m.fromMe}
          >
            <div
              className={cn(
                'max-w-[75%] rounded-lg px-3 py-1.5 text-sm shadow-xs',
                m.fromMe ? 'bg-accent text-accent-foreground' : 'bg-card',
              )}
            >
              {m.deletedAt ? (
                <p className="text-muted-foreground italic">{t('simulator.deleted')}</p>
              ) : (
                <>
                  {m.type !== 'text' ? (
                    <p className="text-muted-foreground flex items-center gap-1 text-xs">
                      <FileText className="size-3.5" />{' '}
                      {m.mediaName ?? t(`simulator.types.${m.type}`, { defaultValue: m.type })}
                    </p>
                  ) : null}
                  {m.text ? <p className="break-words whitespace-pre-wrap">{m.text}</p> : null}
                </>
              )}
              <p className="text-muted-foreground mt-0.5 flex items-center justify-end gap-1 text-[0.65rem]">
                <time dateTime={new Date(m.timestamp).toISOString()} suppressHydrationWarning>
                  {new Date(m.timestamp).toLocaleTimeString([], {
                    hour: '2-digit',
                    minute: '2-digit',
                  })}
                </time>
                <span data-testid="ticks" data-status={m.status}>
                  <Ticks status={m.status} />
                </span>
              </p>
            </div>
          </div>
        ))}
        <div ref={bottomRef} />
      </div>
      <send.Form
        ref={formRef}
        method="POST"
        encType="multipart/form-data"
        className="flex flex-col gap-2 border-t p-3"
        onSubmit={() => {
          // The fetcher has read the form by now: clear it for the next message.
          setTimeout(() => {
            formRef.current?.reset()
            setFile(null)
          })
        }}
      >
        <input type="hidden" name="intent" value="send" />
        <input type="hidden" name="connectionId" value={connection.id} />
        <input type="hidden" name="phone" value={phone} />
        <input type="hidden" name="name" value={name} />
        {file ? (
          <p className="text-muted-foreground flex items-center gap-2 text-xs">
            <Paperclip className="size-3.5" /> {file.name}
            <button
              type="button"
              onClick={() => {
                setFile(null)
                const input = formRef.current?.elements.namedItem('file') as HTMLInputElement | null
                if (input) input.value = ''
              }}
              aria-label={t('common.cancel')}
            >
              <X className="size-3.5" />
            </button>
          </p>
        ) : null}
        {send.data?.error ? <p className="text-destructive text-xs">{t(send.data.error)}</p> : null}
        <div className="flex items-center gap-2">
          <label
            className="hover:bg-accent cursor-pointer rounded-md p-2"
            aria-label={t('simulator.attach')}
          >
            <Paperclip className="size-4" />
            <input
              type="file"
              name="file"
              className="sr-only"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          <Input
            name="text"
            placeholder={t('simulator.typeMessage')}
            aria-label={t('simulator.typeMessage')}
            autoComplete="off"
          />
          <Button
            type="submit"
            size="icon"
            disabled={send.state !== 'idle'}
            aria-label={t('simulator.send')}
          >
            <SendHorizontal />
          </Button>
        </div>
      </send.Form>
    </section>
  )
}
