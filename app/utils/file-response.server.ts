import fs from 'node:fs'
import { Readable } from 'node:stream'
import { fileTypeFromBuffer } from 'file-type'
import { DomainError } from '#app/domain/errors.ts'
import { resolveStoredFile } from '#app/domain/media/stored-files.server.ts'

/**
 * Types a browser may show inline from our origin: raster images, audio and video. Nothing here
 * can run script (SVG and HTML can, PDF viewers are their own world): everything else downloads.
 */
const INLINE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'audio/ogg',
  'audio/opus',
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/x-m4a',
  'audio/wav',
  'audio/x-wav',
  'audio/vnd.wave',
  'audio/webm',
  'audio/amr',
  'video/mp4',
  'video/webm',
  'video/ogg',
  'video/quicktime',
  'video/3gpp',
])

const baseType = (type: string) => type.split(';')[0]!.trim().toLowerCase()

/** Enough bytes for file-type's signatures (its own sample size) and an SVG's prologue. */
const SNIFF_BYTES = 4100

function readHead(file: string) {
  const fd = fs.openSync(file, 'r')
  try {
    const head = Buffer.alloc(SNIFF_BYTES)
    return head.subarray(0, fs.readSync(fd, head, 0, SNIFF_BYTES, 0))
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * What the bytes are, whatever the upload claimed: file-type's magic numbers for binary formats;
 * SVG (text, so file-type cannot tell) when an `<svg` element opens in the first kilobytes.
 */
export async function sniffType(head: Uint8Array): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(head)
  if (detected && detected.mime !== 'application/xml') return detected.mime
  const text = Buffer.from(head).toString('latin1').replace(/\0/g, '')
  if (/<svg[\s/>]/i.test(text)) return 'image/svg+xml'
  return detected?.mime
}

/** Inline only when both the stored type and the bytes are media a browser shows without script. */
export const isInlineSafe = (declared: string, sniffed: string | undefined) =>
  INLINE_TYPES.has(baseType(declared)) &&
  sniffed !== undefined &&
  INLINE_TYPES.has(baseType(sniffed))

/**
 * Streams a file with its type, supporting Range requests (audio and video seek) and a
 * download name. Answers 404 when the file is gone. Only raster images, audio and video whose
 * bytes agree are shown inline; anything else downloads, with nosniff and a sandboxing CSP.
 */
export async function fileResponse(
  request: Request,
  file: string,
  options: { type: string; name?: string | null; download?: boolean },
) {
  let stat: fs.Stats
  let head: Buffer
  try {
    stat = fs.statSync(file)
    head = readHead(file)
  } catch {
    return new Response('Not found', { status: 404 })
  }
  const inline = !options.download && isInlineSafe(options.type, await sniffType(head))
  const headers = new Headers({
    'content-type': options.type,
    'accept-ranges': 'bytes',
    'cache-control': 'private, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    // Uploaded files never run as a page of ours. Media opened in a tab is shown by the browser's
    // own media document, which loads the same URL again (media-src/img-src 'self').
    'content-security-policy': inline
      ? "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
      : "default-src 'none'; sandbox",
  })
  if (options.name || !inline) {
    const disposition = inline ? 'inline' : 'attachment'
    headers.set(
      'content-disposition',
      options.name
        ? `${disposition}; filename*=UTF-8''${encodeURIComponent(options.name)}`
        : disposition,
    )
  }
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') ?? '')
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, stat.size - Number(range[2]))
    const end = range[1] && range[2] ? Math.min(Number(range[2]), stat.size - 1) : stat.size - 1
    if (start > end || start >= stat.size) {
      return new Response(null, {
        status: 416,
        headers: { 'content-range': `bytes */${stat.size}` },
      })
    }
    headers.set('content-range', `bytes ${start}-${end}/${stat.size}`)
    headers.set('content-length', String(end - start + 1))
    return new Response(
      Readable.toWeb(fs.createReadStream(file, { start, end })) as ReadableStream,
      { status: 206, headers },
    )
  }
  headers.set('content-length', String(stat.size))
  return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream, {
    status: 200,
    headers,
  })
}

type StoredFile = { path: string; type: string; name?: string | null }

/**
 * Serves a file stored under MEDIA_DIR that `find` looks up in the domain. Answers 404 when there
 * is none, when the domain refuses it (the actor may not see it) or when its path leaves MEDIA_DIR.
 */
export async function storedFileResponse(
  request: Request,
  find: () => StoredFile | null,
  options: { download?: boolean } = {},
) {
  let media: StoredFile | null
  try {
    media = find()
  } catch (error) {
    if (error instanceof DomainError) return new Response('Not found', { status: 404 })
    throw error
  }
  const file = media ? resolveStoredFile(media.path) : null
  if (!media || !file) return new Response('Not found', { status: 404 })
  return fileResponse(request, file, { type: media.type, name: media.name, ...options })
}
