import { ArrowLeftRight, CheckCircle2, Eye, RotateCcw, Undo2 } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '#app/components/ui/button.tsx'
import { Checkbox } from '#app/components/ui/checkbox.tsx'
import { Dialog, DialogContent, DialogTitle } from '#app/components/ui/dialog.tsx'
import { NativeSelect, Textarea } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { useTicketCommand } from './use-ticket-command.ts'

type Options = {
  users: Array<{ id: string; name: string }>
  queues: Array<{ id: string; name: string }>
}

function TransferDialog({
  ticketId,
  options,
  open,
  onOpenChange,
}: {
  ticketId: string
  options: Options
  open: boolean
  onOpenChange: (open: boolean) => void
}) {
  const { t } = useTranslation()
  const command = useTicketCommand(`transfer-${ticketId}`, t('panel.transfer.done'))
  const [userId, setUserId] = useState('')
  const [queueId, setQueueId] = useState('')
  const [note, setNote] = useState('')
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogTitle>{t('panel.transfer.title')}</DialogTitle>
        <form
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault()
            command.run(ticketId, 'transfer', { userId, queueId, note })
            onOpenChange(false)
          }}
        >
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="transfer-user">{t('panel.transfer.user')}</Label>
            <NativeSelect
              id="transfer-user"
              value={userId}
              onChange={(e) => setUserId(e.target.value)}
            >
              <option value="">{t('panel.transfer.noUser')}</option>
              {options.users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="transfer-queue">{t('panel.transfer.queue')}</Label>
            <NativeSelect
              id="transfer-queue"
              value={queueId}
              onChange={(e) => setQueueId(e.target.value)}
            >
              <option value="">{t('panel.transfer.keepQueue')}</option>
              {options.queues.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="transfer-note">{t('panel.transfer.note')}</Label>
            <Textarea id="transfer-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <Button type="submit" disabled={!userId && !queueId}>
            {t('panel.transfer.submit')}
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  )
}

function CloseDialog({
  ticketId,
  hasFarewell,
  open,
  onOpenChange,
}: {
  ticketId: string
  hasFarewell: boolean
  open: boolean
  onOpenChange: (open: boolean) => void
}) {
  const { t } = useTranslation()
  const command = useTicketCommand(`close-${ticketId}`, t('panel.closeDialog.done'))
  // "With message": the farewell (or the connection's completion message) and the rating question.
  const [farewell, setFarewell] = useState(true)
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogTitle>{t('panel.closeDialog.title')}</DialogTitle>
        <p className="text-muted-foreground text-sm">{t('panel.closeDialog.description')}</p>
        <div className="flex flex-col gap-1">
          <label className="flex items-center gap-2 text-sm">
            <Checkbox checked={farewell} onCheckedChange={(value) => setFarewell(value === true)} />
            {t('bot.closeDialog.withMessage')}
          </label>
          <p className="text-muted-foreground text-xs">
            {t(
              hasFarewell ? 'bot.closeDialog.withFarewellHint' : 'bot.closeDialog.withMessageHint',
            )}
          </p>
        </div>
        <Button
          onClick={() => {
            command.run(ticketId, 'close', { farewell: String(farewell) })
            onOpenChange(false)
          }}
        >
          {t('panel.closeDialog.submit')}
        </Button>
      </DialogContent>
    </Dialog>
  )
}

/** Aceitar / Transferir / Resolver / Reabrir / Devolver, as the ticket's status allows. */
export function TicketActions({
  ticket,
  canWork,
  options,
  hasFarewell,
}: {
  ticket: { id: string; status: string; imported: boolean }
  canWork: boolean
  options: Options
  hasFarewell: boolean
}) {
  const { t } = useTranslation()
  const command = useTicketCommand(`status-${ticket.id}`)
  const [transferOpen, setTransferOpen] = useState(false)
  const [closeOpen, setCloseOpen] = useState(false)
  if (ticket.imported) return null
  return (
    <div className="flex flex-wrap items-center gap-1">
      {ticket.status === 'pending' ? (
        <Button size="sm" onClick={() => command.run(ticket.id, 'accept')} disabled={command.busy}>
          <Eye /> {t('panel.actions.accept')}
        </Button>
      ) : null}
      {ticket.status !== 'closed' && canWork ? (
        <>
          <Button size="sm" variant="outline" onClick={() => setTransferOpen(true)}>
            <ArrowLeftRight />{' '}
            <span className="hidden lg:inline">{t('panel.actions.transfer')}</span>
          </Button>
          {ticket.status === 'open' ? (
            <Button
              size="sm"
              variant="outline"
              onClick={() => command.run(ticket.id, 'return')}
              disabled={command.busy}
              title={t('panel.actions.return')}
            >
              <Undo2 /> <span className="hidden xl:inline">{t('panel.actions.return')}</span>
            </Button>
          ) : null}
          <Button size="sm" onClick={() => setCloseOpen(true)}>
            <CheckCircle2 /> {t('panel.actions.close')}
          </Button>
        </>
      ) : null}
      {ticket.status === 'closed' ? (
        <Button
          size="sm"
          variant="outline"
          onClick={() => command.run(ticket.id, 'reopen')}
          disabled={command.busy}
        >
          <RotateCcw /> {t('panel.actions.reopen')}
        </Button>
      ) : null}
      <TransferDialog
        ticketId={ticket.id}
        options={options}
        open={transferOpen}
        onOpenChange={setTransferOpen}
      />
      <CloseDialog
        ticketId={ticket.id}
        hasFarewell={hasFarewell}
        open={closeOpen}
        onOpenChange={setCloseOpen}
      />
    </div>
  )
}
