import { unstable_createMemoryUploadHandler as createMemoryUploadHandler } from '@remix-run/node'
import { describe, expect, test } from 'vitest'
import { MultipartError, parseHeaderValue, parseMultipart } from './multipart.server.ts'
import { readForm } from './upload.server.ts'

const handler = createMemoryUploadHandler({ maxPartSize: 1024 * 1024 })

/** A request with the body a browser (undici's FormData encoder, as Chromium's) would send. */
async function browserRequest(form: FormData, chunkSize?: number) {
  const encoded = new Request('http://x/', { method: 'POST', body: form })
  const bytes = new Uint8Array(await encoded.arrayBuffer())
  const body = chunkSize
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += chunkSize)
            controller.enqueue(bytes.subarray(i, i + chunkSize))
          controller.close()
        },
      })
    : bytes
  return new Request('http://x/', {
    method: 'POST',
    body,
    headers: { 'content-type': encoded.headers.get('content-type')! },
    duplex: 'half', // Node's fetch needs it for a stream body
  } as RequestInit)
}

const raw = (body: string, contentType = 'multipart/form-data; boundary=XyZ') =>
  new Request('http://x/', { method: 'POST', body, headers: { 'content-type': contentType } })

describe('parseMultipart', () => {
  const names = [
    'a;b.pdf',
    'a=b.pdf',
    'name="x"; filename=y.pdf',
    'aspas "duplas".pdf',
    "it's.pdf",
    'linha\r\nquebrada.pdf',
    'relatório – ação 😀.pdf',
    '%41.pdf', // (a literal "%22" reads as a quote: browsers write " as %22 and leave % alone)
    ' espaço .pdf',
  ]
  for (const chunkSize of [undefined, 1, 7]) {
    test(`file names are data, never syntax (chunks of ${chunkSize ?? 'all'})`, async () => {
      for (const name of names) {
        const form = new FormData()
        form.append('text', 'olá; a=b')
        form.append('file', new File([new Uint8Array([1, 2, 3, 13, 10, 45, 45])], name))
        const parsed = await parseMultipart(await browserRequest(form, chunkSize), handler)
        expect(parsed.get('text')).toBe('olá; a=b')
        const file = parsed.get('file') as File
        expect(file.name).toBe(name)
        expect([...new Uint8Array(await file.arrayBuffer())]).toEqual([1, 2, 3, 13, 10, 45, 45])
      }
    })
  }

  test('reads filename* and quoted escapes', async () => {
    const body =
      '--XyZ\r\nContent-Disposition: form-data; name="f"; filename="x.pdf"; filename*=UTF-8\'\'a%3Bb%20%C3%A7.pdf\r\n\r\nhi\r\n' +
      '--XyZ\r\nContent-Disposition: form-data; name="g"; filename="a\\"b\\\\c.txt"\r\nContent-Type: text/plain\r\n\r\nyo\r\n--XyZ--\r\n'
    const parsed = await parseMultipart(raw(body), handler)
    expect((parsed.get('f') as File).name).toBe('a;b ç.pdf')
    expect((parsed.get('g') as File).name).toBe('c.txt') // a"b\c.txt: the last path segment
  })

  test('broken bodies are a MultipartError', async () => {
    const broken = [
      'no boundary at all',
      '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nnever ends',
      '--XyZ\r\nno colon here\r\n\r\nx\r\n--XyZ--',
      '--XyZ\r\nContent-Disposition: attachment\r\n\r\nx\r\n--XyZ--',
      '--XyZ',
      '--XyZjunk\r\n',
    ]
    for (const body of broken)
      await expect(parseMultipart(raw(body), handler)).rejects.toBeInstanceOf(MultipartError)
    await expect(parseMultipart(raw('x', 'multipart/form-data'), handler)).rejects.toBeInstanceOf(
      MultipartError,
    )
  })

  test('quoted boundary, other parameters, empty form', async () => {
    const parsed = await parseMultipart(
      raw(
        'preamble\r\n--a b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--a b--\r\nepilogue',
        'Multipart/Form-Data; charset=utf-8; boundary="a b"',
      ),
      handler,
    )
    expect(parsed.get('x')).toBe('1')
    expect([...(await parseMultipart(raw('--XyZ--\r\n'), handler)).keys()]).toEqual([])
  })
})

describe('parseHeaderValue', () => {
  test('keeps ; and = inside quotes', () => {
    const { value, params } = parseHeaderValue('Form-Data; NAME="a;b=c"; filename=plain; x')
    expect(value).toBe('form-data')
    expect(params.get('name')).toBe('a;b=c')
    expect(params.get('filename')).toBe('plain')
  })
})

describe('readForm', () => {
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request('http://x/', { method: 'POST', body, headers })
  const status = async (request: Request) =>
    readForm(request).then(
      () => 200,
      (error: unknown) => (error instanceof Response ? error.status : 500),
    )

  test('answers 4xx for what is not a form', async () => {
    expect(await status(post('{"a":1}', { 'content-type': 'application/json' }))).toBe(415)
    expect(await status(post('a=1', { 'content-type': 'text/plain' }))).toBe(415)
    expect(
      await status(post('--x\r\n', { 'content-type': 'multipart/form-data; boundary=x' })),
    ).toBe(400)
    expect(await status(post('junk', { 'content-type': 'multipart/form-data' }))).toBe(400)
    const big = new FormData()
    big.append('a', 'x'.repeat(1024 * 1024 + 1))
    expect(await status(await browserRequest(big))).toBe(413)
  })

  test('reads urlencoded, multipart and an empty body', async () => {
    const form = await readForm(
      post('a=1&b=%3B', { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }),
    )
    expect(form.get('b')).toBe(';')
    expect([...(await readForm(post(null))).keys()]).toEqual([])
    const multi = new FormData()
    multi.append('a', 'b')
    expect((await readForm(await browserRequest(multi))).get('a')).toBe('b')
  })
})
