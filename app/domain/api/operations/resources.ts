/**
 * The resource endpoints (issue 13): contacts, tickets, queues, users, tags and connections. Schemas
 * only (client-safe, no server imports): the routes under app/routes/api+ validate with them, the
 * OpenAPI document (/api/openapi.json) and the docs page of Administração › API are generated from
 * them. What the endpoints do is in app/domain/api/resources.server.ts.
 */
import { z } from 'zod'
import {
  CONTACT_ADDRESS_MAX,
  CONTACT_NOTES_MAX,
  CONTACT_TAGS_MAX,
  CUSTOM_FIELDS_MAX,
  CUSTOM_KEY_MAX,
  CUSTOM_VALUE_MAX,
} from '#app/domain/contacts/contact-schema.ts'
import { TAG_NAME_MAX } from '#app/domain/tags/tag-schema.ts'
import { CHANNELS, CONNECTION_STATUSES, MESSAGE_TYPES } from '#db/schema/values.ts'
import { apiBoolean, apiId, apiInt, defineOperation } from '../contract.ts'
import { API_MESSAGE_STATUSES } from './messages.ts'
import { withExample } from './openapi-meta.ts'

/** The largest page a list answers (`limit`); 50 when not asked. */
export const API_LIST_LIMIT_MAX = 100

// Mirrors of stored enums that live in server-only schema files (the browser imports this file);
// resources.test.ts parses real answers with these schemas, so a drift fails there.
const CONTACT_SOURCES = ['bot', 'manual', 'device', 'import'] as const
const TICKET_STATUSES = ['pending', 'open', 'closed'] as const
const ROLES = ['admin', 'supervisor', 'agent'] as const

const id = (what: string, example: string) =>
  withExample(apiId.describe(`Id of the ${what}.`), example)

const EXAMPLE_IDS = {
  contact: '01JD8W2X4T5Y6Z7A8B9C0D1E2F',
  ticket: '01JD8W3K9M2N3P4Q5R6S7T8U9V',
  queue: '01JD8VZQ1A2B3C4D5E6F7G8H9J',
  user: '01JD8VY7K8L9M0N1P2Q3R4S5T6',
  tag: '01JD8W0A1B2C3D4E5F6G7H8J9K',
  connection: '01JD8VX2Y3Z4A5B6C7D8E9F0G1',
}

const cursor = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .optional()
  .describe('`nextCursor` of the previous page: the page after it. Omit for the first page.')

const limit = apiInt(1, API_LIST_LIMIT_MAX)
  .optional()
  .describe(`Rows per page, 1 to ${API_LIST_LIMIT_MAX} (default 50).`)

const nextCursor = z
  .string()
  .nullable()
  .describe('Pass it as `cursor` for the next page; null on the last page.')

const isoTime = z.string().describe('ISO 8601 date-time, UTC.')

const tagChip = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string().describe('Hex colour, e.g. #16a34a.'),
})

const customField = z.object({
  key: z.string().trim().min(1).max(CUSTOM_KEY_MAX),
  value: z.string().trim().min(1).max(CUSTOM_VALUE_MAX),
})

// ---- contacts ----

export const apiContactSchema = withExample(
  z.object({
    id: z.string(),
    name: z.string(),
    number: z
      .string()
      .nullable()
      .describe('Digits with country code (Brazilian mobiles with the 9th digit).'),
    email: z.string().nullable(),
    notes: z.string().nullable(),
    cpf: z.string().nullable().describe('CPF digits.'),
    birthDate: z.string().nullable().describe('YYYY-MM-DD.'),
    address: z.string().nullable(),
    custom: z.array(customField).describe('Custom fields (key → value).'),
    source: z
      .enum(CONTACT_SOURCES)
      .describe('bot: wrote to us; manual: typed in; device: the phone list; import: a file.'),
    blocked: z.boolean(),
    isGroup: z.boolean(),
    profilePictureUrl: z.string().nullable(),
    tags: z.array(tagChip),
    createdAt: isoTime,
    updatedAt: isoTime,
  }),
  {
    id: EXAMPLE_IDS.contact,
    name: 'Maria Silva',
    number: '5511999998888',
    email: 'maria@example.com',
    notes: null,
    cpf: null,
    birthDate: '1990-05-17',
    address: null,
    custom: [{ key: 'Pedido', value: '12345' }],
    source: 'manual',
    blocked: false,
    isGroup: false,
    profilePictureUrl: null,
    tags: [{ id: EXAMPLE_IDS.tag, name: 'VIP', color: '#16a34a' }],
    createdAt: '2026-11-25T13:04:05.000Z',
    updatedAt: '2026-11-25T13:04:05.000Z',
  },
)

const contactParams = z.object({ contactId: id('contact', EXAMPLE_IDS.contact) })

const tagNames = z
  .array(z.string().trim().min(1).max(TAG_NAME_MAX))
  .max(CONTACT_TAGS_MAX)
  .describe('Tag names: an existing tag is reused whatever its case; a new name creates the tag.')

/** Fields of a contact as an integrator sends them; null clears an optional field. */
const contactFields = {
  name: withExample(z.string().trim().min(1).max(120).describe('Name.'), 'Maria Silva'),
  number: withExample(
    z
      .string()
      .trim()
      .min(1)
      .max(40)
      .describe('WhatsApp number: 55 + area code + number (spaces, +, -, () allowed).'),
    '5511999998888',
  ),
  email: withExample(
    z.string().trim().max(254).nullable().describe('E-mail.'),
    'maria@example.com',
  ),
  notes: z.string().max(CONTACT_NOTES_MAX).nullable().describe('Notes of the team.'),
  cpf: withExample(
    z.string().trim().max(20).nullable().describe('CPF (checked).'),
    '529.982.247-25',
  ),
  birthDate: withExample(
    z.string().trim().max(10).nullable().describe('Birth date, YYYY-MM-DD (not in the future).'),
    '1990-05-17',
  ),
  address: z.string().trim().max(CONTACT_ADDRESS_MAX).nullable().describe('Address.'),
  custom: z
    .array(customField)
    .max(CUSTOM_FIELDS_MAX)
    .describe('Custom fields (key → value); keys are unique ignoring case.'),
  tags: withExample(tagNames, ['VIP']),
}

export const createContactBody = z.object({
  name: contactFields.name,
  number: contactFields.number,
  email: contactFields.email.optional(),
  notes: contactFields.notes.optional(),
  cpf: contactFields.cpf.optional(),
  birthDate: contactFields.birthDate.optional(),
  address: contactFields.address.optional(),
  custom: contactFields.custom.optional(),
  tags: contactFields.tags.optional(),
})

export const updateContactBody = z.object({
  name: contactFields.name.optional(),
  number: contactFields.number.optional(),
  email: contactFields.email.optional(),
  notes: contactFields.notes.optional(),
  cpf: contactFields.cpf.optional(),
  birthDate: contactFields.birthDate.optional(),
  address: contactFields.address.optional(),
  custom: contactFields.custom.optional(),
  tags: contactFields.tags
    .optional()
    .describe('When given, these become the contact’s tags (names; [] removes them all).'),
})

export const setContactTagsBody = z.object({
  tagIds: withExample(
    z
      .array(apiId)
      .max(CONTACT_TAGS_MAX)
      .optional()
      .describe('Ids of the company’s tags (GET /api/tags).'),
    [EXAMPLE_IDS.tag],
  ),
  names: withExample(tagNames.optional(), ['Cliente novo']),
})

// ---- tickets ----

const ticketStatus = z
  .enum(TICKET_STATUSES)
  .describe('pending: waiting for an agent; open: being served; closed: resolved.')

const ticketFields = {
  id: z.string(),
  protocol: z.string().describe('The number a customer may quote: date + short id.'),
  status: ticketStatus,
  contactId: z.string(),
  contactName: z.string(),
  contactNumber: z.string().nullable(),
  connectionId: z.string(),
  connectionName: z.string(),
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  userId: z.string().nullable().describe('The agent serving it.'),
  userName: z.string().nullable(),
  isGroup: z.boolean(),
  unreadCount: z.number().int(),
  lastMessageText: z.string().nullable(),
  lastMessageAt: isoTime.nullable(),
  tags: z.array(tagChip).describe('Tags of the ticket (the contact’s are on the contact).'),
  closedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
}

const ticketExample = {
  id: EXAMPLE_IDS.ticket,
  protocol: '20261125-8U9V00',
  status: 'open' as const,
  contactId: EXAMPLE_IDS.contact,
  contactName: 'Maria Silva',
  contactNumber: '5511999998888',
  connectionId: EXAMPLE_IDS.connection,
  connectionName: 'Comercial',
  queueId: EXAMPLE_IDS.queue,
  queueName: 'Vendas',
  userId: EXAMPLE_IDS.user,
  userName: 'Ana',
  isGroup: false,
  unreadCount: 0,
  lastMessageText: 'Meu pedido já saiu?',
  lastMessageAt: '2026-11-25T13:04:05.000Z',
  tags: [],
  closedAt: null,
  createdAt: '2026-11-25T12:58:00.000Z',
  updatedAt: '2026-11-25T13:04:05.000Z',
}

export const apiTicketSchema = withExample(z.object(ticketFields), ticketExample)

export const apiTicketMessageSchema = z.object({
  id: z.string(),
  fromMe: z.boolean().describe('Sent by the company (agent, bot or API).'),
  private: z.boolean().describe('A note of the team: never sent to the customer.'),
  type: z.enum(MESSAGE_TYPES),
  body: z.string().nullable(),
  status: z.enum(API_MESSAGE_STATUSES),
  error: z.string().nullable().describe('Why it failed, when it did.'),
  timestamp: isoTime,
  mediaType: z.string().nullable(),
  mediaName: z.string().nullable(),
  mediaSize: z.number().int().nullable(),
  hasMedia: z.boolean(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  quotedMessageId: z.string().nullable().describe('The message it replies to.'),
  userName: z.string().nullable().describe('The agent who sent it.'),
  edited: z.boolean(),
  deleted: z.boolean().describe('Deleted on WhatsApp (the text is kept).'),
})

export const apiTicketDetailSchema = withExample(
  z.object({
    ...ticketFields,
    contact: apiContactSchema,
    messages: z.array(apiTicketMessageSchema).describe('A page of messages, oldest first.'),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass it as `before` for the older messages; null when there are none.'),
  }),
  {
    ...ticketExample,
    contact: {
      id: EXAMPLE_IDS.contact,
      name: 'Maria Silva',
      number: '5511999998888',
      email: null,
      notes: null,
      cpf: null,
      birthDate: null,
      address: null,
      custom: [],
      source: 'bot',
      blocked: false,
      isGroup: false,
      profilePictureUrl: null,
      tags: [],
      createdAt: '2026-11-25T12:58:00.000Z',
      updatedAt: '2026-11-25T12:58:00.000Z',
    },
    messages: [
      {
        id: '01JD8W4A5B6C7D8E9F0G1H2J3K',
        fromMe: false,
        private: false,
        type: 'text',
        body: 'Meu pedido já saiu?',
        status: 'read',
        error: null,
        timestamp: '2026-11-25T13:04:05.000Z',
        mediaType: null,
        mediaName: null,
        mediaSize: null,
        hasMedia: false,
        latitude: null,
        longitude: null,
        quotedMessageId: null,
        userName: null,
        edited: false,
        deleted: false,
      },
    ],
    nextCursor: null,
  },
)

const ticketParams = z.object({ ticketId: id('ticket', EXAMPLE_IDS.ticket) })

// ---- reference lists ----

const apiQueueSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  order: z.number().int().describe('Position in the bot menu.'),
})

const apiUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  active: z.boolean().describe('False when an admin disabled the user.'),
  online: z.boolean(),
  queues: z.array(z.object({ id: z.string(), name: z.string() })),
})

const apiConnectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.enum(CHANNELS),
  status: z
    .enum(CONNECTION_STATUSES)
    .describe('connected: sending and receiving; qrcode/pairing: waiting to be linked.'),
  phone: z.string().nullable().describe('The WhatsApp number, once connected.'),
  isDefault: z.boolean().describe('The connection company tokens send through by default.'),
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  statusChangedAt: isoTime.nullable(),
})

const page = <T extends z.ZodTypeAny>(row: T) => z.object({ data: z.array(row), nextCursor })
const all = <T extends z.ZodTypeAny>(row: T) => z.object({ data: z.array(row) })

/** The resource operations by id (the route files pick theirs). */
export const resourceOperation = {
  // ---- contacts ----
  listContacts: defineOperation({
    id: 'listContacts',
    method: 'GET',
    path: '/api/contacts',
    scope: 'read',
    tag: 'Contacts',
    summary: 'List contacts',
    description:
      'The company’s contacts (groups aside), by name or newest first, a page at a time. `search` matches the name, or a phone number (with or without the 9th digit).',
    query: z.object({
      search: withExample(
        z.string().trim().max(100).optional().describe('Part of the name, or a phone number.'),
        'maria',
      ),
      tagId: apiId.optional().describe('Only contacts with this tag.'),
      source: z.enum(CONTACT_SOURCES).optional().describe('Only contacts from this source.'),
      sort: z
        .enum(['name', 'recent'])
        .optional()
        .describe('name (default) or recent (newest first).'),
      cursor,
      limit,
    }),
    responses: { 200: { description: 'A page of contacts.', schema: page(apiContactSchema) } },
  }),
  getContact: defineOperation({
    id: 'getContact',
    method: 'GET',
    path: '/api/contacts/{contactId}',
    scope: 'read',
    tag: 'Contacts',
    summary: 'Get a contact',
    params: contactParams,
    responses: { 200: { description: 'The contact.', schema: apiContactSchema } },
  }),
  createContact: defineOperation({
    id: 'createContact',
    method: 'POST',
    path: '/api/contacts',
    scope: 'write',
    tag: 'Contacts',
    summary: 'Create a contact',
    description:
      'The number is normalised (country code, 9th digit); a number the company already has is refused (400 on `number`).',
    body: createContactBody,
    responses: { 201: { description: 'The new contact.', schema: apiContactSchema } },
  }),
  updateContact: defineOperation({
    id: 'updateContact',
    method: 'PATCH',
    path: '/api/contacts/{contactId}',
    scope: 'write',
    tag: 'Contacts',
    summary: 'Update a contact',
    description:
      'Only the fields sent change; `null` clears an optional field. `tags`, when sent, replace the contact’s tags.',
    params: contactParams,
    body: updateContactBody,
    responses: { 200: { description: 'The contact after the change.', schema: apiContactSchema } },
  }),
  setContactTags: defineOperation({
    id: 'setContactTags',
    method: 'PUT',
    path: '/api/contacts/{contactId}/tags',
    scope: 'write',
    tag: 'Contacts',
    summary: 'Set the tags of a contact',
    description:
      'The contact’s tags become exactly `tagIds` + `names` (new names create tags). An empty body removes every tag.',
    params: contactParams,
    body: setContactTagsBody,
    responses: { 200: { description: 'The contact with its tags.', schema: apiContactSchema } },
  }),

  // ---- tickets ----
  listTickets: defineOperation({
    id: 'listTickets',
    method: 'GET',
    path: '/api/tickets',
    scope: 'read',
    tag: 'Tickets',
    summary: 'List tickets',
    description:
      'Tickets of every status, most recent activity first, a page at a time. A connection token lists its connection’s tickets only.',
    query: z.object({
      status: ticketStatus.optional(),
      queueId: apiId.optional().describe('Only tickets of this queue.'),
      userId: apiId.optional().describe('Only tickets of this agent.'),
      contactId: apiId.optional().describe('Only tickets of this contact.'),
      connectionId: apiId.optional().describe('Only tickets of this connection.'),
      cursor,
      limit,
    }),
    responses: { 200: { description: 'A page of tickets.', schema: page(apiTicketSchema) } },
  }),
  getTicket: defineOperation({
    id: 'getTicket',
    method: 'GET',
    path: '/api/tickets/{ticketId}',
    scope: 'read',
    tag: 'Tickets',
    summary: 'Get a ticket with its messages',
    description:
      'The ticket, its contact and its latest 50 messages (oldest first); `before` pages back. Private notes of the team are included, marked `private`.',
    params: ticketParams,
    query: z.object({
      before: z
        .string()
        .trim()
        .regex(/^\d{1,15}:[0-9A-Za-z]{1,40}$/, 'Use the nextCursor of the previous answer')
        .optional()
        .describe('`nextCursor` of the previous answer: the older messages.'),
    }),
    responses: {
      200: { description: 'The ticket and a page of messages.', schema: apiTicketDetailSchema },
    },
  }),
  closeTicket: defineOperation({
    id: 'closeTicket',
    method: 'POST',
    path: '/api/tickets/{ticketId}/close',
    scope: 'write',
    tag: 'Tickets',
    summary: 'Close (resolve) a ticket',
    params: ticketParams,
    body: z.object({
      sendCompletionMessage: withExample(
        apiBoolean
          .optional()
          .describe(
            'Send the connection’s completion message and the rating question (when set up). Default false: nothing is sent.',
          ),
        false,
      ),
    }),
    responses: {
      200: { description: 'The closed ticket.', schema: apiTicketSchema },
    },
  }),
  transferTicket: defineOperation({
    id: 'transferTicket',
    method: 'POST',
    path: '/api/tickets/{ticketId}/transfer',
    scope: 'write',
    tag: 'Tickets',
    summary: 'Transfer a ticket to a user and/or a queue',
    description:
      'To a user: the ticket becomes theirs (open). To a queue only: it waits there (pending). One of `userId`/`queueId` is needed.',
    params: ticketParams,
    body: z.object({
      userId: withExample(
        apiId.optional().describe('The agent (GET /api/users).'),
        EXAMPLE_IDS.user,
      ),
      queueId: withExample(
        apiId.optional().describe('The queue (GET /api/queues).'),
        EXAMPLE_IDS.queue,
      ),
      note: withExample(
        z
          .string()
          .trim()
          .max(2000)
          .optional()
          .describe('A private note for the next agent (never sent to the customer).'),
        'Cliente pediu segunda via do boleto.',
      ),
    }),
    responses: { 200: { description: 'The ticket after the transfer.', schema: apiTicketSchema } },
  }),
  reopenTicket: defineOperation({
    id: 'reopenTicket',
    method: 'POST',
    path: '/api/tickets/{ticketId}/reopen',
    scope: 'write',
    tag: 'Tickets',
    summary: 'Reopen a closed ticket',
    description:
      'To `userId` (open, theirs) when given; otherwise with the agent it had (open), or waiting in its queue when it had none. Refused (409) while the contact has another active ticket on the connection.',
    params: ticketParams,
    body: z.object({
      userId: withExample(
        apiId.optional().describe('Give the reopened ticket to this agent.'),
        EXAMPLE_IDS.user,
      ),
    }),
    responses: { 200: { description: 'The reopened ticket.', schema: apiTicketSchema } },
  }),

  // ---- reference lists ----
  listQueues: defineOperation({
    id: 'listQueues',
    method: 'GET',
    path: '/api/queues',
    scope: 'read',
    tag: 'Queues',
    summary: 'List queues',
    responses: { 200: { description: 'Every queue, in menu order.', schema: all(apiQueueSchema) } },
  }),
  listUsers: defineOperation({
    id: 'listUsers',
    method: 'GET',
    path: '/api/users',
    scope: 'read',
    tag: 'Users',
    summary: 'List users',
    responses: {
      200: { description: 'Every user of the company, by name.', schema: all(apiUserSchema) },
    },
  }),
  listTags: defineOperation({
    id: 'listTags',
    method: 'GET',
    path: '/api/tags',
    scope: 'read',
    tag: 'Tags',
    summary: 'List tags',
    responses: { 200: { description: 'Every tag, by name.', schema: all(tagChip) } },
  }),
  listConnections: defineOperation({
    id: 'listConnections',
    method: 'GET',
    path: '/api/connections',
    scope: 'read',
    tag: 'Connections',
    summary: 'List connections and their status',
    description: 'A connection token sees its own connection only.',
    responses: {
      200: { description: 'The WhatsApp connections.', schema: all(apiConnectionSchema) },
    },
  }),
}

export const resourceOperations = Object.values(resourceOperation)
