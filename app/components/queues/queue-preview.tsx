import { ArrowRight, FileText, MoonStar, RotateCcw } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '#app/components/ui/button.tsx'
import { Checkbox } from '#app/components/ui/checkbox.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { renderMenu } from '#app/domain/bot/menu.ts'
import { fillBotVariables } from '#app/domain/bot/variables.ts'
import { type QueueType } from '#app/domain/queues/queue-schema.ts'
import { cn } from '#app/utils/misc.ts'
import { WhatsAppText } from '#app/utils/whatsapp-format.tsx'
import { type EditorNode } from './queue-options.tsx'

/** The sample customer the preview fills the variables with. */
const SAMPLE = {
  contactName: 'Maria Silva',
  ticketProtocol: '20261125-0042',
  agentName: 'Ana Souza',
}

type Entry =
  | { kind: 'bot'; text: string; attachment?: string | null }
  | { kind: 'customer'; text: string }
  | { kind: 'note'; text: string }

/**
 * What the customer receives from this queue: the greeting with the numbered options, then, for
 * each option the admin clicks, the option's message and its submenu or what happens next.
 * Shows the form as it is now (before saving), with the variables filled with a sample.
 */
export function QueuePreview({
  greeting,
  attachment,
  outOfHoursMessage,
  hoursEnabled,
  type,
  autoCloseMinutes,
  options,
  queues,
  users,
  timeZone,
  queueName,
}: {
  greeting: string
  attachment: string | null
  outOfHoursMessage: string
  hoursEnabled: boolean
  type: QueueType
  autoCloseMinutes: number
  options: EditorNode[]
  queues: Array<{ id: string; name: string }>
  users: Array<{ id: string; name: string }>
  timeZone: string
  /** Fills {{fila}} (the saved name; empty for a queue not yet created). */
  queueName?: string
}) {
  const { t } = useTranslation()
  const [choices, setChoices] = useState<string[]>([])
  const [outOfHours, setOutOfHours] = useState(false)
  const fill = (text: string) => fillBotVariables(text, { ...SAMPLE, timeZone, queueName })

  const entries: Entry[] = []
  let menu: EditorNode[] = options
  let ended = false
  const closingNote = () => {
    if (type === 'auto_close')
      entries.push({
        kind: 'note',
        text: t('queues.preview.autoClose', { count: autoCloseMinutes }),
      })
    else entries.push({ kind: 'note', text: t('queues.preview.waitsForAgent') })
  }
  if (outOfHours && hoursEnabled) {
    entries.push({ kind: 'bot', text: fill(outOfHoursMessage) })
    ended = true
  } else {
    const first = renderMenu(
      fill(greeting),
      options.map((node) => ({ title: node.title || '…' })),
    )
    if (first || attachment) entries.push({ kind: 'bot', text: first, attachment })
    else entries.push({ kind: 'note', text: t('queues.preview.noGreeting') })
    if (options.length === 0) {
      closingNote()
      ended = true
    }
    for (const key of choices) {
      const index = menu.findIndex((node) => node.key === key)
      const node = menu[index]
      if (!node) break
      entries.push({ kind: 'customer', text: String(index + 1) })
      const message = fill(node.message)
      switch (node.target) {
        case 'submenu':
          entries.push({
            kind: 'bot',
            text: renderMenu(
              message,
              node.children.map((child) => ({ title: child.title || '…' })),
            ),
          })
          menu = node.children
          break
        case 'message':
          if (message) entries.push({ kind: 'bot', text: message })
          closingNote()
          ended = true
          break
        case 'queue':
        case 'user':
        case 'close': {
          if (message) entries.push({ kind: 'bot', text: message })
          const name =
            node.target === 'queue'
              ? (queues.find((queue) => queue.id === node.targetQueueId)?.name ??
                t('queues.preview.unknownQueue'))
              : node.target === 'user'
                ? (users.find((user) => user.id === node.targetUserId)?.name ??
                  t('queues.preview.unknownUser'))
                : ''
          entries.push({
            kind: 'note',
            text:
              node.target === 'queue'
                ? `${t('queues.preview.goesToQueue', { name })} ${t('queues.preview.goesToQueueGreeting')}`
                : node.target === 'user'
                  ? t('queues.preview.goesToUser', { name })
                  : t('queues.preview.closes'),
          })
          ended = true
          break
        }
      }
      if (ended) break
    }
  }

  return (
    <section
      className="bg-card flex flex-col overflow-hidden rounded-lg border shadow-xs"
      aria-labelledby="queue-preview-title"
      data-testid="queue-preview"
    >
      <header className="flex items-start justify-between gap-2 border-b px-4 py-3">
        <div>
          <h2 id="queue-preview-title" className="font-semibold">
            {t('queues.preview.title')}
          </h2>
          <p className="text-muted-foreground text-xs">{t('queues.preview.subtitle')}</p>
        </div>
        <Button
          type="button"
          variant="ghost"
          size="sm"
          onClick={() => setChoices([])}
          disabled={choices.length === 0}
        >
          <RotateCcw /> {t('queues.preview.restart')}
        </Button>
      </header>
      <ol
        className="flex max-h-[32rem] min-h-48 flex-col gap-2 overflow-y-auto bg-[#efeae2] px-3 py-4 dark:bg-[#0b141a]"
        aria-live="polite"
      >
        {entries.map((entry, index) => (
          <PreviewEntry key={index} entry={entry} />
        ))}
      </ol>
      <footer className="flex flex-col gap-2 border-t px-4 py-3">
        {!ended && menu.length ? (
          <div className="flex flex-wrap items-center gap-1.5">
            <span className="text-muted-foreground text-xs">{t('queues.preview.choose')}</span>
            {menu.map((node, index) => (
              <Button
                key={node.key}
                type="button"
                size="sm"
                variant="outline"
                className="h-7 px-2"
                title={node.title}
                aria-label={`${t('queues.preview.choose')} ${index + 1}: ${node.title}`}
                onClick={() => setChoices((current) => [...current, node.key])}
              >
                {index + 1}
              </Button>
            ))}
          </div>
        ) : null}
        {hoursEnabled ? (
          <div className="flex items-center gap-2">
            <Checkbox
              id="preview-out-of-hours"
              checked={outOfHours}
              onCheckedChange={(checked) => setOutOfHours(checked === true)}
            />
            <Label htmlFor="preview-out-of-hours" className="flex items-center gap-1 text-xs">
              <MoonStar className="size-3.5" /> {t('queues.preview.outOfHours')}
            </Label>
          </div>
        ) : null}
        <p className="text-muted-foreground text-xs">{t('queues.preview.sample')}</p>
      </footer>
    </section>
  )
}

function PreviewEntry({ entry }: { entry: Entry }) {
  const { t } = useTranslation()
  if (entry.kind === 'note')
    return (
      <li className="flex justify-center" data-testid="preview-note">
        <p className="bg-card/90 text-muted-foreground flex items-center gap-1 rounded-md px-2.5 py-1 text-center text-xs shadow-xs">
          <ArrowRight className="size-3 shrink-0" /> {entry.text}
        </p>
      </li>
    )
  const mine = entry.kind === 'bot'
  return (
    <li
      className={cn('flex', mine ? 'justify-end' : 'justify-start')}
      data-testid={`preview-${entry.kind}`}
    >
      <div
        className={cn(
          'max-w-[85%] rounded-lg px-3 py-1.5 text-sm shadow-xs',
          mine ? 'bg-[#d9fdd3] text-slate-900 dark:bg-[#005c4b] dark:text-slate-50' : 'bg-card',
        )}
      >
        {!mine ? (
          <p className="text-primary mb-0.5 text-[0.7rem] font-semibold">
            {t('queues.preview.customer')}
          </p>
        ) : null}
        {entry.kind === 'bot' && entry.attachment ? (
          <p className="mb-1 flex items-center gap-2 rounded-md bg-black/5 p-2 text-xs dark:bg-white/10">
            <FileText className="size-4 shrink-0" />
            <span className="truncate">
              {t('queues.preview.attachment', { name: entry.attachment })}
            </span>
          </p>
        ) : null}
        {entry.text ? (
          <p className="break-words whitespace-pre-wrap">
            <WhatsAppText text={entry.text} />
          </p>
        ) : null}
      </div>
    </li>
  )
}
