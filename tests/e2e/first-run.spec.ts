import { expect, PASSWORD, test } from '#tests/playwright-utils.ts'

test('first-run setup creates the company and the first admin, then disappears', async ({
  page,
}) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/setup$/)
  await expect(page.getByRole('heading', { name: 'Bem-vindo ao Balcão' })).toBeVisible()

  // Bad input: clear errors, nothing created.
  await page.getByLabel('Nome da empresa').fill('Padaria Pão Quente')
  await page.getByLabel('Seu nome').fill('Ana Souza')
  await page.getByLabel('E-mail').fill('ana@padaria.com.br')
  await page.getByLabel('Senha').fill('curta')
  await page.getByRole('button', { name: 'Criar e entrar' }).click()
  await expect(page.getByText('Use pelo menos 8 caracteres.')).toBeVisible()

  await page.getByLabel('Senha').fill(PASSWORD)
  await page.getByRole('button', { name: 'Criar e entrar' }).click()
  await expect(page).toHaveURL('/')
  await expect(page.getByRole('heading', { name: 'Olá, Ana' })).toBeVisible()
  await expect(page.getByText('Tudo pronto! Bem-vindo ao Balcão.')).toBeVisible()

  // Setup is gone once a user exists.
  await page.context().clearCookies()
  await page.goto('/setup')
  await expect(page).toHaveURL(/\/login$/)
})
