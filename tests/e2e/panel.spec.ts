import { db } from '#app/utils/db.server.ts'
import { quickReplies } from '#db/schema/quick-replies.ts'
import { users } from '#db/schema/users.ts'
import { eq } from 'drizzle-orm'
import { TINY_PNG } from '#tests/fixtures/images.ts'
import {
  expect,
  insertQueue,
  insertSimulatorConnection,
  insertUser,
  openAs,
  sendAsCustomer,
  test,
} from '#tests/playwright-utils.ts'

// Chromium's fake microphone lets the test record a real voice note.
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  },
  permissions: ['microphone'],
})

type CustomerMessage = { fromMe: boolean; type: string; text: string | null; status: string }

test('two agents and a simulated customer carry a whole conversation live', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000)
  const sales = insertQueue(`Vendas ${Date.now()}`, '#16a34a')
  const support = insertQueue(`Suporte ${Date.now()}`, '#2563eb')
  const admin = await insertUser({ role: 'admin', name: 'Wanda Admin' })
  const first = await insertUser({ role: 'agent', name: 'Xavier Vendas', queueIds: [sales.id] })
  const second = await insertUser({ role: 'agent', name: 'Yara Vendas', queueIds: [sales.id] })
  const outsider = await insertUser({ role: 'agent', name: 'Zeca Suporte', queueIds: [support.id] })
  db.update(users)
    .set({ farewellMessage: 'Obrigada pelo contato, até logo!' })
    .where(eq(users.id, second.id))
    .run()
  const connection = insertSimulatorConnection(admin, `Loja ${Date.now()}`, sales.id)
  // Unique: other files share the company, and the "/" menu also matches replies by their text.
  const greeting = `boasvindas${Date.now().toString(36)}`
  db.insert(quickReplies)
    .values({
      companyId: admin.companyId,
      shortcut: greeting,
      message: '{{saudacao}}, {{primeiro_nome}}! Como posso ajudar?',
    })
    .run()

  const customer = await openAs(browser, admin)
  const agent = await openAs(browser, first)
  const colleague = await openAs(browser, second)
  const other = await openAs(browser, outsider)
  const phone = `55219${String(Date.now()).slice(-8)}`
  const say = async (text: string) =>
    sendAsCustomer(customer.request, {
      connectionId: connection.id,
      from: phone,
      name: 'Bianca Cliente',
      text,
    })
  const customerChat = async () =>
    (await (
      await customer.request.get(
        `/simulator/api/messages?connectionId=${connection.id}&phone=${phone}`,
      )
    ).json()) as CustomerMessage[]

  await agent.goto('/tickets?tab=pending')
  await other.goto('/tickets?tab=pending')
  await say('Oi! Quero comprar um presente')

  // Live in Aguardando for the sales agent, never for the support agent.
  const row = agent.getByTestId('ticket-item').filter({ hasText: 'Bianca Cliente' })
  await expect(row).toBeVisible()
  await expect(row).toContainText('Quero comprar um presente')
  await other.waitForTimeout(1500)
  await expect(other.getByTestId('ticket-item').filter({ hasText: 'Bianca Cliente' })).toHaveCount(
    0,
  )

  // Espiar: the history without accepting.
  await row.click()
  await expect(agent.getByTestId('conversation-banner')).toContainText('Você está espiando')
  await expect(agent.getByTestId('message').filter({ hasText: 'Quero comprar' })).toBeVisible()
  await agent.getByRole('button', { name: 'Aceitar' }).click()
  const composer = agent.getByLabel('Mensagem', { exact: true })
  await expect(composer).toBeVisible()

  // Text with emoji and formatting.
  await composer.fill('Olá Bianca! *Claro*, posso ajudar 🎁')
  await composer.press('Enter')
  await expect(agent.getByTestId('message').filter({ hasText: 'posso ajudar 🎁' })).toBeVisible()
  await expect
    .poll(
      async () => (await customerChat()).find((m) => m.text?.includes('posso ajudar'))?.status,
      { timeout: 10_000 },
    )
    .toBe('delivered')

  // A quick reply from the "/" menu, with its variables filled.
  await composer.fill(`/${greeting}`)
  await expect(
    agent.getByRole('listbox', { name: 'Respostas rápidas' }).getByRole('option'),
  ).toHaveCount(1)
  await composer.press('Enter')
  await expect(composer).toHaveValue(/Bianca! Como posso ajudar\?/)
  await composer.press('Enter')
  await expect(agent.getByTestId('message').filter({ hasText: 'Como posso ajudar?' })).toBeVisible()

  // A file.
  await agent
    .getByTestId('file-input')
    .setInputFiles({ name: 'catalogo.png', mimeType: 'image/png', buffer: TINY_PNG })
  await expect(agent.getByTestId('attachment')).toContainText('catalogo.png')
  await agent.getByRole('button', { name: 'Enviar' }).click()
  await expect(agent.locator('[data-testid="message"] img')).toHaveCount(1)

  // A voice note recorded in the browser.
  await agent.getByRole('button', { name: 'Gravar áudio' }).click()
  await expect(agent.getByTestId('recording')).toBeVisible()
  await agent.waitForTimeout(1500)
  await agent.getByRole('button', { name: 'Parar e enviar' }).click()
  await expect(agent.getByTestId('audio-player')).toHaveCount(1, { timeout: 10_000 })

  // A private note never leaves Balcão.
  await agent.getByRole('button', { name: 'Nota privada' }).click()
  await agent
    .getByLabel('Nota privada', { exact: true })
    .last()
    .fill('Cliente quer embrulho para presente')
  await agent.getByLabel('Nota privada', { exact: true }).last().press('Enter')
  await expect(agent.locator('[data-private="true"]').filter({ hasText: 'embrulho' })).toBeVisible()

  await expect
    .poll(
      async () =>
        (await customerChat())
          .filter((m) => !m.fromMe)
          .map((m) => m.type)
          .sort(),
      { timeout: 15_000 },
    )
    .toEqual(['image', 'text', 'text', 'voice'])
  expect((await customerChat()).some((m) => m.text?.includes('embrulho'))).toBe(false)

  // The customer reads: read ticks on the agent's side.
  await customer.request.post('/simulator/api/read', {
    data: { connectionId: connection.id, phone },
  })
  await expect(
    agent.getByTestId('message').filter({ hasText: 'posso ajudar 🎁' }).getByTestId('ticks'),
  ).toHaveAttribute('data-status', 'read')

  await agent.screenshot({ path: testInfo.outputPath('panel-light.png') })
  await agent.setViewportSize({ width: 390, height: 800 })
  await agent.screenshot({ path: testInfo.outputPath('panel-phone.png') })
  await agent.setViewportSize({ width: 1280, height: 720 })

  // Transfer to the colleague with a note.
  await colleague.goto('/tickets?tab=open')
  await agent.getByRole('button', { name: 'Transferir' }).click()
  await agent.getByLabel('Para o atendente').selectOption(second.id)
  await agent.getByLabel('Nota para o próximo atendente (opcional)').fill('Já enviei o catálogo')
  await agent.getByRole('dialog').getByRole('button', { name: 'Transferir' }).click()
  await expect(agent.getByText('Atendimento transferido.')).toBeVisible()
  const transferred = colleague.getByTestId('ticket-item').filter({ hasText: 'Bianca Cliente' })
  await expect(transferred).toBeVisible()
  await transferred.click()
  await expect(
    colleague.locator('[data-private="true"]').filter({ hasText: 'Já enviei o catálogo' }),
  ).toBeVisible()

  // The colleague resolves with the farewell message; the customer receives it.
  await colleague.getByRole('button', { name: 'Resolver' }).click()
  await colleague.getByRole('dialog').getByRole('button', { name: 'Resolver' }).click()
  await expect(colleague.getByText('Atendimento resolvido.').first()).toBeVisible()
  await expect
    .poll(
      async () =>
        (await customerChat()).some((m) => m.text?.includes('Obrigada pelo contato, até logo!')),
      { timeout: 10_000 },
    )
    .toBe(true)

  await colleague.getByTestId('theme-switch').first().click()
  await expect(colleague.locator('html')).toHaveClass(/dark/)
  await colleague.screenshot({ path: testInfo.outputPath('panel-dark.png') })
  for (const page of [customer, agent, colleague, other]) await page.context().close()
})
