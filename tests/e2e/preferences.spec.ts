import { expect, insertUser, loginAs, test } from '#tests/playwright-utils.ts'

test('the theme switch applies at once and survives a reload', async ({ page }) => {
  const user = await insertUser({ name: 'Fábio Tema' })
  await loginAs(page, user)
  await page.goto('/')
  const html = page.locator('html')
  await expect(html).not.toHaveClass(/dark/)
  await page.getByTestId('theme-switch').first().click()
  await expect(html).toHaveClass(/dark/)
  await page.reload()
  await expect(html).toHaveClass(/dark/)
  await page.getByTestId('theme-switch').first().click()
  await expect(html).not.toHaveClass(/dark/)
})

test('the language switch turns the whole interface to English and back', async ({ page }) => {
  const user = await insertUser({ role: 'admin', name: 'Gil Idioma' })
  await loginAs(page, user)
  await page.goto('/admin/users')
  await expect(page.getByRole('heading', { name: 'Usuários' })).toBeVisible()
  await page.getByTestId('language-switch').first().click()
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('link', { name: 'New user' })).toBeVisible()
  await page.getByTestId('language-switch').first().click()
  await expect(page.getByRole('heading', { name: 'Usuários' })).toBeVisible()
})

test('visitors switch the language of the login page', async ({ page }) => {
  await page.goto('/login')
  await page.getByTestId('language-switch').click()
  await expect(page.getByRole('heading', { name: 'Log in to Balcão' })).toBeVisible()
})
