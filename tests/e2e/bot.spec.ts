import { eq } from 'drizzle-orm'
import { db } from '#app/utils/db.server.ts'
import { queueOptions } from '#db/schema/queue-options.ts'
import { queues } from '#db/schema/queues.ts'
import { expect, insertQueue, insertUser, loginAs, test } from '#tests/playwright-utils.ts'

/** The simulator answers from the phone’s side: `fromMe` is the customer. */
type CustomerMessage = { fromMe: boolean; type: string; text: string | null; status: string }

/**
 * The bot end to end (FIL-3, FIL-4, CNX-5…7): the admin configures the connection's automations
 * in its tabbed form; a simulated customer walks the queue menu and a submenu (with an invalid
 * answer); the ticket lands in the right queue, seen only by that queue's agent; the agent closes
 * it; the customer rates 9 and the rating shows on the ticket.
 */
test('a customer walks the bot menu, lands in the right queue, and rates the service', async ({
  browser,
  page,
}, testInfo) => {
  test.setTimeout(120_000)
  const stamp = Date.now()
  // Negative orders put these two first in the menu, whatever other tests create meanwhile.
  const sales = insertQueue(`Comercial ${stamp}`, '#16a34a')
  const support = insertQueue(`Suporte ${stamp}`, '#2563eb')
  db.update(queues).set({ order: -20 }).where(eq(queues.id, sales.id)).run()
  db.update(queues)
    .set({ order: -10, greeting: 'Suporte técnico, {{primeiro_nome}}. Sobre o quê?' })
    .where(eq(queues.id, support.id))
    .run()
  const internet = db
    .insert(queueOptions)
    .values({
      companyId: support.companyId,
      queueId: support.id,
      position: 0,
      title: 'Internet',
      message: 'Qual é o problema com a internet?',
      target: 'submenu',
    })
    .returning()
    .get()
  db.insert(queueOptions)
    .values([
      {
        companyId: support.companyId,
        queueId: support.id,
        position: 1,
        title: 'Telefone',
        message: 'Um técnico de telefonia vai te atender.',
        target: 'message',
      },
      {
        companyId: support.companyId,
        queueId: support.id,
        parentId: internet.id,
        position: 0,
        title: 'Sem conexão',
        message: 'Entendido! Um técnico já vai te atender.',
        target: 'message',
      },
    ])
    .run()
  const admin = await insertUser({ role: 'admin', name: 'Alice Admin' })
  const salesAgent = await insertUser({ name: 'Bruno Comercial', queueIds: [sales.id] })
  const supportAgent = await insertUser({ name: 'Carla Suporte', queueIds: [support.id] })

  // The admin creates a test connection and sets its automations in the tabbed form.
  await loginAs(page, admin)
  const created = await page.request.post('/simulator/api/connections', {
    data: { name: `Bot ${stamp}` },
  })
  expect(created.status()).toBe(201)
  const { id: connectionId } = (await created.json()) as { id: string }
  await page.goto(`/admin/connections/${connectionId}/edit`)
  await page.getByRole('tab', { name: 'Mensagens' }).click()
  await page
    .getByLabel('Saudação', { exact: true })
    .fill('{{saudacao}}, {{primeiro_nome}}! Escolha:')
  await page
    .getByLabel('Mensagem de conclusão')
    .fill('Atendimento {{protocolo}} concluído por {{atendente}}.')
  await page.getByRole('tab', { name: 'Avaliação' }).click()
  await page.getByRole('checkbox', { name: 'Pedir avaliação' }).click()
  await page.getByRole('button', { name: 'Salvar' }).click()
  // The question is required once the rating is on: the field error shows on its tab.
  await expect(page.getByLabel('Pergunta')).toBeVisible()
  await expect(page.getByText('Campo obrigatório').first()).toBeVisible()
  await page.getByLabel('Pergunta').fill('De 0 a 10, que nota você dá ao atendimento?')
  await page.getByLabel('Agradecimento').fill('Obrigado pela nota, {{primeiro_nome}}!')
  await page.getByRole('tab', { name: 'Chatbot' }).click()
  await page.getByRole('checkbox', { name: 'Chatbot ligado' }).click()
  await page.getByLabel('Resposta a opção inválida').fill('Não entendi. Responda só com o número:')
  await page.screenshot({ path: testInfo.outputPath('connection-chatbot-tab.png'), fullPage: true })
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page).toHaveURL(/\/admin\/connections$/)

  // Two agents watch their waiting tickets.
  const open = async (user: { id: string; companyId: string }) => {
    const context = await browser.newContext()
    const agentPage = await context.newPage()
    await loginAs(agentPage, user)
    await agentPage.goto('/tickets?tab=pending')
    return agentPage
  }
  const salesPage = await open(salesAgent)
  const supportPage = await open(supportAgent)

  const phone = `55319${String(stamp).slice(-8)}`
  const chat = async () =>
    (await (
      await page.request.get(`/simulator/api/messages?connectionId=${connectionId}&phone=${phone}`)
    ).json()) as CustomerMessage[]
  const botReplies = async () => (await chat()).filter((m) => !m.fromMe).map((m) => m.text ?? '')
  let seen = 0
  /** The customer writes (a human pace after the bot) and waits for the bot's next message. */
  const say = async (text: string, expected?: string | RegExp) => {
    await page.waitForTimeout(1_200)
    await expect
      .poll(
        async () =>
          (
            await page.request.post('/simulator/api/messages', {
              data: { connectionId, from: phone, name: 'Diana Cliente', text },
            })
          ).status(),
        { timeout: 15_000 },
      )
      .toBe(201)
    if (expected === undefined) return
    await expect
      .poll(async () => (await botReplies()).slice(seen).join('\n---\n'), { timeout: 15_000 })
      .toMatch(expected)
    seen = (await botReplies()).length
  }

  await say('Oi, preciso de ajuda', /Escolha:\n\n\*1\* - Comercial \d+\n\*2\* - Suporte \d+/)
  expect((await botReplies())[0]).toMatch(/^(Bom dia|Boa tarde|Boa noite), Diana! Escolha:/)
  await say('suporte, por favor', /^Não entendi\. Responda só com o número:\n\n\*1\* - Comercial/)
  await say('2', 'Suporte técnico, Diana. Sobre o quê?\n\n*1* - Internet\n*2* - Telefone')
  await say('1', 'Qual é o problema com a internet?\n\n*1* - Sem conexão')
  await say('1', 'Entendido! Um técnico já vai te atender.')

  // The support agent sees the ticket in Suporte; the sales agent never does.
  const row = supportPage.getByTestId('ticket-item').filter({ hasText: 'Diana Cliente' })
  await expect(row).toBeVisible({ timeout: 10_000 })
  await expect(row).toContainText(`Suporte ${stamp}`)
  await salesPage.reload()
  await expect(salesPage.getByRole('heading', { name: 'Atendimentos' })).toBeVisible()
  await expect(
    salesPage.getByTestId('ticket-item').filter({ hasText: 'Diana Cliente' }),
  ).toHaveCount(0)

  // The bot's messages are in the history, marked as automatic.
  await row.click()
  await expect(supportPage.getByTestId('automatic-message').first()).toBeVisible()
  await expect(
    supportPage.getByTestId('message').filter({ hasText: 'Um técnico já vai te atender' }),
  ).toContainText('Mensagem automática')
  await supportPage.getByRole('button', { name: 'Aceitar' }).click()
  await expect(supportPage.getByLabel('Mensagem', { exact: true })).toBeVisible()
  await supportPage.getByRole('button', { name: 'Resolver' }).click()
  await supportPage.getByRole('dialog').getByRole('button', { name: 'Resolver' }).click()
  await expect(supportPage.getByText('Atendimento resolvido.').first()).toBeVisible()

  // The customer gets the completion and the rating question, and rates 9.
  await expect
    .poll(async () => (await botReplies()).slice(seen).join('\n'), { timeout: 15_000 })
    .toMatch(
      /Atendimento \d{8}-[0-9A-Z]{6} concluído por Carla Suporte\.\nDe 0 a 10, que nota você dá ao atendimento\?/,
    )
  seen = (await botReplies()).length
  await say('nota 9', 'Obrigado pela nota, Diana!')

  // The rating shows on the (still closed) ticket.
  await supportPage.reload()
  await supportPage.getByRole('button', { name: 'Detalhes do contato' }).click()
  const rating = supportPage.getByTestId('ticket-rating')
  await expect(rating).toContainText('9/10')
  await expect(rating).toContainText('Promotor')
  await expect(supportPage.getByText('Atendimento resolvido.').first()).toBeVisible()
  await supportPage.screenshot({ path: testInfo.outputPath('ticket-rating.png'), fullPage: true })
  for (const other of [salesPage, supportPage]) await other.context().close()
})

test('the connection form: tabbed automations, field errors on their tab, phone width', async ({
  page,
}) => {
  const admin = await insertUser({ role: 'admin', name: 'Elisa Admin' })
  await loginAs(page, admin)
  const created = await page.request.post('/simulator/api/connections', {
    data: { name: `Formulário ${Date.now()}` },
  })
  const { id } = (await created.json()) as { id: string }
  const shots = 'tests/.tmp/shots-bot'
  await page.goto(`/admin/connections/${id}/edit`)
  await page.getByRole('tab', { name: 'Horários' }).click()
  await page.getByLabel('Início').fill('2026-12-24T18:00')
  await page.getByLabel('Fim').fill('2026-12-20T08:00')
  await page.getByRole('tab', { name: 'Roteamento' }).click()
  await page.getByLabel('Redirecionar após (minutos)').fill('15')
  await page.getByRole('button', { name: 'Salvar' }).click()
  // The open tab has an error of its own, so it stays; the other tab with errors shows a mark.
  await expect(page.getByRole('tab', { name: 'Roteamento' })).toHaveAttribute(
    'data-state',
    'active',
  )
  await expect(page.locator('li:visible', { hasText: 'Campo obrigatório.' })).toHaveCount(1)
  await expect(page.getByRole('tab', { name: 'Horários' }).getByLabel(/corrigir/)).toBeVisible()
  await page.getByLabel('Redirecionar para a fila').selectOption({ index: 0 })
  await page.getByLabel('Redirecionar após (minutos)').fill('0')
  await page.getByRole('button', { name: 'Salvar' }).click()
  // Now the first tab with an error opens by itself.
  await expect(page.getByRole('tab', { name: 'Horários' })).toHaveAttribute('data-state', 'active')
  await expect(page.getByText('A data final deve ser igual ou posterior à inicial.')).toBeVisible()
  await page.screenshot({ path: `${shots}/connection-hours-errors.png`, fullPage: true })
  await page.getByRole('tab', { name: 'Mensagens' }).click()
  // A variable button inserts the token at the cursor.
  await page.getByLabel('Saudação', { exact: true }).fill('Olá, ')
  await page.getByRole('button', { name: 'Inserir {{primeiro_nome}}' }).first().click()
  await expect(page.getByLabel('Saudação', { exact: true })).toHaveValue('Olá, {{primeiro_nome}}')
  await page.screenshot({ path: `${shots}/connection-messages.png`, fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.getByRole('tab', { name: 'Inatividade' }).click()
  await page.screenshot({ path: `${shots}/connection-inactivity-phone.png`, fullPage: true })
  await page.goto('/admin/settings')
  await expect(page.getByText('Chatbot e filas')).toBeVisible()
  await page.screenshot({ path: `${shots}/settings-phone.png`, fullPage: true })
})
