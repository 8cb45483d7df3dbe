import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from '@remix-run/node'

/**
 * Reads a multipart form keeping files in memory up to `maxFileBytes` each. A larger file yields
 * `{ tooLarge: true }` instead of throwing, so the form can show a field error.
 */
export async function readMultipartForm(request: Request, maxFileBytes: number) {
  try {
    const formData = await parseMultipartFormData(
      request,
      createMemoryUploadHandler({ maxPartSize: maxFileBytes }),
    )
    return { formData, tooLarge: false as const }
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return { formData: null, tooLarge: true as const, field: error.field }
    throw error
  }
}
