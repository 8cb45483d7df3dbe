import {
  AlertCircle,
  Bot,
  Check,
  CheckCheck,
  Clock,
  Download,
  FileText,
  Lock,
  MapPin,
  Reply,
  RotateCcw,
  User,
} from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { Dialog, DialogContent, DialogTitle, DialogTrigger } from '#app/components/ui/dialog.tsx'
import { cn } from '#app/utils/misc.ts'
import { WhatsAppText } from '#app/utils/whatsapp-format.tsx'

export type ConversationMessage = {
  id: string
  fromMe: boolean
  isPrivate: boolean
  type: string
  body: string | null
  status: string
  error: string | null
  timestamp: number
  mediaType: string | null
  mediaName: string | null
  mediaSize: number | null
  hasMedia: boolean
  latitude: number | null
  longitude: number | null
  reactions: Array<{ emoji: string; fromMe: boolean }> | null
  editedAt: number | null
  deletedAt: number | null
  authorName: string | null
  /** Which automation sent it (greeting, menu, rating…); null or absent for a person. */
  automation?: string | null
  userName: string | null
  quotedId: string | null
  quotedBody: string | null
  quotedType: string | null
  quotedFromMe: boolean | null
}

export function StatusTicks({ status }: { status: string }) {
  const { t } = useTranslation()
  const label = t(`panel.message.status.${status}`)
  const icon =
    status === 'read' || status === 'played' ? (
      <CheckCheck className="size-3.5 text-sky-500" />
    ) : status === 'delivered' ? (
      <CheckCheck className="size-3.5" />
    ) : status === 'sent' ? (
      <Check className="size-3.5" />
    ) : status === 'failed' ? (
      <AlertCircle className="text-destructive size-3.5" />
    ) : (
      <Clock className="size-3" />
    )
  return (
    <span title={label} aria-label={label} data-testid="ticks" data-status={status}>
      {icon}
    </span>
  )
}

function Media({ message }: { message: ConversationMessage }) {
  const { t } = useTranslation()
  const src = `/resources/media/${message.id}`
  if (!message.hasMedia) return null
  switch (message.type) {
    case 'image':
    case 'sticker':
      return (
        <Dialog>
          <DialogTrigger asChild>
            <button
              type="button"
              className="block cursor-zoom-in"
              aria-label={message.mediaName ?? t('panel.message.openImage')}
            >
              <img
                src={src}
                alt={message.mediaName ?? ''}
                loading="lazy"
                className={cn(
                  'rounded-md',
                  message.type === 'sticker'
                    ? 'size-32 object-contain'
                    : 'max-h-72 w-full object-cover',
                )}
              />
            </button>
          </DialogTrigger>
          <DialogContent className="max-w-[95vw] border-0 bg-transparent p-0 shadow-none sm:max-w-4xl">
            <DialogTitle className="sr-only">
              {message.mediaName ?? t('panel.message.openImage')}
            </DialogTitle>
            <img
              src={src}
              alt={message.mediaName ?? ''}
              className="max-h-[85vh] w-full rounded-md object-contain"
            />
            <a
              href={`${src}?download`}
              className="bg-card justify-self-center rounded-md px-3 py-1 text-sm shadow"
            >
              {t('panel.message.download')}
            </a>
          </DialogContent>
        </Dialog>
      )
    case 'video':
      return <video src={src} controls preload="metadata" className="max-h-72 w-full rounded-md" />
    case 'audio':
    case 'voice':
      return (
        <audio
          src={src}
          controls
          preload="metadata"
          className="w-64 max-w-full"
          data-testid="audio-player"
        />
      )
    default:
      return (
        <a
          href={`${src}?download`}
          className="flex items-center gap-2 rounded-md bg-black/5 p-2 text-sm dark:bg-white/10"
        >
          <FileText className="size-6 shrink-0" />
          <span className="min-w-0 flex-1 truncate">
            {message.mediaName ?? t('panel.message.download')}
          </span>
          <Download className="size-4 shrink-0" />
        </a>
      )
  }
}

/** One message, WhatsApp-style; private notes are yellow and locked, never sent. */
export function MessageBubble({
  message,
  locale,
  timeZone,
  onReply,
  onRetry,
}: {
  message: ConversationMessage
  locale: string
  timeZone: string
  onReply?: (message: ConversationMessage) => void
  onRetry?: (message: ConversationMessage) => void
}) {
  const { t } = useTranslation()
  const mine = message.fromMe
  const time = new Date(message.timestamp).toLocaleTimeString(locale, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  })
  return (
    <div
      className={cn('group flex', mine ? 'justify-end' : 'justify-start')}
      data-testid="message"
      data-private={message.isPrivate}
      data-from-me={mine}
    >
      <div
        className={cn(
          'relative max-w-[80%] rounded-lg px-3 py-1.5 text-sm shadow-xs sm:max-w-[65%]',
          message.isPrivate
            ? 'border border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950/60 dark:text-amber-50'
            : mine
              ? 'bg-[#d9fdd3] text-slate-900 dark:bg-[#005c4b] dark:text-slate-50'
              : 'bg-card',
        )}
      >
        {message.isPrivate ? (
          <p className="mb-0.5 flex items-center gap-1 text-[0.7rem] font-semibold">
            <Lock className="size-3" /> {t('panel.message.private')} · {message.userName}
          </p>
        ) : message.automation ? (
          <p
            className="mb-0.5 flex items-center gap-1 text-[0.7rem] font-semibold opacity-80"
            data-testid="automatic-message"
            title={t(`bot.automations.${message.automation}`, { defaultValue: '' }) || undefined}
          >
            <Bot className="size-3" aria-hidden /> {t('bot.automatic')}
          </p>
        ) : message.authorName ? (
          <p className="text-primary mb-0.5 flex items-center gap-1 text-[0.7rem] font-semibold">
            <User className="size-3" /> {message.authorName}
          </p>
        ) : null}
        {message.quotedId ? (
          <div className="border-primary mb-1 rounded border-l-4 bg-black/5 px-2 py-1 text-xs dark:bg-white/10">
            <p className="font-semibold">
              {message.quotedFromMe ? t('panel.message.you') : t('panel.message.customer')}
            </p>
            <p className="line-clamp-2 opacity-80">{message.quotedBody ?? message.quotedType}</p>
          </div>
        ) : null}
        {message.deletedAt ? (
          <p className="italic opacity-70">{t('panel.message.deleted')}</p>
        ) : (
          <div className="flex flex-col gap-1">
            <Media message={message} />
            {message.type === 'location' &&
            message.latitude !== null &&
            message.longitude !== null ? (
              <a
                className="flex items-center gap-1 underline"
                href={`https://www.openstreetmap.org/?mlat=${message.latitude}&mlon=${message.longitude}#map=16/${message.latitude}/${message.longitude}`}
                target="_blank"
                rel="noopener noreferrer"
              >
                <MapPin className="size-4" /> {t('panel.message.openMap')}
              </a>
            ) : null}
            {message.type === 'contact' ? (
              <p className="flex items-center gap-1 font-medium">
                <User className="size-4" /> {t('panel.message.contactCard')}
              </p>
            ) : null}
            {message.type === 'unsupported' ? (
              <p className="italic opacity-70">{t('panel.message.unsupported')}</p>
            ) : null}
            {message.body ? (
              <p className="break-words whitespace-pre-wrap">
                <WhatsAppText text={message.body} />
              </p>
            ) : null}
          </div>
        )}
        <p className="mt-0.5 flex items-center justify-end gap-1 text-[0.65rem] opacity-70">
          {message.editedAt ? <span>{t('panel.message.edited')}</span> : null}
          <time dateTime={new Date(message.timestamp).toISOString()} suppressHydrationWarning>
            {time}
          </time>
          {mine && !message.isPrivate ? <StatusTicks status={message.status} /> : null}
        </p>
        {message.reactions?.length ? (
          <p className="bg-card absolute right-2 -bottom-3 rounded-full border px-1.5 text-xs shadow-xs">
            {message.reactions.map((r) => r.emoji).join(' ')}
          </p>
        ) : null}
        {message.status === 'failed' ? (
          <p className="text-destructive mt-1 flex items-center gap-2 text-xs">
            {t('panel.message.failed')}
            {onRetry ? (
              <button
                type="button"
                className="flex items-center gap-1 underline"
                onClick={() => onRetry(message)}
              >
                <RotateCcw className="size-3" /> {t('panel.actions.retry')}
              </button>
            ) : null}
          </p>
        ) : null}
        {onReply && !message.isPrivate && !message.deletedAt ? (
          <button
            type="button"
            onClick={() => onReply(message)}
            aria-label={t('panel.actions.reply')}
            className={cn(
              'bg-card absolute top-1 hidden rounded-full p-1 shadow group-hover:block',
              mine ? '-left-8' : '-right-8',
            )}
          >
            <Reply className="size-3.5" />
          </button>
        ) : null}
      </div>
    </div>
  )
}
