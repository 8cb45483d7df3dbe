/**
 * `npm run bench -- contact-import`: a generated .xlsx of BENCH_ROWS rows (default 100,000; 1 % bad
 * rows, tags on every third row, a custom column) imported through the code path of the UI:
 * createImportFromFile (type sniffing, header read) → startImport (row estimate, job enqueued) →
 * runContactImport (the job: exceljs streaming reader, validation, 2,000-row transactions, progress
 * events, bad rows recorded).
 *
 * Baseline, measured in the same run: the same rows (already parsed, in memory) written with raw
 * prepared better-sqlite3 inserts, 2,000 per transaction, with the same unique-index lookup of
 * both spellings of each number. Each side runs in its own child process on a fresh migrated file;
 * peak_rss_mb is that process's peak resident set (getrusage maxRSS).
 *
 * Prints one line: {"name":"contact-import","rows_per_s","peak_rss_mb","baseline_rows_per_s",…}
 * Goals: rows_per_s ≥ 10,000 and peak_rss_mb < 300.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import {
  insertBenchAdmin,
  mb,
  peakRssMb,
  pointEnvAt,
  runSideHere,
  runSideInChild,
} from './harness.ts'

const N = Number(process.env.BENCH_ROWS ?? 100_000)
const HEADERS = ['Nome', 'WhatsApp', 'E-mail', 'Tags', 'Cidade']
const TAGS = ['VIP', 'Leads', 'Suporte', 'Atacado', 'Varejo']
const DDDS = [11, 21, 31, 41, 51, 61, 71, 81, 85, 92]

type Side = 'app' | 'raw'
type SideResult = {
  side: Side
  rows: number
  seconds: number
  rows_per_s: number
  peak_rss_mb: number
  created: number
  skipped: number
}

/** The i-th row: every 100th has a broken number. */
function rowAt(i: number): string[] {
  const ddd = DDDS[i % DDDS.length]
  const phone = i % 100 === 99 ? `12${i}` : `+55 ${ddd} 9${String(10_000_000 + i).slice(-8)}`
  return [
    `Cliente ${i}`,
    phone,
    `cliente${i}@example.com`,
    i % 3 === 0 ? `${TAGS[i % TAGS.length]}, ${TAGS[(i + 1) % TAGS.length]}` : '',
    i % 2 ? 'São Paulo' : 'Rio de Janeiro',
  ]
}

async function generate(file: string) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
  })
  const sheet = workbook.addWorksheet('Contatos')
  sheet.addRow(HEADERS).commit()
  for (let i = 0; i < N; i++) sheet.addRow(rowAt(i)).commit()
  sheet.commit()
  await workbook.commit()
}

async function runApp(dir: string, source: string): Promise<SideResult> {
  pointEnvAt(dir, 'bench.db')
  const { db, migrateDatabase } = await import('#app/utils/db.server.ts')
  const { createImportFromFile, getImport, importsDir, runContactImport, startImport } =
    await import('#app/domain/contacts/import.server.ts')
  const { companies } = await import('#db/schema/companies.ts')
  migrateDatabase(db)
  const company = db.insert(companies).values({ name: 'Bench' }).returning().get()
  const { actor } = insertBenchAdmin(db, company.id)
  // The upload route streams the file here.
  fs.mkdirSync(importsDir(), { recursive: true })
  const upload = path.join(importsDir(), 'upload.xlsx')
  fs.copyFileSync(source, upload)

  const peaks = { heap: 0, external: 0, buffers: 0, rss: 0 }
  const sampler = setInterval(() => {
    const m = process.memoryUsage()
    peaks.heap = Math.max(peaks.heap, mb(m.heapUsed))
    peaks.external = Math.max(peaks.external, mb(m.external))
    peaks.buffers = Math.max(peaks.buffers, mb(m.arrayBuffers))
    peaks.rss = Math.max(peaks.rss, mb(m.rss))
  }, 100)
  const start = performance.now()
  const created = await createImportFromFile(db, actor, {
    filePath: upload,
    fileName: 'contatos.xlsx',
  })
  await startImport(db, actor, created.id, created.mapping!)
  await runContactImport(db, created.id)
  const seconds = (performance.now() - start) / 1000
  clearInterval(sampler)
  console.error(`contact-import app side memory peaks (MB): ${JSON.stringify(peaks)}`)
  const done = getImport(db, actor, created.id)
  if (done.status !== 'done' || done.processedRows !== N)
    throw new Error(`import ended ${done.status} after ${done.processedRows} of ${N} rows`)
  db.$client.close()
  return {
    side: 'app',
    rows: N,
    seconds,
    rows_per_s: Math.round(N / seconds),
    peak_rss_mb: peakRssMb(),
    created: done.createdCount,
    skipped: done.skippedCount,
  }
}

async function runRaw(dir: string): Promise<SideResult> {
  pointEnvAt(dir, 'bench.db')
  const { openDatabase, migrateDatabase } = await import('#app/utils/db.server.ts')
  const { ulid } = await import('ulid')
  const crypto = await import('node:crypto')
  // Ids as the import makes them (lower-case ULIDs from pooled random bytes).
  const pool = new Uint8Array(4096)
  let poolAt = pool.length
  const random = () => {
    if (poolAt >= pool.length) {
      crypto.getRandomValues(pool)
      poolAt = 0
    }
    return pool[poolAt++]! / 256
  }
  const newId = () => ulid(undefined, random).toLowerCase()
  const { phoneVariants, normalizePhone } = await import('#app/utils/phone.ts')
  const db = openDatabase(path.join(dir, 'raw.db'))
  migrateDatabase(db)
  const sqlite = db.$client
  const now = Date.now()
  const companyId = newId()
  sqlite
    .prepare(
      'insert into companies (id, name, time_zone, created_at, updated_at) values (?, ?, ?, ?, ?)',
    )
    .run(companyId, 'Bench', 'America/Sao_Paulo', now, now)
  // Parsed up front: the baseline is the database part only.
  const rows = Array.from({ length: N }, (_, i) => rowAt(i))
  const find = sqlite.prepare('select id from contacts where company_id = ? and number in (?, ?)')
  const insert = sqlite.prepare(
    "insert into contacts (id, company_id, name, number, email, extra_info, source, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'import', ?, ?)",
  )
  let created = 0
  let skipped = 0
  const write = sqlite.transaction((batch: string[][]) => {
    for (const row of batch) {
      const number = normalizePhone(row[1])
      if (!number) {
        skipped++
        continue
      }
      const [a, b] = phoneVariants(number)
      if (find.get(companyId, a, b ?? a)) continue
      const at = Date.now()
      insert.run(
        newId(),
        companyId,
        row[0],
        number,
        row[2],
        JSON.stringify({ custom: [{ key: 'Cidade', value: row[4] }] }),
        at,
        at,
      )
      created++
    }
  })
  const start = performance.now()
  for (let i = 0; i < rows.length; i += 2000) write(rows.slice(i, i + 2000))
  const seconds = (performance.now() - start) / 1000
  sqlite.close()
  return {
    side: 'raw',
    rows: N,
    seconds,
    rows_per_s: Math.round(N / seconds),
    peak_rss_mb: peakRssMb(),
    created,
    skipped,
  }
}

const runChild = (side: Side, source: string) =>
  runSideInChild<SideResult>(import.meta.url, side, ['--file', source])

async function main() {
  const sideIndex = process.argv.indexOf('--side')
  if (sideIndex !== -1) {
    const side = process.argv[sideIndex + 1] as Side
    const source = process.argv[process.argv.indexOf('--file') + 1]!
    await runSideHere(`balcao-bench-import-${side}-`, (dir) =>
      side === 'app' ? runApp(dir, source) : runRaw(dir),
    )
    return
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-bench-sheet-'))
  try {
    const source = path.join(dir, 'contatos.xlsx')
    await generate(source)
    console.error(
      `contact-import: generated ${N} rows (${mb(fs.statSync(source).size)} MB .xlsx); importing…`,
    )
    const app = runChild('app', source)
    const raw = runChild('raw', source)
    console.error(
      `contact-import: app ${app.rows_per_s} rows/s in ${app.seconds.toFixed(2)} s ` +
        `(${app.created} created, ${app.skipped} bad), peak ${app.peak_rss_mb} MB; ` +
        `raw inserts ${raw.rows_per_s} rows/s, peak ${raw.peak_rss_mb} MB`,
    )
    console.log(
      JSON.stringify({
        name: 'contact-import',
        rows_per_s: app.rows_per_s,
        peak_rss_mb: app.peak_rss_mb,
        baseline_rows_per_s: raw.rows_per_s,
        baseline_peak_rss_mb: raw.peak_rss_mb,
        ratio: Math.round((app.rows_per_s / raw.rows_per_s) * 100) / 100,
        rows: N,
        created: app.created,
        bad_rows: app.skipped,
        seconds: Math.round(app.seconds * 100) / 100,
      }),
    )
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

await main()
