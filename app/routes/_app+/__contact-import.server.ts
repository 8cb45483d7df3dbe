import path from 'node:path'
import {
  MaxPartSizeExceededError,
  type NodeOnDiskFile,
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createFileUploadHandler as createFileUploadHandler,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
} from '@remix-run/node'
import { IMPORT_MAX_BYTES, importsDir } from '#app/domain/contacts/import.server.ts'
import { newId } from '#app/utils/ids.ts'
import { MultipartError, parseMultipart } from '#app/utils/multipart.server.ts'

/** The upload is streamed to disk (never held in memory), then sniffed and previewed. */
export async function readUpload(request: Request) {
  /** Stored name → the name the file had on the person's computer. */
  const originals = new Map<string, string>()
  try {
    const formData = await parseMultipart(
      request,
      composeUploadHandlers(
        createFileUploadHandler({
          directory: importsDir(),
          maxPartSize: IMPORT_MAX_BYTES,
          avoidFileConflicts: false,
          file: ({ filename }) => {
            const stored = `${newId()}${path.extname(filename).toLowerCase().slice(0, 6)}`
            originals.set(stored, path.basename(filename))
            return stored
          },
        }),
        createMemoryUploadHandler({ maxPartSize: 10_000 }),
      ),
    )
    const entry = formData.get('file')
    const file = entry && typeof entry !== 'string' ? (entry as unknown as NodeOnDiskFile) : null
    const name = file ? (originals.get(path.basename(file.getFilePath())) ?? file.name) : ''
    return { file, name }
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { file: null, name: '', tooLarge: true }
    if (error instanceof MultipartError)
      throw Response.json({ error: `Bad multipart body: ${error.message}` }, { status: 400 })
    throw error
  }
}
