import fs from 'node:fs'
import zlib from 'node:zlib'
import { parse as parseCsv } from 'csv-parse'
import ExcelJS from 'exceljs'

/**
 * Reading contact sheets (.xlsx and .csv) as a stream of rows: the file is never held in memory
 * whole — exceljs' streaming reader and csv-parse hand over one row at a time.
 */

export type SheetKind = 'xlsx' | 'csv'
export type SheetRow = { rowNumber: number; cells: string[] }

/** A file that cannot be read as a sheet; `code` is the i18n key of the reason. */
export class SheetError extends Error {
  constructor(readonly code: string) {
    super(code)
    this.name = 'SheetError'
  }
}

async function readHead(filePath: string, bytes: number) {
  const handle = await fs.promises.open(filePath, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])

/**
 * Which kind of sheet a file is, by its name and its first bytes (a renamed file is caught):
 * .xlsx must be a zip, .csv plain text; old .xls and anything else are refused with a clear reason.
 */
export async function detectSheetKind(filePath: string, fileName: string): Promise<SheetKind> {
  const ext = fileName.toLowerCase().split('.').pop() ?? ''
  const head = await readHead(filePath, 8192)
  if (head.length === 0) throw new SheetError('contacts.import.errors.empty')
  const isZip = head.subarray(0, 4).equals(ZIP_MAGIC)
  const isOle = head.subarray(0, 4).equals(OLE_MAGIC)
  if (ext === 'xls' || (isOle && ext !== 'csv')) throw new SheetError('contacts.import.errors.xls')
  if (ext === 'xlsx') {
    if (!isZip) throw new SheetError('contacts.import.errors.corrupt')
    return 'xlsx'
  }
  if (ext === 'csv' || ext === 'txt') {
    if (isZip || isOle || head.includes(0)) throw new SheetError('contacts.import.errors.corrupt')
    return 'csv'
  }
  throw new SheetError('contacts.import.errors.badType')
}

/** An exceljs cell value as the text a person sees. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('')
    if ('formula' in value || 'sharedFormula' in value)
      return cellText((value as { result?: ExcelJS.CellValue }).result)
    if ('text' in value) return String(value.text)
    if ('error' in value) return ''
  }
  return String(value)
}

async function* xlsxRows(filePath: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  })
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const values = row.values as ExcelJS.CellValue[]
        const cells: string[] = []
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim())
        yield { rowNumber: row.number, cells }
      }
      return // The first sheet only.
    }
  } catch (error) {
    if (error instanceof SheetError) throw error
    throw new SheetError('contacts.import.errors.corrupt')
  } finally {
    const stream = (reader as unknown as { stream?: fs.ReadStream }).stream
    stream?.destroy()
  }
}

/** UTF-8 unless the start of the file is not (Excel on Windows saves Latin-1). */
function csvEncoding(head: Buffer): BufferEncoding {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
    return 'utf8'
  } catch {
    return 'latin1'
  }
}

/** ";" (Excel in Portuguese), "," or tab: whichever the first line has most of. */
function csvDelimiter(firstLine: string) {
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const)
  const [best] = [...counts].sort((a, b) => b[1] - a[1])
  return best && best[1] > 0 ? best[0] : ','
}

async function* csvRows(filePath: string): AsyncGenerator<SheetRow> {
  const head = await readHead(filePath, 65536)
  const encoding = csvEncoding(head)
  const firstLine =
    head
      .toString(encoding)
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0] ?? ''
  const input = fs.createReadStream(filePath, { encoding })
  const parser = input.pipe(
    parseCsv({
      delimiter: csvDelimiter(firstLine),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }),
  )
  try {
    for await (const record of parser as AsyncIterable<{
      record: string[]
      info: { lines: number }
    }>) {
      yield { rowNumber: record.info.lines, cells: record.record.map((c) => c.trim()) }
    }
  } catch {
    throw new SheetError('contacts.import.errors.corrupt')
  } finally {
    input.destroy()
  }
}

/** Every row of the sheet (the first worksheet of a workbook), header included, in order. */
export function readSheetRows(filePath: string, kind: SheetKind) {
  return kind === 'xlsx' ? xlsxRows(filePath) : csvRows(filePath)
}

/** The header and the first `count` data rows (the preview); empty rows are skipped. */
export async function readSheetPreview(filePath: string, kind: SheetKind, count = 5) {
  let headers: string[] | null = null
  const rows: SheetRow[] = []
  for await (const row of readSheetRows(filePath, kind)) {
    if (row.cells.every((c) => !c)) continue
    if (!headers) headers = row.cells
    else rows.push(row)
    if (rows.length >= count) break
  }
  if (!headers) throw new SheetError('contacts.import.errors.empty')
  const width = Math.max(headers.length, ...rows.map((row) => row.cells.length))
  return {
    headers: Array.from({ length: width }, (_, i) => headers![i] ?? ''),
    rows,
  }
}

/** Counts '\n' bytes of a CSV (an upper bound of its rows). */
async function countCsvLines(filePath: string) {
  let lines = 0
  let last = 0x0a
  for await (const chunk of fs.createReadStream(filePath) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++
    last = chunk[chunk.length - 1] ?? last
  }
  return last === 0x0a ? lines : lines + 1
}

/**
 * The first worksheet of an .xlsx, read off the zip's central directory without exceljs: its
 * entry is inflated as a stream and its `<row` tags counted (tens of milliseconds for 100k rows).
 * Null when the file is not laid out as expected: the progress bar then shows counts only.
 */
async function countXlsxRows(filePath: string): Promise<number | null> {
  const handle = await fs.promises.open(filePath, 'r')
  let entry: { offset: number; size: number; method: number } | null = null
  try {
    const { size } = await handle.stat()
    const tailSize = Math.min(size, 65_557)
    const tail = Buffer.alloc(tailSize)
    await handle.read(tail, 0, tailSize, size - tailSize)
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
    if (eocd === -1) return null
    const dirSize = tail.readUInt32LE(eocd + 12)
    const dirOffset = tail.readUInt32LE(eocd + 16)
    const dir = Buffer.alloc(dirSize)
    await handle.read(dir, 0, dirSize, dirOffset)
    const sheets: Array<{ name: string; offset: number; size: number; method: number }> = []
    for (let p = 0; p + 46 <= dir.length && dir.readUInt32LE(p) === 0x02014b50;) {
      const method = dir.readUInt16LE(p + 10)
      const compressed = dir.readUInt32LE(p + 20)
      const nameLength = dir.readUInt16LE(p + 28)
      const extraLength = dir.readUInt16LE(p + 30)
      const commentLength = dir.readUInt16LE(p + 32)
      const local = dir.readUInt32LE(p + 42)
      const name = dir.toString('utf8', p + 46, p + 46 + nameLength)
      if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name))
        sheets.push({ name, offset: local, size: compressed, method })
      p += 46 + nameLength + extraLength + commentLength
    }
    sheets.sort((a, b) => a.offset - b.offset)
    const first = sheets[0]
    if (!first) return null
    const header = Buffer.alloc(30)
    await handle.read(header, 0, 30, first.offset)
    if (header.readUInt32LE(0) !== 0x04034b50) return null
    const start = first.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
    entry = { offset: start, size: first.size, method: first.method }
  } finally {
    await handle.close()
  }
  if (!entry || entry.size === 0 || (entry.method !== 0 && entry.method !== 8)) return null
  const raw = fs.createReadStream(filePath, {
    start: entry.offset,
    end: entry.offset + entry.size - 1,
  })
  const xml = entry.method === 8 ? raw.pipe(zlib.createInflateRaw()) : raw
  let rows = 0
  let carry = ''
  try {
    xml.setEncoding('latin1')
    for await (const chunk of xml as AsyncIterable<string>) {
      const text = carry + chunk
      for (let i = text.indexOf('<row'); i !== -1; i = text.indexOf('<row', i + 4)) {
        const next = text[i + 4]
        if (next === ' ' || next === '>' || next === '/') rows++
      }
      carry = text.slice(-4)
    }
  } catch {
    return null
  } finally {
    raw.destroy()
  }
  return rows
}

/** About how many data rows (header excluded) the sheet has, for the progress bar. */
export async function estimateDataRows(filePath: string, kind: SheetKind) {
  const rows = kind === 'xlsx' ? await countXlsxRows(filePath) : await countCsvLines(filePath)
  return rows === null ? null : Math.max(rows - 1, 0)
}
