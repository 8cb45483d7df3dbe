import { and, asc, desc, eq } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { defaultConnectionFor } from '#app/domain/connections/connections.server.ts'
import { DomainError, invalid, notFound } from '#app/domain/errors.ts'
import { transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { queues } from '#db/schema/queues.ts'
import { contacts } from '#db/schema/contacts.ts'
import { users } from '#db/schema/users.ts'
import { mayAccessTicket, mayUseQueue } from './access.server.ts'
import { acceptTicket, findActiveTicket, lastTicketOf, openTicket } from './lifecycle.server.ts'

export type StartConversationInput = {
  contactId: string
  /** Empty: the actor's default connection (defaultConnectionFor). */
  connectionId?: string | null
  queueId?: string | null
}

/**
 * The connections a conversation can start on (the company default first) and the one the dialog
 * preselects: the actor's own default connection, else the company's (defaultConnectionFor).
 */
export function startOptions(db: DbOrTx, actor: Actor) {
  const list = db
    .select({
      id: connections.id,
      name: connections.name,
      status: connections.status,
      isDefault: connections.isDefault,
      queueId: connections.queueId,
    })
    .from(connections)
    .where(eq(connections.companyId, actor.companyId))
    .orderBy(desc(connections.isDefault), asc(connections.name))
    .all()
  const queueList = db
    .select({ id: queues.id, name: queues.name, color: queues.color })
    .from(queues)
    .where(eq(queues.companyId, actor.companyId))
    .orderBy(asc(queues.order), asc(queues.name))
    .all()
    .filter((queue) => mayUseQueue(actor, queue.id))
  return {
    connections: list,
    queues: queueList,
    defaultConnectionId: defaultConnectionFor(db, actor),
  }
}

/**
 * Where to write to a contact on a connection: where it was reached there before (WhatsApp may
 * know an old mobile without the 9th digit), else the group, else the number (the simulator
 * addresses digits, WhatsApp a JID).
 */
export function conversationChatId(
  tx: DbOrTx,
  contact: { id: string; number: string | null; groupId: string | null },
  connection: { id: string; channel: string },
) {
  const previous = lastTicketOf(tx, contact.id, connection.id, { imported: false })
  return (
    previous?.chatId ??
    contact.groupId ??
    (connection.channel === 'whatsapp'
      ? `${contact.number}@s.whatsapp.net`
      : (contact.number ?? ''))
  )
}

/**
 * "Iniciar conversa" from a contact: on the chosen connection, the contact's active ticket is
 * reused (mine: as is; waiting: I accept it; someone else's: refused, naming them), or a new one
 * is opened, assigned to me, in the chosen queue, else the connection's, else my only queue.
 * An active ticket the actor may not see (mayAccessTicket: another queue, or hidden without a
 * queue) is refused without a word about it — no id, no agent. Returns the ticket the page opens.
 */
export function startConversation(db: Db, actor: Actor, input: StartConversationInput) {
  return transaction(db, (tx) => {
    const contact = tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.id, input.contactId), eq(contacts.companyId, actor.companyId)))
      .get()
    if (!contact) throw notFound('Contact')
    if (contact.blocked)
      throw new DomainError('The contact is blocked', 'contacts.start.blocked', 409)
    if (!contact.number && !contact.groupId)
      throw new DomainError('The contact has no number', 'contacts.start.noNumber', 409)
    const connection = tx
      .select()
      .from(connections)
      .where(
        and(
          eq(connections.id, input.connectionId || (defaultConnectionFor(tx, actor) ?? '')),
          eq(connections.companyId, actor.companyId),
        ),
      )
      .get()
    if (!connection) throw invalid('connectionId', 'validation.invalid')

    const active = findActiveTicket(tx, contact.id, connection.id)
    if (active) {
      if (!mayAccessTicket(tx, actor, active))
        throw new DomainError(
          'The contact is being served in a queue the actor cannot see',
          'contacts.start.otherQueue',
          409,
        )
      if (active.status === 'open' && active.userId === actor.userId) return active
      if (active.status === 'open' && active.userId) {
        const owner = tx
          .select({ name: users.name })
          .from(users)
          .where(eq(users.id, active.userId))
          .get()
        throw new DomainError(
          'The contact is talking to someone else',
          'contacts.start.takenBy',
          409,
          undefined,
          { name: owner?.name ?? '?' },
        )
      }
      return acceptTicket(tx, actor, active)
    }

    let queueId: string | null
    if (input.queueId) {
      const queue = tx
        .select({ id: queues.id })
        .from(queues)
        .where(and(eq(queues.id, input.queueId), eq(queues.companyId, actor.companyId)))
        .get()
      if (!queue || !mayUseQueue(actor, queue.id)) throw invalid('queueId', 'validation.invalid')
      queueId = queue.id
    } else {
      queueId =
        connection.queueId ?? (actor.queueIds.length === 1 ? (actor.queueIds[0] ?? null) : null)
    }
    const chatId = conversationChatId(tx, contact, connection)
    const { ticket } = openTicket(tx, actor, {
      companyId: actor.companyId,
      contactId: contact.id,
      connectionId: connection.id,
      queueId,
      userId: actor.userId,
      chatId,
      isGroup: contact.isGroup,
      // A person started it: the bot stays out.
      botState: { done: true },
    })
    return ticket
  })
}
