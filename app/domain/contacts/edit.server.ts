import { and, eq, inArray, or } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { notFound, parseOrInvalid } from '#app/domain/errors.ts'
import { getAccessibleTicket } from '#app/domain/tickets/access.server.ts'
import { announceTicket } from '#app/domain/tickets/lifecycle.server.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { type ContactExtraInfo, contacts } from '#db/schema/contacts.ts'
import { tickets } from '#db/schema/tickets.ts'
import { ContactEditorSchema, type ContactEditorInput } from './contact-schema.ts'

type Ticket = typeof tickets.$inferSelect

/**
 * The contact changed. Contacts are company-wide (every user sees the contact list), so the company
 * hears `contact.updated` — with the contact only: which ticket it was edited from is not theirs to
 * know. Every screen showing this ticket or another active ticket of the contact (list rows,
 * conversation headers) hears `ticket.updated` with that ticket's own audience.
 */
export function announceContact(tx: Tx, ticket: Ticket) {
  emit(tx, {
    type: 'contact.updated',
    companyId: ticket.companyId,
    audience: { type: 'company' },
    payload: { contactId: ticket.contactId },
  })
  const shown = tx
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.contactId, ticket.contactId),
        or(eq(tickets.id, ticket.id), inArray(tickets.status, ['pending', 'open'])),
      ),
    )
    .all()
  for (const row of shown) announceTicket(tx, row, 'ticket.updated')
}

function contactOf(tx: DbOrTx, actor: Actor, ticket: Ticket) {
  const contact = tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, ticket.contactId), eq(contacts.companyId, actor.companyId)))
    .get()
  if (!contact) throw notFound('Contact')
  return contact
}

/** extraInfo without empty parts (null when nothing is left); keys this editor does not know are kept. */
export function mergeExtraInfo(
  before: ContactExtraInfo | null,
  input: Pick<ContactExtraInfo, 'cpf' | 'birthDate' | 'address' | 'custom'>,
) {
  const next: ContactExtraInfo = { ...before }
  for (const key of ['cpf', 'birthDate', 'address'] as const) {
    const value = input[key]
    if (value) next[key] = value
    else delete next[key]
  }
  if (input.custom?.length) next.custom = input.custom
  else delete next.custom
  return Object.keys(next).length ? next : null
}

/**
 * Edits the contact of a ticket from the side panel: name, e-mail, notes and the extra fields (CPF
 * stored as digits, birth date, address, custom key/value pairs). Anyone who can see the ticket
 * may; the audit keeps which fields changed, not their values.
 */
export function updateContactFromTicket(
  db: Db,
  actor: Actor,
  ticketId: string,
  input: ContactEditorInput,
) {
  const value = parseOrInvalid(ContactEditorSchema, input)
  const ticket = getAccessibleTicket(db, actor, ticketId)
  return transaction(db, (tx) => {
    const before = contactOf(tx, actor, ticket)
    const patch = {
      name: value.name,
      email: value.email ?? null,
      notes: value.notes || null,
      extraInfo: mergeExtraInfo(before.extraInfo, value),
    }
    const changed = (Object.keys(patch) as Array<keyof typeof patch>).filter(
      (key) => JSON.stringify(patch[key]) !== JSON.stringify(before[key]),
    )
    if (!changed.length) return before
    const contact = tx
      .update(contacts)
      .set(patch)
      .where(eq(contacts.id, before.id))
      .returning()
      .get()!
    audit(tx, actor, {
      action: 'contact.updated',
      entityType: 'contact',
      entityId: contact.id,
      details: { changed, ticketId: ticket.id },
    })
    announceContact(tx, ticket)
    return contact
  })
}

/**
 * Bloquear / desbloquear the contact of a ticket. A blocked contact opens no new tickets; its
 * messages are still stored (see ingest). Open tickets stay as they are.
 */
export function setContactBlocked(db: Db, actor: Actor, ticketId: string, blocked: boolean) {
  const ticket = getAccessibleTicket(db, actor, ticketId)
  return transaction(db, (tx) => {
    const before = contactOf(tx, actor, ticket)
    if (before.blocked === blocked) return before
    const contact = tx
      .update(contacts)
      .set({ blocked })
      .where(eq(contacts.id, before.id))
      .returning()
      .get()!
    audit(tx, actor, {
      action: blocked ? 'contact.blocked' : 'contact.unblocked',
      entityType: 'contact',
      entityId: contact.id,
      details: { ticketId: ticket.id },
    })
    announceContact(tx, ticket)
    return contact
  })
}
