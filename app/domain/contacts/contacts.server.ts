import { and, eq, inArray, sql } from 'drizzle-orm'
import { type Peer } from '#app/channels/types.ts'
import { systemActor } from '#app/domain/actor.ts'
import { closeTicket, findActiveTicket } from '#app/domain/tickets/lifecycle.server.ts'
import { type DbOrTx, prepared } from '#app/utils/db.server.ts'
import { canonicalPhone, phoneVariants } from '#app/utils/phone.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages, tickets } from '#db/schema/tickets.ts'

export type Contact = typeof contacts.$inferSelect

const p = sql.placeholder

function findByLid(tx: DbOrTx, companyId: string, lid: string) {
  return prepared(tx, 'contacts.byLid', () =>
    tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.companyId, p('companyId')), eq(contacts.lid, p('lid'))))
      .prepare(),
  ).get({ companyId, lid })
}

/** By number, with or without the 9th digit. */
function findByPhone(tx: DbOrTx, companyId: string, phone: string) {
  const [canonical, other] = phoneVariants(phone)
  return prepared(tx, 'contacts.byPhone', () =>
    tx
      .select()
      .from(contacts)
      .where(
        and(eq(contacts.companyId, p('companyId')), inArray(contacts.number, [p('a'), p('b')])),
      )
      .prepare(),
  ).get({ companyId, a: canonical, b: other ?? canonical })
}

/**
 * Moves everything of `from` to `into` and deletes `from` (the same person known by LID and by
 * number). Tickets keep their history; an active ticket of `from` is closed when `into` has one.
 */
function mergeContacts(tx: DbOrTx, into: Contact, from: Contact) {
  const active = tx
    .select({ id: tickets.id, connectionId: tickets.connectionId })
    .from(tickets)
    .where(and(eq(tickets.contactId, into.id), inArray(tickets.status, ['pending', 'open'])))
    .all()
  for (const ticket of active) {
    const twin = findActiveTicket(tx, from.id, ticket.connectionId)
    // Its history says so and the lists showing it drop it (the lifecycle announces the close).
    if (twin) closeTicket(tx, systemActor(into.companyId), twin)
  }
  tx.update(tickets).set({ contactId: into.id }).where(eq(tickets.contactId, from.id)).run()
  tx.update(messages).set({ contactId: into.id }).where(eq(messages.contactId, from.id)).run()
  tx.delete(contacts).where(eq(contacts.id, from.id)).run()
}

/**
 * The contact a channel peer is: found by LID or by number (with or without the 9th digit),
 * created when new, completed (LID, number, push name) when the channel tells more.
 */
export function upsertContactFromPeer(
  tx: DbOrTx,
  companyId: string,
  peer: Omit<Peer, 'chatId'> & { chatId?: string },
) {
  if (peer.isGroup && peer.chatId) {
    const existing = tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.companyId, companyId), eq(contacts.groupId, peer.chatId)))
      .get()
    if (existing) return { contact: existing, created: false }
    const contact = tx
      .insert(contacts)
      .values({ companyId, name: peer.name || peer.chatId, isGroup: true, groupId: peer.chatId })
      .returning()
      .get()
    return { contact, created: true }
  }
  const number = peer.phone ? canonicalPhone(peer.phone) : null
  const byLid = peer.lid ? findByLid(tx, companyId, peer.lid) : undefined
  const byPhone = number ? findByPhone(tx, companyId, number) : undefined
  let contact = byPhone ?? byLid
  if (byLid && byPhone && byLid.id !== byPhone.id) {
    mergeContacts(tx, byPhone, byLid)
    contact = byPhone
  }
  if (!contact) {
    const created = tx
      .insert(contacts)
      .values({
        companyId,
        name: peer.name || (number ? `+${number}` : `LID ${peer.lid}`),
        number,
        lid: peer.lid ?? null,
        pushName: peer.name ?? null,
      })
      .returning()
      .get()
    return { contact: created, created: true }
  }
  const patch: Partial<Contact> = {}
  if (number && contact.number !== number) patch.number = number
  if (peer.lid && contact.lid !== peer.lid) patch.lid = peer.lid
  if (peer.name && contact.pushName !== peer.name) {
    patch.pushName = peer.name
    // A name never edited by the team follows the push name.
    if (
      contact.name === contact.pushName ||
      contact.name.startsWith('+') ||
      contact.name.startsWith('LID ')
    )
      patch.name = peer.name
  }
  // The "LID …" placeholder gives way to the number as soon as the number is known.
  if (!patch.name && number && contact.lid && contact.name === `LID ${contact.lid}`)
    patch.name = `+${number}`
  if (Object.keys(patch).length) {
    contact = tx.update(contacts).set(patch).where(eq(contacts.id, contact.id)).returning().get()!
  }
  return { contact, created: false }
}
