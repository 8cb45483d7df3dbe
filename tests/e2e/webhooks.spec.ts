import crypto from 'node:crypto'
import http from 'node:http'
import { type AddressInfo } from 'node:net'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { db } from '#app/utils/db.server.ts'
import { webhooks } from '#db/schema/webhooks.ts'
import { sendTestEvent } from '#app/domain/webhooks/deliver.server.ts'
import { createWebhook, setAllowedHosts } from '#app/domain/webhooks/webhooks.server.ts'
import {
  actorOf,
  expect,
  insertSimulatorConnection,
  insertUser,
  loginAs,
  sendAsCustomer,
  test,
} from '#tests/playwright-utils.ts'

const SHOTS = path.resolve('tests/.tmp/shots-webhooks')
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

type Received = { headers: http.IncomingHttpHeaders; body: string }

/** A receiver on 127.0.0.1 (a private address: reachable only once it is allowed). */
async function startReceiver(status = 200) {
  const received: Received[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(status < 300 ? '{"received":true}' : '{"error":"indisponível"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhook/balcao`,
    received,
    ofType: (type: string) =>
      received.filter((request) => request.headers['x-balcao-event'] === type),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Checks X-Balcao-Signature as the n8n guide does: t=<unix>,v1=<hex HMAC of "t.body">. */
function signedWith(secret: string, request: Received) {
  const header = String(request.headers['x-balcao-signature'] ?? '')
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=')))
  const expected = crypto
    .createHmac('sha256', secret)
    .update(`${parts.t}.${request.body}`)
    .digest('hex')
  return parts.v1 === expected
}

test('an admin allows 127.0.0.1, creates a webhook, and test events and customer messages arrive signed, in the log live', async ({
  page,
}) => {
  const receiver = await startReceiver()
  try {
    const admin = await insertUser({ role: 'admin', name: 'Wagner Integra' })
    const connection = insertSimulatorConnection(admin, `Loja ${unique()}`)
    await loginAs(page, admin)
    await page.goto('/admin/integrations')
    await expect(page.getByRole('heading', { name: 'Integrações', level: 1 })).toBeVisible()
    await expect(page.getByText('Nenhum webhook ainda.')).toBeVisible()
    await expect(page.getByTestId('n8n-snippet')).toContainText("require('crypto')")
    await page.screenshot({ path: path.join(SHOTS, 'integrations-empty.png'), fullPage: true })

    // The allowlist: a URL is refused with the field's error, then 127.0.0.1 is saved.
    const hosts = page.getByLabel('Hosts liberados')
    await hosts.fill('http://127.0.0.1:5678')
    await page.getByRole('button', { name: 'Salvar hosts' }).click()
    await expect(
      page.getByText('"http://127.0.0.1:5678" não é um nome de host nem um endereço IP.'),
    ).toBeVisible()
    await hosts.fill('127.0.0.1')
    await page.getByRole('button', { name: 'Salvar hosts' }).click()
    await expect(page.getByText('Hosts liberados salvos.')).toBeVisible()
    await expect(hosts).toHaveValue('127.0.0.1')

    // The form refuses a missing URL and no events, then creates the webhook.
    await page.getByRole('link', { name: 'Novo webhook' }).click()
    await expect(page.getByRole('heading', { name: 'Novo webhook', level: 1 })).toBeVisible()
    await page.getByLabel('Nome').fill('n8n da loja')
    await page.getByLabel('URL').fill('ftp://127.0.0.1/x')
    await page.getByRole('button', { name: 'Criar webhook' }).click()
    await expect(
      page.getByText('Informe uma URL completa com http:// ou https://, sem usuário e senha.'),
    ).toBeVisible()
    await expect(page.getByText('Escolha ao menos um evento.')).toBeVisible()
    await page.getByLabel('URL').fill(receiver.url)
    await page.getByRole('checkbox', { name: /Mensagem recebida/ }).check()
    await page.getByRole('checkbox', { name: /Atendimento criado/ }).check()
    await page.screenshot({ path: path.join(SHOTS, 'webhook-new.png'), fullPage: true })
    await page.getByRole('button', { name: 'Criar webhook' }).click()
    await expect(page.getByText('Webhook n8n da loja criado.')).toBeVisible()
    await expect(page.getByRole('heading', { name: 'n8n da loja', level: 1 })).toBeVisible()
    await expect(page.getByTestId('delivery-empty')).toBeVisible()

    const webhook = db.select().from(webhooks).where(eq(webhooks.name, 'n8n da loja')).all()
    const secret = webhook.find((row) => row.companyId === admin.companyId)!.secret

    // "Enviar evento de teste": delivered to the receiver, signed; the log shows it live.
    await page.getByRole('button', { name: 'Enviar evento de teste' }).click()
    const log = page.getByTestId('delivery-log')
    const testDelivery = log.getByTestId('delivery').filter({ hasText: 'Evento de teste' })
    await expect(testDelivery).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 })
    await expect(testDelivery.getByTestId('delivery-response')).toHaveText('HTTP 200')
    expect(receiver.ofType('webhook.test')).toHaveLength(1)
    const [received] = receiver.ofType('webhook.test')
    expect(signedWith(secret, received!)).toBe(true)
    expect(JSON.parse(received!.body)).toMatchObject({ type: 'webhook.test' })

    // A customer writes: a new ticket and a received message reach the receiver and the log.
    await sendAsCustomer(page.request, {
      connectionId: connection.id,
      from: `55119${String(Date.now()).slice(-8)}`,
      name: 'Vera Cliente',
      text: 'Oi, quero saber do meu pedido',
    })
    await expect(
      log.getByTestId('delivery').filter({ hasText: 'Mensagem recebida' }),
    ).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 })
    await expect(
      log.getByTestId('delivery').filter({ hasText: 'Atendimento criado' }),
    ).toHaveAttribute('data-status', 'succeeded')
    await expect.poll(() => receiver.ofType('message.received').length).toBe(1)
    const message = receiver.ofType('message.received')[0]!
    expect(signedWith(secret, message)).toBe(true)
    expect(message.body).toContain('Oi, quero saber do meu pedido')

    // The details of a delivery: the body sent and the receiver's answer.
    await log
      .getByTestId('delivery')
      .filter({ hasText: 'Mensagem recebida' })
      .locator('summary')
      .click()
    await expect(log.getByText('{"received":true}').first()).toBeVisible()
    await page.screenshot({ path: path.join(SHOTS, 'webhook-log.png'), fullPage: true })

    // "Reenviar": the same body once more, as a new delivery.
    await log
      .getByTestId('delivery')
      .filter({ hasText: 'Mensagem recebida' })
      .getByRole('button', { name: /Reenviar/ })
      .click()
    await expect(page.getByText('Entrega reenviada')).toBeVisible()
    await expect(log.getByTestId('delivery').filter({ hasText: 'Mensagem recebida' })).toHaveCount(
      2,
    )
    await expect.poll(() => receiver.ofType('message.received').length, { timeout: 15_000 }).toBe(2)

    // The filter by status.
    await page.getByRole('link', { name: 'Falhou' }).click()
    await expect(page.getByText('Nenhuma entrega com esta situação.')).toBeVisible()
    await page.getByRole('link', { name: 'Todas' }).click()

    // Back on the list: working; the switch pauses it.
    await page.getByRole('link', { name: 'Integrações' }).first().click()
    const row = page.getByTestId('webhook-row-n8n da loja')
    await expect(row.getByTestId('webhook-status')).toHaveText('Funcionando')
    await page.screenshot({ path: path.join(SHOTS, 'integrations-list.png'), fullPage: true })
    await row.getByRole('switch', { name: 'Webhook n8n da loja ativo' }).click()
    await expect(page.getByText('Webhook n8n da loja pausado')).toBeVisible()
    await expect(row.getByTestId('webhook-status')).toHaveText('Pausado')
    await expect(row.getByRole('switch')).toHaveAttribute('aria-checked', 'false')

    // The edit page: the secret (hidden until asked), a new one, and the n8n check filled in.
    await row.getByRole('link', { name: 'Editar n8n da loja' }).click()
    await expect(page.getByRole('heading', { name: 'Editar webhook', level: 1 })).toBeVisible()
    const document = await page.request.get(page.url())
    expect(document.headers()['cache-control']).toBe('no-store')
    const secretField = page.getByTestId('webhook-secret')
    await expect(secretField).toHaveAttribute('type', 'password')
    await page.getByRole('button', { name: 'Mostrar segredo' }).click()
    await expect(secretField).toHaveValue(secret)
    await expect(page.getByTestId('n8n-snippet')).toContainText(secret)
    await page.screenshot({ path: path.join(SHOTS, 'webhook-edit.png'), fullPage: true })
    await page.getByRole('button', { name: 'Gerar novo segredo' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Gerar novo segredo' }).click()
    await expect(page.getByText('Novo segredo gerado.')).toBeVisible()
    await expect(page.getByTestId('webhook-secret')).not.toHaveValue(secret)
  } finally {
    await receiver.close()
  }
})

test('a receiver answering 500: the log shows the answer and the retry, the webhook is failing', async ({
  page,
}) => {
  const receiver = await startReceiver(500)
  try {
    const admin = await insertUser({ role: 'admin', name: 'Yuri Integra' })
    const actor = actorOf(admin)
    setAllowedHosts(db, actor, ['127.0.0.1'])
    const { id } = createWebhook(db, actor, {
      name: 'ERP instável',
      url: receiver.url,
      events: ['ticket.created'],
    })
    await loginAs(page, admin)
    await page.goto(`/admin/integrations/webhooks/${id}`)
    await page.getByRole('button', { name: 'Enviar evento de teste' }).click()
    const delivery = page.getByTestId('delivery').filter({ hasText: 'Evento de teste' })
    await expect(delivery.getByTestId('delivery-response')).toHaveText('HTTP 500', {
      timeout: 15_000,
    })
    await expect(delivery).toHaveAttribute('data-status', 'pending')
    await expect(page.getByText(/As entregas estão falhando desde/)).toBeVisible()
    await delivery.locator('summary').click()
    await expect(delivery.getByText(/Nova tentativa/)).toBeVisible()
    await expect(delivery.getByText('{"error":"indisponível"}')).toBeVisible()
    await page.screenshot({ path: path.join(SHOTS, 'webhook-failing.png'), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: path.join(SHOTS, 'webhook-failing-mobile.png'), fullPage: true })
    await page.getByRole('link', { name: 'Integrações' }).first().click()
    await expect(
      page.getByTestId('webhook-row-ERP instável').getByTestId('webhook-status'),
    ).toContainText('Falhando desde')
  } finally {
    await receiver.close()
  }
})

test('failing for 24 h, a webhook is turned off: an admin on another page is told, and the menu marks Integrações', async ({
  page,
}) => {
  const receiver = await startReceiver(503)
  try {
    const admin = await insertUser({ role: 'admin', name: 'Zilda Integra' })
    const actor = actorOf(admin)
    setAllowedHosts(db, actor, ['127.0.0.1'])
    const { id } = createWebhook(db, actor, {
      name: 'ERP fora do ar',
      url: receiver.url,
      events: ['ticket.created'],
    })
    // It has been failing for a day: the next failed attempt turns it off.
    db.update(webhooks)
      .set({ failingSince: Date.now() - 25 * 3600_000 })
      .where(eq(webhooks.id, id))
      .run()
    await loginAs(page, admin)
    await page.goto('/tickets')
    await expect(page.getByTestId('nav-alert')).toHaveCount(0)
    // The server's job runner picks the test event up and the receiver answers 503.
    sendTestEvent(db, actor, id)
    const toast = page.getByText(
      'O Balcão desativou o webhook ERP fora do ar: ele falhou por 24 horas.',
    )
    await expect(toast).toBeVisible({ timeout: 15_000 })
    await expect(page.getByTestId('nav-alert')).toHaveCount(1)
    await page.screenshot({ path: path.join(SHOTS, 'webhook-turned-off-toast.png') })
    await page.getByRole('button', { name: 'Ver webhook' }).click()
    await expect(page).toHaveURL(new RegExp(`/admin/integrations/webhooks/${id}$`))
    const notice = page.getByTestId('webhook-disabled-notice')
    await expect(notice).toContainText('último erro: HTTP 503')
    await notice.getByRole('button', { name: 'Ativar de novo' }).click()
    await expect(page.getByText('Webhook ERP fora do ar ativado.')).toBeVisible()
    await expect(page.getByTestId('nav-alert')).toHaveCount(0)
    expect(receiver.received).toHaveLength(1)
  } finally {
    await receiver.close()
  }
})

test('a webhook Balcão turned off shows why, and turning it on again clears the notice', async ({
  page,
}) => {
  const admin = await insertUser({ role: 'admin', name: 'Xena Integra' })
  const [row] = db
    .insert(webhooks)
    .values({
      companyId: admin.companyId,
      name: 'CRM antigo',
      url: 'https://crm.example.com/hooks/balcao',
      events: ['ticket.closed'],
      secret: 'whsec_teste',
      active: false,
      failingSince: Date.now() - 25 * 3600_000,
      disabledAt: Date.now() - 3600_000,
      disabledReason: 'HTTP 503 em todas as tentativas',
    })
    .returning()
    .all()
  await loginAs(page, admin)
  await page.goto('/admin/integrations')
  const listRow = page.getByTestId('webhook-row-CRM antigo')
  await expect(listRow.getByTestId('webhook-status')).toHaveText('Desativado pelo Balcão')
  await listRow.getByRole('link', { name: 'CRM antigo', exact: true }).click()
  const notice = page.getByTestId('webhook-disabled-notice')
  await expect(notice).toContainText('O Balcão desativou este webhook')
  await expect(notice).toContainText('HTTP 503 em todas as tentativas')
  await page.screenshot({ path: path.join(SHOTS, 'webhook-disabled.png'), fullPage: true })
  await notice.getByRole('button', { name: 'Ativar de novo' }).click()
  await expect(page.getByText('Webhook CRM antigo ativado.')).toBeVisible()
  await expect(notice).toBeHidden()
  const after = db.select().from(webhooks).where(eq(webhooks.id, row!.id)).get()
  expect(after).toMatchObject({ active: true, disabledAt: null, failingSince: null })

  // Deleting it from the list asks first.
  await page.getByRole('link', { name: 'Integrações' }).first().click()
  await page.getByRole('button', { name: 'Excluir CRM antigo' }).click()
  const dialog = page.getByRole('alertdialog')
  await expect(dialog).toContainText('Excluir o webhook CRM antigo?')
  await dialog.getByRole('button', { name: 'Excluir' }).click()
  await expect(page.getByText('Webhook CRM antigo excluído.')).toBeVisible()
  await expect(page.getByText('Nenhum webhook ainda.')).toBeVisible()
  expect(db.select().from(webhooks).where(eq(webhooks.id, row!.id)).get()).toBeUndefined()
})

test('an agent cannot open Integrações, and the menu does not offer it', async ({ page }) => {
  const agent = await insertUser({ role: 'agent' })
  await loginAs(page, agent)
  await page.goto('/tickets')
  await expect(page.getByRole('link', { name: 'Integrações' })).toHaveCount(0)
  const answer = await page.goto('/admin/integrations')
  expect(answer?.status()).toBe(403)
})
