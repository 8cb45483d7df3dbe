/**
 * The message endpoints (issue 13): send (Whaticket-compatible), check a number, read a message.
 * Schemas only (no server imports): the route handlers, the OpenAPI document and the docs page
 * all read them.
 */
import { z } from 'zod'
import { apiBoolean, apiId, defineOperation } from '../contract.ts'

/** The largest text a message carries (WhatsApp's own limit is far above; ours is the composer's). */
export const API_MESSAGE_BODY_MAX = 4096
/** How many files one send takes in `medias`. */
export const API_SEND_MAX_FILES = 10

const phoneNumber = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value),
  z
    .string()
    .trim()
    .min(1)
    .max(40)
    // Digits and the usual punctuation only: letters are not a number's (an id pasted by mistake).
    .regex(/^[\d\s+\-().]+$/, 'validation.phone')
    .describe('Phone number with country code, digits (spaces, +, -, () allowed): 5511987654321'),
)

export const sendMessageBody = z.object({
  number: phoneNumber,
  body: z
    .string()
    .max(API_MESSAGE_BODY_MAX)
    .optional()
    .describe(
      'The text (the caption of the first file when files are sent). Needed without files.',
    ),
  connectionId: apiId
    .optional()
    .describe('Company tokens: the connection to send through (default: the default connection).'),
  whatsappId: apiId.optional().describe('Whaticket name of connectionId.'),
  userId: apiId.optional().describe('Assign the ticket to this user (and sign as them).'),
  queueId: apiId.optional().describe('Put the ticket in this queue.'),
  sendSignature: apiBoolean
    .optional()
    .describe("Prefix the text with the user's signature (`*Name:*`); needs userId."),
  closeTicket: apiBoolean
    .optional()
    .describe('Close the ticket after sending (no farewell message, no rating).'),
  quotedMsg: z
    .union([apiId, z.object({ id: apiId }).passthrough()])
    .optional()
    .describe('Reply to this message: its id (or an object with `id`).'),
  noRegister: apiBoolean
    .optional()
    .describe(
      "Do not open a ticket: the message is kept in the contact's history on a closed ticket (or in its open ticket, left as it is).",
    ),
  scheduleAt: z
    .string()
    .datetime({ offset: true })
    .optional()
    .describe('ISO date-time: schedule the message (Agendamentos) instead of sending now.'),
  idempotencyKey: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .optional()
    .describe('Same key = same answer, never a second send (also the Idempotency-Key header).'),
})

export const sendMessageAnswer = z.object({
  status: z.enum(['SUCCESS', 'SCHEDULED']),
  messageId: z.string().nullable().describe('The (first) message; null when scheduled.'),
  messageIds: z
    .array(z.string())
    .describe('Every message sent (one per file, text with the first).'),
  ticketId: z.string().nullable(),
  contactId: z.string(),
  connectionId: z.string(),
  scheduleId: z.string().nullable().describe('The schedule, when scheduleAt was given.'),
  number: z.string().describe('The normalised number it was sent to.'),
})

export const numberCheckAnswer = z.object({
  number: z.string().describe('The number as given.'),
  numberFormatted: z.string().nullable().describe('The number WhatsApp knows (digits).'),
  existsInWhatsapp: z.boolean().nullable().describe('null when the connection cannot check.'),
  connectionId: z.string(),
})

/** Message statuses as the API names them. */
export const API_MESSAGE_STATUSES = [
  'queued',
  'sent',
  'delivered',
  'read',
  'failed',
  'received',
] as const

export const messageAnswer = z.object({
  id: z.string(),
  ticketId: z.string(),
  contactId: z.string(),
  connectionId: z.string(),
  fromMe: z.boolean(),
  type: z.string(),
  body: z.string().nullable(),
  mediaName: z.string().nullable(),
  mediaType: z.string().nullable(),
  status: z.enum(API_MESSAGE_STATUSES),
  error: z.string().nullable(),
  timestamp: z.string().describe('ISO date-time on the channel.'),
  createdAt: z.string(),
  updatedAt: z.string(),
})

export const sendMessageOperation = defineOperation({
  id: 'sendMessage',
  method: 'POST',
  path: '/api/messages/send',
  scope: 'send',
  tag: 'Messages',
  summary: 'Send a message (text and/or files)',
  description:
    'Whaticket-compatible. JSON, or multipart/form-data with files in `medias` (up to 10; 16 MB each, 17 MB per request). A connection token sends through its connection; a company token through `connectionId`/`whatsappId` or the default connection. Recorded in the ticket history like any other message.',
  body: sendMessageBody,
  multipartFiles: 'medias',
  responses: {
    201: {
      description: 'Sent (queued to the connection) or scheduled.',
      schema: sendMessageAnswer,
    },
  },
})

export const checkNumberOperation = defineOperation({
  id: 'checkNumber',
  method: 'GET',
  path: '/api/numbers/{number}/check',
  scope: 'send',
  tag: 'Messages',
  summary: 'Check whether a number is on WhatsApp',
  params: z.object({ number: phoneNumber }),
  query: z.object({ connectionId: apiId.optional() }),
  responses: { 200: { description: 'The answer of the connection.', schema: numberCheckAnswer } },
})

export const getMessageOperation = defineOperation({
  id: 'getMessage',
  method: 'GET',
  path: '/api/messages/{messageId}',
  scope: 'read',
  tag: 'Messages',
  summary: 'A message and its status',
  params: z.object({ messageId: apiId }),
  responses: { 200: { description: 'The message.', schema: messageAnswer } },
})

export const messageOperations = [
  sendMessageOperation,
  checkNumberOperation,
  getMessageOperation,
] as const
