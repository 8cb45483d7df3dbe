import fs from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { and, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, test } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'
import { db } from '#app/utils/db.server.ts'
import { newId } from '#app/utils/ids.ts'
import { events } from '#db/schema/system.ts'
import { contactTags, tags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import { createCompany, createUser } from '#tests/db-utils.ts'
import {
  createImportFromFile,
  getImport,
  importPeople,
  importsDir,
  listImportErrors,
  runContactImport,
  startImport,
  writeBadRowsWorkbook,
} from './import.server.ts'

const HEADERS = ['Nome', 'WhatsApp', 'E-mail', 'Tags', 'CPF', 'Nascimento', 'Plano']

/** A sheet in the imports folder, as the upload route leaves it. */
async function writeXlsx(rows: Array<Array<string | number>>, name = 'contatos.xlsx') {
  fs.mkdirSync(importsDir(), { recursive: true })
  const filePath = path.join(importsDir(), `${newId()}.xlsx`)
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Contatos')
  sheet.addRow(HEADERS)
  for (const row of rows) sheet.addRow(row)
  await workbook.xlsx.writeFile(filePath)
  return { filePath, fileName: name }
}

function writeRaw(content: Buffer | string, name: string) {
  fs.mkdirSync(importsDir(), { recursive: true })
  const filePath = path.join(importsDir(), `${newId()}-${name}`)
  fs.writeFileSync(filePath, content)
  return { filePath, fileName: name }
}

/** 30 people; rows 5, 10 and 20 (sheet rows 6, 11, 21) are bad; row 25 repeats row 1's number. */
function sampleRows() {
  return Array.from({ length: 30 }, (_, i): Array<string | number> => {
    const phone = `+55 11 9${String(8000_0000 + i).padStart(8, '0')}`
    if (i === 5) return [`Pessoa ${i}`, '123', '', '', '', '', '']
    if (i === 10) return [`Pessoa ${i}`, phone, 'sem-arroba', '', '', '', '']
    if (i === 20) return [`Pessoa ${i}`, phone, '', '', '123.456.789-00', '', '']
    if (i === 25) return [`Repetida`, '+55 11 8000-0000', '', '', '', '', '']
    return [
      `Pessoa ${i}`,
      phone,
      `p${i}@example.com`,
      i % 2 ? 'VIP, Leads' : 'Leads',
      '',
      '',
      'Ouro',
    ]
  })
}

async function setup() {
  const company = createCompany(db)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  return { company, admin }
}

async function importFile(
  actor: Awaited<ReturnType<typeof createUser>>['actor'],
  file: { filePath: string; fileName: string },
) {
  const created = await createImportFromFile(db, actor, file)
  await startImport(db, actor, created.id, created.mapping!)
  await runContactImport(db, created.id)
  return getImport(db, actor, created.id)
}

beforeAll(() => {
  fs.mkdirSync(importsDir(), { recursive: true })
})

describe('sheet import', () => {
  test('good rows become contacts, bad rows are kept with their reason, the file is removed', async () => {
    const { company, admin } = await setup()
    const file = await writeXlsx(sampleRows())
    const done = await importFile(admin.actor, file)
    expect(done).toMatchObject({
      status: 'done',
      totalRows: 30,
      processedRows: 30,
      createdCount: 26,
      updatedCount: 0,
      skippedCount: 4,
      filePath: null,
    })
    expect(fs.existsSync(file.filePath)).toBe(false)
    const errors = listImportErrors(db, admin.actor, done.id)
    expect(errors.map((e) => [e.rowNumber, e.reason.split('|')[0]])).toEqual([
      [7, 'contacts.import.reasons.invalidNumber'],
      [12, 'contacts.import.reasons.invalidEmail'],
      [22, 'contacts.import.reasons.invalidCpf'],
      [27, 'contacts.import.reasons.duplicateInFile'],
    ])
    expect(errors[0]!.data).toEqual(['Pessoa 5', '123'])
    const maria = db
      .select()
      .from(contacts)
      .where(and(eq(contacts.companyId, company.id), eq(contacts.number, '5511980000001')))
      .get()!
    expect(maria).toMatchObject({
      name: 'Pessoa 1',
      email: 'p1@example.com',
      source: 'import',
      extraInfo: { custom: [{ key: 'Plano', value: 'Ouro' }] },
    })
    const tagNames = db
      .select({ name: tags.name })
      .from(contactTags)
      .innerJoin(tags, eq(tags.id, contactTags.tagId))
      .where(eq(contactTags.contactId, maria.id))
      .all()
      .map((t) => t.name)
      .sort()
    expect(tagNames).toEqual(['Leads', 'VIP'])
    expect(db.select().from(tags).where(eq(tags.companyId, company.id)).all()).toHaveLength(2)
    const progress = db
      .select()
      .from(events)
      .where(eq(events.type, 'contact_import.progress'))
      .all()
    expect(progress.at(-1)?.payload).toMatchObject({ importId: done.id, status: 'done' })
  })

  test('importing the same file again updates instead of duplicating (idempotent)', async () => {
    const { company, admin } = await setup()
    const first = await importFile(admin.actor, await writeXlsx(sampleRows()))
    const count = () =>
      db.select().from(contacts).where(eq(contacts.companyId, company.id)).all().length
    expect(count()).toBe(26)
    const tagLinks = db
      .select()
      .from(contactTags)
      .where(eq(contactTags.companyId, company.id))
      .all().length
    const second = await importFile(admin.actor, await writeXlsx(sampleRows()))
    expect(second).toMatchObject({ createdCount: 0, updatedCount: 26, skippedCount: 4 })
    expect(count()).toBe(26)
    expect(
      db.select().from(contactTags).where(eq(contactTags.companyId, company.id)).all().length,
    ).toBe(tagLinks)
    expect(first.id).not.toBe(second.id)
  })

  test('a number without the 9th digit updates the contact that has it', async () => {
    const { company, admin } = await setup()
    db.insert(contacts)
      .values({
        companyId: company.id,
        name: 'Antiga',
        number: '5521987654321',
        source: 'bot',
        extraInfo: { cpf: '52998224725', custom: [{ key: 'Plano', value: 'Prata' }] },
      })
      .run()
    const done = await importFile(
      admin.actor,
      await writeXlsx([['Nova', '552187654321', '', 'VIP', '', '15/03/1990', 'Ouro']]),
    )
    expect(done).toMatchObject({ createdCount: 0, updatedCount: 1 })
    const contact = db.select().from(contacts).where(eq(contacts.companyId, company.id)).get()!
    expect(contact).toMatchObject({
      name: 'Nova',
      number: '5521987654321',
      source: 'bot',
      extraInfo: {
        cpf: '52998224725',
        birthDate: '1990-03-15',
        custom: [{ key: 'Plano', value: 'Ouro' }],
      },
    })
  })

  test('a CSV with ";" in Latin-1 (Excel in Portuguese) imports', async () => {
    const { company, admin } = await setup()
    const csv = Buffer.from(
      'Nome;Telefone;Cidade\r\nJoão;(11) 98765-4321;São Paulo\r\n;;\r\nAna;11 3333-4444;Santos\r\n',
      'latin1',
    )
    const done = await importFile(admin.actor, writeRaw(csv, 'lista.csv'))
    expect(done).toMatchObject({ kind: 'csv', status: 'done', createdCount: 2, skippedCount: 0 })
    const names = db
      .select({ name: contacts.name, extra: contacts.extraInfo })
      .from(contacts)
      .where(eq(contacts.companyId, company.id))
      .all()
    expect(names).toContainEqual({
      name: 'João',
      extra: { custom: [{ key: 'Cidade', value: 'São Paulo' }] },
    })
  })

  test('a bad file type or a corrupt file is a clear error, and nothing is kept', async () => {
    const { admin } = await setup()
    const cases: Array<[Buffer | string, string, string]> = [
      ['%PDF-1.4 …', 'contatos.pdf', 'contacts.import.errors.badType'],
      ['PK\x03\x04 not really a zip', 'contatos.xlsx', 'contacts.import.errors.corrupt'],
      ['this is text', 'contatos.xlsx', 'contacts.import.errors.corrupt'],
      [
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        'antigo.xls',
        'contacts.import.errors.xls',
      ],
      ['', 'vazio.csv', 'contacts.import.errors.empty'],
    ]
    for (const [content, name, code] of cases) {
      const file = writeRaw(content, name)
      const error = await createImportFromFile(db, admin.actor, file).catch((e: unknown) => e)
      expect(error, name).toBeInstanceOf(DomainError)
      expect((error as DomainError).code, name).toBe(code)
      expect((error as DomainError).field).toBe('file')
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(fs.existsSync(file.filePath), name).toBe(false)
    }
  })

  test('the mapping must name the number column; an import starts once', async () => {
    const { admin } = await setup()
    const created = await createImportFromFile(db, admin.actor, await writeXlsx(sampleRows()))
    await expect(startImport(db, admin.actor, created.id, { name: 0 })).rejects.toMatchObject({
      code: 'contacts.import.mapping.numberRequired',
    })
    await startImport(db, admin.actor, created.id, created.mapping!)
    await expect(startImport(db, admin.actor, created.id, created.mapping!)).rejects.toMatchObject({
      code: 'contacts.import.alreadyStarted',
    })
    await runContactImport(db, created.id)
    // Running the job again leaves a finished import alone.
    await runContactImport(db, created.id)
    expect(getImport(db, admin.actor, created.id)).toMatchObject({ createdCount: 26 })
  })

  test('the bad rows download is an .xlsx with row, reason and the row as it was', async () => {
    const { admin } = await setup()
    const done = await importFile(admin.actor, await writeXlsx(sampleRows()))
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (chunk: Buffer) => chunks.push(chunk))
    await writeBadRowsWorkbook(db, admin.actor, done.id, (key) => key.split('.').pop()!, out)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.concat(chunks) as never)
    const sheet = workbook.worksheets[0]!
    expect(sheet.rowCount).toBe(5)
    expect(sheet.getRow(1).values).toEqual([undefined, 'badRowsRow', 'badRowsReason', ...HEADERS])
    expect(sheet.getRow(2).values).toEqual([undefined, 7, 'invalidNumber', 'Pessoa 5', '123'])
  })

  test('another company sees no import; agents cannot import', async () => {
    const { admin } = await setup()
    const created = await createImportFromFile(db, admin.actor, await writeXlsx(sampleRows()))
    const other = await setup()
    expect(() => getImport(db, other.admin.actor, created.id)).toThrow(
      expect.objectContaining({ status: 404 }),
    )
    await expect(
      startImport(db, other.admin.actor, created.id, created.mapping!),
    ).rejects.toMatchObject({ status: 404 })
    const agent = await createUser(db, { companyId: admin.companyId })
    expect(() => getImport(db, agent.actor, created.id)).toThrow(
      expect.objectContaining({ status: 403 }),
    )
    await expect(
      createImportFromFile(db, agent.actor, await writeXlsx(sampleRows())),
    ).rejects.toMatchObject({ status: 403 })
  })
})

describe('device import', () => {
  test("the phone's contacts become contacts with source device, twins merged", async () => {
    const { company, admin } = await setup()
    db.insert(contacts)
      .values({ companyId: company.id, name: '+5511987654321', number: '5511987654321' })
      .run()
    const done = await importPeople(db, admin.actor, {
      label: 'Celular',
      people: [
        { phone: '551187654321', name: 'Bia' },
        { phone: '5521912345678', name: 'Caio' },
        { phone: '12', name: 'Quebrado' },
      ],
    })
    expect(done).toMatchObject({
      kind: 'device',
      status: 'done',
      createdCount: 1,
      updatedCount: 1,
      skippedCount: 1,
    })
    const rows = db
      .select({ name: contacts.name, number: contacts.number, source: contacts.source })
      .from(contacts)
      .where(eq(contacts.companyId, company.id))
      .all()
    expect(rows).toEqual(
      expect.arrayContaining([
        { name: 'Bia', number: '5511987654321', source: 'bot' },
        { name: 'Caio', number: '5521912345678', source: 'device' },
      ]),
    )
  })
})
