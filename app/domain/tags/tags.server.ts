import { and, count, eq, ne, sql } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { forbidden, invalid, notFound, parseOrInvalid } from '#app/domain/errors.ts'
import { visibleTickets } from '#app/domain/tickets/access.server.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { contactTags, tags, ticketTags } from '#db/schema/tags.ts'
import { tickets } from '#db/schema/tickets.ts'
import { foldTagName, type TagEditorInput, TagEditorSchema } from './tag-schema.ts'

/** Admins and supervisors organise the company's tags; everyone may use them. */
export const canManageTags = (actor: Pick<Actor, 'role'>) =>
  actor.role === 'admin' || actor.role === 'supervisor'

function requireManager(actor: Actor) {
  if (!canManageTags(actor)) throw forbidden()
}

/**
 * The Tags page: every tag of the company with how many contacts and tickets carry it, in one
 * statement (two grouped counts joined to the tags). Tickets are counted among those the actor may
 * see, so an agent never learns how busy another queue is.
 */
export function listTags(db: DbOrTx, actor: Actor) {
  const contactCounts = db
    .select({ tagId: contactTags.tagId, n: count().as('contact_n') })
    .from(contactTags)
    .where(eq(contactTags.companyId, actor.companyId))
    .groupBy(contactTags.tagId)
    .as('contact_counts')
  const ticketCounts = db
    .select({ tagId: ticketTags.tagId, n: count().as('ticket_n') })
    .from(ticketTags)
    .innerJoin(tickets, eq(tickets.id, ticketTags.ticketId))
    .where(and(eq(ticketTags.companyId, actor.companyId), visibleTickets(db, actor)))
    .groupBy(ticketTags.tagId)
    .as('ticket_counts')
  return db
    .select({
      id: tags.id,
      name: tags.name,
      color: tags.color,
      contactCount: sql<number>`coalesce(${contactCounts.n}, 0)`,
      ticketCount: sql<number>`coalesce(${ticketCounts.n}, 0)`,
    })
    .from(tags)
    .leftJoin(contactCounts, eq(contactCounts.tagId, tags.id))
    .leftJoin(ticketCounts, eq(ticketCounts.tagId, tags.id))
    .where(eq(tags.companyId, actor.companyId))
    .orderBy(sql`${tags.name} collate nocase`)
    .all()
}

export type TagRow = ReturnType<typeof listTags>[number]

/** One tag of the actor's company with its counts; other companies' tags do not exist. */
export function getTag(db: DbOrTx, actor: Actor, tagId: string) {
  const tag = listTags(db, actor).find((row) => row.id === tagId)
  if (!tag) throw notFound('Tag')
  return tag
}

const parse = (input: TagEditorInput) => parseOrInvalid(TagEditorSchema, input)

/** "VIP" and "vip " are the same tag: a second one is a field error on the name. */
function assertNameFree(tx: DbOrTx, actor: Actor, name: string, exceptId?: string) {
  const folded = foldTagName(name)
  const taken = tx
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(and(eq(tags.companyId, actor.companyId), exceptId ? ne(tags.id, exceptId) : undefined))
    .all()
    .some((tag) => foldTagName(tag.name) === folded)
  if (taken) throw invalid('name', 'validation.nameTaken')
}

function announce(
  tx: Tx,
  actor: Actor,
  type: 'tag.created' | 'tag.updated' | 'tag.deleted',
  tagId: string,
) {
  emit(tx, {
    type,
    companyId: actor.companyId,
    audience: { type: 'company' },
    payload: { tagId },
  })
}

export function createTag(db: Db, actor: Actor, input: TagEditorInput) {
  requireManager(actor)
  const value = parse(input)
  return transaction(db, (tx) => {
    assertNameFree(tx, actor, value.name)
    const tag = tx
      .insert(tags)
      .values({ companyId: actor.companyId, name: value.name, color: value.color })
      .returning({ id: tags.id, name: tags.name, color: tags.color })
      .get()
    audit(tx, actor, {
      action: 'tag.created',
      entityType: 'tag',
      entityId: tag.id,
      details: { name: tag.name },
    })
    announce(tx, actor, 'tag.created', tag.id)
    return tag
  })
}

/** Rename and/or recolour: every contact and ticket carrying it shows the change. */
export function updateTag(db: Db, actor: Actor, tagId: string, input: TagEditorInput) {
  requireManager(actor)
  const value = parse(input)
  return transaction(db, (tx) => {
    const before = tx
      .select()
      .from(tags)
      .where(and(eq(tags.id, tagId), eq(tags.companyId, actor.companyId)))
      .get()
    if (!before) throw notFound('Tag')
    assertNameFree(tx, actor, value.name, tagId)
    if (before.name === value.name && before.color === value.color)
      return { id: before.id, name: before.name, color: before.color }
    const tag = tx
      .update(tags)
      .set({ name: value.name, color: value.color })
      .where(eq(tags.id, tagId))
      .returning({ id: tags.id, name: tags.name, color: tags.color })
      .get()!
    audit(tx, actor, {
      action: 'tag.updated',
      entityType: 'tag',
      entityId: tag.id,
      details: { from: { name: before.name, color: before.color }, to: value },
    })
    announce(tx, actor, 'tag.updated', tag.id)
    return tag
  })
}

/** Deletes the tag and takes it off every contact and ticket, all or nothing. */
export function deleteTag(db: Db, actor: Actor, tagId: string) {
  requireManager(actor)
  return transaction(db, (tx) => {
    const tag = tx
      .select({ id: tags.id, name: tags.name })
      .from(tags)
      .where(and(eq(tags.id, tagId), eq(tags.companyId, actor.companyId)))
      .get()
    if (!tag) throw notFound('Tag')
    const contacts = tx.delete(contactTags).where(eq(contactTags.tagId, tagId)).run().changes
    const ticketsRemoved = tx.delete(ticketTags).where(eq(ticketTags.tagId, tagId)).run().changes
    tx.delete(tags).where(eq(tags.id, tagId)).run()
    audit(tx, actor, {
      action: 'tag.deleted',
      entityType: 'tag',
      entityId: tag.id,
      details: { name: tag.name, contacts, tickets: ticketsRemoved },
    })
    announce(tx, actor, 'tag.deleted', tag.id)
    return { ...tag, contacts, tickets: ticketsRemoved }
  })
}
