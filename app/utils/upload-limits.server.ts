import { IMPORT_MAX_BYTES } from '#app/domain/contacts/import.server.ts'
import { COMPOSER_MAX_FILE_BYTES } from '#app/domain/messages/compose.server.ts'
import { QUICK_REPLY_MEDIA_MAX_BYTES } from '#app/domain/quick-replies/quick-reply-schema.ts'
import { SCHEDULE_MEDIA_MAX_BYTES } from '#app/domain/schedules/schedule-schema.ts'
import { SIMULATOR_MAX_FILE_BYTES } from '#app/domain/simulator/simulator.server.ts'
import { AVATAR_MAX_BYTES } from '#app/domain/users/user-schema.ts'

const MB = 1024 * 1024

/**
 * How large a file each kind of upload route reads: the one number both the route's reader
 * (`readMultipartForm`, or the import's disk handler) and the edge's cap use. Forms whose field
 * says "at most N MB" read more than N, so a file a little too large reaches the schema and the form
 * keeps what was typed; past this the route answers its own 413.
 */
export const UPLOAD_READ_BYTES = {
  /** User editor and profile: avatars are at most AVATAR_MAX_BYTES (2 MB). */
  avatar: Math.max(10 * MB, AVATAR_MAX_BYTES),
  /** Quick replies, a queue's greeting, schedules: at most 16 MB of media. */
  media: 2 * Math.max(QUICK_REPLY_MEDIA_MAX_BYTES, SCHEDULE_MEDIA_MAX_BYTES),
  /** The conversation's composer: the file limit itself (it answers a JSON 413). */
  composer: COMPOSER_MAX_FILE_BYTES,
  /** The simulator page and its JSON API. */
  simulator: SIMULATOR_MAX_FILE_BYTES,
  /** The contact import's spreadsheet, streamed to disk. */
  contactImport: IMPORT_MAX_BYTES,
} as const

export type UploadKind = keyof typeof UPLOAD_READ_BYTES

/** The upload kind of every route that takes files, by route id. */
export const UPLOAD_ROUTES: Readonly<Record<string, UploadKind>> = {
  'routes/_app+/contacts.import.index': 'contactImport',
  'routes/resources+/tickets.$ticketId.messages': 'composer',
  'routes/resources+/schedules': 'media',
  'routes/resources+/schedules.$scheduleId': 'media',
  'routes/_app+/quick-replies.new': 'media',
  'routes/_app+/quick-replies.$replyId': 'media',
  'routes/_app+/admin+/queues.new': 'media',
  'routes/_app+/admin+/queues.$queueId': 'media',
  'routes/_app+/admin+/users.new': 'avatar',
  'routes/_app+/admin+/users.$userId': 'avatar',
  'routes/_app+/profile': 'avatar',
  'routes/_app+/simulator': 'simulator',
  'routes/simulator+/api.messages': 'simulator',
  'routes/api+/messages.send': 'composer',
}

/**
 * The routes that take files, by route id, with the largest file each reads. server.ts (through
 * entry.server) caps a multipart body to this plus room for the other fields before it is parsed;
 * a multipart body to a route not listed here gets the plain-form cap. Tests check that every
 * route reading multipart is listed and reads with its kind's `UPLOAD_READ_BYTES`.
 */
export const UPLOAD_LIMITS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(UPLOAD_ROUTES).map(([routeId, kind]) => [routeId, UPLOAD_READ_BYTES[kind]]),
)
