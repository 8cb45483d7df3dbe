import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { describe, expect, test } from 'vitest'
import { db } from '#app/utils/db.server.ts'
import { createCompany, createUser } from '#tests/db-utils.ts'
import { writeContactsWorkbook } from './export.server.ts'
import { createContact } from './manage.server.ts'

async function exported(run: (out: PassThrough) => Promise<void>) {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  await run(out)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(Buffer.concat(chunks) as never)
  return workbook.worksheets[0]!
}

describe('writeContactsWorkbook', () => {
  test('exports the filtered contacts in the template columns; agents may not export', async () => {
    const company = createCompany(db)
    const admin = await createUser(db, { companyId: company.id, role: 'admin' })
    const agent = await createUser(db, { companyId: company.id })
    createContact(db, admin.actor, {
      name: 'Ana VIP',
      number: '11987654321',
      tags: ['VIP'],
      cpf: '52998224725',
      birthDate: '1990-03-15',
      custom: [{ key: 'Plano', value: 'Ouro' }],
    })
    createContact(db, admin.actor, { name: 'Beto', number: '21987654321' })
    const t = (key: string) => key.split('.').pop()!
    const sheet = await exported((out) =>
      writeContactsWorkbook(db, admin.actor, { search: 'VIP' }, t, out, {
        timeZone: 'America/Sao_Paulo',
      }),
    )
    expect(sheet.rowCount).toBe(2)
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Ana VIP',
      '+5511987654321',
      undefined,
      'VIP',
      '529.982.247-25',
      '15/03/1990',
      undefined,
      'Plano: Ouro',
      'manual',
      expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}/),
    ])
    await expect(
      writeContactsWorkbook(db, agent.actor, {}, t, new PassThrough(), {
        timeZone: 'America/Sao_Paulo',
      }),
    ).rejects.toMatchObject({ status: 403 })
  })
})
