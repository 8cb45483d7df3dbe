import fs from 'node:fs'
import { Readable } from 'node:stream'
import { DomainError } from '#app/domain/errors.ts'
import { resolveStoredFile } from '#app/domain/media/stored-files.server.ts'

/**
 * Streams a file with its type, supporting Range requests (audio and video seek) and a
 * download name. Answers 404 when the file is gone.
 */
export function fileResponse(
  request: Request,
  file: string,
  options: { type: string; name?: string | null; download?: boolean },
) {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    return new Response('Not found', { status: 404 })
  }
  const headers = new Headers({
    'content-type': options.type,
    'accept-ranges': 'bytes',
    'cache-control': 'private, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    // Uploaded files never run as a page of ours.
    'content-security-policy':
      "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
  })
  // Only media a browser plays safely is shown inline; anything else (even if it claims to be
  // HTML) downloads.
  const inline =
    !options.download &&
    /^(image|audio|video)\//.test(options.type) &&
    options.type !== 'image/svg+xml'
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
export function storedFileResponse(
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
