import fs from 'node:fs/promises'
import path from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import { invalid } from '#app/domain/errors.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { newId } from '#app/utils/ids.ts'
import { AVATAR_MAX_BYTES, AVATAR_TYPES } from './user-schema.ts'

const avatarDir = (companyId: string) => path.resolve(getEnv().MEDIA_DIR, 'avatars', companyId)

/**
 * Stores an uploaded avatar after sniffing its real type from the bytes (the browser's claim is
 * ignored). Returns the file name kept on the user row.
 */
export async function storeAvatar(companyId: string, file: File) {
  if (file.size > AVATAR_MAX_BYTES) throw invalid('avatar', 'validation.avatarTooBig')
  const bytes = new Uint8Array(await file.arrayBuffer())
  const type = await fileTypeFromBuffer(bytes)
  if (!type || !(AVATAR_TYPES as readonly string[]).includes(type.mime)) {
    throw invalid('avatar', 'validation.avatarType')
  }
  const name = `${newId()}.${type.ext}`
  await fs.mkdir(avatarDir(companyId), { recursive: true })
  await fs.writeFile(path.join(avatarDir(companyId), name), bytes)
  return name
}

export async function removeAvatarFile(companyId: string, name: string | null | undefined) {
  if (!name) return
  await fs.rm(path.join(avatarDir(companyId), path.basename(name)), { force: true })
}

const MIME_BY_EXT: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
}

export async function readAvatar(companyId: string, name: string) {
  const file = path.join(avatarDir(companyId), path.basename(name))
  const bytes = await fs.readFile(file).catch(() => null)
  if (!bytes) return null
  return { bytes, type: MIME_BY_EXT[path.extname(name).slice(1)] ?? 'application/octet-stream' }
}
