import { type UploadHandler } from '@remix-run/node'

/**
 * A streaming multipart/form-data reader that replaces Remix's `unstable_parseMultipartFormData`.
 *
 * Remix's parser (`@web3-storage/multipart-parser`) splits the part's Content-Disposition on every
 * `;` and `=`, so `filename="a;b.pdf"` or `filename="a=b.pdf"` threw "malformed content-disposition"
 * (a 500 for a file a real user picked), and it decoded headers with `decodeURIComponent`, which
 * throws on bytes that are not UTF-8. Here a header is read as parameters with quoted strings
 * (RFC 7578 / RFC 6266, `filename*` included): a file name is data, never syntax. Anything that is
 * not a well-formed body raises `MultipartError`, which callers answer with a 400.
 *
 * It takes the same upload handlers as Remix's (memory, file), so their size limits still apply.
 */

export class MultipartError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MultipartError'
  }
}

/** More parts than any form of ours has; a body with more is not a form. */
const MAX_PARTS = 1000
/** The header block of one part (Content-Disposition, Content-Type). */
const MAX_HEADER_BYTES = 16 * 1024

export type HeaderValue = { value: string; params: Map<string, string> }

/**
 * Parses `value; name=token; name="quoted \"string\""` (Content-Type, Content-Disposition).
 * Parameter names are lower-cased; a `\` escapes only `"` and `\` (browsers send other
 * backslashes as they are, e.g. `filename="a\b.pdf"`); an unterminated quote ends the header.
 */
export function parseHeaderValue(header: string): HeaderValue {
  let i = 0
  const end = header.length
  const readUntil = (stops: string) => {
    const start = i
    while (i < end && !stops.includes(header[i]!)) i++
    return header.slice(start, i).trim()
  }
  const value = readUntil(';').toLowerCase()
  const params = new Map<string, string>()
  while (i < end) {
    i++ // the ';'
    const name = readUntil(';=').toLowerCase()
    if (header[i] !== '=') {
      continue
    }
    i++ // the '='
    while (header[i] === ' ' || header[i] === '\t') i++
    let paramValue: string
    if (header[i] === '"') {
      i++
      let text = ''
      while (i < end && header[i] !== '"') {
        if (header[i] === '\\' && (header[i + 1] === '"' || header[i + 1] === '\\')) i++
        text += header[i]
        i++
      }
      i++ // the closing quote
      readUntil(';') // anything after the quoted string is noise
      paramValue = text
    } else {
      paramValue = readUntil(';')
    }
    if (name && !params.has(name)) params.set(name, paramValue)
  }
  return { value, params }
}

/**
 * The media type of a request (`multipart/form-data`, `application/json`…), lower case, without
 * parameters: the one way the app and the edge read a Content-Type. Takes a fetch Request or the
 * header's value (the edge has an Express request).
 */
export function mediaTypeOf(request: Request | string | null | undefined) {
  const header =
    typeof request === 'object' && request ? request.headers.get('content-type') : request
  return parseHeaderValue(header ?? '').value
}

/** True when a body has bytes (it is read: only for a body without a Content-Type). */
export async function bodyHasBytes(request: Request) {
  if (!request.body) return false
  const reader = request.body.getReader()
  try {
    for (;;) {
      const chunk = await reader.read()
      if (chunk.done) return false
      if (chunk.value.byteLength) return true
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
}

/** The boundary of a multipart/form-data Content-Type, or null when it is not one. */
export function multipartBoundary(contentType: string | null) {
  const { value, params } = parseHeaderValue(contentType ?? '')
  const boundary = params.get('boundary')
  if (value !== 'multipart/form-data' || !boundary || boundary.length > 200) return null
  return boundary
}

/** RFC 5987 `UTF-8''a%3Bb.pdf`; undefined when it cannot be decoded. */
function decodeExtValue(value: string | undefined) {
  const match = value ? /^([\w!#$%&+^`{}~-]*)'[^']*'(.*)$/.exec(value) : null
  if (!match) return undefined
  const charset = match[1]!.toLowerCase()
  try {
    if (charset === 'utf-8' || charset === '') return decodeURIComponent(match[2]!)
    // ISO-8859-1: every %XX is one character.
    return match[2]!.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    )
  } catch {
    return undefined
  }
}

/** Browsers write `"`, CR and LF of names as %22, %0D and %0A (HTML's form encoding). */
const unescapeFormName = (name: string) =>
  name.replace(/%(22|0d|0a)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))

/** The file name as the user had it: the last path segment (old browsers sent full paths). */
function fileNameOf(params: Map<string, string>) {
  const name = decodeExtValue(params.get('filename*')) ?? params.get('filename')
  if (name === undefined) return undefined
  return unescapeFormName(name).split(/[/\\]/).pop()!
}

const utf8 = new TextDecoder('utf-8')

/** Reads a multipart body into FormData, handing every part to `uploadHandler`. */
export async function parseMultipart(
  request: Request,
  uploadHandler: UploadHandler,
): Promise<FormData> {
  const boundary = multipartBoundary(request.headers.get('content-type'))
  if (!boundary) throw new MultipartError('Not a multipart/form-data request')
  if (!request.body) throw new MultipartError('Empty multipart body')
  const reader = request.body.getReader()
  const delimiter = Buffer.from(`\r\n--${boundary}`)
  // A CRLF in front lets the first boundary (at the very start of the body) match the delimiter.
  let buffer = Buffer.from('\r\n')
  let ended = false

  const readMore = async () => {
    if (ended) return false
    const chunk = await reader.read()
    if (chunk.done) {
      ended = true
      return false
    }
    buffer = buffer.length ? Buffer.concat([buffer, chunk.value]) : Buffer.from(chunk.value)
    return true
  }
  const need = async (bytes: number) => {
    while (buffer.length < bytes) if (!(await readMore())) return false
    return true
  }

  let pendingEnd = false
  /** The next piece of the current part's body, or null at its end (the delimiter is consumed). */
  const nextBodyChunk = async (): Promise<Buffer | null> => {
    for (;;) {
      const at = buffer.indexOf(delimiter)
      if (at >= 0) {
        const chunk = buffer.subarray(0, at)
        buffer = buffer.subarray(at + delimiter.length)
        if (chunk.length) {
          // Give the data first; the next call finds the delimiter gone and reports the end.
          pendingEnd = true
          return Buffer.from(chunk)
        }
        return null
      }
      const safe = buffer.length - (delimiter.length - 1)
      if (safe > 0) {
        const chunk = Buffer.from(buffer.subarray(0, safe))
        buffer = buffer.subarray(safe)
        return chunk
      }
      if (!(await readMore())) throw new MultipartError('The body ended inside a part')
    }
  }
  const bodyChunk = async () => {
    if (pendingEnd) {
      pendingEnd = false
      return null
    }
    return nextBodyChunk()
  }

  try {
    // The preamble, up to the first boundary.
    for (;;) {
      const at = buffer.indexOf(delimiter)
      if (at >= 0) {
        buffer = buffer.subarray(at + delimiter.length)
        break
      }
      buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length))
      if (!(await readMore())) throw new MultipartError('No multipart boundary in the body')
    }
    const formData = new FormData()
    for (let count = 0; ; count++) {
      // After a boundary: `--` closes the body; otherwise optional padding and CRLF.
      if (!(await need(2))) throw new MultipartError('The body ended after a boundary')
      if (buffer[0] === 0x2d && buffer[1] === 0x2d) break
      if (count >= MAX_PARTS) throw new MultipartError('Too many parts')
      let lineEnd: number
      while ((lineEnd = buffer.indexOf('\r\n')) < 0) {
        if (buffer.length > 256 || !(await readMore()))
          throw new MultipartError('Malformed boundary line')
      }
      if (buffer.subarray(0, lineEnd).toString('latin1').trim())
        throw new MultipartError('Malformed boundary line')
      buffer = buffer.subarray(lineEnd + 2)

      // The part's headers, up to an empty line.
      let headerEnd: number
      while (
        !(buffer[0] === 0x0d && buffer[1] === 0x0a) &&
        (headerEnd = buffer.indexOf('\r\n\r\n')) < 0
      ) {
        if (buffer.length > MAX_HEADER_BYTES || !(await readMore()))
          throw new MultipartError('Malformed part headers')
      }
      const emptyHeaders = buffer[0] === 0x0d && buffer[1] === 0x0a
      headerEnd = emptyHeaders ? 0 : buffer.indexOf('\r\n\r\n')
      if (headerEnd > MAX_HEADER_BYTES) throw new MultipartError('Part headers too large')
      const headers = new Map<string, string>()
      for (const line of utf8.decode(buffer.subarray(0, headerEnd)).split('\r\n')) {
        const colon = line.indexOf(':')
        if (colon <= 0) throw new MultipartError('Malformed part header')
        headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
      }
      buffer = buffer.subarray(emptyHeaders ? 2 : headerEnd + 4)

      const disposition = parseHeaderValue(headers.get('content-disposition') ?? '')
      const name = disposition.params.get('name')
      if (disposition.value !== 'form-data' || name === undefined)
        throw new MultipartError('A part without a form-data name')
      let finished = false
      const data = (async function* () {
        while (!finished) {
          const chunk = await bodyChunk()
          if (chunk === null) finished = true
          else yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        }
      })()
      const value = await uploadHandler({
        name: unescapeFormName(name),
        filename: fileNameOf(disposition.params),
        contentType: headers.get('content-type') || 'text/plain',
        data,
      })
      // Whatever the handler did not read is skipped.
      while (!finished) if ((await bodyChunk()) === null) finished = true
      if (value !== undefined && value !== null) formData.append(unescapeFormName(name), value)
    }
    return formData
  } finally {
    // The epilogue (or the rest of a refused body) is not read.
    await reader.cancel().catch(() => {})
  }
}
