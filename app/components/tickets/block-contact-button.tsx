import { useFetcher } from '@remix-run/react'
import { Ban } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { ConfirmDialog } from '#app/components/confirm-dialog.tsx'
import { usePanelError } from '#app/components/tickets/use-ticket-command.ts'
import { Button } from '#app/components/ui/button.tsx'
import { type Answer } from '#app/utils/answer.ts'
import { cn } from '#app/utils/misc.ts'

/** Bloquear / Desbloquear, after a confirmation. */
export function BlockContactButton({
  ticketId,
  name,
  blocked,
}: {
  ticketId: string
  name: string
  blocked: boolean
}) {
  const { t } = useTranslation()
  const errorText = usePanelError()
  const fetcher = useFetcher<Answer<{ blocked: boolean }>>()
  const [open, setOpen] = useState(false)
  const intent = blocked ? 'unblock' : 'block'

  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return
    if (fetcher.data.ok)
      toast.success(
        t(
          fetcher.data.ok && fetcher.data.blocked
            ? 'panel.contactEditor.blockedDone'
            : 'panel.contactEditor.unblockedDone',
        ),
      )
    else toast.error(errorText(fetcher.data))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data])

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      fetcher={fetcher}
      action={`/resources/tickets/${ticketId}/contact`}
      onSubmit={() => setOpen(false)}
      trigger={
        <Button
          variant="outline"
          size="sm"
          className={cn(!blocked && 'text-destructive hover:text-destructive')}
          disabled={fetcher.state !== 'idle'}
        >
          <Ban />
          {t(`panel.contactEditor.${intent}`)}
        </Button>
      }
      title={t(`panel.contactEditor.${intent}Title`, { name })}
      description={t(`panel.contactEditor.${intent}Description`)}
      intent={intent}
      confirmLabel={t(`panel.contactEditor.${intent}Confirm`)}
      destructive={!blocked}
      pending={fetcher.state !== 'idle'}
    />
  )
}
