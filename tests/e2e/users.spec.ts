import { TINY_PNG } from '#tests/fixtures/images.ts'
import {
  expect,
  insertQueue,
  insertUser,
  loginAs,
  PASSWORD,
  test,
} from '#tests/playwright-utils.ts'

test('an admin creates an agent with avatar and queue, edits and deletes them', async ({
  page,
  browser,
}) => {
  const admin = await insertUser({ role: 'admin', name: 'Dora Admin' })
  const queue = insertQueue(`Suporte ${Date.now()}`)
  await loginAs(page, admin)
  await page.goto('/admin/users')
  await page.getByRole('link', { name: 'Novo usuário' }).click()
  await expect(page.getByRole('heading', { name: 'Novo usuário' })).toBeVisible()

  const email = `eva-${Date.now()}@example.com`
  await page.getByLabel('Nome completo').fill('Eva Martins')
  await page.getByLabel('E-mail').fill(email)
  // Invalid first: a weak password and half the work hours.
  await page.getByLabel('Senha inicial').fill('semnumeros')
  await page.getByLabel('Início do expediente').fill('00:00')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('A senha precisa ter letras e números.')).toBeVisible()
  await expect(page.getByText('Informe o início e o fim do expediente.')).toBeVisible()

  await page.getByLabel('Senha inicial').fill(PASSWORD)
  await page.getByLabel('Fim do expediente').fill('23:59')
  await page
    .getByLabel('Foto')
    .setInputFiles({ name: 'eva.png', mimeType: 'image/png', buffer: TINY_PNG })
  await page.getByText(queue.name, { exact: true }).click()
  await page.getByLabel('Mensagem de despedida').fill('Obrigada pelo contato!')
  await page.getByRole('button', { name: 'Salvar' }).click()

  await expect(page).toHaveURL('/admin/users')
  await expect(page.getByText('Usuário Eva Martins criado.')).toBeVisible()
  const row = page.getByTestId(`user-row-${email}`)
  await expect(row).toContainText('Atendente')
  await expect(row).toContainText('00:00 – 23:59')
  await expect(row).toContainText(queue.name)
  const avatar = row.locator('img')
  await expect(avatar).toBeVisible()
  const avatarResponse = await page.request.get((await avatar.getAttribute('src'))!)
  expect(avatarResponse.headers()['content-type']).toBe('image/png')

  // A duplicate e-mail is refused with a field error.
  await page.getByRole('link', { name: 'Novo usuário' }).click()
  await page.getByLabel('Nome completo').fill('Outra Eva')
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Senha inicial').fill(PASSWORD)
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Já existe um usuário com este e-mail.')).toBeVisible()

  // The new agent can log in.
  const agentContext = await browser.newContext()
  const agentPage = await agentContext.newPage()
  await agentPage.goto('/login')
  await agentPage.getByLabel('E-mail').fill(email)
  await agentPage.getByLabel('Senha').fill(PASSWORD)
  await agentPage.getByRole('button', { name: 'Entrar' }).click()
  await expect(agentPage.getByRole('heading', { name: 'Olá, Eva' })).toBeVisible()

  // Edit: promote to supervisor.
  await page.goto('/admin/users')
  await page.getByRole('link', { name: 'Editar Eva Martins' }).click()
  await expect(page.getByLabel('Nome completo')).toHaveValue('Eva Martins')
  // The form says what each role sees (ADR 009); "all tickets" is a choice for agents only.
  await expect(page.getByText('Atendentes veem os atendimentos das suas filas')).toBeVisible()
  await expect(page.getByLabel('Ver todos os atendimentos')).toBeVisible()
  await page.getByLabel('Perfil').selectOption('supervisor')
  await expect(
    page.getByText('Supervisores veem todos os atendimentos da empresa, de todas as filas'),
  ).toBeVisible()
  await expect(page.getByLabel('Ver todos os atendimentos')).toHaveCount(0)
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Usuário Eva Martins atualizado.')).toBeVisible()
  await expect(page.getByTestId(`user-row-${email}`)).toContainText('Supervisor')

  // Delete with confirmation: the agent's open session ends at once.
  await page.getByRole('button', { name: 'Excluir Eva Martins' }).click()
  await expect(page.getByRole('alertdialog')).toContainText('Excluir Eva Martins?')
  await page.getByRole('alertdialog').getByRole('button', { name: 'Excluir' }).click()
  await expect(page.getByText('Usuário Eva Martins excluído.')).toBeVisible()
  await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(0)
  await expect(agentPage).toHaveURL(/\/login\?ended=deleted/)
  await expect(agentPage.getByText('Sua conta foi removida.')).toBeVisible()
  await agentContext.close()
})
