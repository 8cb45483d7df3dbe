/**
 * POST /api/messages/send (issue 13, ADR 013): the Whaticket family's send, on Balcão's rules.
 *
 * Everything the request names is checked before anything is written (the number, the
 * connection, the user, the queue, the quoted message, the files); the number is asked of
 * WhatsApp when this connection never wrote to it (the 9th digit of an old Brazilian mobile, or
 * `not_on_whatsapp`). Then ONE transaction: the contact (found or created), the ticket through
 * the lifecycle (the active one, moved to the user/queue named; or a new one), the messages
 * (sendMessage: stored `queued`, the connection's send queue delivers them), the close
 * (`closeTicket`, or the ticket `noRegister` opened only to hold the message), and the
 * idempotency answer. A retry with the same key finds that answer and sends nothing.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { type z } from 'zod'
import { fileTypeFromBuffer } from 'file-type'
import { storeMedia } from '#app/channels/media.server.ts'
import { type StoredMedia } from '#app/channels/types.ts'
import { type Actor } from '#app/domain/actor.ts'
import { ApiError } from '#app/domain/api/contract.ts'
import {
  findIdempotentAnswer,
  type IdempotencyRequest,
  requestHash,
  saveIdempotentAnswer,
} from '#app/domain/api/idempotency.server.ts'
import { apiPhone, resolveApiConnection } from '#app/domain/api/messages.server.ts'
import {
  API_SEND_MAX_FILES,
  type sendMessageAnswer,
  type sendMessageBody,
} from '#app/domain/api/operations/messages.ts'
import { type ApiCredential } from '#app/domain/api/tokens.server.ts'
import { afterAgentTook } from '#app/domain/bot/bot.server.ts'
import { upsertContactFromPeer } from '#app/domain/contacts/contacts.server.ts'
import { checkWhatsAppNumber } from '#app/domain/connections/number-check.server.ts'
import { COMPOSER_MAX_FILE_BYTES } from '#app/domain/messages/compose.server.ts'
import { sendMessage } from '#app/domain/messages/send.server.ts'
import { transaction } from '#app/domain/outbox.server.ts'
import { insertSchedule } from '#app/domain/schedules/schedules.server.ts'
import { closeTicket } from '#app/domain/tickets/actions.server.ts'
import * as lifecycle from '#app/domain/tickets/lifecycle.server.ts'
import { type Db, type DbOrTx, prepared } from '#app/utils/db.server.ts'
import { phoneVariants } from '#app/utils/phone.ts'
import { contacts } from '#db/schema/contacts.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { queues } from '#db/schema/queues.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import { users } from '#db/schema/users.ts'

export type ApiSendInput = z.output<typeof sendMessageBody>
export type ApiSendAnswer = z.output<typeof sendMessageAnswer>
export type ApiSendResult = { status: number; body: ApiSendAnswer; replayed: boolean }

/** The largest file the API sends (WhatsApp's 16 MB for media, as the composer). */
export const API_FILE_MAX_BYTES = COMPOSER_MAX_FILE_BYTES

/** Executables are never sent on behalf of a company (WhatsApp flags the number). */
const REFUSED_TYPES = new Set([
  'application/x-msdownload',
  'application/vnd.microsoft.portable-executable',
  'application/x-dosexec',
  'application/x-executable',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-sharedlib',
  'application/x-msi',
  'application/vnd.android.package-archive',
])

const mediaRoot = () => path.resolve(getEnv().MEDIA_DIR)
const topType = (mime: string) => mime.split('/')[0]!

/**
 * Stores the files (their type sniffed from the bytes). Refused: an empty file (400), one too
 * large (413), an executable, or one that says it is an image, video or audio and is not (415).
 * On a refusal the files already stored are removed.
 */
async function storeFiles(companyId: string, files: File[]) {
  const stored: StoredMedia[] = []
  try {
    for (const [index, file] of files.entries()) {
      const field = `medias.${index}`
      if (file.size === 0)
        throw new ApiError('validation_error', 'Empty file', { fields: { [field]: 'Empty file' } })
      const bytes = new Uint8Array(await file.arrayBuffer())
      if (bytes.byteLength > API_FILE_MAX_BYTES)
        throw new ApiError('payload_too_large', 'A file is larger than 16 MB', {
          fields: { [field]: 'Larger than 16 MB' },
        })
      // The bytes decide: an executable is refused, and so is a file that says it is an image,
      // a video or an audio and is not one.
      const sniffed = (await fileTypeFromBuffer(bytes))?.mime
      const declared = (file.type || '').toLowerCase().split(';')[0]!.trim()
      const claimsMedia = ['image', 'video', 'audio'].includes(topType(declared))
      if (sniffed && REFUSED_TYPES.has(sniffed))
        throw new ApiError('unsupported_media_type', `Files of type ${sniffed} are not sent`, {
          fields: { [field]: `Files of type ${sniffed} are not sent` },
        })
      if (claimsMedia && (!sniffed || topType(sniffed) !== topType(declared)))
        throw new ApiError('unsupported_media_type', `The file is not the ${declared} it says`, {
          fields: { [field]: `Declared ${declared}, but the bytes are ${sniffed ?? 'not media'}` },
        })
      stored.push(
        await storeMedia(mediaRoot(), companyId, bytes, {
          declaredMime: file.type || undefined,
          fileName: file.name || undefined,
          maxBytes: API_FILE_MAX_BYTES,
        }),
      )
    }
    return stored
  } catch (error) {
    await removeFiles(stored)
    throw error
  }
}

async function removeFiles(stored: StoredMedia[]) {
  for (const media of stored)
    await fs.rm(path.join(mediaRoot(), media.path), { force: true }).catch(() => {})
}

/** An active user of the company, or 404 on `userId`. */
function apiUser(db: DbOrTx, companyId: string, userId: string) {
  const user = db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.companyId, companyId), isNull(users.disabledAt)))
    .get()
  if (!user) throw new ApiError('not_found', 'Unknown user', { fields: { userId: 'No such user' } })
  return user
}

function apiQueue(db: DbOrTx, companyId: string, queueId: string) {
  const queue = db
    .select({ id: queues.id })
    .from(queues)
    .where(and(eq(queues.id, queueId), eq(queues.companyId, companyId)))
    .get()
  if (!queue)
    throw new ApiError('not_found', 'Unknown queue', { fields: { queueId: 'No such queue' } })
  return queue
}

/**
 * Where this connection last wrote to the number (its newest live ticket's address), when it has:
 * lastTicketOf's answer for the contact with this number, in one prepared read.
 */
function knownChatId(db: DbOrTx, companyId: string, connectionId: string, number: string) {
  const [canonical, other] = phoneVariants(number)
  return prepared(db, 'api.knownChatId', () =>
    db
      .select({ chatId: tickets.chatId })
      .from(contacts)
      .innerJoin(tickets, eq(tickets.contactId, contacts.id))
      .where(
        and(
          eq(contacts.companyId, sql.placeholder('companyId')),
          inArray(contacts.number, [sql.placeholder('a'), sql.placeholder('b')]),
          eq(tickets.connectionId, sql.placeholder('connectionId')),
          eq(tickets.imported, false),
        ),
      )
      .orderBy(desc(tickets.createdAt))
      .limit(1)
      .prepare(),
  ).get({ companyId, connectionId, a: canonical, b: other ?? canonical })?.chatId
}

function quotedId(input: ApiSendInput['quotedMsg']) {
  if (input === undefined) return undefined
  return typeof input === 'string' ? input : input.id
}

function invalidField(field: string, message: string): never {
  throw new ApiError('validation_error', message, { fields: { [field]: message } })
}

/** Checks what needs no database: the combination of fields. */
function checkShape(input: ApiSendInput, files: File[], now: number) {
  const text = input.body?.trim() || undefined
  if (!text && !files.length) invalidField('body', 'Send a text in body or files in medias')
  if (files.length > API_SEND_MAX_FILES)
    invalidField('medias', `At most ${API_SEND_MAX_FILES} files at once`)
  let sendAt: number | null = null
  if (input.scheduleAt) {
    sendAt = Date.parse(input.scheduleAt)
    if (!(sendAt > now)) invalidField('scheduleAt', 'Must be in the future')
    if (files.length > 1) invalidField('medias', 'A scheduled message takes at most one file')
    if (input.quotedMsg !== undefined) invalidField('quotedMsg', 'Not with scheduleAt')
    if (input.queueId !== undefined) invalidField('queueId', 'Not with scheduleAt')
  }
  return { text, sendAt }
}

/** Sends (or schedules) a message for an API credential. See the module's comment. */
export async function sendFromApi(
  db: Db,
  credential: ApiCredential,
  input: ApiSendInput,
  files: File[] = [],
  options: { idempotencyKey?: string; now?: number } = {},
): Promise<ApiSendResult> {
  const now = options.now ?? Date.now()
  const companyId = credential.companyId
  if (options.idempotencyKey !== undefined) {
    options = { ...options, idempotencyKey: options.idempotencyKey.trim() }
    if (!options.idempotencyKey || options.idempotencyKey.length > 128)
      invalidField('Idempotency-Key', 'From 1 to 128 characters')
  }
  if (
    input.idempotencyKey &&
    options.idempotencyKey &&
    input.idempotencyKey !== options.idempotencyKey
  )
    invalidField('idempotencyKey', 'Differs from the Idempotency-Key header')
  const key = input.idempotencyKey ?? options.idempotencyKey
  let idempotency: IdempotencyRequest | null = null
  if (key) {
    const { idempotencyKey: _key, ...fields } = input
    idempotency = {
      companyId,
      key,
      credential: credential.ref,
      hash: await requestHash(fields, files),
    }
    const prior = findIdempotentAnswer(db, idempotency)
    if (prior) return { ...(prior as Omit<ApiSendResult, 'replayed'>), replayed: true }
  }

  const { text, sendAt } = checkShape(input, files, now)
  const number = apiPhone(input.number)
  const connection = resolveApiConnection(db, credential, input)
  const user = input.userId ? apiUser(db, companyId, input.userId) : null
  const queue = input.queueId ? apiQueue(db, companyId, input.queueId) : null
  const quoted = quotedId(input.quotedMsg)
  if (
    quoted &&
    !db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.id, quoted),
          eq(messages.companyId, companyId),
          eq(messages.connectionId, connection.id),
        ),
      )
      .get()
  )
    throw new ApiError('not_found', 'Unknown quoted message', {
      fields: { quotedMsg: 'No such message' },
    })

  // Where to write: where this connection wrote to the contact before, else what WhatsApp says
  // the number is (asked only then: every question to WhatsApp counts against the number).
  let chatId = knownChatId(db, companyId, connection.id, number)
  if (!chatId && !sendAt) {
    const check = await checkWhatsAppNumber(connection.id, number)
    if (check && !check.exists)
      throw new ApiError('not_on_whatsapp', 'The number is not on WhatsApp', {
        fields: { number: 'Not on WhatsApp' },
      })
    chatId = check?.chatId ?? undefined
  }
  chatId ??= connection.channel === 'whatsapp' ? `${number}@s.whatsapp.net` : number

  const stored = await storeFiles(companyId, files)
  try {
    const result = transaction(db, (tx): ApiSendResult => {
      if (idempotency) {
        // Another request with the key finished while this one was checking.
        const prior = findIdempotentAnswer(tx, idempotency)
        if (prior) return { ...(prior as Omit<ApiSendResult, 'replayed'>), replayed: true }
      }
      const { contact } = upsertContactFromPeer(tx, companyId, { phone: number })
      if (contact.blocked)
        throw new ApiError('conflict', 'The contact is blocked', {
          fields: { number: 'Blocked contact' },
        })
      // The system opens, moves and closes tickets (history lines without an author); the
      // messages are the user's when one is named (their name, their signature).
      const system = credential.actor
      const sender: Actor = user ? { ...system, userId: user.id, name: user.name } : system
      const base = { status: 201, replayed: false }

      let body: ApiSendAnswer
      if (sendAt) {
        const schedule = insertSchedule(tx, sender, {
          contactId: contact.id,
          connectionId: connection.id,
          body: text ?? '',
          media: stored[0],
          sendAt,
          recurrence: 'none',
          recurrenceEnd: null,
          openTicket: !input.closeTicket && !input.noRegister,
        })
        body = {
          status: 'SCHEDULED',
          messageId: null,
          messageIds: [],
          ticketId: null,
          contactId: contact.id,
          connectionId: connection.id,
          scheduleId: schedule.id,
          number,
        }
      } else {
        let ticket = lifecycle.findActiveTicket(tx, contact.id, connection.id)
        let created = false
        if (!ticket) {
          ;({ ticket, created } = lifecycle.openTicket(tx, system, {
            companyId,
            contactId: contact.id,
            connectionId: connection.id,
            queueId: queue?.id ?? connection.queueId,
            userId: input.noRegister ? null : (user?.id ?? null),
            chatId,
            isGroup: false,
            // Sent by a system: the bot stays out of this conversation.
            botState: { done: true },
          }))
        } else if (
          !input.noRegister &&
          ((user && ticket.userId !== user.id) || (queue && ticket.queueId !== queue.id))
        ) {
          ticket = lifecycle.transferTicket(tx, system, ticket, {
            ...(user ? { userId: user.id, status: 'open' as const } : {}),
            ...(queue ? { queueId: queue.id } : {}),
          })
          afterAgentTook(tx, ticket)
        }

        // Files one by one; the text is the first file's caption (an audio has none: it goes
        // first, on its own).
        const first = stored[0]
        const captioned = first && !['audio'].includes(topType(first.mimeType))
        const contents = [
          ...(text && !captioned ? [{ text }] : []),
          ...stored.map((media, index) => ({
            media,
            text: index === 0 && captioned ? text : undefined,
          })),
        ]
        const sent = contents.map((content, index) =>
          sendMessage(
            db,
            sender,
            ticket.id,
            { ...content, quotedMessageId: index === 0 ? quoted : undefined },
            { allowPending: true, signature: user ? input.sendSignature : undefined },
          ),
        )
        if (input.closeTicket || (input.noRegister && created))
          closeTicket(db, system, ticket.id, { sendFarewell: false })
        body = {
          status: 'SUCCESS',
          messageId: sent[0]!.id,
          messageIds: sent.map((message) => message.id),
          ticketId: ticket.id,
          contactId: contact.id,
          connectionId: connection.id,
          scheduleId: null,
          number,
        }
      }
      if (idempotency) saveIdempotentAnswer(tx, idempotency, { status: base.status, body })
      return { ...base, body }
    })
    if (result.replayed) await removeFiles(stored)
    return result
  } catch (error) {
    await removeFiles(stored)
    throw error
  }
}
