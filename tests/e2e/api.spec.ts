import path from 'node:path'
import { eq } from 'drizzle-orm'
import { createApiToken } from '#app/domain/api/tokens.server.ts'
import { createConnection } from '#app/domain/connections/connections.server.ts'
import { db } from '#app/utils/db.server.ts'
import { users } from '#db/schema/users.ts'
import { actorOf, expect, insertUser, loginAs, test } from '#tests/playwright-utils.ts'

const SHOTS = path.resolve('tests/.tmp/shots-api')
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

test('an admin creates an API token, sends with "Testar", and the message reaches the phone and the ticket', async ({
  page,
}) => {
  const admin = await insertUser({ role: 'admin', name: 'Rita Integra' })
  const connection = createConnection(db, actorOf(admin), {
    name: `Loja API ${unique()}`,
    channel: 'simulator',
    isDefault: true,
    groupsEnabled: false,
  })
  await loginAs(page, admin)
  await page.goto('/admin/api')
  await expect(page.getByRole('heading', { name: 'API', exact: true })).toBeVisible()
  await expect(page.getByText('Nenhum token ainda.')).toBeVisible()
  // The connection's token state is listed beside, with a way to its page.
  await expect(page.getByTestId(`connection-token-${connection.name}`)).toContainText('Sem token')

  // A token without a scope is refused by the form; then with "Enviar mensagens" (ticked already).
  await page.getByRole('button', { name: 'Novo token' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Nome').fill('n8n da loja')
  await dialog.getByRole('checkbox', { name: /Enviar mensagens/ }).uncheck()
  await dialog.getByRole('button', { name: 'Criar token' }).click()
  await expect(dialog.getByText('Escolha pelo menos uma permissão.')).toBeVisible()
  await dialog.getByRole('checkbox', { name: /Enviar mensagens/ }).check()
  await dialog.getByRole('checkbox', { name: /Ler dados/ }).check()
  await dialog.getByRole('button', { name: 'Criar token' }).click()
  await expect(dialog.getByRole('heading', { name: 'Token “n8n da loja” criado' })).toBeVisible()
  const secret = await dialog.getByTestId('api-token-secret').inputValue()
  expect(secret.length).toBeGreaterThan(20)
  await expect(dialog.getByText('este token não será mostrado de novo')).toBeVisible()
  await page.screenshot({ path: path.join(SHOTS, 'api-token-created.png') })
  await dialog.getByRole('button', { name: 'Concluído' }).click()
  await expect(dialog).toBeHidden()

  const row = page.getByTestId('api-token-row-n8n da loja')
  await expect(row).toContainText('Enviar mensagens')
  await expect(row).toContainText('Ler dados')
  await expect(row).toContainText(`••••••••${secret.slice(-4)}`)
  await expect(row).toContainText('Nunca usado')
  await expect(page.getByText(secret)).toHaveCount(0)

  // The docs come from the operations, with this server's origin in the examples.
  const origin = new URL(page.url()).origin
  const sendDocs = page.getByTestId('api-op-sendMessage')
  await sendDocs.locator('summary').click()
  await expect(sendDocs.getByRole('cell', { name: 'number obrigatório' }).first()).toBeVisible()
  // The fields are described in the user's language (the schemas' English is the OpenAPI's).
  await expect(
    sendDocs.getByRole('cell', { name: /^Número com DDI e DDD, só dígitos/ }).first(),
  ).toBeVisible()
  await expect(sendDocs.getByRole('cell', { name: /^Phone number with country code/ })).toHaveCount(
    0,
  )
  // So are what the operation does and what its answers mean.
  await expect(sendDocs.getByText(/^Compatível com o Whaticket\. JSON, ou multipart/)).toBeVisible()
  await expect(sendDocs.getByText('Enviada (na fila da conexão) ou agendada.')).toBeVisible()
  await expect(sendDocs.getByText(/Whaticket-compatible|queued to the connection/)).toHaveCount(0)
  await expect(sendDocs.getByTestId('api-example-curl-sendMessage')).toContainText(
    `${origin}/api/messages/send`,
  )
  await sendDocs.getByRole('tab', { name: 'Python' }).click()
  await expect(sendDocs.getByTestId('api-example-python-sendMessage')).toContainText(
    'requests.post(',
  )

  // "Testar": the token just created is filled in; the answer is the API's JSON.
  const tryIt = page.getByRole('form', { name: 'Testar' })
  await expect(tryIt.getByLabel('Token')).toHaveValue(secret)
  const phone = `55119${String(Date.now()).slice(-8)}`
  await tryIt.getByLabel('Número (com DDI e DDD)').fill(phone)
  await tryIt.getByLabel('Mensagem').fill('Olá! Seu pedido saiu para entrega.')
  await tryIt.getByRole('button', { name: 'Enviar' }).click()
  await expect(page.getByTestId('try-it-status')).toHaveText('HTTP 201', { timeout: 15_000 })
  await expect(page.getByTestId('try-it-body')).toContainText('"status": "SUCCESS"')
  const answer = JSON.parse(await page.getByTestId('try-it-body').innerText()) as {
    ticketId: string
  }
  await page.screenshot({ path: path.join(SHOTS, 'api-page.png'), fullPage: true })
  await page.setViewportSize({ width: 1366, height: 900 })
  await page.getByRole('heading', { name: 'Testar' }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(SHOTS, 'api-try-it.png') })
  await sendDocs.scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(SHOTS, 'api-docs.png') })

  // With a file: the same endpoint as multipart, the text as its caption.
  const firstAnswer = await page.getByTestId('try-it-body').innerText()
  await tryIt.getByLabel('Mensagem').fill('Segue o comprovante')
  await tryIt.getByLabel('Arquivo (opcional)').setInputFiles({
    name: 'comprovante.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  })
  await tryIt.getByRole('button', { name: 'Enviar' }).click()
  await expect(page.getByTestId('try-it-body')).not.toHaveText(firstAnswer, { timeout: 15_000 })
  await expect(page.getByTestId('try-it-status')).toHaveText('HTTP 201')

  // The token now shows when it was used.
  await page.reload()
  await expect(page.getByTestId('api-token-row-n8n da loja')).not.toContainText('Nunca usado')

  // The customer's phone (the simulator) receives it…
  await page.goto(`/simulator?connection=${connection.id}&phone=${phone}`)
  await expect(
    page.getByTestId('simulator-message').filter({ hasText: 'Seu pedido saiu para entrega' }),
  ).toBeVisible({ timeout: 15_000 })
  await expect(
    page.getByTestId('simulator-message').filter({ hasText: 'comprovante.pdf' }),
  ).toBeVisible({ timeout: 15_000 })

  // …and it is in the ticket's history.
  await page.goto(`/tickets/${answer.ticketId}`)
  await expect(page.getByText('Olá! Seu pedido saiu para entrega.').first()).toBeVisible()

  // A wrong token is refused with the API's error, shown as it came.
  await page.goto('/admin/api')
  await tryIt.getByLabel('Token').fill('nao-existe')
  await tryIt.getByLabel('Número (com DDI e DDD)').fill(phone)
  await tryIt.getByLabel('Mensagem').fill('não deve sair')
  await tryIt.getByRole('button', { name: 'Enviar' }).click()
  await expect(page.getByTestId('try-it-status')).toHaveText('HTTP 401')
  await expect(page.getByTestId('try-it-body')).toContainText('"code": "unauthorized"')

  // Revoking: confirmed in a dialog, then the row says so and the token answers 403.
  await page
    .getByTestId('api-token-row-n8n da loja')
    .getByRole('button', { name: 'Revogar o token n8n da loja' })
    .click()
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revogar' }).click()
  await expect(page.getByText('Token revogado.')).toBeVisible()
  await expect(page.getByTestId('api-token-row-n8n da loja')).toContainText('Revogado')
  const refused = await page.request.post('/api/messages/send', {
    headers: { Authorization: `Bearer ${secret}` },
    data: { number: phone, body: 'depois de revogado' },
  })
  expect(refused.status()).toBe(403)
})

test('an agent cannot open Administração › API', async ({ page }) => {
  const agent = await insertUser({ role: 'agent' })
  await loginAs(page, agent)
  const response = await page.goto('/admin/api')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('link', { name: 'API' })).toHaveCount(0)
})

test('on a phone (dark theme) the page fits the screen', async ({ page }) => {
  const admin = await insertUser({ role: 'admin', name: 'Duda Celular' })
  db.update(users).set({ theme: 'dark' }).where(eq(users.id, admin.id)).run()
  createApiToken(db, actorOf(admin), { name: 'Zapier', scopes: ['send', 'read', 'write'] })
  await page.setViewportSize({ width: 390, height: 844 })
  await loginAs(page, admin)
  await page.goto('/admin/api')
  await expect(page.getByTestId('api-token-row-Zapier')).toBeVisible()
  await page.screenshot({ path: path.join(SHOTS, 'api-phone-dark-1.png') })
  await page.getByTestId('api-op-sendMessage').locator('summary').click()
  await expect(page.getByTestId('api-example-curl-sendMessage')).toBeVisible()
  // Wide things (tables, code) scroll inside their boxes; the page itself never scrolls sideways.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  expect(overflow).toBeLessThanOrEqual(0)
  await page.getByTestId('api-op-sendMessage').scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(SHOTS, 'api-phone-dark-2.png') })
  await page.getByTestId('api-example-curl-sendMessage').scrollIntoViewIfNeeded()
  await page.screenshot({ path: path.join(SHOTS, 'api-phone-dark-3.png') })
})
