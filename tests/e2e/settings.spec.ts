import { expect, insertUser, loginAs, test } from '#tests/playwright-utils.ts'

test('an admin sets the reopen window; bad input is refused with a field error', async ({
  page,
}) => {
  const admin = await insertUser({ role: 'admin', name: 'Iago Config' })
  await loginAs(page, admin)
  await page.goto('/admin/settings')
  const field = page.getByLabel('Reabrir o atendimento se o cliente escrever em até (minutos)')
  await field.fill('-5')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('O mínimo é 0.')).toBeVisible()
  await field.fill('30')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Configurações salvas.')).toBeVisible()
  await page.reload()
  await expect(field).toHaveValue('30')
  await field.fill('0')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Configurações salvas.')).toBeVisible()
})
