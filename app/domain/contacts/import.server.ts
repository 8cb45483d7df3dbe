import { newId } from '#app/utils/ids.ts'
import { type Writable } from 'node:stream'
import fs from 'node:fs'
import path from 'node:path'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { type Actor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { DomainError, invalid, notFound } from '#app/domain/errors.ts'
import { emit, enqueue, registerJobHandler, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, prepared, type Tx } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { phoneVariants } from '#app/utils/phone.ts'
import {
  type ContactImportMapping,
  contactImportErrors,
  contactImports,
} from '#db/schema/contact-imports.ts'
import { contactTags } from '#db/schema/tags.ts'
import { type ContactExtraInfo, type ContactSource, contacts } from '#db/schema/contacts.ts'
import { CUSTOM_FIELDS_MAX } from './contact-schema.ts'
import {
  CONTACT_IMPORT_EVENT,
  guessMapping,
  type ImportRowValue,
  mappingErrors,
  validateImportRow,
} from './import-rows.ts'
import { tagResolver } from '#app/domain/tags/apply.server.ts'
import { assertCanManageContacts } from './manage.server.ts'
import {
  detectSheetKind,
  estimateDataRows,
  readSheetPreview,
  readSheetRows,
  SheetError,
  type SheetKind,
  type SheetRow,
} from './sheet.server.ts'

export type ContactImport = typeof contactImports.$inferSelect
export { CONTACT_IMPORT_EVENT }

export const CONTACT_IMPORT_JOB = 'contacts.import'
/** Uploads larger than this are refused (a 100k-row sheet is a few MB). */
export const IMPORT_MAX_BYTES = 40 * 1024 * 1024
/** Rows written per transaction. */
const BATCH_ROWS = 1000
/** At most one progress event per this many ms (and one per batch at most). */
const PROGRESS_EVERY_MS = 250

const p = sql.placeholder

/** Where uploaded sheets wait for their import (deleted when it ends). */
export function importsDir() {
  return path.resolve(getEnv().MEDIA_DIR, 'imports')
}

async function removeFile(filePath: string | null) {
  if (filePath) await fs.promises.rm(filePath, { force: true }).catch(() => undefined)
}

/** An import of the actor's company, or a 404. */
export function getImport(db: DbOrTx, actor: Actor, importId: string) {
  assertCanManageContacts(actor)
  const row = db
    .select()
    .from(contactImports)
    .where(and(eq(contactImports.id, importId), eq(contactImports.companyId, actor.companyId)))
    .get()
  if (!row) throw notFound('Contact import')
  return row
}

/** The latest imports of the company (the import page lists them). */
export function listRecentImports(db: DbOrTx, actor: Actor, limit = 5) {
  assertCanManageContacts(actor)
  return db
    .select()
    .from(contactImports)
    .where(eq(contactImports.companyId, actor.companyId))
    .orderBy(desc(contactImports.createdAt))
    .limit(limit)
    .all()
}

/**
 * Step 1, upload: the route streamed the file to `filePath` (under importsDir()). A file that is
 * not a readable .xlsx/.csv is refused with the reason (and removed); otherwise the import waits
 * for its column mapping, with a first guess from the header row.
 */
export async function createImportFromFile(
  db: Db,
  actor: Actor,
  file: { filePath: string; fileName: string },
) {
  assertCanManageContacts(actor)
  let kind: SheetKind
  let headers: string[]
  try {
    kind = await detectSheetKind(file.filePath, file.fileName)
    ;({ headers } = await readSheetPreview(file.filePath, kind, 1))
  } catch (error) {
    await removeFile(file.filePath)
    if (error instanceof SheetError) throw invalid('file', error.code)
    throw error
  }
  return transaction(db, (tx) => {
    const row = tx
      .insert(contactImports)
      .values({
        companyId: actor.companyId,
        userId: actor.userId === 'system' ? null : actor.userId,
        kind,
        fileName: file.fileName.slice(0, 200),
        filePath: file.filePath,
        headers,
        mapping: guessMapping(headers),
        status: 'uploaded',
      })
      .returning()
      .get()
    audit(tx, actor, {
      action: 'contacts.import.uploaded',
      entityType: 'contact_import',
      entityId: row.id,
      details: { fileName: row.fileName },
    })
    return row
  })
}

/** Step 2, mapping: the header and the first rows of the uploaded file. */
export async function getImportPreview(db: DbOrTx, actor: Actor, importId: string) {
  const row = getImport(db, actor, importId)
  if (row.status !== 'uploaded' || !row.filePath || row.kind === 'device')
    return { import: row, rows: [] as SheetRow[] }
  try {
    const preview = await readSheetPreview(row.filePath, row.kind, 5)
    return { import: row, rows: preview.rows }
  } catch {
    return { import: row, rows: [] as SheetRow[] }
  }
}

function progressPayload(row: ContactImport) {
  return {
    importId: row.id,
    status: row.status,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    createdCount: row.createdCount,
    updatedCount: row.updatedCount,
    skippedCount: row.skippedCount,
    error: row.error,
  }
}

function announceProgress(tx: Tx, row: ContactImport) {
  emit(tx, {
    type: CONTACT_IMPORT_EVENT,
    companyId: row.companyId,
    audience: { type: 'company' },
    payload: progressPayload(row),
  })
}

/**
 * Step 3, import: the mapping is checked and the import runs in the background (a job); the page
 * follows its progress through `contact_import.progress` events.
 */
export async function startImport(
  db: Db,
  actor: Actor,
  importId: string,
  mapping: ContactImportMapping,
) {
  const row = getImport(db, actor, importId)
  if (row.status !== 'uploaded' || !row.filePath || row.kind === 'device')
    throw new DomainError('Import already started', 'contacts.import.alreadyStarted', 409)
  const errors = mappingErrors(mapping, row.headers?.length ?? 0)
  if (errors.length) throw invalid('mapping', errors[0]!)
  const total = await estimateDataRows(row.filePath, row.kind).catch(() => null)
  return transaction(db, (tx) => {
    const started = tx
      .update(contactImports)
      .set({ mapping, status: 'running', totalRows: total ?? 0, startedAt: Date.now() })
      .where(and(eq(contactImports.id, row.id), eq(contactImports.status, 'uploaded')))
      .returning()
      .get()
    if (!started)
      throw new DomainError('Import already started', 'contacts.import.alreadyStarted', 409)
    enqueue(tx, {
      kind: CONTACT_IMPORT_JOB,
      companyId: row.companyId,
      payload: { importId: row.id },
      dedupeKey: `contact-import:${row.id}`,
      maxAttempts: 3,
    })
    audit(tx, actor, {
      action: 'contacts.import.started',
      entityType: 'contact_import',
      entityId: row.id,
      details: { fileName: row.fileName, totalRows: total },
    })
    announceProgress(tx, started)
    return started
  })
}

/** The contact of a number, looked up by the unique index with both spellings of a mobile. */
function findByNumber(tx: DbOrTx, companyId: string, number: string) {
  const [a, b] = phoneVariants(number)
  return prepared(tx, 'contactImport.byNumber', () =>
    tx
      .select({
        id: contacts.id,
        name: contacts.name,
        email: contacts.email,
        extraInfo: contacts.extraInfo,
      })
      .from(contacts)
      .where(
        and(
          eq(contacts.companyId, p('companyId')),
          sql`${contacts.number} in (${p('a')}, ${p('b')})`,
        ),
      )
      .prepare(),
  ).get({ companyId, a, b: b ?? a })
}

/** extraInfo with what the row tells: given keys replace, custom fields merge by key. */
function mergeRowInfo(before: ContactExtraInfo | null, value: ImportRowValue) {
  const next: ContactExtraInfo = { ...before }
  if (value.cpf) next.cpf = value.cpf
  if (value.birthDate) next.birthDate = value.birthDate
  if (value.address) next.address = value.address
  if (value.custom.length) {
    const custom = [...(next.custom ?? [])]
    for (const field of value.custom) {
      const key = field.key.toLocaleLowerCase('pt-BR')
      const at = custom.findIndex((c) => c.key.toLocaleLowerCase('pt-BR') === key)
      if (at !== -1) custom[at] = { key: custom[at]!.key, value: field.value }
      else if (custom.length < CUSTOM_FIELDS_MAX) custom.push(field)
    }
    next.custom = custom
  }
  return Object.keys(next).length ? next : null
}

/**
 * One good row: the contact with this number (or its 9th-digit twin) is updated with what the row
 * says, or created. Tags are added, never removed. Returns whether it was created.
 */
export function upsertImportedContact(
  tx: Tx,
  companyId: string,
  value: ImportRowValue,
  source: ContactSource,
  tagIds: string[],
) {
  const existing = findByNumber(tx, companyId, value.number)
  let contactId: string
  let created = false
  if (!existing) {
    contactId = newId()
    prepared(tx, 'contactImport.insert', () =>
      tx
        .insert(contacts)
        .values({
          id: p('id'),
          companyId: p('companyId'),
          name: p('name'),
          number: p('number'),
          email: p('email'),
          extraInfo: p('extraInfo'),
          source: p('source'),
          isGroup: false,
          blocked: false,
          createdAt: p('now'),
          updatedAt: p('now'),
        })
        .prepare(),
    ).run({
      id: contactId,
      companyId,
      name: value.name ?? `+${value.number}`,
      number: value.number,
      email: value.email ?? null,
      extraInfo: mergeRowInfo(null, value),
      source,
      now: Date.now(),
    })
    created = true
  } else {
    contactId = existing.id
    const extraInfo = mergeRowInfo(existing.extraInfo, value)
    const name = value.name ?? existing.name
    const email = value.email ?? existing.email
    if (
      name !== existing.name ||
      email !== existing.email ||
      JSON.stringify(extraInfo) !== JSON.stringify(existing.extraInfo)
    )
      prepared(tx, 'contactImport.update', () =>
        tx
          .update(contacts)
          .set({
            name: sql`${p('name')}`,
            email: sql`${p('email')}`,
            extraInfo: sql`${p('extraInfo')}`,
            updatedAt: sql`${p('now')}`,
          })
          .where(eq(contacts.id, p('id')))
          .prepare(),
      ).run({ id: contactId, name, email, extraInfo: JSON.stringify(extraInfo), now: Date.now() })
  }
  for (const tagId of tagIds)
    prepared(tx, 'contactImport.tag', () =>
      tx
        .insert(contactTags)
        .values({ companyId: p('companyId'), contactId: p('contactId'), tagId: p('tagId') })
        .onConflictDoNothing()
        .prepare(),
    ).run({ companyId, contactId, tagId })
  return created
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Runs rows through validation and the upsert, `BATCH_ROWS` per transaction, recording bad rows
 * with their reason and the counters on the import row (so a restart resumes where it stopped:
 * rows up to `processedRows` are only re-read to know the numbers seen before).
 */
export async function processImportRows(
  db: Db,
  actor: Actor,
  importId: string,
  rows: AsyncIterable<SheetRow> | Iterable<SheetRow>,
  options: { mapping: ContactImportMapping; source: ContactSource; resumeAfter?: number },
) {
  const resolveTags = tagResolver(actor)
  /** number → the row that brought it first (a repeat in the same file is a bad row). */
  const seen = new Map<string, number>()
  let index = 0
  let lastEvent = 0
  /** Only what the write needs: a good row's value, or a bad row's cells and reason. */
  let batch: Array<
    | { value: ImportRowValue; rowNumber?: never; cells?: never; reason?: never }
    | { value?: never; rowNumber: number; cells: string[]; reason: string }
  > = []

  const flush = (final: boolean) => {
    const items = batch
    batch = []
    return transaction(db, (tx) => {
      let created = 0
      let updated = 0
      let skipped = 0
      for (const item of items) {
        if (!item.value) {
          skipped++
          prepared(tx, 'contactImport.error', () =>
            tx
              .insert(contactImportErrors)
              .values({
                id: p('id'),
                companyId: p('companyId'),
                importId: p('importId'),
                rowNumber: p('rowNumber'),
                reason: p('reason'),
                data: p('data'),
              })
              .prepare(),
          ).run({
            id: newId(),
            companyId: actor.companyId,
            importId,
            rowNumber: item.rowNumber,
            reason: item.reason,
            data: item.cells,
          })
          continue
        }
        const tagIds = resolveTags(tx, item.value.tags)
        if (upsertImportedContact(tx, actor.companyId, item.value, options.source, tagIds))
          created++
        else updated++
      }
      const saved = tx
        .update(contactImports)
        .set({
          processedRows: sql`${contactImports.processedRows} + ${items.length}`,
          createdCount: sql`${contactImports.createdCount} + ${created}`,
          updatedCount: sql`${contactImports.updatedCount} + ${updated}`,
          skippedCount: sql`${contactImports.skippedCount} + ${skipped}`,
        })
        .where(eq(contactImports.id, importId))
        .returning()
        .get()!
      const now = Date.now()
      if (!final && now - lastEvent >= PROGRESS_EVERY_MS) {
        lastEvent = now
        announceProgress(tx, saved)
      }
      return saved
    })
  }

  for await (const row of rows) {
    if (row.cells.every((c) => !c)) continue
    index++
    const result = validateImportRow(row.cells, options.mapping)
    const first = result.ok ? seen.get(result.value.number) : undefined
    if (result.ok && first === undefined) seen.set(result.value.number, row.rowNumber)
    if (index <= (options.resumeAfter ?? 0)) continue
    if (result.ok && first === undefined) batch.push({ value: result.value })
    else
      batch.push({
        rowNumber: row.rowNumber,
        cells: row.cells,
        reason: result.ok
          ? `contacts.import.reasons.duplicateInFile|${JSON.stringify({ row: first })}`
          : result.reason,
      })
    if (batch.length >= BATCH_ROWS) {
      flush(false)
      await nextTurn() // let requests in between batches
    }
  }
  if (batch.length) flush(true)
}

/** The import ends (done or failed): counters final, file removed, the page told. */
function finishImport(db: Db, importId: string, outcome: { error?: string }) {
  const row = transaction(db, (tx) => {
    const finished = tx
      .update(contactImports)
      .set({
        status: outcome.error ? 'failed' : 'done',
        error: outcome.error ?? null,
        finishedAt: Date.now(),
        filePath: null,
        ...(outcome.error ? {} : { totalRows: sql`${contactImports.processedRows}` }),
      })
      .where(eq(contactImports.id, importId))
      .returning()
      .get()!
    announceProgress(tx, finished)
    emit(tx, {
      type: 'contacts.imported',
      companyId: finished.companyId,
      audience: { type: 'company' },
      payload: { importId },
    })
    return finished
  })
  return row
}

/** Skips the header row (the first non-empty one). */
async function* dataRows(rows: AsyncIterable<SheetRow>) {
  let header = true
  for await (const row of rows) {
    if (header) {
      if (row.cells.every((c) => !c)) continue
      header = false
      continue
    }
    yield row
  }
}

/** The job: reads the file as a stream and imports it. Idempotent (a finished import is left alone). */
export async function runContactImport(db: Db, importId: string) {
  const row = db.select().from(contactImports).where(eq(contactImports.id, importId)).get()
  if (!row || row.status !== 'running') return
  const filePath = row.filePath
  const actor = importActor(row)
  try {
    if (!filePath || row.kind === 'device' || !fs.existsSync(filePath))
      throw new SheetError('contacts.import.errors.fileGone')
    await processImportRows(db, actor, row.id, dataRows(readSheetRows(filePath, row.kind)), {
      mapping: row.mapping ?? {},
      source: 'import',
      resumeAfter: row.processedRows,
    })
    finishImport(db, row.id, {})
  } catch (error) {
    if (!(error instanceof SheetError))
      logger.error({ err: error, importId }, 'contact import failed')
    finishImport(db, row.id, {
      error: error instanceof SheetError ? error.code : 'contacts.import.errors.unexpected',
    })
  } finally {
    await removeFile(filePath)
  }
}

/** Who a background import writes as: its user, with a manager's rights over contacts. */
function importActor(row: ContactImport): Actor {
  return {
    userId: row.userId ?? 'system',
    companyId: row.companyId,
    role: 'admin',
    queueIds: [],
    allTickets: true,
    isSuperAdmin: false,
    name: 'Importação de contatos',
  }
}

export function registerContactJobs(db: Db) {
  registerJobHandler(CONTACT_IMPORT_JOB, (payload: { importId: string }) =>
    runContactImport(db, payload.importId),
  )
}

/**
 * Imports a list of people (the device's contacts) through the same validation and upsert, as an
 * import of kind "device" with source "device"; runs at once (a phone has thousands, not 100k).
 */
export async function importPeople(
  db: Db,
  actor: Actor,
  input: { label: string; people: Array<{ phone: string; name?: string }> },
) {
  assertCanManageContacts(actor)
  const row = transaction(db, (tx) =>
    createDeviceImport(tx, actor, { label: input.label, count: input.people.length }),
  )
  return importPeopleInto(db, actor, row.id, input.people)
}

/**
 * The row of a device import, running from the start (kind "device"; the page follows it). With
 * no `count`, the people are read later (importDeviceContacts' job) and counted then.
 */
export function createDeviceImport(tx: Tx, actor: Actor, input: { label: string; count?: number }) {
  const created = tx
    .insert(contactImports)
    .values({
      companyId: actor.companyId,
      userId: actor.userId === 'system' ? null : actor.userId,
      kind: 'device',
      fileName: input.label.slice(0, 200),
      headers: ['name', 'number'],
      mapping: { name: 0, number: 1 },
      status: 'running',
      totalRows: input.count ?? 0,
      startedAt: Date.now(),
    })
    .returning()
    .get()
  audit(tx, actor, {
    action: 'contacts.import.device',
    entityType: 'contact_import',
    entityId: created.id,
    details: { label: input.label, ...(input.count === undefined ? {} : { count: input.count }) },
  })
  return created
}

/**
 * A device import's people, read by the channel manager (or why there are none): imported into
 * the running import row, which then finishes (done, or failed with the reason's message key).
 */
export async function runDeviceImport(
  db: Db,
  importId: string,
  people: Array<{ phone: string; name?: string }> | { error: string },
) {
  const row = db.select().from(contactImports).where(eq(contactImports.id, importId)).get()
  if (!row || row.status !== 'running' || row.kind !== 'device') return
  if ('error' in people) return void finishImport(db, row.id, { error: people.error })
  if (!people.length) return void finishImport(db, row.id, { error: 'contacts.device.none' })
  db.update(contactImports)
    .set({ totalRows: people.length })
    .where(eq(contactImports.id, row.id))
    .run()
  await importPeopleInto(db, importActor(row), row.id, people)
}

async function importPeopleInto(
  db: Db,
  actor: Actor,
  importId: string,
  people: Array<{ phone: string; name?: string }>,
) {
  const rows = people.map((person, i) => ({
    rowNumber: i + 1,
    cells: [person.name?.trim() ?? '', person.phone],
  }))
  try {
    await processImportRows(db, actor, importId, rows, {
      mapping: { name: 0, number: 1 },
      source: 'device',
    })
    return finishImport(db, importId, {})
  } catch (error) {
    logger.error({ err: error, importId: importId }, 'device contact import failed')
    return finishImport(db, importId, { error: 'contacts.import.errors.unexpected' })
  }
}

/** The bad rows of an import, in sheet order. */
export function listImportErrors(db: DbOrTx, actor: Actor, importId: string, limit?: number) {
  const row = getImport(db, actor, importId)
  const query = db
    .select({
      rowNumber: contactImportErrors.rowNumber,
      reason: contactImportErrors.reason,
      data: contactImportErrors.data,
    })
    .from(contactImportErrors)
    .where(eq(contactImportErrors.importId, row.id))
    .orderBy(asc(contactImportErrors.rowNumber))
  return limit ? query.limit(limit).all() : query.all()
}

type Translate = (key: string, params?: Record<string, unknown>) => string

/** "key|{json}" → the sentence in the reader's language. */
export function reasonText(t: Translate, reason: string) {
  const [key = reason, json] = reason.split('|')
  let params: Record<string, unknown> | undefined
  try {
    params = json ? (JSON.parse(json) as Record<string, unknown>) : undefined
  } catch {
    params = undefined
  }
  return t(key, params)
}

/**
 * The bad rows as an .xlsx (row number, reason, then the row as it was), written as a stream so
 * a file with many errors is never built in memory.
 */
export async function writeBadRowsWorkbook(
  db: DbOrTx,
  actor: Actor,
  importId: string,
  t: Translate,
  out: Writable,
) {
  const row = getImport(db, actor, importId)
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false })
  const sheet = workbook.addWorksheet(t('contacts.import.badRowsSheet'))
  sheet
    .addRow([
      t('contacts.import.badRowsRow'),
      t('contacts.import.badRowsReason'),
      ...(row.headers ?? []),
    ])
    .commit()
  const pageSize = 1000
  for (let after = 0; ;) {
    const page = db
      .select({
        rowNumber: contactImportErrors.rowNumber,
        reason: contactImportErrors.reason,
        data: contactImportErrors.data,
      })
      .from(contactImportErrors)
      .where(
        and(
          eq(contactImportErrors.importId, row.id),
          sql`${contactImportErrors.rowNumber} > ${after}`,
        ),
      )
      .orderBy(asc(contactImportErrors.rowNumber))
      .limit(pageSize)
      .all()
    for (const error of page)
      sheet.addRow([error.rowNumber, reasonText(t, error.reason), ...(error.data ?? [])]).commit()
    if (page.length < pageSize) break
    after = page.at(-1)!.rowNumber
  }
  sheet.commit()
  await workbook.commit()
}

/** The downloadable template: the columns the import knows, with one example row. */
export async function writeTemplateWorkbook(t: Translate, out: Writable) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false })
  const sheet = workbook.addWorksheet(t('contacts.title'))
  sheet.columns = [
    { header: t('contacts.fields.name'), width: 28 },
    { header: t('contacts.fields.number'), width: 20 },
    { header: t('contacts.fields.email'), width: 28 },
    { header: t('contacts.fields.tags'), width: 20 },
    { header: 'CPF', width: 16 },
    { header: t('contacts.fields.birthDate'), width: 18 },
    { header: t('contacts.fields.address'), width: 40 },
  ]
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).commit()
  sheet
    .addRow([
      'Maria da Silva',
      '+55 11 98765-4321',
      'maria@example.com',
      'VIP, Leads',
      '529.982.247-25',
      '15/03/1990',
      'Rua das Flores, 100 — São Paulo/SP',
    ])
    .commit()
  sheet.commit()
  await workbook.commit()
}

/** "Cancelar importação" before it starts: the upload and its row are forgotten. */
export async function cancelImport(db: Db, actor: Actor, importId: string) {
  const row = getImport(db, actor, importId)
  if (row.status !== 'uploaded')
    throw new DomainError('Import already started', 'contacts.import.alreadyStarted', 409)
  db.delete(contactImports).where(eq(contactImports.id, row.id)).run()
  await removeFile(row.filePath)
  return row
}
