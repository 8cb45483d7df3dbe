import fs from 'node:fs'
import path from 'node:path'
import {
  MaxPartSizeExceededError,
  type NodeOnDiskFile,
  type UploadHandler,
  unstable_createFileUploadHandler as createFileUploadHandler,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
} from '@remix-run/node'
import { cleanFileName, extensionFromName } from '#app/channels/media.server.ts'
import { importsDir } from '#app/domain/contacts/import.server.ts'
import { jsonError } from '#app/utils/answer.server.ts'
import { newId } from '#app/utils/ids.ts'
import { MultipartError, parseMultipart } from '#app/utils/multipart.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'

/** The form's other fields are a few bytes. */
const FIELD_BYTES = 10_000

/**
 * The upload is streamed to disk (never held in memory), then sniffed and previewed. Only the
 * `file` part is written, under a name of our own (a new id and, when it is a plain one, the
 * extension): the client's name is kept for display only, cleaned, and never becomes a path. When
 * anything aborts the upload (a part too large, a broken body), the file written so far is
 * removed.
 */
export async function readUpload(request: Request) {
  const directory = importsDir()
  /** Every path the disk handler was given, so an aborted upload leaves nothing behind. */
  const written: string[] = []
  let name = ''
  const toDisk = createFileUploadHandler({
    directory,
    maxPartSize: UPLOAD_READ_BYTES.contactImport,
    avoidFileConflicts: false,
    file: ({ filename }) => {
      const ext = extensionFromName(cleanFileName(filename))
      const stored = ext ? `${newId()}.${ext}` : newId()
      written.push(path.resolve(directory, stored))
      return stored
    },
  })
  const inMemory = createMemoryUploadHandler({ maxPartSize: FIELD_BYTES })
  const handler: UploadHandler = async (part) => {
    // One file, in the `file` field; any other file part is not ours to keep.
    if (part.filename === undefined) return inMemory(part)
    if (part.name !== 'file' || written.length > 0) return undefined
    name = cleanFileName(part.filename) ?? ''
    return toDisk(part)
  }
  const removeWritten = () =>
    Promise.all(written.map((file) => fs.promises.rm(file, { force: true }).catch(() => {})))
  try {
    const formData = await parseMultipart(request, handler)
    const entry = formData.get('file')
    const file = entry && typeof entry !== 'string' ? (entry as unknown as NodeOnDiskFile) : null
    return { file, name: file ? name : '' }
  } catch (error) {
    await removeWritten()
    if (error instanceof MaxPartSizeExceededError) return { file: null, name: '', tooLarge: true }
    if (error instanceof MultipartError) throw jsonError(400, 'validation.formBody')
    throw error
  }
}
