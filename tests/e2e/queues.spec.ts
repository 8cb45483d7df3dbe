import { eq } from 'drizzle-orm'
import { db } from '#app/utils/db.server.ts'
import { connections } from '#db/schema/connections.ts'
import { queues } from '#db/schema/queues.ts'
import { contacts } from '#db/schema/contacts.ts'
import { ticketEvents, tickets } from '#db/schema/tickets.ts'
import { expect, insertQueue, insertUser, loginAs, test } from '#tests/playwright-utils.ts'
import { type Page } from '@playwright/test'

const SHOTS = 'tests/.tmp/shots-queues'

/** Moves a sortable row with the keyboard (Space, arrow, Space), giving dnd-kit time to measure. */
async function keyboardMove(page: Page, handleName: string, key: 'ArrowUp' | 'ArrowDown') {
  const handle = page.getByRole('button', { name: handleName })
  await handle.focus()
  await page.keyboard.press('Space')
  await expect(handle).toHaveAttribute('aria-pressed', 'true')
  await page.waitForTimeout(200)
  await page.keyboard.press(key)
  await page.waitForTimeout(300)
  await page.keyboard.press('Space')
  await expect(handle).not.toHaveAttribute('aria-pressed', 'true')
}

/** Adds a top-level or child option and fills its title (the new one is the last of its list). */
async function addOption(page: Page, button: string, title: string) {
  await page.getByRole('button', { name: button, exact: true }).click()
  await page.getByPlaceholder('Ex.: Vendas').last().fill(title)
}

const option = (page: Page, title: string) =>
  page.locator(`[data-testid="queue-option"][data-title="${title}"]`).first()

test('queues: greeting, hours with lunch, users, a two-level submenu, preview, edit, delete moving tickets', async ({
  page,
}) => {
  test.setTimeout(90_000)
  const suffix = Date.now().toString(36)
  const admin = await insertUser({ role: 'admin', name: `Dora ${suffix}` })
  await insertUser({ role: 'agent', name: `Ana ${suffix}` })
  await insertUser({ role: 'agent', name: `Bruno ${suffix}` })
  const comercial = `Comercial ${suffix}`
  const suporte = `Suporte ${suffix}`

  await loginAs(page, admin)

  // 1. A plain queue "Suporte" with a greeting and Ana as its user.
  await page.goto('/admin/queues')
  await page.getByRole('link', { name: 'Nova fila' }).click()
  await expect(page.getByRole('heading', { name: 'Nova fila' })).toBeVisible()
  await page.getByLabel('Nome', { exact: true }).fill(suporte)
  await page.getByLabel('Mensagem de saudação').fill('Olá! Você está no suporte.')
  await page.getByRole('checkbox', { name: new RegExp(`Ana ${suffix}`) }).check()
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText(`Fila ${suporte} criada.`)).toBeVisible()
  await expect(page.getByTestId(`queue-row-${suporte}`)).toContainText('Olá! Você está no suporte.')

  // 2. "Comercial": auto-close, greeting with variables, hours with a lunch break, submenu.
  await page.getByRole('link', { name: 'Nova fila' }).click()
  await page.getByLabel('Nome', { exact: true }).fill(comercial)
  await page.getByLabel(/Encerramento automático/).check()
  await page.getByLabel('Encerrar após (minutos)').fill('30')
  const greeting = page.getByLabel('Mensagem de saudação')
  await expect(async () => {
    await greeting.fill('')
    await page.getByRole('button', { name: 'Inserir {{saudacao}}' }).first().click()
    await expect(greeting).toHaveValue('{{saudacao}}', { timeout: 500 })
  }).toPass()
  await greeting.pressSequentially(', {{primeiro_nome}}! Bem-vinda ao *Comercial*.')

  // Business hours: on; Monday keeps its lunch break, Saturday gets an afternoon range.
  await page.getByRole('switch', { name: 'Ativar horário de atendimento' }).click()
  const monday = page.getByTestId('business-day-1')
  await expect(monday.getByLabel('Segunda-feira, início do intervalo 2')).toHaveValue('13:00')
  await monday.getByLabel('Segunda-feira, início do intervalo 2').fill('13:30')
  await page.getByRole('button', { name: 'Adicionar intervalo na Sábado' }).click()
  const saturday = page.getByTestId('business-day-6')
  await saturday.getByLabel('Sábado, início do intervalo 2').fill('11:00')
  await expect(
    saturday.getByText('Os intervalos se sobrepõem ou estão fora de ordem.'),
  ).toBeVisible()
  await saturday.getByLabel('Sábado, início do intervalo 2').fill('13:00')
  await saturday.getByLabel('Sábado, fim do intervalo 2').fill('17:00')
  await expect(saturday.getByText('Os intervalos se sobrepõem')).toHaveCount(0)
  await page.getByLabel('Mensagem fora do expediente').fill('Estamos fora do horário, {{nome}}.')
  await page.getByRole('checkbox', { name: new RegExp(`Ana ${suffix}`) }).check()
  await page.getByRole('checkbox', { name: new RegExp(`Bruno ${suffix}`) }).check()

  // Submenu: 1 Vendas (submenu: Novo pedido, Pós-venda → Suporte), 2 Endereço, 3 Falar com a Ana.
  await addOption(page, 'Adicionar opção', 'Vendas')
  await option(page, 'Vendas').getByLabel('Ao escolher (1)').selectOption('submenu')
  await option(page, 'Vendas').getByLabel('Mensagem').first().fill('Sobre vendas, escolha:')
  await addOption(page, 'Adicionar opção ao submenu (1)', 'Novo pedido')
  await option(page, 'Novo pedido').getByLabel('Mensagem').fill('Veja o catálogo: exemplo.com')
  await addOption(page, 'Adicionar opção ao submenu (1)', 'Pós-venda')
  await option(page, 'Pós-venda').getByLabel('Ao escolher (1.2)').selectOption('queue')
  await option(page, 'Pós-venda').getByLabel('Fila de destino').selectOption({ label: suporte })
  await addOption(page, 'Adicionar opção', 'Endereço')
  await option(page, 'Endereço').getByLabel('Mensagem').fill('Rua das Flores, 10.')
  await addOption(page, 'Adicionar opção', 'Falar com a Ana')
  await option(page, 'Falar com a Ana').getByLabel('Ao escolher (3)').selectOption('user')
  await option(page, 'Falar com a Ana')
    .getByLabel('Atendente de destino')
    .selectOption({ label: `Ana ${suffix}` })

  // Reorder with the keyboard: "Pós-venda" goes above "Novo pedido".
  await keyboardMove(page, 'Arrastar para mudar a ordem de Pós-venda', 'ArrowUp')
  await expect(page.getByLabel('Título da opção 1.1')).toHaveValue('Pós-venda')
  await expect(page.getByLabel('Título da opção 1.2')).toHaveValue('Novo pedido')

  // The preview: greeting with the sample name, then the numbered menu; clicking walks it.
  const preview = page.getByTestId('queue-preview')
  const first = preview.getByTestId('preview-bot').first()
  await expect(first).toContainText(
    /(Bom dia|Boa tarde|Boa noite), Maria! Bem-vinda ao Comercial\./,
  )
  await expect(first).toContainText('1 - Vendas')
  await expect(first).toContainText('3 - Falar com a Ana')
  await preview.getByRole('button', { name: 'Responder com a opção 1: Vendas' }).click()
  await expect(preview.getByTestId('preview-bot').nth(1)).toContainText('Sobre vendas, escolha:')
  await expect(preview.getByTestId('preview-bot').nth(1)).toContainText('1 - Pós-venda')
  await preview.getByRole('button', { name: 'Responder com a opção 1: Pós-venda' }).click()
  await expect(preview.getByTestId('preview-note')).toHaveText(
    `O atendimento vai para a fila ${suporte}. O cliente recebe a saudação e o menu dessa fila.`,
  )
  await preview.getByRole('button', { name: 'Recomeçar' }).click()
  await preview.getByLabel('Simular fora do horário').check()
  await expect(preview.getByTestId('preview-bot')).toHaveText(
    'Estamos fora do horário, Maria Silva.',
  )
  await preview.getByLabel('Simular fora do horário').uncheck()

  // A submenu without options is refused before saving.
  await addOption(page, 'Adicionar opção', 'Vazio')
  await option(page, 'Vazio').getByLabel('Ao escolher (4)').selectOption('submenu')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Adicione ao menos uma opção ao submenu.')).toBeVisible()
  await addOption(page, 'Adicionar opção ao submenu (4)', 'Dentro')
  await option(page, 'Dentro').getByLabel('Mensagem').fill('Oi')
  await expect(page.getByText('Adicione ao menos uma opção ao submenu.')).toHaveCount(0)
  await option(page, 'Vazio').getByRole('button', { name: 'Excluir a opção Vazio' }).click()
  await expect(page.getByRole('alertdialog')).toContainText(
    'A opção e a 1 opção dentro do submenu dela',
  )
  await page.getByRole('alertdialog').getByRole('button', { name: 'Excluir' }).click()
  await expect(option(page, 'Vazio')).toHaveCount(0)

  await page.setViewportSize({ width: 1440, height: 1000 })
  await page.screenshot({ path: `${SHOTS}/editor-light.png`, fullPage: true })
  // The app scrolls inside its own container: full-page shots miss parts, so also section shots.
  await option(page, 'Vendas').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/editor-options-light.png` })
  await page.getByTestId('business-hours').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/editor-hours-light.png` })
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText(`Fila ${comercial} criada.`)).toBeVisible()
  const row = page.getByTestId(`queue-row-${comercial}`)
  await expect(row).toContainText('Encerramento automático')
  await expect(row).toContainText('5 opções no submenu')

  // 3. Edit: the tree came back in its order; delete "Vendas" (with children: confirmation).
  await row.getByRole('link', { name: `Editar ${comercial}` }).click()
  await expect(page.getByLabel('Título da opção 1.1')).toHaveValue('Pós-venda')
  await expect(page.getByLabel('Título da opção 3')).toHaveValue('Falar com a Ana')
  await expect(page.getByRole('switch', { name: 'Ativar horário de atendimento' })).toBeChecked()
  await expect(
    page.getByTestId('business-day-1').getByLabel('Segunda-feira, início do intervalo 2'),
  ).toHaveValue('13:30')
  await expect(page.getByRole('checkbox', { name: new RegExp(`Bruno ${suffix}`) })).toBeChecked()
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: `${SHOTS}/editor-phone.png` })
  await option(page, 'Pós-venda').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/editor-options-phone.png` })
  await page.getByTestId('queue-preview').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/editor-preview-phone.png` })
  await page.setViewportSize({ width: 1440, height: 1000 })
  await page.getByTestId('theme-switch').click()
  await expect(page.locator('html')).toHaveClass(/dark/)
  await page.screenshot({ path: `${SHOTS}/editor-dark.png` })
  await option(page, 'Vendas').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/editor-options-dark.png` })
  await page.getByTestId('theme-switch').click()
  await expect(page.locator('html')).not.toHaveClass(/dark/)

  await option(page, 'Endereço').getByLabel('Mensagem').fill('Rua das Flores, 12.')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText(`Fila ${comercial} atualizada.`)).toBeVisible()

  // 4. The list: drag "Comercial" above "Suporte" with the keyboard; the order is saved.
  const extra = insertQueue(`Financeiro ${suffix}`)
  db.update(queues).set({ order: 999 }).where(eq(queues.id, extra.id)).run()
  await page.reload()
  const rows = page.locator('tbody tr')
  const namesInOrder = async () =>
    (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')))).filter(
      (name) => name?.includes(suffix),
    )
  await expect
    .poll(namesInOrder)
    .toEqual([`queue-row-${suporte}`, `queue-row-${comercial}`, `queue-row-Financeiro ${suffix}`])
  await keyboardMove(page, `Arrastar para mudar a ordem de ${comercial}`, 'ArrowUp')
  await expect(page.getByText('Ordem do menu salva.')).toBeVisible()
  await page.reload()
  await expect
    .poll(namesInOrder)
    .toEqual([`queue-row-${comercial}`, `queue-row-${suporte}`, `queue-row-Financeiro ${suffix}`])
  await page.screenshot({ path: `${SHOTS}/list-light.png`, fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: `${SHOTS}/list-phone.png`, fullPage: true })
  await page.setViewportSize({ width: 1440, height: 1000 })

  // 5. Delete "Suporte" while a customer waits in it: the dialog asks where the ticket goes.
  const suporteRow = page.getByTestId(`queue-row-${suporte}`)
  const suporteId = (await suporteRow
    .getByRole('link', { name: suporte, exact: true })
    .getAttribute('href'))!
    .split('/')
    .pop()!
  const connection = db
    .insert(connections)
    .values({ companyId: admin.companyId, name: `Conexão ${suffix}`, channel: 'simulator' })
    .returning()
    .get()
  const contact = db
    .insert(contacts)
    .values({ companyId: admin.companyId, name: 'Cliente Fila', number: `5511${Date.now() % 1e9}` })
    .returning()
    .get()
  const ticket = db
    .insert(tickets)
    .values({
      companyId: admin.companyId,
      contactId: contact.id,
      connectionId: connection.id,
      queueId: suporteId,
      status: 'pending',
      chatId: contact.number!,
    })
    .returning()
    .get()
  await page.reload()
  await expect(page.getByTestId(`queue-row-${suporte}`)).toContainText('1 aguardando')
  await page.getByRole('button', { name: `Excluir ${suporte}` }).click()
  const dialog = page.getByRole('alertdialog')
  await expect(dialog).toContainText(
    'Esta fila ainda tem 1 atendimento em andamento ou aguardando e 1 opção de menu de outra fila que leva a ela.',
  )
  await page.screenshot({ path: `${SHOTS}/delete-dialog.png` })
  // "Comercial" has an option leading to "Suporte": it cannot receive them.
  await dialog.getByLabel('Mover atendimentos e opções para').selectOption({ label: comercial })
  await dialog.getByRole('button', { name: 'Excluir' }).click()
  await expect(dialog).toContainText(
    'A fila escolhida tem opções de menu que levam para a fila excluída.',
  )
  await dialog
    .getByLabel('Mover atendimentos e opções para')
    .selectOption({ label: `Financeiro ${suffix}` })
  await dialog.getByRole('button', { name: 'Excluir' }).click()
  await expect(
    page.getByText(`Fila ${suporte} excluída. 1 atendimento foi para a fila Financeiro ${suffix}.`),
  ).toBeVisible()
  await expect(page.getByTestId(`queue-row-${suporte}`)).toHaveCount(0)
  await expect(page.getByTestId(`queue-row-Financeiro ${suffix}`)).toContainText('1 aguardando')
  expect(db.select().from(tickets).where(eq(tickets.id, ticket.id)).get()?.queueId).toBe(extra.id)
  expect(
    db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)).all(),
  ).toMatchObject([{ type: 'transferred', fromQueueId: suporteId, toQueueId: extra.id }])

  // The option "Pós-venda" of Comercial now leads to Financeiro.
  await page.getByRole('link', { name: `Editar ${comercial}` }).click()
  await expect(option(page, 'Pós-venda').getByLabel('Fila de destino')).toHaveValue(extra.id)
})

test('an agent cannot open the queues page, and the greeting file is guarded', async ({ page }) => {
  const agent = await insertUser({ role: 'agent' })
  await loginAs(page, agent)
  const response = await page.goto('/admin/queues')
  expect(response?.status()).toBe(403)
  const queue = insertQueue()
  const media = await page.request.get(`/resources/queues/${queue.id}/media`)
  expect(media.status()).toBe(403)
})
