import { and, eq, inArray, or, sql } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { invalid, notFound, parseOrInvalid } from '#app/domain/errors.ts'
import { getAccessibleTicket } from '#app/domain/tickets/access.server.ts'
import { emitTicketEvent } from '#app/domain/tickets/audience.server.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { contactTags, tags, ticketTags } from '#db/schema/tags.ts'
import { type ContactExtraInfo, contacts } from '#db/schema/contacts.ts'
import { tickets } from '#db/schema/tickets.ts'
import {
  ContactEditorSchema,
  type ContactEditorInput,
  foldTagName,
  TAG_TARGETS,
  TagColorSchema,
  TagNameSchema,
  type TagTarget,
} from './contact-schema.ts'

type Ticket = typeof tickets.$inferSelect

function announceTicket(tx: Tx, ticket: Ticket) {
  const payload = {
    ticketId: ticket.id,
    status: ticket.status,
    queueId: ticket.queueId,
    userId: ticket.userId,
  }
  emitTicketEvent(tx, ticket, { type: 'ticket.updated', payload })
}

/**
 * The contact changed. Contacts are company-wide (every user sees the contact list), so the company
 * hears `contact.updated` — with the contact only: which ticket it was edited from is not theirs to
 * know. Every screen showing this ticket or another active ticket of the contact (list rows,
 * conversation headers) hears `ticket.updated` with that ticket's own audience.
 */
function announceContact(tx: Tx, ticket: Ticket) {
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
  for (const row of shown) announceTicket(tx, row)
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

export type TagInput = { ticketId: string; target: TagTarget; tagId: string }
export type NewTagInput = {
  ticketId: string
  target: TagTarget
  name: string
  color?: string | null
}

/** The company's tags, by name (the tag picker). */
export function listCompanyTags(db: DbOrTx, actor: Actor) {
  return db
    .select({ id: tags.id, name: tags.name, color: tags.color })
    .from(tags)
    .where(eq(tags.companyId, actor.companyId))
    .orderBy(sql`${tags.name} collate nocase`)
    .all()
}

function assertTarget(target: string): asserts target is TagTarget {
  if (!(TAG_TARGETS as readonly string[]).includes(target))
    throw invalid('target', 'validation.invalid')
}

/** A tag of the actor's company; tags of other companies do not exist (404). */
function companyTag(tx: DbOrTx, actor: Actor, tagId: string) {
  const tag = tx
    .select({ id: tags.id, name: tags.name, color: tags.color })
    .from(tags)
    .where(and(eq(tags.id, tagId), eq(tags.companyId, actor.companyId)))
    .get()
  if (!tag) throw notFound('Tag')
  return tag
}

function link(tx: Tx, ticket: Ticket, target: TagTarget, tagId: string) {
  return target === 'ticket'
    ? tx
        .insert(ticketTags)
        .values({ companyId: ticket.companyId, ticketId: ticket.id, tagId })
        .onConflictDoNothing()
        .run().changes
    : tx
        .insert(contactTags)
        .values({ companyId: ticket.companyId, contactId: ticket.contactId, tagId })
        .onConflictDoNothing()
        .run().changes
}

function unlink(tx: Tx, ticket: Ticket, target: TagTarget, tagId: string) {
  return target === 'ticket'
    ? tx
        .delete(ticketTags)
        .where(and(eq(ticketTags.ticketId, ticket.id), eq(ticketTags.tagId, tagId)))
        .run().changes
    : tx
        .delete(contactTags)
        .where(and(eq(contactTags.contactId, ticket.contactId), eq(contactTags.tagId, tagId)))
        .run().changes
}

function announceTags(tx: Tx, ticket: Ticket, target: TagTarget) {
  if (target === 'contact') announceContact(tx, ticket)
  else announceTicket(tx, ticket)
}

/** Puts an existing tag on the ticket or on its contact (again is a no-op). */
export function applyTag(db: Db, actor: Actor, input: TagInput) {
  assertTarget(input.target)
  const ticket = getAccessibleTicket(db, actor, input.ticketId)
  return transaction(db, (tx) => {
    const tag = companyTag(tx, actor, input.tagId)
    if (link(tx, ticket, input.target, tag.id)) announceTags(tx, ticket, input.target)
    return tag
  })
}

/** Takes a tag off the ticket or its contact (the tag itself stays). */
export function removeTag(db: Db, actor: Actor, input: TagInput) {
  assertTarget(input.target)
  const ticket = getAccessibleTicket(db, actor, input.ticketId)
  return transaction(db, (tx) => {
    const tag = companyTag(tx, actor, input.tagId)
    if (unlink(tx, ticket, input.target, tag.id)) announceTags(tx, ticket, input.target)
    return tag
  })
}

/** Readable on white text, in light and dark themes. */
export const TAG_PALETTE = [
  '#dc2626',
  '#ea580c',
  '#d97706',
  '#16a34a',
  '#0d9488',
  '#0284c7',
  '#2563eb',
  '#7c3aed',
  '#c026d3',
  '#db2777',
  '#64748b',
]

export function colorFor(name: string) {
  let hash = 0
  for (const char of foldTagName(name)) hash = (hash * 31 + char.codePointAt(0)!) >>> 0
  return TAG_PALETTE[hash % TAG_PALETTE.length]!
}

/**
 * "Criar tag" in the picker: a new tag of the company, applied at once. A name that exists already
 * (ignoring case) reuses that tag instead of making a twin.
 */
export function createTagAndApply(db: Db, actor: Actor, input: NewTagInput) {
  assertTarget(input.target)
  const name = parseOrInvalid(
    TagNameSchema,
    input.name?.normalize('NFC').replace(/\s+/g, ' '),
    'name',
  )
  const color = input.color
    ? parseOrInvalid(TagColorSchema, input.color, 'color').toLowerCase()
    : null
  const ticket = getAccessibleTicket(db, actor, input.ticketId)
  return transaction(db, (tx) => {
    const folded = foldTagName(name)
    const existing = listCompanyTags(tx, actor).find((tag) => foldTagName(tag.name) === folded)
    const tag =
      existing ??
      tx
        .insert(tags)
        .values({ companyId: actor.companyId, name, color: color ?? colorFor(name) })
        .returning({ id: tags.id, name: tags.name, color: tags.color })
        .get()
    if (!existing) {
      audit(tx, actor, {
        action: 'tag.created',
        entityType: 'tag',
        entityId: tag.id,
        details: { name: tag.name, ticketId: ticket.id },
      })
      emit(tx, {
        type: 'tag.created',
        companyId: actor.companyId,
        audience: { type: 'company' },
        payload: { tagId: tag.id },
      })
    }
    if (link(tx, ticket, input.target, tag.id)) announceTags(tx, ticket, input.target)
    return { tag, created: !existing }
  })
}
