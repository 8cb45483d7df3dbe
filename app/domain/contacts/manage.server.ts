import { and, count, eq, inArray, ne, sql } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { DomainError, forbidden, invalid, notFound, parseOrInvalid } from '#app/domain/errors.ts'
import { announceTicketDeleted } from '#app/domain/tickets/lifecycle.server.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { formatPhone, phoneVariants } from '#app/utils/phone.ts'
import { contactTags, tags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import {
  CONTACT_TAGS_MAX,
  ContactFormSchema,
  type ContactFormInput,
  TagNamesSchema,
} from './contact-schema.ts'
import { mergeExtraInfo } from './edit.server.ts'
import { tagResolver } from '#app/domain/tags/apply.server.ts'

export type TagChip = { id: string; name: string; color: string }

/** Deleting contacts (and with them their tickets and messages), importing and exporting. */
export const canManageContacts = (actor: Pick<Actor, 'role'>) =>
  actor.role === 'admin' || actor.role === 'supervisor'

export function assertCanManageContacts(actor: Actor) {
  if (!canManageContacts(actor)) throw forbidden()
}

/** A contact of the actor's company, or a 404. */
export function companyContact(db: DbOrTx, actor: Actor, contactId: string) {
  const contact = db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.companyId, actor.companyId)))
    .get()
  if (!contact) throw notFound('Contact')
  return contact
}

/** The tags of some contacts, by contact id (one query for a whole page). */
export function tagsOfContacts(db: DbOrTx, contactIds: string[]) {
  const byContact = new Map<string, TagChip[]>()
  if (!contactIds.length) return byContact
  const rows = db
    .select({
      contactId: contactTags.contactId,
      id: tags.id,
      name: tags.name,
      color: tags.color,
    })
    .from(contactTags)
    .innerJoin(tags, eq(tags.id, contactTags.tagId))
    .where(inArray(contactTags.contactId, contactIds))
    .orderBy(sql`${tags.name} collate nocase`)
    .all()
  for (const { contactId, ...tag } of rows) {
    const list = byContact.get(contactId) ?? []
    list.push(tag)
    byContact.set(contactId, list)
  }
  return byContact
}

/** The contact page: the contact, its tags, and how many tickets and messages a delete removes. */
export function getContactForEditing(db: DbOrTx, actor: Actor, contactId: string) {
  const contact = companyContact(db, actor, contactId)
  const ticketCount =
    db.select({ n: count() }).from(tickets).where(eq(tickets.contactId, contact.id)).get()?.n ?? 0
  const messageCount =
    db.select({ n: count() }).from(messages).where(eq(messages.contactId, contact.id)).get()?.n ?? 0
  return {
    contact,
    tags: tagsOfContacts(db, [contact.id]).get(contact.id) ?? [],
    ticketCount,
    messageCount,
  }
}

/** Another contact of the company with this number (with or without the 9th digit). */
export function contactWithNumber(db: DbOrTx, companyId: string, number: string, except?: string) {
  return db
    .select({ id: contacts.id, name: contacts.name })
    .from(contacts)
    .where(
      and(
        eq(contacts.companyId, companyId),
        inArray(contacts.number, phoneVariants(number)),
        except ? ne(contacts.id, except) : undefined,
      ),
    )
    .get()
}

/** Makes the contact's tags exactly `tagIds`. */
function replaceTags(tx: Tx, companyId: string, contactId: string, tagIds: string[]) {
  const current = tx
    .select({ tagId: contactTags.tagId })
    .from(contactTags)
    .where(eq(contactTags.contactId, contactId))
    .all()
    .map((row) => row.tagId)
  const gone = current.filter((id) => !tagIds.includes(id))
  if (gone.length)
    tx.delete(contactTags)
      .where(and(eq(contactTags.contactId, contactId), inArray(contactTags.tagId, gone)))
      .run()
  const added = tagIds.filter((id) => !current.includes(id))
  if (added.length)
    tx.insert(contactTags)
      .values(added.map((tagId) => ({ companyId, contactId, tagId })))
      .onConflictDoNothing()
      .run()
  return gone.length + added.length > 0
}

function announce(
  tx: Tx,
  actor: Actor,
  type: 'contact.created' | 'contact.updated' | 'contact.deleted',
  contactId: string,
) {
  emit(tx, {
    type,
    companyId: actor.companyId,
    audience: { type: 'company' },
    payload: { contactId },
  })
}

function numberTaken(number: string, other: { name: string }) {
  return invalid('number', 'contacts.numberTaken', {
    name: other.name,
    number: formatPhone(number),
  })
}

/** Contatos → Novo: a contact typed in by a person (source "manual"). */
export function createContact(db: Db, actor: Actor, input: ContactFormInput) {
  const value = parseOrInvalid(ContactFormSchema, input)
  return transaction(db, (tx) => {
    const other = contactWithNumber(tx, actor.companyId, value.number)
    if (other) throw numberTaken(value.number, other)
    const contact = tx
      .insert(contacts)
      .values({
        companyId: actor.companyId,
        name: value.name,
        number: value.number,
        email: value.email ?? null,
        notes: value.notes || null,
        extraInfo: mergeExtraInfo(null, value),
        source: 'manual',
      })
      .returning()
      .get()
    replaceTags(tx, actor.companyId, contact.id, tagResolver(actor)(tx, value.tags))
    audit(tx, actor, { action: 'contact.created', entityType: 'contact', entityId: contact.id })
    announce(tx, actor, 'contact.created', contact.id)
    return contact
  })
}

/** Contatos → Editar: every field, the tags as given (the audit keeps which fields changed). */
export function updateContact(db: Db, actor: Actor, contactId: string, input: ContactFormInput) {
  const value = parseOrInvalid(ContactFormSchema, input)
  return transaction(db, (tx) => {
    const before = companyContact(tx, actor, contactId)
    const other = contactWithNumber(tx, actor.companyId, value.number, before.id)
    if (other) throw numberTaken(value.number, other)
    const patch = {
      name: value.name,
      number: value.number,
      email: value.email ?? null,
      notes: value.notes || null,
      extraInfo: mergeExtraInfo(before.extraInfo, value),
    }
    const changed: string[] = (Object.keys(patch) as Array<keyof typeof patch>).filter(
      (key) => JSON.stringify(patch[key]) !== JSON.stringify(before[key]),
    )
    const contact = changed.length
      ? tx.update(contacts).set(patch).where(eq(contacts.id, before.id)).returning().get()!
      : before
    if (replaceTags(tx, actor.companyId, contact.id, tagResolver(actor)(tx, value.tags)))
      changed.push('tags')
    if (!changed.length) return contact
    audit(tx, actor, {
      action: 'contact.updated',
      entityType: 'contact',
      entityId: contact.id,
      details: { changed },
    })
    announce(tx, actor, 'contact.updated', contact.id)
    return contact
  })
}

/**
 * Sets a contact's tags to exactly these (the API's "tags of a contact"): `tagIds` of the
 * company's tags (another company's id is a field error, as if unknown) and/or `names` (an existing
 * tag reused whatever its case, a new name creates the tag). Announced and audited like an edit.
 */
export function setContactTags(
  db: Db,
  actor: Actor,
  contactId: string,
  input: { tagIds?: string[]; names?: string[] },
) {
  const names = parseOrInvalid(TagNamesSchema, input.names ?? [], 'names')
  return transaction(db, (tx) => {
    const contact = companyContact(tx, actor, contactId)
    const ids = [...new Set(input.tagIds ?? [])]
    if (ids.length) {
      const known = tx
        .select({ id: tags.id })
        .from(tags)
        .where(and(eq(tags.companyId, actor.companyId), inArray(tags.id, ids)))
        .all()
      if (known.length !== ids.length) throw invalid('tagIds', 'validation.invalid')
    }
    const tagIds = [...new Set([...ids, ...tagResolver(actor)(tx, names)])]
    if (tagIds.length > CONTACT_TAGS_MAX)
      throw invalid('tagIds', 'validation.tagsMax', { count: CONTACT_TAGS_MAX })
    if (!replaceTags(tx, actor.companyId, contact.id, tagIds)) return contact
    audit(tx, actor, {
      action: 'contact.updated',
      entityType: 'contact',
      entityId: contact.id,
      details: { changed: ['tags'] },
    })
    announce(tx, actor, 'contact.updated', contact.id)
    return contact
  })
}

/**
 * Deletes a contact with everything of it: its tickets and their messages go too (the foreign keys
 * cascade). Admins and supervisors only; a contact with an open conversation of someone else is
 * refused so nobody loses a chat mid-way.
 */
export function deleteContact(db: Db, actor: Actor, contactId: string) {
  assertCanManageContacts(actor)
  return transaction(db, (tx) => {
    const contact = companyContact(tx, actor, contactId)
    const busy = tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(
        and(
          eq(tickets.contactId, contact.id),
          eq(tickets.status, 'open'),
          ne(tickets.userId, actor.userId),
        ),
      )
      .get()
    if (busy)
      throw new DomainError('The contact is in an open conversation', 'contacts.deleteBusy', 409)
    const ticketCount =
      tx.select({ n: count() }).from(tickets).where(eq(tickets.contactId, contact.id)).get()?.n ?? 0
    const active = tx
      .select({
        id: tickets.id,
        companyId: tickets.companyId,
        status: tickets.status,
        queueId: tickets.queueId,
        userId: tickets.userId,
      })
      .from(tickets)
      .where(and(eq(tickets.contactId, contact.id), inArray(tickets.status, ['pending', 'open'])))
      .all()
    // Ticket lists showing one of its active tickets must drop it.
    for (const ticket of active) announceTicketDeleted(tx, ticket)
    tx.delete(contacts).where(eq(contacts.id, contact.id)).run()
    audit(tx, actor, {
      action: 'contact.deleted',
      entityType: 'contact',
      entityId: contact.id,
      details: { name: contact.name, number: contact.number, tickets: ticketCount },
    })
    announce(tx, actor, 'contact.deleted', contact.id)
    return contact
  })
}
