import { createContact } from '#app/domain/contacts/manage.server.ts'
import { db } from '#app/utils/db.server.ts'
import {
  actorOf,
  expect,
  insertQueue,
  insertSimulatorConnection,
  insertUser,
  loginAs,
  test,
} from '#tests/playwright-utils.ts'

test("a user's default connection, chosen in Usuários, is preselected to start a conversation and to schedule", async ({
  page,
  browser,
}) => {
  const stamp = Date.now()
  const queue = insertQueue(`Loja ${stamp}`)
  const admin = await insertUser({ role: 'admin', name: 'Alda Admin' })
  const agent = await insertUser({ role: 'agent', name: `Otto ${stamp}`, queueIds: [queue.id] })
  insertSimulatorConnection(admin, `Aaa Primeira ${stamp}`, queue.id)
  const chosen = insertSimulatorConnection(admin, `Zzz Do Otto ${stamp}`, queue.id)
  const contact = createContact(db, actorOf(admin), {
    name: `Cliente Padrão ${stamp}`,
    number: `+55 11 9${String(stamp).slice(-8)}`,
  })

  await loginAs(page, admin)
  await page.goto(`/admin/users/${agent.id}`)
  await page.getByLabel('Conexão padrão').selectOption(chosen.id)
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page).toHaveURL(/\/admin\/users$/)

  const agentContext = await browser.newContext()
  const agentPage = await agentContext.newPage()
  await loginAs(agentPage, agent)
  await agentPage.goto(`/contacts?q=${encodeURIComponent(contact.name)}`)
  await agentPage
    .getByRole('button', { name: `Iniciar conversa no WhatsApp com ${contact.name}` })
    .click()
  const dialog = agentPage.getByRole('dialog')
  await expect(dialog.getByLabel('Conexão')).toHaveValue(chosen.id)
  await dialog.getByRole('button', { name: 'Cancelar' }).click()

  await agentPage.goto('/schedules')
  await agentPage.getByRole('button', { name: 'Novo agendamento' }).click()
  await expect(
    agentPage.getByRole('dialog', { name: 'Novo agendamento' }).getByLabel('Conexão'),
  ).toHaveValue(chosen.id)
  await agentContext.close()
})

test('a retried simulator post with the same externalId is stored once', async ({ page }) => {
  const admin = await insertUser({ role: 'admin', name: 'Rui Retry' })
  await loginAs(page, admin)
  const created = await page.request.post('/simulator/api/connections', {
    data: { name: 'Retentativas' },
  })
  const { id } = (await created.json()) as { id: string }
  const phone = `55119${String(Date.now()).slice(-8)}`
  const message = { connectionId: id, from: phone, text: 'Meu pedido chegou?', externalId: 'ret-1' }
  // The connection comes up in a moment: until then 409, and nothing is stored.
  await expect
    .poll(async () =>
      (await page.request.post('/simulator/api/messages', { data: message })).status(),
    )
    .toBe(201)
  const again = await page.request.post('/simulator/api/messages', { data: message })
  expect(again.status()).toBe(200)
  expect(await again.json()).toEqual({ externalId: 'ret-1' })
  const list = await page.request.get(`/simulator/api/messages?connectionId=${id}&phone=${phone}`)
  expect(await list.json()).toEqual([
    expect.objectContaining({ externalId: 'ret-1', fromMe: true, text: 'Meu pedido chegou?' }),
  ])
})
