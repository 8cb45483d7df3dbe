import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { TINY_PNG } from '#tests/fixtures/images.ts'
import { fileResponse, sniffType } from './file-response.server.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-file-response-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function stored(name: string, bytes: Buffer | string) {
  const file = path.join(dir, name)
  fs.writeFileSync(file, bytes)
  return file
}

const SVG =
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
const OPUS = Buffer.concat([
  Buffer.from('OggS'),
  Buffer.alloc(24),
  Buffer.from('OpusHead'),
  Buffer.alloc(64),
])
const request = (range?: string) =>
  new Request('http://localhost/resources/media/m1', { headers: range ? { range } : {} })

async function served(
  bytes: Buffer | string,
  type: string,
  options: { download?: boolean; name?: string } = {},
) {
  const response = await fileResponse(request(), stored(`f-${Math.random()}`, bytes), {
    type,
    ...options,
  })
  await response.body?.cancel()
  return {
    disposition: response.headers.get('content-disposition') ?? 'inline',
    type: response.headers.get('content-type'),
    nosniff: response.headers.get('x-content-type-options'),
    csp: response.headers.get('content-security-policy') ?? '',
  }
}

describe('inline or attachment, from the bytes', () => {
  test('an SVG downloads, whatever its type says (charset parameter, png, uppercase)', async () => {
    for (const type of [
      'image/svg+xml; charset=utf-8',
      'image/svg+xml',
      'IMAGE/SVG+XML',
      'image/png',
    ]) {
      const answer = await served(SVG, type)
      expect(answer.disposition, type).toMatch(/^attachment/)
      expect(answer.nosniff).toBe('nosniff')
      expect(answer.csp).toBe("default-src 'none'; sandbox")
    }
  })

  test('raster images and audio whose bytes agree are inline, still sandboxed', async () => {
    for (const [bytes, type] of [
      [TINY_PNG, 'image/png'],
      [OPUS, 'audio/ogg; codecs=opus'],
    ] as const) {
      const answer = await served(bytes, type)
      expect(answer.disposition, type).toBe('inline')
      expect(answer.type).toBe(type)
      expect(answer.nosniff).toBe('nosniff')
      expect(answer.csp).toMatch(/^default-src 'none';.*sandbox$/)
    }
    expect((await served(TINY_PNG, 'image/png', { name: 'foto.png' })).disposition).toBe(
      "inline; filename*=UTF-8''foto.png",
    )
  })

  test('HTML, PDF, text, unknown bytes and a type that lies about its bytes download', async () => {
    for (const [bytes, type] of [
      ['<html><script>alert(1)</script></html>', 'text/html'],
      ['<html><script>alert(1)</script></html>', 'image/png'],
      [TINY_PNG, 'text/html'],
      ['%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'application/pdf'],
      ['plain words', 'text/plain'],
      [Buffer.alloc(100, 7), 'video/mp4'],
    ] as const) {
      const answer = await served(bytes, type)
      expect(answer.disposition, `${type} ${String(bytes).slice(0, 10)}`).toMatch(/^attachment/)
      expect(answer.csp).toBe("default-src 'none'; sandbox")
    }
    expect((await served(TINY_PNG, 'image/png', { download: true })).disposition).toBe('attachment')
  })

  test('sniffType finds SVG behind a BOM, comments and a doctype', async () => {
    expect(await sniffType(Buffer.from(`\uFEFF<!-- x --><!DOCTYPE svg><svg>`))).toBe(
      'image/svg+xml',
    )
    expect(await sniffType(Buffer.from(SVG))).toBe('image/svg+xml')
    expect(await sniffType(TINY_PNG)).toBe('image/png')
    expect(await sniffType(Buffer.from('hello'))).toBeUndefined()
  })

  test('ranges still work', async () => {
    const file = stored('range.png', TINY_PNG)
    const response = await fileResponse(request('bytes=0-3'), file, { type: 'image/png' })
    expect(response.status).toBe(206)
    expect(Buffer.from(await response.arrayBuffer())).toEqual(TINY_PNG.subarray(0, 4))
  })
})
