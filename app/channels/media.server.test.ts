import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { TINY_PNG } from '#tests/fixtures/images.ts'
import { cleanFileName, MediaTooLargeError, storeMedia } from './media.server.ts'

const mediaDir = process.env.MEDIA_DIR as string
const companyId = '01jh0000000000000000000000'
const when = new Date(Date.UTC(2025, 0, 15))

const PDF = Buffer.from(
  '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
)

test('sniffed types win over what the channel declares', async () => {
  const stored = await storeMedia(mediaDir, companyId, TINY_PNG, {
    declaredMime: 'image/jpeg',
    fileName: 'foto.jpg',
    now: when,
  })
  expect(stored.path).toMatch(new RegExp(`^messages/${companyId}/2025-01/[0-9a-z]{26}\\.png$`))
  expect(stored).toMatchObject({
    mimeType: 'image/png',
    size: TINY_PNG.length,
    fileName: 'foto.jpg',
  })
  expect(fs.readFileSync(path.join(mediaDir, stored.path))).toEqual(TINY_PNG)
})

test('the declared type is used for what cannot be sniffed (text, vCard)', async () => {
  const vcard = Buffer.from('BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD\n')
  const card = await storeMedia(mediaDir, companyId, vcard, {
    declaredMime: 'text/vcard',
    now: when,
  })
  expect(card.mimeType).toBe('text/vcard')
  expect(card.path.endsWith('.vcf')).toBe(true)

  const text = await storeMedia(mediaDir, companyId, Buffer.from('olá\n'), {
    declaredMime: 'Text/Plain; charset=UTF-8',
    fileName: 'nota.txt',
  })
  expect(text.mimeType).toBe('text/plain; charset=utf-8')
  expect(text.path.endsWith('.txt')).toBe(true)

  const unknown = await storeMedia(mediaDir, companyId, Buffer.from('zzz'), {})
  expect(unknown.mimeType).toBe('application/octet-stream')
  expect(unknown.path.endsWith('.bin')).toBe(true)
})

test('a PDF declared as anything is stored as a PDF', async () => {
  const pdf = await storeMedia(mediaDir, companyId, PDF, {
    declaredMime: 'application/octet-stream',
    fileName: 'boleto.pdf',
  })
  expect(pdf).toMatchObject({ mimeType: 'application/pdf', fileName: 'boleto.pdf' })
  expect(pdf.path.endsWith('.pdf')).toBe(true)
})

/** A minimal zip archive (one stored file): the container of xlsx/docx. */
function tinyZip() {
  const name = Buffer.from('a.txt')
  const data = Buffer.from('oi')
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(data.length, 22)
  local.writeUInt16LE(name.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(name.length, 28)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + name.length, 12)
  end.writeUInt32LE(local.length + name.length + data.length, 16)
  return Buffer.concat([local, name, data, central, name, end])
}

test('office files (zip containers) keep their declared type', async () => {
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  const sheet = await storeMedia(mediaDir, companyId, tinyZip(), {
    declaredMime: xlsx,
    fileName: 'orcamento.xlsx',
  })
  expect(sheet.mimeType).toBe(xlsx)
  expect(sheet.path.endsWith('.xlsx')).toBe(true)
  // Declared as an image, a zip is a zip.
  const zip = await storeMedia(mediaDir, companyId, tinyZip(), { declaredMime: 'image/png' })
  expect(zip.mimeType).toBe('application/zip')
  expect(zip.path.endsWith('.zip')).toBe(true)
})

test('file names are cleaned: no folders, no control characters', async () => {
  const stored = await storeMedia(mediaDir, companyId, PDF, {
    fileName: '../../etc/pass\u0000wd.pdf',
    durationSeconds: 3,
  })
  expect(stored.fileName).toBe('passwd.pdf')
  expect(stored.durationSeconds).toBe(3)
  expect(cleanFileName('C:\\Users\\ana\\orçamento final.xlsx')).toBe('orçamento final.xlsx')
  expect(cleanFileName('..')).toBeUndefined()
})

test('files over the limit are refused with a clear error and nothing is written', async () => {
  const before = fs.existsSync(path.join(mediaDir, 'messages', 'big'))
  const error = await storeMedia(mediaDir, 'big', Buffer.alloc(2048), { maxBytes: 1024 }).catch(
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(MediaTooLargeError)
  expect((error as Error).message).toMatch(/too large.*limit/)
  expect(fs.existsSync(path.join(mediaDir, 'messages', 'big'))).toBe(before)
})

test('a company id that is not an id is refused (no path tricks)', async () => {
  await expect(storeMedia(mediaDir, '../x', TINY_PNG)).rejects.toThrow(/invalid company id/)
})
