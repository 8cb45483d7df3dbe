import { expect, insertUser, loginAs, test } from '#tests/playwright-utils.ts'

test('Meu perfil: name, theme, language and signature are saved and applied', async ({ page }) => {
  const user = await insertUser({ name: 'Helena Perfil' })
  await loginAs(page, user)
  await page.goto('/profile')
  await expect(page.getByRole('heading', { level: 1, name: 'Meu perfil' })).toBeVisible()
  // The header has a theme and a language switch too: the fields are the form's.
  const form = page.locator('form#profile')

  // The photo field (no photo yet: nothing to remove), then the preferences.
  await expect(form.getByLabel('Foto', { exact: true })).toBeVisible()
  await expect(form.getByLabel('Remover foto', { exact: true })).toHaveCount(0)
  await expect(form.getByLabel('Tema', { exact: true })).toHaveValue('light')
  await expect(form.getByLabel('Idioma', { exact: true })).toHaveValue('pt-BR')
  const signature = form.getByRole('checkbox', { name: 'Assinar mensagens com o nome' })
  await expect(signature).toBeChecked()

  await form.getByLabel('Nome completo', { exact: true }).fill('Helena Perfil Nova')
  await form.getByLabel('Tema', { exact: true }).selectOption('dark')
  await signature.click()
  await form.getByRole('button', { name: 'Salvar', exact: true }).click()
  await expect(page.getByText('Perfil salvo.')).toBeVisible()
  await expect(page.locator('html')).toHaveClass(/dark/)
  await expect(form.getByLabel('Nome completo', { exact: true })).toHaveValue('Helena Perfil Nova')
  await expect(form.getByLabel('Tema', { exact: true })).toHaveValue('dark')
  await expect(signature).not.toBeChecked()

  // The language: the page comes back in English.
  await form.getByLabel('Idioma', { exact: true }).selectOption('en')
  await form.getByRole('button', { name: 'Salvar', exact: true }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible()
  await expect(form.getByLabel('Language', { exact: true })).toHaveValue('en')
  await expect(form.getByLabel('Theme', { exact: true })).toHaveValue('dark')
  await expect(form.getByRole('checkbox', { name: 'Sign messages with my name' })).not.toBeChecked()
})
