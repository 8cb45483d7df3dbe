import fs from 'node:fs/promises'
import path from 'node:path'
import { MediaTooLargeError, storeMedia } from '#app/channels/media.server.ts'
import { type Actor } from '#app/domain/actor.ts'
import { invalid } from '#app/domain/errors.ts'
import { addPrivateNote } from '#app/domain/tickets/actions.server.ts'
import { getAccessibleTicket } from '#app/domain/tickets/access.server.ts'
import { type Db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { sendMessage } from './send.server.ts'

/** WhatsApp's own limit for media and documents sent by an agent. */
export const COMPOSER_MAX_FILE_BYTES = 16 * 1024 * 1024

export type ComposerInput = {
  text?: string
  file?: File
  /** The file is a voice note recorded in the browser (sent as a WhatsApp voice message). */
  voice?: boolean
  /** A private note: kept in the history, never sent. */
  private?: boolean
  quotedMessageId?: string
}

/** What the composer sends: a note, or a message with an optional file (stored before the send). */
export async function sendFromComposer(
  db: Db,
  actor: Actor,
  ticketId: string,
  input: ComposerInput,
) {
  if (input.private) return addPrivateNote(db, actor, ticketId, input.text ?? '')
  getAccessibleTicket(db, actor, ticketId)
  const file = input.file && input.file.size > 0 ? input.file : undefined
  const mediaDir = path.resolve(getEnv().MEDIA_DIR)
  let media: Awaited<ReturnType<typeof storeMedia>> | undefined
  if (file) {
    try {
      media = await storeMedia(
        mediaDir,
        actor.companyId,
        new Uint8Array(await file.arrayBuffer()),
        {
          declaredMime: file.type || undefined,
          fileName: input.voice ? undefined : file.name || undefined,
          maxBytes: COMPOSER_MAX_FILE_BYTES,
        },
      )
    } catch (error) {
      if (error instanceof MediaTooLargeError)
        throw invalid('file', 'validation.fileTooBig', { max: 16 })
      throw error
    }
  }
  try {
    return sendMessage(db, actor, ticketId, {
      text: input.text,
      media,
      type: input.voice && media ? 'voice' : undefined,
      quotedMessageId: input.quotedMessageId || undefined,
    })
  } catch (error) {
    if (media) await fs.rm(path.join(mediaDir, media.path), { force: true })
    throw error
  }
}
