/**
 * The HTTP API's resources (issue 13): contacts, tickets, queues, users, tags and connections, as
 * an integrator reads and changes them. Shaping only: every read and write goes through the
 * module that owns it (contacts/manage, tickets/actions + access, tags/apply, queues, users,
 * connections) with `credential.actor` — the company's system actor — so the access rules are the
 * app's own. What this file adds (docs/decisions/013-http-api.md, "Resources"):
 *
 * - the answer shapes: ids, ISO 8601 times, never a secret, a QR code or a stored file path;
 * - cursor paging (`{ data, nextCursor }`);
 * - the connection limit: a connection token (Conexões) reads only its connection's tickets and
 *   only that connection in the connections list; another connection's ticket is a 404, as if it
 *   did not exist. Contacts, queues, users and tags are company-wide (any user of the company sees
 *   them; `userId`/`queueId` of a send need them).
 */
import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { type ApiCredential } from '#app/domain/api/tokens.server.ts'
import { listConnections } from '#app/domain/connections/connections.server.ts'
import { type ContactSort, listContacts } from '#app/domain/contacts/list.server.ts'
import {
  companyContact,
  createContact,
  setContactTags,
  tagsOfContacts,
  updateContact,
} from '#app/domain/contacts/manage.server.ts'
import { invalid, notFound } from '#app/domain/errors.ts'
import { listQueues } from '#app/domain/queues/queues.server.ts'
import { listCompanyTags } from '#app/domain/tags/apply.server.ts'
import {
  getAccessibleTicket,
  ticketProtocol,
  visibleTickets,
} from '#app/domain/tickets/access.server.ts'
import { closeTicket, reopenTicket, transferTicket } from '#app/domain/tickets/actions.server.ts'
import { getConversation } from '#app/domain/tickets/conversation.server.ts'
import { listUsers } from '#app/domain/users/users.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { type ContactExtraInfo, type ContactSource, contacts } from '#db/schema/contacts.ts'
import { queues } from '#db/schema/queues.ts'
import { tags, ticketTags } from '#db/schema/tags.ts'
import {
  type MessageStatus,
  TICKET_STATUSES,
  type TicketStatus,
  tickets,
} from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'

/** What the resources need of a credential: who acts, and the connection a token is bound to. */
export type ApiCaller = Pick<ApiCredential, 'actor' | 'connectionId'>

export const API_PAGE_DEFAULT = 50
export const API_PAGE_MAX = 100

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString())

// ---- contacts ----

type ContactRow = typeof contacts.$inferSelect
type TagChip = { id: string; name: string; color: string }

/** A contact as the API shows it (groups and LIDs are the app's business, not the integrator's). */
function contactOut(contact: ContactRow, tagChips: TagChip[]) {
  const extra: ContactExtraInfo = contact.extraInfo ?? {}
  return {
    id: contact.id,
    name: contact.name,
    number: contact.number,
    email: contact.email,
    notes: contact.notes,
    cpf: extra.cpf ?? null,
    birthDate: extra.birthDate ?? null,
    address: extra.address ?? null,
    custom: extra.custom ?? [],
    source: contact.source,
    blocked: contact.blocked,
    isGroup: contact.isGroup,
    profilePictureUrl: contact.profilePictureUrl,
    tags: tagChips,
    createdAt: iso(contact.createdAt)!,
    updatedAt: iso(contact.updatedAt)!,
  }
}

export type ApiContact = ReturnType<typeof contactOut>

export type ApiContactListQuery = {
  search?: string
  tagId?: string
  source?: ContactSource
  sort?: ContactSort
  cursor?: string
  limit?: number
}

/** Whether a cursor is one listContacts wrote (base64url of `[key, id]`): others are a 400. */
function isContactCursor(cursor: string) {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString())
    return Array.isArray(value) && value.length === 2 && typeof value[1] === 'string'
  } catch {
    return false
  }
}

/** Contatos: the company's contacts (groups aside), by name or newest first, a page at a time. */
export function listApiContacts(db: DbOrTx, caller: ApiCaller, query: ApiContactListQuery = {}) {
  if (query.cursor && !isContactCursor(query.cursor)) throw invalid('cursor', 'validation.invalid')
  const page = listContacts(
    db,
    caller.actor,
    {
      search: query.search ?? '',
      tagId: query.tagId ?? null,
      source: query.source ?? null,
      sort: query.sort ?? 'name',
    },
    { cursor: query.cursor ?? null, limit: query.limit ?? API_PAGE_DEFAULT },
  )
  // listContacts selects the list's columns; the API answers the whole contact, read by id.
  const ids = page.contacts.map((row) => row.id)
  const full = ids.length
    ? new Map(
        db
          .select()
          .from(contacts)
          .where(inArray(contacts.id, ids))
          .all()
          .map((row) => [row.id, row]),
      )
    : new Map<string, ContactRow>()
  return {
    data: page.contacts.flatMap((row) => {
      const contact = full.get(row.id)
      return contact ? [contactOut(contact, row.tags)] : []
    }),
    nextCursor: page.nextCursor,
  }
}

export function getApiContact(db: DbOrTx, caller: ApiCaller, contactId: string) {
  const contact = companyContact(db, caller.actor, contactId)
  return contactOut(contact, tagsOfContacts(db, [contact.id]).get(contact.id) ?? [])
}

export type ApiContactInput = {
  name: string
  number: string
  email?: string | null
  notes?: string | null
  cpf?: string | null
  birthDate?: string | null
  address?: string | null
  custom?: Array<{ key: string; value: string }>
  /** Tag names: an existing tag is reused whatever its case, a new name creates the tag. */
  tags?: string[]
}

/** The contact form's input from the API's (null = clear the field, as an empty field does). */
function formInput(input: ApiContactInput) {
  return {
    name: input.name,
    number: input.number,
    email: input.email ?? undefined,
    notes: input.notes ?? undefined,
    cpf: input.cpf ?? undefined,
    birthDate: input.birthDate ?? undefined,
    address: input.address ?? undefined,
    custom: input.custom ?? [],
    tags: input.tags ?? [],
  }
}

/** Contatos → Novo through the API: the same validation, duplicate check, audit and events. */
export function createApiContact(db: Db, caller: ApiCaller, input: ApiContactInput) {
  const contact = createContact(db, caller.actor, formInput(input))
  return getApiContact(db, caller, contact.id)
}

/**
 * Changes some fields of a contact: the fields given replace, the others stay (`null` clears an
 * optional field). Goes through the contact form's update (validation, duplicate numbers, audit,
 * `contact.updated`); `tags`, when given, become the contact's tags.
 */
export function updateApiContact(
  db: Db,
  caller: ApiCaller,
  contactId: string,
  patch: Partial<ApiContactInput>,
) {
  const before = getApiContact(db, caller, contactId)
  const has = (key: keyof ApiContactInput) => Object.hasOwn(patch, key) && patch[key] !== undefined
  const pick = <K extends keyof ApiContactInput>(key: K, current: ApiContactInput[K]) =>
    Object.hasOwn(patch, key) && patch[key] !== undefined ? patch[key] : current
  updateContact(
    db,
    caller.actor,
    before.id,
    formInput({
      name: pick('name', before.name) as string,
      number: pick('number', before.number ?? '') as string,
      email: pick('email', before.email),
      notes: pick('notes', before.notes),
      cpf: pick('cpf', before.cpf),
      birthDate: pick('birthDate', before.birthDate),
      address: pick('address', before.address),
      custom: pick('custom', before.custom),
      tags: has('tags') ? patch.tags : before.tags.map((tag) => tag.name),
    }),
  )
  return getApiContact(db, caller, before.id)
}

/**
 * Makes the contact's tags exactly these: `tagIds` of the company's tags and/or `names` (an
 * existing tag reused whatever its case, a new one created). Empty lists take every tag off.
 */
export function setApiContactTags(
  db: Db,
  caller: ApiCaller,
  contactId: string,
  input: { tagIds?: string[]; names?: string[] },
) {
  setContactTags(db, caller.actor, contactId, input)
  return getApiContact(db, caller, contactId)
}

// ---- tickets ----

/** The tickets the caller may reach: the actor's visibility, and a connection token's connection. */
function reachableTickets(db: DbOrTx, caller: ApiCaller): SQL {
  return and(
    visibleTickets(db, caller.actor),
    caller.connectionId ? eq(tickets.connectionId, caller.connectionId) : undefined,
  )!
}

/** A ticket the caller may reach, or a 404 (other companies, queues or connections alike). */
function reachableTicket(db: DbOrTx, caller: ApiCaller, ticketId: string) {
  const ticket = getAccessibleTicket(db, caller.actor, ticketId)
  if (caller.connectionId && ticket.connectionId !== caller.connectionId) throw notFound('Ticket')
  return ticket
}

const assignee = alias(users, 'assignee')

function selectApiTickets(db: DbOrTx) {
  return db
    .select({
      id: tickets.id,
      status: tickets.status,
      contactId: tickets.contactId,
      contactName: contacts.name,
      contactNumber: contacts.number,
      connectionId: tickets.connectionId,
      connectionName: connections.name,
      queueId: tickets.queueId,
      queueName: queues.name,
      userId: tickets.userId,
      userName: assignee.name,
      isGroup: tickets.isGroup,
      unreadCount: tickets.unreadCount,
      lastMessageText: tickets.lastMessageText,
      lastMessageAt: tickets.lastMessageAt,
      activityAt: tickets.activityAt,
      closedAt: tickets.closedAt,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
    })
    .from(tickets)
    .innerJoin(contacts, eq(contacts.id, tickets.contactId))
    .innerJoin(connections, eq(connections.id, tickets.connectionId))
    .leftJoin(queues, eq(queues.id, tickets.queueId))
    .leftJoin(assignee, eq(assignee.id, tickets.userId))
}

type TicketSelectRow = Awaited<ReturnType<ReturnType<typeof selectApiTickets>['all']>>[number]

function tagsOfTickets(db: DbOrTx, ticketIds: string[]) {
  const byTicket = new Map<string, TagChip[]>()
  if (!ticketIds.length) return byTicket
  const rows = db
    .select({ ticketId: ticketTags.ticketId, id: tags.id, name: tags.name, color: tags.color })
    .from(ticketTags)
    .innerJoin(tags, eq(tags.id, ticketTags.tagId))
    .where(inArray(ticketTags.ticketId, ticketIds))
    .orderBy(tags.name)
    .all()
  for (const { ticketId, ...tag } of rows)
    byTicket.set(ticketId, [...(byTicket.get(ticketId) ?? []), tag])
  return byTicket
}

function ticketOut(row: TicketSelectRow, tagChips: TagChip[]) {
  return {
    id: row.id,
    protocol: ticketProtocol(row),
    status: row.status,
    contactId: row.contactId,
    contactName: row.contactName,
    contactNumber: row.contactNumber,
    connectionId: row.connectionId,
    connectionName: row.connectionName,
    queueId: row.queueId,
    queueName: row.queueName,
    userId: row.userId,
    userName: row.userName,
    isGroup: row.isGroup,
    unreadCount: row.unreadCount,
    lastMessageText: row.lastMessageText,
    lastMessageAt: iso(row.lastMessageAt),
    tags: tagChips,
    closedAt: iso(row.closedAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  }
}

export type ApiTicket = ReturnType<typeof ticketOut>

export type ApiTicketListQuery = {
  status?: TicketStatus
  queueId?: string
  userId?: string
  contactId?: string
  connectionId?: string
  cursor?: string
  limit?: number
}

/** Cursor of the ticket list: the last row's activity and id, opaque to the integrator. */
function encodeTicketCursor(activity: number, id: string) {
  return Buffer.from(`${activity}:${id}`).toString('base64url')
}

function decodeTicketCursor(cursor: string | undefined) {
  if (!cursor) return null
  const match = /^(\d{1,15}):([0-9A-Za-z]{1,40})$/.exec(Buffer.from(cursor, 'base64url').toString())
  return match ? { activity: Number(match[1]), id: match[2]! } : null
}

/**
 * Atendimentos: the tickets the caller may reach, most recent activity first (as the panel), any
 * status unless one is asked, filtered by queue, assignee, contact or connection.
 */
export function listApiTickets(db: DbOrTx, caller: ApiCaller, query: ApiTicketListQuery = {}) {
  const limit = Math.min(Math.max(query.limit ?? API_PAGE_DEFAULT, 1), API_PAGE_MAX)
  const cursor = decodeTicketCursor(query.cursor)
  if (query.cursor && !cursor) throw invalid('cursor', 'validation.invalid')
  const where = and(
    reachableTickets(db, caller),
    query.queueId ? eq(tickets.queueId, query.queueId) : undefined,
    query.userId ? eq(tickets.userId, query.userId) : undefined,
    query.contactId ? eq(tickets.contactId, query.contactId) : undefined,
    query.connectionId ? eq(tickets.connectionId, query.connectionId) : undefined,
    cursor
      ? or(
          lt(tickets.activityAt, cursor.activity),
          and(eq(tickets.activityAt, cursor.activity), lt(tickets.id, cursor.id)),
        )
      : undefined,
  )
  // One page per status off the (company, status, activity, id) index, merged: every status at
  // once would sort all of the company's tickets for each page.
  const rows = (query.status ? [query.status] : TICKET_STATUSES)
    .flatMap((status) =>
      selectApiTickets(db)
        .where(and(where, eq(tickets.status, status)))
        .orderBy(desc(tickets.activityAt), desc(tickets.id))
        .limit(limit + 1)
        .all(),
    )
    .sort(
      (x, y) =>
        (y.activityAt ?? 0) - (x.activityAt ?? 0) || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0),
    )
    .slice(0, limit + 1)
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  const tagsById = tagsOfTickets(
    db,
    page.map((row) => row.id),
  )
  return {
    data: page.map((row) => ticketOut(row, tagsById.get(row.id) ?? [])),
    nextCursor:
      rows.length > limit && last ? encodeTicketCursor(last.activityAt ?? 0, last.id) : null,
  }
}

function readApiTicket(db: DbOrTx, ticketId: string) {
  const row = selectApiTickets(db).where(eq(tickets.id, ticketId)).get()
  if (!row) throw notFound('Ticket')
  return ticketOut(row, tagsOfTickets(db, [ticketId]).get(ticketId) ?? [])
}

/** Message states as the API names them: `sending` is still queued, `played` (audio) is read. */
export function apiMessageStatus(status: MessageStatus) {
  switch (status) {
    case 'sending':
      return 'queued' as const
    case 'played':
      return 'read' as const
    default:
      return status
  }
}

type ConversationMessage = ReturnType<typeof getConversation>['messages'][number]

function messageOut(message: ConversationMessage) {
  return {
    id: message.id,
    fromMe: message.fromMe,
    private: message.isPrivate,
    type: message.type,
    body: message.body,
    status: apiMessageStatus(message.status),
    error: message.error,
    timestamp: iso(message.timestamp)!,
    mediaType: message.mediaType,
    mediaName: message.mediaName,
    mediaSize: message.mediaSize,
    hasMedia: message.hasMedia,
    latitude: message.latitude,
    longitude: message.longitude,
    quotedMessageId: message.quotedId,
    userName: message.userName,
    edited: message.editedAt !== null,
    deleted: message.deletedAt !== null,
  }
}

export type ApiMessage = ReturnType<typeof messageOut>

/**
 * One ticket with its contact and a page of its messages (50, oldest first within the page);
 * `before` (the previous answer's `nextCursor`, "timestamp:id") goes further back.
 */
export function getApiTicket(
  db: DbOrTx,
  caller: ApiCaller,
  ticketId: string,
  options: { before?: string } = {},
) {
  reachableTicket(db, caller, ticketId)
  const conversation = getConversation(db, caller.actor, ticketId, options.before ?? null)
  return {
    ...readApiTicket(db, ticketId),
    contact: contactOut(conversation.contact, conversation.contactTags),
    messages: conversation.messages.map(messageOut),
    nextCursor: conversation.nextCursor,
  }
}

/**
 * Resolver: closes the ticket. `sendCompletionMessage` is the panel's "with message": the
 * connection's completion message and the rating question, when configured; without it nothing is
 * sent to the customer.
 */
export function closeApiTicket(
  db: Db,
  caller: ApiCaller,
  ticketId: string,
  input: { sendCompletionMessage?: boolean } = {},
) {
  reachableTicket(db, caller, ticketId)
  closeTicket(db, caller.actor, ticketId, { sendFarewell: input.sendCompletionMessage ?? false })
  return readApiTicket(db, ticketId)
}

/** Transferir: to a user (open, theirs) and/or a queue (waiting there), with an optional note. */
export function transferApiTicket(
  db: Db,
  caller: ApiCaller,
  ticketId: string,
  input: { userId?: string | null; queueId?: string | null; note?: string | null },
) {
  reachableTicket(db, caller, ticketId)
  transferTicket(db, caller.actor, ticketId, input)
  return readApiTicket(db, ticketId)
}

/**
 * Reabrir: a closed ticket comes back — to `userId` (open, theirs) when given, else with the
 * assignee it had (open) or waiting in its queue when it had none.
 */
export function reopenApiTicket(
  db: Db,
  caller: ApiCaller,
  ticketId: string,
  input: { userId?: string | null } = {},
) {
  reachableTicket(db, caller, ticketId)
  reopenTicket(db, caller.actor, ticketId, input.userId ? { userId: input.userId } : {})
  return readApiTicket(db, ticketId)
}

// ---- reference lists ----

/** Filas, in the bot menu's order. */
export function listApiQueues(db: DbOrTx, caller: ApiCaller) {
  return { data: listQueues(db, caller.actor) }
}

/** Usuários: who a ticket can be given to (disabled users are listed as not active). */
export function listApiUsers(db: DbOrTx, caller: ApiCaller) {
  return {
    data: listUsers(db, caller.actor).map((user) => ({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      active: user.disabledAt === null,
      online: user.online,
      queues: user.queues.map(({ id, name }) => ({ id, name })),
    })),
  }
}

/** Tags of the company, by name. */
export function listApiTags(db: DbOrTx, caller: ApiCaller) {
  return { data: listCompanyTags(db, caller.actor) }
}

/**
 * Conexões with their status (never the QR code, pairing code or token). A connection token sees
 * its own connection only.
 */
export function listApiConnections(db: DbOrTx, caller: ApiCaller) {
  return {
    data: listConnections(db, caller.actor)
      .filter((row) => !caller.connectionId || row.id === caller.connectionId)
      .map((row) => ({
        id: row.id,
        name: row.name,
        channel: row.channel,
        status: row.status,
        phone: row.phone,
        isDefault: row.isDefault,
        queueId: row.queueId,
        queueName: row.queueName,
        statusChangedAt: iso(row.statusChangedAt),
      })),
  }
}
