import { IMPORT_MAX_BYTES } from '#app/domain/contacts/import.server.ts'
import { COMPOSER_MAX_FILE_BYTES } from '#app/domain/messages/compose.server.ts'
import { QUICK_REPLY_MEDIA_MAX_BYTES } from '#app/domain/quick-replies/quick-reply-schema.ts'
import { SCHEDULE_MEDIA_MAX_BYTES } from '#app/domain/schedules/schedule-schema.ts'
import { SIMULATOR_MAX_FILE_BYTES } from '#app/domain/simulator/simulator.server.ts'
import { AVATAR_MAX_BYTES } from '#app/domain/users/user-schema.ts'

/**
 * The routes that take files, by route id, with the largest file each accepts. server.ts (through
 * entry.server) caps a multipart body to this plus room for the other fields before it is parsed;
 * a multipart body to a route not listed here gets the plain-form cap. A test checks that every
 * route reading multipart is listed.
 */
export const UPLOAD_LIMITS: Readonly<Record<string, number>> = {
  'routes/_app+/contacts.import.index': IMPORT_MAX_BYTES,
  'routes/resources+/tickets.$ticketId.messages': COMPOSER_MAX_FILE_BYTES,
  'routes/resources+/schedules': SCHEDULE_MEDIA_MAX_BYTES,
  'routes/resources+/schedules.$scheduleId': SCHEDULE_MEDIA_MAX_BYTES,
  'routes/_app+/quick-replies.new': QUICK_REPLY_MEDIA_MAX_BYTES,
  'routes/_app+/quick-replies.$replyId': QUICK_REPLY_MEDIA_MAX_BYTES,
  // A queue's greeting file has the quick replies' limit (queues.server.ts).
  'routes/_app+/admin+/queues.new': QUICK_REPLY_MEDIA_MAX_BYTES,
  'routes/_app+/admin+/queues.$queueId': QUICK_REPLY_MEDIA_MAX_BYTES,
  'routes/_app+/admin+/users.new': AVATAR_MAX_BYTES,
  'routes/_app+/admin+/users.$userId': AVATAR_MAX_BYTES,
  'routes/_app+/profile': AVATAR_MAX_BYTES,
  'routes/_app+/simulator': SIMULATOR_MAX_FILE_BYTES,
  'routes/simulator+/api.messages': SIMULATOR_MAX_FILE_BYTES,
}
