import fs from 'node:fs/promises'
import path from 'node:path'
import { MediaTooLargeError, storeMedia } from '#app/channels/media.server.ts'
import { type StoredMedia } from '#app/channels/types.ts'
import { invalid } from '#app/domain/errors.ts'
import { getEnv } from '#app/utils/env.server.ts'

/** Absolute MEDIA_DIR: stored paths are relative to it. */
export const mediaRoot = () => path.resolve(getEnv().MEDIA_DIR)

/** The absolute file of a stored path, or null when the path leads outside MEDIA_DIR. */
export function resolveStoredFile(relative: string) {
  const root = mediaRoot()
  const file = path.resolve(root, relative)
  return file.startsWith(root + path.sep) ? file : null
}

/** Deletes a stored file (path relative to MEDIA_DIR); nothing, or a path outside it, is ignored. */
export async function removeStoredFile(relative: string | null | undefined) {
  const file = relative ? resolveStoredFile(relative) : null
  if (file) await fs.rm(file, { force: true })
}

/** An editor's file input: the field its errors belong to and its size limit. */
export type UploadField = { field: string; maxBytes: number }

/**
 * Stores a file sent by an editor form (see storeMedia); a file over the limit is a field error
 * `validation.fileTooBig`.
 */
export async function storeUpload(companyId: string, file: File, { field, maxBytes }: UploadField) {
  try {
    return await storeMedia(mediaRoot(), companyId, new Uint8Array(await file.arrayBuffer()), {
      declaredMime: file.type || undefined,
      fileName: file.name || undefined,
      maxBytes,
    })
  } catch (error) {
    if (error instanceof MediaTooLargeError)
      throw invalid(field, 'validation.fileTooBig', { max: maxBytes / 1024 / 1024 })
    throw error
  }
}

/** Stores the uploaded file (if any) first, then runs the write; removes the file if the write fails. */
export async function withUpload<T>(
  companyId: string,
  file: File | undefined,
  upload: UploadField,
  write: (media: StoredMedia | undefined) => T,
) {
  const stored = file ? await storeUpload(companyId, file, upload) : undefined
  try {
    return write(stored)
  } catch (error) {
    await removeStoredFile(stored?.path)
    throw error
  }
}
