import { Clock, Loader2 } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { Button } from '#app/components/ui/button.tsx'
import { answerError, type ErrorAnswer } from '#app/utils/answer.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { ScheduleFormDialog } from './schedule-form.tsx'
import { type ScheduleFormOptions, type ScheduleItem } from './schedule-types.ts'
import { StatusBadge } from './status-badge.tsx'

type Options = ScheduleFormOptions & {
  preset: { contactId: string; contactName: string; connectionId: string } | null
  pending: ScheduleItem[]
}

/**
 * The composer's clock: schedules a message to this conversation's contact on its connection,
 * starting from what is typed. Lists what is already scheduled for the contact.
 */
export function ScheduleButton({ ticketId, text }: { ticketId: string; text: string }) {
  const { t, i18n } = useTranslation()
  const [open, setOpen] = useState(false)
  const [draft, setDraft] = useState('')
  // What the form offers, read once per click with a plain request and kept here. Not a fetcher:
  // the router revalidates fetchers after every action (the composer's typing ping, a message
  // sent), and one still finding its route then is reloaded against the catch-all route, which
  // leaves its data null, so the dialog never showed (or it closed and reopened).
  const [options, setOptions] = useState<Options | null>(null)
  const [loading, setLoading] = useState(false)

  async function openForm() {
    setDraft(text.trim())
    setLoading(true)
    try {
      const response = await fetch(`/resources/schedules?${new URLSearchParams({ ticketId })}`)
      const body = (await response.json()) as Options | ErrorAnswer
      if (response.ok) {
        setOptions(body as Options)
        setOpen(true)
      } else {
        const refusal = answerError(body as ErrorAnswer)
        toast.error(t(refusal?.key ?? 'errors.generic', refusal?.params))
      }
    } catch {
      toast.error(t('errors.generic'))
    } finally {
      setLoading(false)
    }
  }

  return (
    <>
      <Button
        type="button"
        variant="ghost"
        size="icon"
        onClick={() => void openForm()}
        disabled={loading}
        aria-label={t('schedules.schedule')}
        title={t('schedules.schedule')}
      >
        {loading ? <Loader2 className="animate-spin" /> : <Clock />}
      </Button>
      {options ? (
        <ScheduleFormDialog
          open={open}
          onOpenChange={setOpen}
          options={options}
          preset={options.preset ? { ...options.preset, body: draft } : { body: draft }}
        >
          {options.pending.length ? (
            <div className="bg-muted rounded-md p-3 text-sm" data-testid="contact-schedules">
              <p className="mb-1 text-xs font-semibold">{t('schedules.pendingForContact')}</p>
              <ul className="flex flex-col gap-1">
                {options.pending.map((item) => (
                  <li key={item.id} className="flex items-center gap-2">
                    <StatusBadge status={item.status} className="shrink-0" />
                    <span className="shrink-0 tabular-nums">
                      {formatDateTime(item.sendAt, i18n.language, options.timeZone)}
                    </span>
                    <span className="text-muted-foreground truncate">{item.body}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </ScheduleFormDialog>
      ) : null}
    </>
  )
}
