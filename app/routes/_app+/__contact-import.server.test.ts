import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { importsDir } from '#app/domain/contacts/import.server.ts'
import { readUpload } from './__contact-import.server.ts'

const boundary = 'XyZ'

/** A multipart request from raw parts (`headers` is the part's Content-Disposition params). */
function upload(parts: Array<{ disposition: string; body: string | Buffer }>, end = true) {
  const chunks: Buffer[] = []
  for (const part of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; ${part.disposition}\r\n` +
          `Content-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(part.body),
      Buffer.from('\r\n'),
    )
  }
  if (end) chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return new Request('http://x/contacts/import', {
    method: 'POST',
    body: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  })
}

const filesInImports = () => {
  fs.mkdirSync(importsDir(), { recursive: true })
  return new Set(fs.readdirSync(importsDir()))
}
const newFiles = (before: Set<string>) => [...filesInImports()].filter((f) => !before.has(f))

test('a file name with NUL (plain or RFC 5987) never reaches the disk path', async () => {
  for (const disposition of [
    'name="file"; filename="a.c\u0000v"',
    'name="file"; filename*=UTF-8\'\'a.c%00v',
    'name="file"; filename="../../etc/x.csv"',
  ]) {
    const before = filesInImports()
    const { file, name } = await readUpload(upload([{ disposition, body: 'name,phone\n' }]))
    expect(file, disposition).not.toBeNull()
    expect(name).not.toMatch(/[/\\]/)
    expect(name).not.toContain(String.fromCharCode(0))
    const stored = newFiles(before)
    expect(stored).toHaveLength(1)
    expect(path.dirname(file!.getFilePath())).toBe(importsDir())
    expect(stored[0]).toMatch(/^[a-z0-9]+(\.[a-z0-9]{1,10})?$/)
    await file!.remove()
  }
})

test('only the `file` part is written to disk', async () => {
  const before = filesInImports()
  const { file } = await readUpload(
    upload([
      { disposition: 'name="other"; filename="x.csv"', body: 'a' },
      { disposition: 'name="file"; filename="contacts.csv"', body: 'name,phone\n' },
      { disposition: 'name="file"; filename="second.csv"', body: 'b' },
    ]),
  )
  expect(newFiles(before)).toEqual([path.basename(file!.getFilePath())])
  expect(fs.readFileSync(file!.getFilePath(), 'utf8')).toBe('name,phone\n')
  await file!.remove()
})

test('an upload aborted after the file leaves no file behind', async () => {
  const before = filesInImports()
  const tooLarge = await readUpload(
    upload([
      { disposition: 'name="file"; filename="contacts.csv"', body: 'name,phone\n' },
      { disposition: 'name="note"', body: 'x'.repeat(20_000) },
    ]),
  )
  expect(tooLarge).toMatchObject({ file: null, tooLarge: true })
  const broken = await readUpload(
    upload([{ disposition: 'name="file"; filename="contacts.csv"', body: 'name,phone\n' }], false),
  ).catch((error: unknown) => error)
  expect(broken).toBeInstanceOf(Response)
  expect((broken as Response).status).toBe(400)
  expect(newFiles(before)).toEqual([])
})
