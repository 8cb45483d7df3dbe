import { type Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { type Actor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { type Db } from '#app/utils/db.server.ts'
import { formatCpf } from '#app/utils/cpf.ts'
import { type ContactFilter, listContacts } from './list.server.ts'
import { assertCanManageContacts } from './manage.server.ts'

type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * "Exportar": the contacts of the current filter as an .xlsx, in the import template's columns
 * (so an exported file imports back), plus source, created at and custom fields. Written as a
 * stream, a page of contacts at a time.
 */
export async function writeContactsWorkbook(
  db: Db,
  actor: Actor,
  filter: ContactFilter,
  t: Translate,
  out: Writable,
  options: { timeZone: string },
) {
  assertCanManageContacts(actor)
  audit(db, actor, {
    action: 'contacts.exported',
    entityType: 'contact',
    details: { filter },
  })
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false })
  const sheet = workbook.addWorksheet(t('contacts.title'))
  sheet.columns = [
    { header: t('contacts.fields.name'), width: 28 },
    { header: t('contacts.fields.number'), width: 18 },
    { header: t('contacts.fields.email'), width: 28 },
    { header: t('contacts.fields.tags'), width: 24 },
    { header: 'CPF', width: 16 },
    { header: t('contacts.fields.birthDate'), width: 16 },
    { header: t('contacts.fields.address'), width: 40 },
    { header: t('contacts.fields.custom'), width: 40 },
    { header: t('contacts.fields.source'), width: 14 },
    { header: t('contacts.fields.createdAt'), width: 18 },
  ]
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).commit()
  const created = new Intl.DateTimeFormat('pt-BR', {
    timeZone: options.timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  })
  let cursor: string | null = null
  do {
    const page = listContacts(db, actor, filter, { cursor, limit: 1000 })
    cursor = page.nextCursor
    for (const contact of page.contacts) addContact(contact)
    // A page at a time: the zip stream drains to the response in between.
    await new Promise<void>((resolve) => setImmediate(resolve))
  } while (cursor)
  sheet.commit()
  await workbook.commit()

  function addContact(contact: ReturnType<typeof listContacts>['contacts'][number]) {
    const extra = contact.extraInfo ?? {}
    const [y, m, d] = extra.birthDate?.split('-') ?? []
    sheet
      .addRow([
        contact.name,
        contact.number ? `+${contact.number}` : '',
        contact.email ?? '',
        contact.tags.map((tag) => tag.name).join(', '),
        formatCpf(extra.cpf),
        y && m && d ? `${d}/${m}/${y}` : '',
        extra.address ?? '',
        (extra.custom ?? []).map((c) => `${c.key}: ${c.value}`).join('; '),
        t(`contacts.sources.${contact.source}`),
        created.format(contact.createdAt),
      ])
      .commit()
  }
}
