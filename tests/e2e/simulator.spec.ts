import { sendMessage } from '#app/domain/messages/send.server.ts'
import { acceptTicket } from '#app/domain/tickets/actions.server.ts'
import { toActor, getSessionUser, createSession } from '#app/domain/auth/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { expect, insertUser, loginAs, test } from '#tests/playwright-utils.ts'

test('a customer writes from the simulator and the pending ticket appears live for an agent', async ({
  page,
  browser,
}) => {
  const admin = await insertUser({ role: 'admin', name: 'Sara Admin' })
  const agent = await insertUser({ role: 'agent', name: 'Tiago Agente' })
  await loginAs(page, admin)
  await page.goto('/simulator')
  await page.getByRole('button', { name: 'Criar conexão de teste' }).click()
  await expect(page).toHaveURL(/connection=/)
  await expect(page.getByTestId('simulator-status')).toHaveText('Conectada')
  const connectionId = new URL(page.url()).searchParams.get('connection')
  expect(connectionId).toBeTruthy()

  // The agent watches the waiting tickets in another browser.
  const agentContext = await browser.newContext()
  const agentPage = await agentContext.newPage()
  await loginAs(agentPage, agent)
  await agentPage.goto('/tickets?status=pending')
  await expect(agentPage.getByRole('heading', { name: 'Atendimentos' })).toBeVisible()

  const phone = `55119${String(Date.now()).slice(-8)}`
  await page.getByLabel('Novo telefone (com DDI e DDD)').fill(phone)
  await page.getByPlaceholder('Nome do cliente (opcional)').fill('Ursula Cliente')
  await page.getByRole('button', { name: 'Abrir conversa' }).click()
  await page.getByLabel('Mensagem como cliente').fill('Olá, preciso de ajuda com meu pedido')
  await page.getByRole('button', { name: 'Enviar' }).click()
  await expect(
    page.getByTestId('simulator-message').filter({ hasText: 'preciso de ajuda' }),
  ).toBeVisible()

  const ticket = agentPage.getByTestId('ticket-item').filter({ hasText: 'Ursula Cliente' })
  await expect(ticket).toBeVisible()
  await expect(ticket).toContainText('Olá, preciso de ajuda com meu pedido')
  await expect(ticket.getByTestId('unread')).toHaveText('1')

  // An agent reply reaches the phone, delivered and then read because the chat is open.
  const { sessionId } = createSession(db, agent)
  const actor = toActor(getSessionUser(db, sessionId)!)
  const ticketId = db.$client
    .prepare(
      "select t.id from tickets t join contacts c on c.id = t.contact_id where c.number = ? and t.status = 'pending'",
    )
    .pluck()
    .get(phone) as string
  acceptTicket(db, actor, ticketId)
  sendMessage(db, actor, ticketId, { text: 'Oi Ursula! Já vou verificar.' })
  const reply = page.getByTestId('simulator-message').filter({ hasText: 'Já vou verificar' })
  await expect(reply).toBeVisible({ timeout: 10_000 })
  await expect(reply.getByTestId('ticks')).toHaveAttribute('data-status', 'read', {
    timeout: 10_000,
  })
  await agentContext.close()
})

test('the simulator API answers JSON and refuses bad input', async ({ page }) => {
  const admin = await insertUser({ role: 'admin', name: 'Vera API' })
  const anonymous = await page.request.post('/simulator/api/connections', { data: { name: 'x' } })
  expect(anonymous.status()).toBe(401)
  await loginAs(page, admin)
  const created = await page.request.post('/simulator/api/connections', {
    data: { name: 'API teste' },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  await expect
    .poll(async () =>
      (
        await page.request.post('/simulator/api/messages', {
          data: { connectionId: id, from: '5511912340000', text: 'oi' },
        })
      ).status(),
    )
    .toBe(201)
  const bad = await page.request.post('/simulator/api/messages', {
    data: { connectionId: id, from: 'abc', text: 'oi' },
  })
  expect(bad.status()).toBe(422)
  expect(((await bad.json()) as { error: string }).error).toBeTruthy()
  const list = await page.request.get(
    `/simulator/api/messages?connectionId=${id}&phone=5511912340000`,
  )
  expect(list.status()).toBe(200)
  const messages = (await list.json()) as Array<{ fromMe: boolean; text: string; status: string }>
  expect(messages).toEqual([expect.objectContaining({ fromMe: true, text: 'oi', type: 'text' })])
  const read = await page.request.post('/simulator/api/read', {
    data: { connectionId: id, phone: '5511912340000' },
  })
  expect(read.status()).toBe(204)
  const agent = await insertUser({ role: 'agent' })
  await page.context().clearCookies()
  await loginAs(page, agent)
  expect(
    (await page.request.post('/simulator/api/connections', { data: { name: 'x' } })).status(),
  ).toBe(403)
})
