import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
} from '@remix-run/node'
import { jsonError } from './answer.server.ts'
import { bodyHasBytes, MultipartError, mediaTypeOf, parseMultipart } from './multipart.server.ts'

/** Text fields and files of forms that are not uploads (a plain form has no business being big). */
const FORM_PART_LIMIT = 1024 * 1024

async function readFormOrTooLarge(request: Request, maxPartBytes: number) {
  const type = mediaTypeOf(request)
  if (type === 'multipart/form-data') {
    try {
      return await parseMultipart(request, createMemoryUploadHandler({ maxPartSize: maxPartBytes }))
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return error
      if (error instanceof MultipartError) throw jsonError(400, 'validation.formBody')
      throw error
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    try {
      return await request.formData()
    } catch {
      throw jsonError(400, 'validation.formBody')
    }
  }
  // A POST without a body (a button that sends nothing) is an empty form; a body must say what it is.
  if (!type && !(await bodyHasBytes(request))) return new FormData()
  throw jsonError(415, 'validation.formType')
}

/**
 * The one way actions read a form: urlencoded or multipart (parsed by our own reader, so any file
 * name works). A body of another type answers 415, a broken one 400, a part over `maxPartBytes`
 * 413 — never a 500.
 */
export async function readForm(
  request: Request,
  { maxPartBytes = FORM_PART_LIMIT }: { maxPartBytes?: number } = {},
): Promise<FormData> {
  const result = await readFormOrTooLarge(request, maxPartBytes)
  if (result instanceof MaxPartSizeExceededError) throw jsonError(413, 'validation.partTooLarge')
  return result
}

/**
 * Reads a form with files, keeping them in memory up to `maxFileBytes` each. A larger file yields
 * `{ tooLarge: true }` instead of throwing, so the form can show a field error.
 */
export async function readMultipartForm(request: Request, maxFileBytes: number) {
  const result = await readFormOrTooLarge(request, maxFileBytes)
  if (result instanceof MaxPartSizeExceededError)
    return { formData: null, tooLarge: true as const, field: result.field }
  return { formData: result, tooLarge: false as const }
}
