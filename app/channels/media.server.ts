import fs from 'node:fs/promises'
import path from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import { type StoredMedia } from '#app/channels/types.ts'
import { newId } from '#app/utils/ids.ts'

/** Default size limit of a media file received from a channel (WhatsApp's own cap is ~2 GB). */
export const DEFAULT_MAX_MEDIA_BYTES = 64 * 1024 * 1024

export class MediaTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(
      `Media file is too large: ${formatMb(size)} (the limit is ${formatMb(maxBytes)}); it was not stored`,
    )
    this.name = 'MediaTooLargeError'
  }
}

const formatMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/**
 * Extensions for mime types file-type cannot sniff (text formats) or that channels declare.
 * Sniffed types use file-type's own extension.
 */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'text/plain': 'txt',
  'text/csv': 'csv',
  'text/vcard': 'vcf',
  'text/x-vcard': 'vcf',
  'text/calendar': 'ics',
  'text/html': 'html',
  'text/markdown': 'md',
  'application/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'image/svg+xml': 'svg',
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'application/zip': 'zip',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
}

const OCTET_STREAM = 'application/octet-stream'

/** Sniffed types that are containers of more precise formats (docx, xlsx, doc, xls, apk…). */
const GENERIC_CONTAINERS = new Set(['application/zip', 'application/x-cfb'])

/** "Audio/OGG; codecs=opus" → "audio/ogg; codecs=opus"; garbage → undefined. */
function cleanMime(mime: string | undefined): string | undefined {
  if (!mime) return undefined
  const cleaned = mime.trim().toLowerCase()
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/.test(cleaned)
    ? cleaned
    : undefined
}

const essence = (mime: string) => mime.split(';')[0]!.trim()

/** A file name's extension when it is a plain one (`a-z0-9`, at most 10), lower case; else undefined. */
export function extensionFromName(fileName: string | undefined): string | undefined {
  const ext = fileName ? path.extname(fileName).slice(1).toLowerCase() : ''
  return /^[a-z0-9]{1,10}$/.test(ext) ? ext : undefined
}

/** A display name safe to keep: no directories, no control characters, at most 200 characters. */
export function cleanFileName(fileName: string | undefined): string | undefined {
  if (!fileName) return undefined
  // eslint-disable-next-line no-control-regex
  const base = path.basename(fileName.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '')
  const trimmed = base.trim().slice(0, 200)
  return trimmed && trimmed !== '.' && trimmed !== '..' ? trimmed : undefined
}

export type StoreMediaOptions = {
  /** The type the channel declared; used when the bytes cannot be sniffed (text, vCard…). */
  declaredMime?: string
  /** The original file name, kept for display and downloads. */
  fileName?: string
  /** Defaults to DEFAULT_MAX_MEDIA_BYTES. */
  maxBytes?: number
  durationSeconds?: number
  /** For tests: the date the month folder is taken from. */
  now?: Date
}

/**
 * Writes media received from a channel under
 * `<mediaDir>/messages/<companyId>/<yyyy-mm>/<ulid>.<ext>` and describes it. The type comes from
 * the bytes (file-type) when they can be sniffed, else from the declared mime type, so a file
 * never claims to be what it is not. Throws MediaTooLargeError beyond the size limit.
 */
export async function storeMedia(
  mediaDir: string,
  companyId: string,
  bytes: Uint8Array,
  opts: StoreMediaOptions = {},
): Promise<StoredMedia> {
  if (!/^[A-Za-z0-9_-]+$/.test(companyId))
    throw new Error(`storeMedia: invalid company id "${companyId}"`)
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_MEDIA_BYTES
  if (bytes.byteLength > maxBytes) throw new MediaTooLargeError(bytes.byteLength, maxBytes)

  const declared = cleanMime(opts.declaredMime)
  const sniffed = bytes.byteLength ? await fileTypeFromBuffer(bytes) : undefined
  let mimeType: string
  let ext: string
  if (
    sniffed &&
    GENERIC_CONTAINERS.has(sniffed.mime) &&
    declared?.startsWith('application/') &&
    essence(declared) !== sniffed.mime
  ) {
    // Office files are zip/CFB containers: the declared type is the more precise one.
    mimeType = declared
    ext = EXTENSIONS[essence(declared)] ?? extensionFromName(opts.fileName) ?? sniffed.ext
  } else if (sniffed) {
    // Keep the declared parameters (e.g. "; codecs=opus") when they describe the same type.
    mimeType =
      declared && essence(declared) === essence(sniffed.mime) && declared.includes(';')
        ? declared
        : sniffed.mime
    ext = sniffed.ext
  } else {
    mimeType = declared ?? OCTET_STREAM
    ext = EXTENSIONS[essence(mimeType)] ?? extensionFromName(opts.fileName) ?? 'bin'
  }

  const now = opts.now ?? new Date()
  const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`
  const relative = path.posix.join('messages', companyId, month, `${newId()}.${ext}`)
  const absolute = path.join(mediaDir, ...relative.split('/'))
  await fs.mkdir(path.dirname(absolute), { recursive: true })
  await fs.writeFile(absolute, bytes, { flag: 'wx' })

  const stored: StoredMedia = { path: relative, mimeType, size: bytes.byteLength }
  const fileName = cleanFileName(opts.fileName)
  if (fileName) stored.fileName = fileName
  if (opts.durationSeconds !== undefined && opts.durationSeconds > 0)
    stored.durationSeconds = opts.durationSeconds
  return stored
}
