import { and, eq, sql } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { announceContact } from '#app/domain/contacts/edit.server.ts'
import { announceTicket } from '#app/domain/tickets/lifecycle.server.ts'
import { invalid, notFound, parseOrInvalid } from '#app/domain/errors.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { getAccessibleTicket } from '#app/domain/tickets/access.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { contactTags, tags, ticketTags } from '#db/schema/tags.ts'
import { type tickets } from '#db/schema/tickets.ts'
import {
  colorFor,
  foldTagName,
  TAG_TARGETS,
  TagColorSchema,
  TagNameSchema,
  type TagTarget,
} from './tag-schema.ts'

/*
 * Tags on a ticket or on its contact, put and taken off from the side panel ("Criar tag" makes
 * one on the fly). The tags themselves (the Tags page) are in tags.server.ts.
 */

type Ticket = typeof tickets.$inferSelect

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

/**
 * Tag names → tag ids of the company: an existing tag is reused whatever the case or spacing; a new
 * name creates the tag (with its palette colour). One resolver remembers what it saw, so a bulk
 * import reads the company's tags once.
 */
export function tagResolver(actor: Actor) {
  const known = new Map<string, string>()
  let loaded = false
  return (tx: Tx, names: string[]) => {
    const ids: string[] = []
    if (!names.length) return ids
    if (!loaded) {
      for (const tag of listCompanyTags(tx, actor)) known.set(foldTagName(tag.name), tag.id)
      loaded = true
    }
    for (const raw of names) {
      const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim()
      if (!name) continue
      const folded = foldTagName(name)
      let id = known.get(folded)
      if (!id) {
        id = tx
          .insert(tags)
          .values({ companyId: actor.companyId, name, color: colorFor(name) })
          .returning({ id: tags.id })
          .get().id
        known.set(folded, id)
        emit(tx, {
          type: 'tag.created',
          companyId: actor.companyId,
          audience: { type: 'company' },
          payload: { tagId: id },
        })
      }
      if (!ids.includes(id)) ids.push(id)
    }
    return ids
  }
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
  else announceTicket(tx, ticket, 'ticket.updated')
}

/** Links or unlinks a tag of the company; announced only when something changed. */
function changeTag(db: Db, actor: Actor, input: TagInput, change: typeof link) {
  assertTarget(input.target)
  const ticket = getAccessibleTicket(db, actor, input.ticketId)
  return transaction(db, (tx) => {
    const tag = companyTag(tx, actor, input.tagId)
    if (change(tx, ticket, input.target, tag.id)) announceTags(tx, ticket, input.target)
    return tag
  })
}

/** Puts an existing tag on the ticket or on its contact (again is a no-op). */
export const applyTag = (db: Db, actor: Actor, input: TagInput) => changeTag(db, actor, input, link)

/** Takes a tag off the ticket or its contact (the tag itself stays). */
export const removeTag = (db: Db, actor: Actor, input: TagInput) =>
  changeTag(db, actor, input, unlink)

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
