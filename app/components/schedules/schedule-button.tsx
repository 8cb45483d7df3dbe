import { useFetcher } from '@remix-run/react'
import { Clock, Loader2 } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '#app/components/ui/button.tsx'
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
  const fetcher = useFetcher<Options>()
  const [open, setOpen] = useState(false)
  const [draft, setDraft] = useState('')
  // Not fetcher.state: the fetcher revalidates after every action (the form's own included),
  // and the dialog must not close and reopen then.
  const [loading, setLoading] = useState(false)

  const options = fetcher.data
  return (
    <>
      <Button
        type="button"
        variant="ghost"
        size="icon"
        onClick={async () => {
          setDraft(text.trim())
          setLoading(true)
          await fetcher.load(`/resources/schedules?${new URLSearchParams({ ticketId })}`)
          setLoading(false)
          setOpen(true)
        }}
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
