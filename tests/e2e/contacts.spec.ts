import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { createContact } from '#app/domain/contacts/manage.server.ts'
import { db } from '#app/utils/db.server.ts'
import {
  actorOf,
  expect,
  insertQueue,
  insertSimulatorConnection,
  insertUser,
  loginAs,
  sendAsCustomer,
  test,
} from '#tests/playwright-utils.ts'

const SHOTS = path.resolve('tests/.tmp/shots-contacts')

/**
 * A 1,000-row sheet: 20 bad rows (10 broken numbers, 5 bad e-mails, 5 without a number) and a
 * batch tag on every fourth row. Written with exceljs, as a customer's Excel would be.
 */
async function writeSheet(file: string, stamp: string, tag: string) {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Clientes')
  sheet.addRow(['Nome', 'Celular', 'E-mail', 'Tags', 'Cidade'])
  let tagged = 0
  for (let i = 0; i < 1000; i++) {
    const bad = i % 100 === 7 ? 'number' : i % 100 === 21 ? (i < 500 ? 'email' : 'missing') : null
    const number = `+55 (31) 9${stamp}-${String(i).padStart(4, '0')}`
    const hasTag = i % 4 === 0
    if (hasTag && !bad) tagged++
    sheet.addRow([
      `Cliente ${stamp} ${String(i).padStart(4, '0')}`,
      bad === 'number' ? `31 ${i}` : bad === 'missing' ? '' : number,
      bad === 'email' ? `cliente${i}-sem-arroba` : `cliente${i}@example.com`,
      hasTag ? `${tag}, Planilha` : 'Planilha',
      i % 2 ? 'Belo Horizonte' : 'Contagem',
    ])
  }
  await workbook.xlsx.writeFile(file)
  return { tagged }
}

test('an admin imports 1,000 rows with 20 bad ones, sees the summary and filters by tag', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000)
  fs.mkdirSync(SHOTS, { recursive: true })
  const stamp = String(Date.now()).slice(-4)
  const tag = `Lote ${stamp}`
  const file = testInfo.outputPath('clientes.xlsx')
  const { tagged } = await writeSheet(file, stamp, tag)
  const admin = await insertUser({ role: 'admin', name: 'Iara Importa' })
  await loginAs(page, admin)

  await page.goto('/contacts')
  await page.getByRole('link', { name: 'Importar' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Importar contatos' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Baixar modelo (.xlsx)' })).toHaveAttribute(
    'href',
    '/resources/contacts/template',
  )
  await page.screenshot({ path: path.join(SHOTS, 'import-upload.png'), fullPage: true })

  // A file that is not a sheet is refused with the reason.
  await page.getByLabel('Planilha').setInputFiles({
    name: 'contatos.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 not a sheet'),
  })
  await page.getByRole('button', { name: 'Enviar e conferir' }).click()
  await expect(page.getByRole('alert')).toContainText('Tipo de arquivo não aceito')

  await page.getByLabel('Planilha').setInputFiles(file)
  await page.getByRole('button', { name: 'Enviar e conferir' }).click()
  // Preview of the first rows, and the mapping guessed from the titles.
  const preview = page.getByTestId('import-preview')
  await expect(preview).toContainText(`Cliente ${stamp} 0000`)
  await expect(page.getByLabel('Vai para: Celular')).toHaveValue('number')
  await expect(page.getByLabel('Vai para: Cidade')).toHaveValue('custom')
  await page.screenshot({ path: path.join(SHOTS, 'import-mapping.png'), fullPage: true })
  await page.getByRole('button', { name: 'Importar', exact: true }).click()

  // The live progress (or, on a fast machine, the summary straight away).
  await expect(page.getByRole('progressbar')).toBeVisible()
  const summary = page.getByTestId('import-summary')
  await expect(summary).toBeVisible({ timeout: 60_000 })
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')
  await expect(page.getByTestId('summary-created')).toContainText('980')
  await expect(page.getByTestId('summary-updated')).toContainText('0')
  await expect(page.getByTestId('summary-skipped')).toContainText('20')
  const badRows = page.getByTestId('bad-rows').getByRole('listitem')
  await expect(badRows).toHaveCount(20)
  await expect(badRows.first()).toContainText('Linha 9')
  await expect(badRows.first()).toContainText('Número inválido: "31 7"')
  await expect(page.getByTestId('bad-rows')).toContainText('E-mail inválido')
  await expect(page.getByTestId('bad-rows')).toContainText('Sem número de WhatsApp')
  await page.screenshot({ path: path.join(SHOTS, 'import-summary.png'), fullPage: true })

  // The bad rows file: title row + 20 rows, each with its reason.
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Baixar linhas com erro (.xlsx)' }).click()
  const download = await downloading
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile((await download.path())!)
  const sheet = workbook.worksheets[0]!
  expect(sheet.rowCount).toBe(21)
  expect(sheet.getRow(1).values).toEqual([
    undefined,
    'Linha',
    'Motivo',
    'Nome',
    'Celular',
    'E-mail',
    'Tags',
    'Cidade',
  ])
  expect(sheet.getRow(2).getCell(1).value).toBe(9)
  expect(String(sheet.getRow(2).getCell(2).value)).toContain('Número inválido')

  // Filter by the batch tag.
  await page.getByRole('link', { name: 'Ver contatos' }).click()
  await expect(page).toHaveURL(/\/contacts$/)
  await page.getByLabel('Filtrar por tag').selectOption({ label: tag })
  await expect(page.getByTestId('contacts-count')).toHaveText(`${tagged} contatos`)
  await expect(page.getByTestId('contact-row').first()).toContainText(tag)
  await expect(page.getByTestId('contact-row')).toHaveCount(50)
  // Scrolling to the end of the list loads the next page by cursor (infinite scroll)…
  expect(tagged).toBeGreaterThan(150)
  await page.getByRole('button', { name: 'Carregar mais' }).scrollIntoViewIfNeeded()
  await expect(page.getByTestId('contact-row')).toHaveCount(100)
  // …and "Carregar mais" loads one without scrolling (keyboards, screen readers). A click of the
  // mouse would scroll the button into view first, which loads a page by itself: on a slow machine
  // before the click lands, and then the click loads one more.
  await page.getByRole('button', { name: 'Carregar mais' }).dispatchEvent('click')
  await expect(page.getByTestId('contact-row')).toHaveCount(150)
  await page
    .getByRole('searchbox', { name: 'Nome ou telefone com DDD' })
    .fill(`(31) 9${stamp}-0004`)
  await expect(page.getByTestId('contacts-count')).toHaveText('1 contato')
  await expect(page.getByTestId('contact-row')).toContainText(`Cliente ${stamp} 0004`)
  await page.screenshot({ path: path.join(SHOTS, 'list-filtered.png'), fullPage: true })

  // Importing the same sheet again updates instead of duplicating.
  await page.goto('/contacts/import')
  await page.getByLabel('Planilha').setInputFiles(file)
  await page.getByRole('button', { name: 'Enviar e conferir' }).click()
  await page.getByRole('button', { name: 'Importar', exact: true }).click()
  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 60_000 })
  await expect(page.getByTestId('summary-created')).toContainText('0')
  await expect(page.getByTestId('summary-updated')).toContainText('980')
})

test('an agent creates a contact and starts a WhatsApp conversation from the list', async ({
  page,
}) => {
  test.setTimeout(90_000)
  fs.mkdirSync(SHOTS, { recursive: true })
  const stamp = Date.now()
  const queue = insertQueue(`Vendas ${stamp}`, '#7c3aed')
  const admin = await insertUser({ role: 'admin', name: 'Ana Admin' })
  const agent = await insertUser({ role: 'agent', name: 'Caio Vendas', queueIds: [queue.id] })
  const connection = insertSimulatorConnection(admin, `Loja ${stamp}`, queue.id)
  await loginAs(page, agent)

  await page.goto('/contacts')
  await page.getByRole('link', { name: 'Novo contato' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Novo contato' })).toBeVisible()
  const name = `Débora ${stamp}`
  // An old mobile: 8 digits starting with 8.
  const digits = `8${String(stamp).slice(-7)}`
  await page.getByLabel('Nome', { exact: true }).fill(name)
  // Without the 9th digit and without 55: stored as +55 21 9xxxx-xxxx.
  await page.getByLabel('Número do WhatsApp').fill(`(21) ${digits.slice(0, 4)}-${digits.slice(4)}`)
  await page.getByLabel('CPF').fill('111.111.111-11')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('CPF inválido: confira os números.')).toBeVisible()
  await page.getByLabel('CPF').fill('529.982.247-25')
  await page.getByRole('button', { name: 'Adicionar tag' }).click()
  await page.getByRole('combobox', { name: 'Buscar ou criar tag' }).fill(`Novo ${stamp}`)
  await page.getByRole('option', { name: new RegExp(`Novo ${stamp}`) }).click()
  await expect(page.getByTestId('contact-tags')).toContainText(`Novo ${stamp}`)
  await page.screenshot({ path: path.join(SHOTS, 'contact-new.png'), fullPage: true })
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText(`Contato ${name} criado.`)).toBeVisible()

  await page.getByRole('searchbox', { name: 'Nome ou telefone com DDD' }).fill(`21 9${digits}`)
  const row = page.getByTestId('contact-row').filter({ hasText: name })
  await expect(row).toBeVisible()
  await expect(row).toContainText(`+55 21 9${digits.slice(0, 4)}-${digits.slice(4)}`)
  await expect(row).toContainText(`Novo ${stamp}`)
  await expect(row).toContainText('Manual')

  // The twin with the 9th digit is the same contact.
  await page.goto('/contacts/new')
  await page.getByLabel('Nome', { exact: true }).fill('Gêmea')
  await page.getByLabel('Número do WhatsApp').fill(`+55 21 9${digits}`)
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText(`Este número já é do contato ${name}.`)).toBeVisible()

  await page.goto(`/contacts?q=${digits}`)
  await page.getByRole('button', { name: `Iniciar conversa no WhatsApp com ${name}` }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByLabel('Conexão')).toBeVisible()
  await dialog.getByLabel('Conexão').selectOption(connection.id)
  await page.screenshot({ path: path.join(SHOTS, 'start-dialog.png') })
  await dialog.getByRole('button', { name: 'Abrir conversa' }).click()
  await expect(page).toHaveURL(/\/tickets\/[0-9a-z]+/)
  await expect(page.getByLabel('Mensagem', { exact: true })).toBeVisible()
  await expect(page.getByRole('main')).toContainText(name)
})

test('the contacts page on a phone: cards instead of the table', async ({ page }) => {
  fs.mkdirSync(SHOTS, { recursive: true })
  const admin = await insertUser({ role: 'admin', name: 'Paula Phone' })
  const actor = actorOf(admin)
  const stamp = String(Date.now()).slice(-6)
  const people = [
    ['Amanda Ribeiro', ['VIP', 'Atacado']],
    ['Bruno Carvalho', ['Leads']],
    ['Carla Nogueira', []],
  ] as const
  for (const [index, [name, tags]] of people.entries())
    createContact(db, actor, {
      name: `${name} ${stamp}`,
      number: `+55 11 9${stamp}0${index}`,
      email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
      tags: [...tags],
    })
  await loginAs(page, admin)
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`/contacts?q=${stamp}`)
  await expect(page.getByTestId('contact-card')).toHaveCount(3)
  await page.screenshot({ path: path.join(SHOTS, 'list-phone.png'), fullPage: true })
  await page.setViewportSize({ width: 1366, height: 900 })
  await page.screenshot({ path: path.join(SHOTS, 'list-desktop.png'), fullPage: true })
})

test("an admin deletes a contact, then brings it back from the phone's contacts", async ({
  page,
}) => {
  test.setTimeout(90_000)
  const stamp = Date.now()
  const admin = await insertUser({ role: 'admin', name: 'Olga Aparelho' })
  const connection = insertSimulatorConnection(admin, `Celular ${stamp}`)
  const phone = `55419${String(stamp).slice(-8)}`
  const name = `Renata ${stamp}`
  await loginAs(page, admin)
  // A customer writes: the "phone" now knows this number (and a contact exists, source bot).
  await sendAsCustomer(page.request, {
    connectionId: connection.id,
    from: phone,
    name,
    text: 'Oi!',
  })

  await page.goto(`/contacts?q=${encodeURIComponent(name)}`)
  const row = page.getByTestId('contact-row').filter({ hasText: name })
  await expect(row).toContainText('Bot')
  await row.getByRole('button', { name: `Excluir ${name}` }).click()
  const confirm = page.getByRole('alertdialog')
  await expect(confirm).toContainText(
    'todos os seus atendimentos e todas as mensagens trocadas com ele serão apagados',
  )
  await confirm.getByRole('button', { name: 'Excluir' }).click()
  await expect(page.getByText(`Contato ${name} excluído.`)).toBeVisible()
  await expect(page.getByTestId('contacts-count')).toHaveText('Nenhum contato')

  await page.goto('/contacts/import')
  await page.getByLabel('Conexão conectada').selectOption({ label: `Celular ${stamp}` })
  await page.getByRole('button', { name: 'Importar contatos do aparelho' }).click()
  await expect(page.getByTestId('import-summary')).toBeVisible()
  await expect(page.getByTestId('summary-created')).toContainText('1')
  await page.goto(`/contacts?q=${encodeURIComponent(name)}`)
  await expect(page.getByTestId('contact-row').filter({ hasText: name })).toContainText('Aparelho')
})
