import { useFetcher, useNavigate } from '@remix-run/react'
import { MessageCircle } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, SelectField } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Dialog, DialogContent, DialogTitle, DialogTrigger } from '#app/components/ui/dialog.tsx'
import { type Answer, answerError } from '#app/utils/answer.ts'

export type StartOptions = {
  connections: Array<{ id: string; name: string; status: string; isDefault: boolean }>
  queues: Array<{ id: string; name: string }>
  /** The user's default connection, else the company's (preselected). */
  defaultConnectionId: string | null
}

type Result = Answer<{ ticketId: string }>

/**
 * The WhatsApp icon of a contact: choose the connection (the user's default one preselected) and,
 * optionally, the queue; the conversation opens in /tickets/<id>.
 */
export function StartConversationButton({
  contact,
  options,
  variant = 'icon',
}: {
  contact: { id: string; name: string; number: string | null }
  options: StartOptions
  variant?: 'icon' | 'button'
}) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const fetcher = useFetcher<Result>()
  const [open, setOpen] = useState(false)
  const label = t('contacts.start.button', { name: contact.name })

  useEffect(() => {
    // The list unmounts with the dialog as the conversation opens.
    if (fetcher.state === 'idle' && fetcher.data?.ok) navigate(`/tickets/${fetcher.data.ticketId}`)
  }, [fetcher.state, fetcher.data, navigate])

  const refusal = answerError(fetcher.data)
  const error = refusal
    ? refusal.key.startsWith('contacts.') || refusal.key.startsWith('validation.')
      ? refusal
      : { key: 'errors.generic' }
    : null
  const defaultConnectionId = options.defaultConnectionId ?? options.connections[0]?.id

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        {variant === 'icon' ? (
          <Button
            variant="ghost"
            size="icon"
            aria-label={label}
            title={label}
            disabled={!contact.number}
            className="text-success hover:text-success"
          >
            <MessageCircle />
          </Button>
        ) : (
          <Button variant="outline" disabled={!contact.number}>
            <MessageCircle /> {t('contacts.start.submit')}
          </Button>
        )}
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>{t('contacts.start.title', { name: contact.name })}</DialogTitle>
        <p className="text-muted-foreground text-sm">{t('contacts.start.description')}</p>
        {options.connections.length === 0 ? (
          <p className="text-sm">{t('contacts.start.noConnections')}</p>
        ) : (
          <fetcher.Form
            method="POST"
            action={`/resources/contacts/${contact.id}/start`}
            className="flex flex-col gap-4"
          >
            <SelectField
              labelProps={{ children: t('contacts.start.connection') }}
              selectProps={{ name: 'connectionId', defaultValue: defaultConnectionId }}
              options={options.connections.map((c) => ({
                value: c.id,
                label:
                  c.status === 'connected'
                    ? c.name
                    : `${c.name} (${t('contacts.start.disconnected')})`,
              }))}
            />
            {options.queues.length ? (
              <SelectField
                labelProps={{ children: t('contacts.start.queue') }}
                selectProps={{ name: 'queueId', defaultValue: '' }}
                options={[
                  { value: '', label: t('contacts.start.queueAuto') },
                  ...options.queues.map((q) => ({ value: q.id, label: q.name })),
                ]}
              />
            ) : null}
            {error ? (
              <div role="alert">
                <ErrorList errors={[error]} />
              </div>
            ) : null}
            <div className="flex justify-end gap-2">
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <StatusButton type="submit" pending={fetcher.state !== 'idle'}>
                <MessageCircle /> {t('contacts.start.submit')}
              </StatusButton>
            </div>
          </fetcher.Form>
        )}
      </DialogContent>
    </Dialog>
  )
}
