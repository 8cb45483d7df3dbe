import { eq, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { type DbOrTx, prepared } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { queues } from '#db/schema/queues.ts'
import { tags, ticketTags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'

/**
 * The one definition of the display rows (types in rows.ts): the ticket list and the conversation
 * select these columns, and the live events carry the same rows read by one prepared query each.
 */

type Tag = { id: string; name: string; color: string }

const parseTags = (json: unknown): Tag[] => (typeof json === 'string' ? JSON.parse(json) : [])

/** The panel's order: the last message, or the creation (a virtual, indexed column). */
export const ticketActivity = sql<number>`${tickets.activityAt}`

const ticketColumns = {
  id: tickets.id,
  status: tickets.status,
  unreadCount: tickets.unreadCount,
  lastMessageText: tickets.lastMessageText,
  lastMessageAt: tickets.lastMessageAt,
  lastInboundAt: tickets.lastInboundAt,
  createdAt: tickets.createdAt,
  activity: ticketActivity,
  isGroup: tickets.isGroup,
  // Where the row belongs (tab, filters, "mine"): the browser files a live row by these.
  queueId: tickets.queueId,
  userId: tickets.userId,
  connectionId: tickets.connectionId,
  contactId: contacts.id,
  contactName: contacts.name,
  contactNumber: contacts.number,
  queueName: queues.name,
  queueColor: queues.color,
  connectionName: connections.name,
  userName: users.name,
  tags: sql<
    Tag[]
  >`(select json_group_array(json_object('id', ${tags.id}, 'name', ${tags.name}, 'color', ${tags.color})) from ${ticketTags} join ${tags} on ${tags.id} = ${ticketTags.tagId} where ${ticketTags.ticketId} = ${tickets.id})`.mapWith(
    parseTags,
  ),
}

/** The ticket rows' select with its joins; the caller adds where / order / limit. */
export function selectTicketRows(db: DbOrTx) {
  return db
    .select(ticketColumns)
    .from(tickets)
    .innerJoin(contacts, eq(contacts.id, tickets.contactId))
    .innerJoin(connections, eq(connections.id, tickets.connectionId))
    .leftJoin(queues, eq(queues.id, tickets.queueId))
    .leftJoin(users, eq(users.id, tickets.userId))
}

/** One ticket as a list row, read by one prepared statement (for the live events). */
export function readTicketRow(tx: DbOrTx, ticketId: string) {
  return prepared(tx, 'rows.ticket', () =>
    selectTicketRows(tx)
      .where(eq(tickets.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: ticketId })
}

const quoted = alias(messages, 'quoted')
const author = alias(users, 'author')

const messageColumns = {
  id: messages.id,
  fromMe: messages.fromMe,
  isPrivate: messages.isPrivate,
  type: messages.type,
  body: messages.body,
  status: messages.status,
  error: messages.error,
  timestamp: messages.timestamp,
  mediaType: messages.mediaType,
  mediaName: messages.mediaName,
  mediaSize: messages.mediaSize,
  // Whether there is a file to show, never where it is stored.
  hasMedia:
    sql<boolean>`(${messages.mediaPath} is not null and ${messages.mediaPath} != '')`.mapWith(
      Boolean,
    ),
  latitude: messages.latitude,
  longitude: messages.longitude,
  reactions: messages.reactions,
  editedAt: messages.editedAt,
  deletedAt: messages.deletedAt,
  authorName: messages.authorName,
  automation: messages.automation,
  userName: author.name,
  quotedId: quoted.id,
  quotedBody: quoted.body,
  quotedType: quoted.type,
  quotedFromMe: quoted.fromMe,
}

/** The conversation's message select with its joins; the caller adds where / order / limit. */
export function selectMessageRows(db: DbOrTx) {
  return db
    .select(messageColumns)
    .from(messages)
    .leftJoin(quoted, eq(quoted.id, messages.quotedMessageId))
    .leftJoin(author, eq(author.id, messages.userId))
}

/** One message as a conversation row, read by one prepared statement (for the live events). */
export function readMessageRow(tx: DbOrTx, messageId: string) {
  return prepared(tx, 'rows.message', () =>
    selectMessageRows(tx)
      .where(eq(messages.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: messageId })
}
