import { useFetcher } from '@remix-run/react'
import { Ban, Pencil } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useRevalidateOn } from '#app/components/live-events.tsx'
import { ContactEditor } from '#app/components/contacts/contact-editor.tsx'
import { BlockContactButton } from '#app/components/tickets/block-contact-button.tsx'
import { type StageOption, StageSelect } from '#app/components/tickets/stage-select.tsx'
import { type TagChip, TagSection } from '#app/components/tickets/tag-picker.tsx'
import { TicketRating } from '#app/components/tickets/ticket-rating.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Textarea } from '#app/components/ui/input.tsx'
import { formatCpf } from '#app/utils/cpf.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { cn, initials } from '#app/utils/misc.ts'
import { formatPhone } from '#app/utils/phone.ts'
import { type ContactExtraInfo } from '#db/schema/contacts.ts'

type Props = {
  ticketId: string
  contact: {
    name: string
    number: string | null
    email: string | null
    notes: string | null
    extraInfo: ContactExtraInfo | null
    blocked: boolean
  }
  connectionName: string
  queueName: string | null
  assigneeName: string | null
  observations: string | null
  /** Tags on this ticket, and on its contact (each list is edited on its own). */
  ticketTags: TagChip[]
  contactTags: TagChip[]
  timeline: Array<{
    id: string
    type: string
    createdAt: number
    note: string | null
    actorName: string | null
    toUserName: string | null
    toQueueName: string | null
  }>
  locale: string
  timeZone: string
  /** The customer's rating of this ticket (bot), when there is one or it is awaited. */
  rating?: { score: number | null; status: 'pending' | 'rated' | 'expired' | null }
  /** The contact's Kanban stage (select), when the page loads the stages. */
  kanban?: { contactId: string; stageId: string | null; stages: StageOption[] }
}

function Row({ label, value, wrap }: { label: string; value: React.ReactNode; wrap?: boolean }) {
  return (
    <div className="flex justify-between gap-3 text-sm">
      <dt className="text-muted-foreground shrink-0">{label}</dt>
      <dd
        className={cn('min-w-0 text-right', wrap ? 'break-words whitespace-pre-wrap' : 'truncate')}
      >
        {value}
      </dd>
    </div>
  )
}

/** "15/03/1990" / "3/15/1990": a calendar day, never shifted by a time zone. */
function formatBirthDate(value: string, locale: string) {
  const [year, month, day] = value.split('-').map(Number)
  if (!year || !month || !day) return value
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, day),
  )
}

/** Contact and ticket details beside the conversation: who, where, notes, tags, what happened. */
export function TicketSidePanel(props: Props) {
  // A different ticket starts with the editor closed.
  return <PanelBody key={props.ticketId} {...props} />
}

function PanelBody(props: Props) {
  const { t } = useTranslation()
  const notes = useFetcher<{ ok: boolean }>()
  const [editing, setEditing] = useState(false)
  const { contact } = props
  // Renamed, recoloured or deleted tags show at once.
  useRevalidateOn(['tag.updated', 'tag.deleted'])
  const extra = contact.extraInfo ?? {}
  return (
    <div className="flex flex-col gap-5 p-4">
      <div className="flex flex-col items-center gap-2 text-center">
        <span
          className="bg-accent text-accent-foreground flex size-16 items-center justify-center rounded-full text-xl font-semibold"
          aria-hidden
        >
          {initials(contact.name)}
        </span>
        <p className="font-semibold break-words" data-testid="contact-name">
          {contact.name}
        </p>
        <p className="text-muted-foreground text-sm">{formatPhone(contact.number)}</p>
        {contact.email ? (
          <p className="text-muted-foreground max-w-full truncate text-sm">{contact.email}</p>
        ) : null}
        {contact.blocked ? (
          <Badge variant="destructive" data-testid="contact-blocked">
            <Ban className="size-3" aria-hidden />
            {t('panel.contactEditor.blocked')}
          </Badge>
        ) : null}
        {editing ? null : (
          <div className="flex flex-wrap justify-center gap-2">
            <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
              <Pencil />
              {t('panel.contactEditor.edit')}
            </Button>
            <BlockContactButton
              ticketId={props.ticketId}
              name={contact.name}
              blocked={contact.blocked}
            />
          </div>
        )}
      </div>
      {editing ? (
        <ContactEditor
          ticketId={props.ticketId}
          contact={contact}
          onDone={() => setEditing(false)}
        />
      ) : (
        <>
          <dl className="flex flex-col gap-1.5">
            {extra.cpf ? (
              <Row label={t('panel.contactEditor.cpf')} value={formatCpf(extra.cpf)} />
            ) : null}
            {extra.birthDate ? (
              <Row
                label={t('panel.contactEditor.birthDate')}
                value={formatBirthDate(extra.birthDate, props.locale)}
              />
            ) : null}
            {extra.address ? (
              <Row label={t('panel.contactEditor.address')} value={extra.address} wrap />
            ) : null}
            {extra.custom?.map((field) => (
              <Row key={field.key} label={field.key} value={field.value} wrap />
            ))}
            <Row label={t('panel.side.connection')} value={props.connectionName} />
            <Row label={t('panel.side.queue')} value={props.queueName ?? t('panel.noQueue')} />
            <Row
              label={t('panel.side.assignee')}
              value={props.assigneeName ?? t('panel.unassigned')}
            />
          </dl>
          {contact.notes ? (
            <div>
              <p className="text-muted-foreground mb-1 text-xs font-semibold uppercase">
                {t('panel.contactEditor.notes')}
              </p>
              <p className="text-sm break-words whitespace-pre-wrap">{contact.notes}</p>
            </div>
          ) : null}
        </>
      )}
      {props.rating ? <TicketRating {...props.rating} /> : null}
      {props.kanban ? <StageSelect {...props.kanban} /> : null}
      <div className="flex flex-col gap-3">
        <TagSection ticketId={props.ticketId} target="ticket" tags={props.ticketTags} />
        <TagSection ticketId={props.ticketId} target="contact" tags={props.contactTags} />
      </div>
      <notes.Form
        method="POST"
        action={`/resources/tickets/${props.ticketId}/observations`}
        className="flex flex-col gap-2"
      >
        <label
          htmlFor="observations"
          className="text-muted-foreground text-xs font-semibold uppercase"
        >
          {t('panel.side.observations')}
        </label>
        <Textarea
          id="observations"
          name="observations"
          defaultValue={props.observations ?? ''}
          key={props.observations ?? ''}
        />
        <div className="flex items-center justify-end gap-2">
          {notes.state === 'idle' && notes.data?.ok ? (
            <span className="text-muted-foreground text-xs">{t('panel.side.saved')}</span>
          ) : null}
          <Button type="submit" size="sm" variant="secondary" disabled={notes.state !== 'idle'}>
            {t('panel.side.saveObservations')}
          </Button>
        </div>
      </notes.Form>
      <div>
        <p className="text-muted-foreground mb-2 text-xs font-semibold uppercase">
          {t('panel.side.history')}
        </p>
        <ol className="flex flex-col gap-2 border-l pl-3">
          {props.timeline.map((event) => (
            <li key={event.id} className="text-xs">
              <p className="font-medium">
                {t(`panel.side.event.${event.type}`, {
                  actor: event.actorName ?? t('panel.side.system'),
                })}
                {event.toUserName ? ` → ${event.toUserName}` : ''}
                {event.type === 'transferred' && event.toQueueName ? ` (${event.toQueueName})` : ''}
              </p>
              {event.note ? <p className="text-muted-foreground">“{event.note}”</p> : null}
              <p className="text-muted-foreground" suppressHydrationWarning>
                {formatDateTime(event.createdAt, props.locale, props.timeZone)}
              </p>
            </li>
          ))}
        </ol>
      </div>
    </div>
  )
}
