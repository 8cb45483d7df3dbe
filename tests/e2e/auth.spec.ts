import { expect, insertUser, loginAs, PASSWORD, test } from '#tests/playwright-utils.ts'

test('log in with e-mail and password, then log out', async ({ page }) => {
  const user = await insertUser({ role: 'admin', name: 'Bruno Lima' })
  await page.goto('/admin/users')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fusers/)
  await page.getByLabel('E-mail').fill(user.email)
  await page.getByLabel('Senha').fill(PASSWORD)
  await page.getByRole('button', { name: 'Entrar' }).click()
  await expect(page).toHaveURL('/admin/users')
  await expect(page.getByRole('heading', { name: 'Usuários' })).toBeVisible()

  await page.getByTestId('user-menu').click()
  await page.getByRole('menuitem', { name: 'Sair' }).click()
  await expect(page).toHaveURL(/\/login\?ended=logout/)
  await expect(page.getByText('Você saiu da sua conta.')).toBeVisible()
  await page.goto('/admin/users')
  await expect(page).toHaveURL(/\/login/)
})

test('a wrong password gets a generic error and no session', async ({ page }) => {
  const user = await insertUser()
  await page.goto('/login')
  await page.getByLabel('E-mail').fill(user.email)
  await page.getByLabel('Senha').fill('senha-errada-1')
  await page.getByRole('button', { name: 'Entrar' }).click()
  await expect(page.getByRole('alert').getByText('E-mail ou senha inválidos.')).toBeVisible()
  await expect(page).toHaveURL(/\/login/)
  // Unknown e-mail: the very same message.
  await page.getByLabel('E-mail').fill('ninguem@example.com')
  await page.getByLabel('Senha').fill(PASSWORD)
  await page.getByRole('button', { name: 'Entrar' }).click()
  await expect(page.getByRole('alert').getByText('E-mail ou senha inválidos.')).toBeVisible()
})

test('an agent outside their work hours cannot log in and is told why', async ({ page }) => {
  // A one-minute shift twelve hours away from now (São Paulo time) is always closed.
  const now = new Date(new Date().toLocaleString('en-US', { timeZone: 'America/Sao_Paulo' }))
  const hour = String((now.getHours() + 12) % 24).padStart(2, '0')
  const user = await insertUser({ workStart: `${hour}:00`, workEnd: `${hour}:01` })
  await page.goto('/login')
  await page.getByLabel('E-mail').fill(user.email)
  await page.getByLabel('Senha').fill(PASSWORD)
  await page.getByRole('button', { name: 'Entrar' }).click()
  await expect(page.getByRole('alert')).toContainText(
    `Fora do seu horário de trabalho (${hour}:00 às ${hour}:01)`,
  )
})

test('an agent is denied the admin pages and does not see them in the menu', async ({ page }) => {
  const agent = await insertUser({ role: 'agent', name: 'Carla Dias' })
  await loginAs(page, agent)
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Olá, Carla' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Usuários' })).toHaveCount(0)
  const response = await page.goto('/admin/users')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible()
})
