import { type Actor } from '#app/domain/actor.ts'
import { createConnection } from '#app/domain/connections/connections.server.ts'
import { db } from '#app/utils/db.server.ts'
import { expect, insertUser, loginAs, test } from '#tests/playwright-utils.ts'

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

test('an admin adds a WhatsApp number and sees the QR code or a clear error, never an endless spinner', async ({
  page,
}) => {
  const admin = await insertUser({ role: 'admin', name: 'Clara Admin' })
  await loginAs(page, admin)
  await page.goto('/admin/connections')
  await expect(page.getByRole('heading', { name: 'Conexões' })).toBeVisible()
  await page.getByRole('link', { name: 'Nova conexão' }).click()
  await expect(page.getByRole('heading', { name: 'Nova conexão' })).toBeVisible()

  // Nameless first: the form says why.
  await page.getByRole('button', { name: 'Criar e conectar' }).click()
  await expect(page.getByText('Campo obrigatório.')).toBeVisible()

  const name = `Comercial ${unique()}`
  await page.getByLabel('Nome da conexão').fill(name)
  await expect(page.getByRole('radio', { name: /WhatsApp/ })).toBeChecked()
  await page.getByRole('button', { name: 'Criar e conectar' }).click()

  // Straight to the pairing page of the new connection.
  await expect(page).toHaveURL(/\/admin\/connections\/[^/]+$/)
  await expect(page.getByRole('heading', { name })).toBeVisible()
  await expect(page.getByText(`Conexão ${name} criada.`)).toBeVisible()

  // With internet the QR code shows; offline (as here) Baileys fails and the page says so.
  const qr = page.getByTestId('qr-code')
  const failure = page.getByText('Não foi possível conectar ao WhatsApp')
  await expect(qr.or(failure)).toBeVisible({ timeout: 20_000 })
  const session = page.getByTestId('connection-session')
  await expect(session).not.toHaveAttribute('data-state', 'opening')
  if (await failure.isVisible()) {
    await expect(
      page.getByRole('alert').filter({ hasText: 'Não foi possível conectar' }),
    ).toBeVisible()
    await expect(page.getByTestId('connection-status').first()).toHaveText(
      /Falha na conexão|Reconectando…/,
    )
  } else {
    await expect(page.getByText('Abra o WhatsApp no celular.')).toBeVisible()
    await expect(page.getByText('Conectar com número de telefone')).toBeVisible()
  }

  // Disconnect stops the retries: the page says the connection is stopped.
  await page.getByRole('button', { name: 'Desconectar' }).click()
  await expect(page.getByText('Conexão parada')).toBeVisible({ timeout: 10_000 })
  await expect(page.getByTestId('connection-status').first()).toHaveText('Desconectado')

  // Clean up: the list deletes it with confirmation.
  await page.getByRole('link', { name: 'Conexões' }).first().click()
  await page.getByRole('button', { name: `Excluir ${name}` }).click()
  await page.getByRole('alertdialog').getByRole('button', { name: 'Excluir' }).click()
  await expect(page.getByText(`Conexão ${name} excluída.`)).toBeVisible()
})

test('a simulator connection connects live; the admin edits, uses the API token and deletes it', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const admin = await insertUser({ role: 'admin', name: 'Bruno Admin' })
  await loginAs(page, admin)

  // Live: a connection created elsewhere appears and turns "Conectado" without a reload.
  await page.goto('/admin/connections')
  await expect(page.getByRole('heading', { name: 'Conexões' })).toBeVisible()
  const actor: Actor = {
    userId: admin.id,
    companyId: admin.companyId,
    role: 'admin',
    queueIds: [],
    allTickets: true,
    isSuperAdmin: false,
    name: admin.name,
  }
  const liveName = `Ao vivo ${unique()}`
  createConnection(db, actor, {
    name: liveName,
    channel: 'simulator',
    isDefault: false,
    groupsEnabled: false,
  })
  const liveRow = page.getByTestId(`connection-row-${liveName}`)
  await expect(liveRow.getByTestId('connection-status')).toHaveText('Conectado', {
    timeout: 10_000,
  })
  await expect(liveRow).toContainText('Simulador')

  // Create through the form.
  const name = `Teste ${unique()}`
  await page.getByRole('link', { name: 'Nova conexão' }).click()
  await page.getByLabel('Nome da conexão').fill(name)
  await page.getByRole('radio', { name: /Simulador/ }).check()
  await page.getByRole('button', { name: 'Criar e conectar' }).click()
  await expect(page.getByRole('heading', { name })).toBeVisible()
  await expect(page.getByTestId('connection-status').first()).toHaveText('Conectado', {
    timeout: 10_000,
  })
  const simulatorLink = page.getByRole('link', { name: 'Abrir o simulador' })
  await expect(simulatorLink).toHaveAttribute('href', /\/simulator\?connection=/)
  await expect(page.getByTestId('qr-code')).toHaveCount(0)

  // API token: shown once, copyable, then only its last characters.
  await expect(page.getByText('Nenhum token gerado.')).toBeVisible()
  await page.getByRole('button', { name: 'Gerar token' }).click()
  const tokenInput = page.getByTestId('api-token')
  await expect(tokenInput).toHaveValue(/^blc_[\w-]{20,}$/)
  await expect(page.getByText('este token não será mostrado de novo')).toBeVisible()
  const token = await tokenInput.inputValue()
  await page.getByRole('button', { name: 'Copiar' }).click()
  await expect(page.getByRole('button', { name: 'Copiado!' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token)
  await expect(page.getByTestId('token-state')).toContainText(token.slice(-4))
  // The live reload that follows the change (connection.updated) keeps it on screen.
  await page.waitForTimeout(1000)
  await expect(tokenInput).toHaveValue(token)
  await page.reload()
  await expect(page.getByTestId('api-token')).toHaveCount(0)
  await expect(page.getByTestId('token-state')).toContainText(`••••••••${token.slice(-4)}`)
  expect(await page.content()).not.toContain(token)

  // A new token replaces the old one (after a warning) and is shown once too.
  await page.getByRole('button', { name: 'Gerar novo token' }).click()
  await expect(page.getByRole('alertdialog')).toContainText('O token atual para de funcionar')
  await page.getByRole('alertdialog').getByRole('button', { name: 'Gerar novo token' }).click()
  await expect(page.getByRole('alertdialog')).toHaveCount(0)
  await expect(tokenInput).toHaveValue(/^blc_/)
  const second = await tokenInput.inputValue()
  expect(second).not.toBe(token)
  await expect(page.getByTestId('token-state')).toContainText(second.slice(-4))

  // Revoke, with confirmation.
  await page.getByRole('button', { name: 'Revogar token' }).click()
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revogar token' }).click()
  await expect(page.getByText('Token revogado.')).toBeVisible()
  await expect(page.getByText('Nenhum token gerado.')).toBeVisible()

  // In the list: channel, status, then edit (rename, default, history import period).
  await page.getByRole('link', { name: 'Conexões' }).first().click()
  const row = page.getByTestId(`connection-row-${name}`)
  await expect(row.getByTestId('connection-status')).toHaveText('Conectado')
  await expect(row).toContainText('Simulador')
  await row.getByRole('link', { name: `Editar ${name}` }).click()
  await expect(page.getByLabel('Nome da conexão')).toHaveValue(name)
  const renamed = `${name} (novo)`
  await page.getByLabel('Nome da conexão').fill(renamed)
  await page.getByRole('checkbox', { name: 'Conexão padrão' }).check()
  await page.getByLabel('Importar a partir de').fill('2025-01-10')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Informe as duas datas do período.')).toBeVisible()
  await page.getByLabel('Importar até').fill('2025-01-31')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText(`Conexão ${renamed} atualizada.`)).toBeVisible()
  const renamedRow = page.getByTestId(`connection-row-${renamed}`)
  await expect(renamedRow).toContainText('Padrão')
  await renamedRow.getByRole('link', { name: `Editar ${renamed}` }).click()
  await expect(page.getByText('Esta é a conexão padrão.')).toBeVisible()
  await expect(page.getByLabel('Importar a partir de')).toHaveValue('2025-01-10')
  await expect(page.getByLabel('Importar até')).toHaveValue('2025-01-31')
  await page.getByRole('link', { name: 'Cancelar' }).click()
  await expect(page.getByRole('heading', { name: renamed })).toBeVisible()

  // Delete with confirmation.
  await page.getByRole('link', { name: 'Conexões' }).first().click()
  await page.getByRole('button', { name: `Excluir ${renamed}` }).click()
  await expect(page.getByRole('alertdialog')).toContainText(`Excluir a conexão ${renamed}?`)
  await page.getByRole('alertdialog').getByRole('button', { name: 'Excluir' }).click()
  await expect(page.getByText(`Conexão ${renamed} excluída.`)).toBeVisible()
  await expect(page.getByTestId(`connection-row-${renamed}`)).toHaveCount(0)
  await page.getByRole('button', { name: `Excluir ${liveName}` }).click()
  await page.getByRole('alertdialog').getByRole('button', { name: 'Excluir' }).click()
  await expect(page.getByTestId(`connection-row-${liveName}`)).toHaveCount(0)
})

test('only admins reach the connections pages, and an unknown connection is a 404', async ({
  page,
}) => {
  const admin = await insertUser({ role: 'admin' })
  await loginAs(page, admin)
  await page.goto('/admin/connections/nao-existe')
  await expect(page.getByRole('heading', { name: 'Página não encontrada' })).toBeVisible()
  await page.goto('/admin/connections/nao-existe/edit')
  await expect(page.getByRole('heading', { name: 'Página não encontrada' })).toBeVisible()

  await page.context().clearCookies()
  const agent = await insertUser({ role: 'agent' })
  await loginAs(page, agent)
  await page.goto('/admin/connections')
  await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Conexões' })).toHaveCount(0)
})
