import { expect, insertUser, loginAs, test } from '#tests/playwright-utils.ts'

test('the users list shows colleagues coming online and going offline, live', async ({
  page,
  browser,
}) => {
  const admin = await insertUser({ role: 'admin', name: 'Hugo Admin' })
  const agent = await insertUser({ role: 'agent', name: 'Iris Agente' })
  await loginAs(page, admin)
  await page.goto('/admin/users')
  const status = page.getByTestId(`user-row-${agent.email}`).getByTestId('user-status')
  await expect(status).toContainText('Offline')

  const agentContext = await browser.newContext()
  const agentPage = await agentContext.newPage()
  await loginAs(agentPage, agent)
  await agentPage.goto('/')
  await expect(agentPage.getByRole('heading', { name: 'Olá, Iris' })).toBeVisible()

  await expect(status).toContainText('Online')
  await expect(
    page.getByTestId(`user-row-${agent.email}`).getByTestId('presence-dot'),
  ).toHaveAttribute('data-online', 'true')

  await agentContext.close()
  // Offline after the grace period that hides page reloads.
  await expect(
    page.getByTestId(`user-row-${agent.email}`).getByTestId('presence-dot'),
  ).toHaveAttribute('data-online', 'false', {
    timeout: 15_000,
  })
})
