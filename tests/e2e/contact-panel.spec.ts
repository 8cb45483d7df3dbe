import {
  expect,
  insertQueue,
  insertSimulatorConnection,
  insertUser,
  openAs,
  sendAsCustomer,
  test,
} from '#tests/playwright-utils.ts'

test('an agent edits the contact, tags the ticket and blocks the contact from the side panel', async ({
  browser,
}) => {
  test.setTimeout(90_000)
  const stamp = Date.now()
  // Unique names: other tests (and repeats) share the database, and the admin sees every ticket.
  const suffix = `${process.pid % 1000}-${stamp % 100_000}`
  const customerName = `Bianca ${suffix}`
  const newName = `Bianca Souza ${suffix}`
  const queue = insertQueue(`Cadastro ${stamp}`, '#0d9488')
  const admin = await insertUser({ role: 'admin', name: 'Wanda Admin' })
  const agentUser = await insertUser({
    role: 'agent',
    name: 'Xavier Cadastro',
    queueIds: [queue.id],
  })
  const connection = insertSimulatorConnection(admin, `Loja ${stamp}`, queue.id)

  const customer = await openAs(browser, admin)
  const agent = await openAs(browser, agentUser)
  // The admin watches the list elsewhere: edits arrive live.
  const watcher = await openAs(browser, admin)
  const phone = `55219${String(stamp).slice(-8)}`
  await sendAsCustomer(customer.request, {
    connectionId: connection.id,
    from: phone,
    name: customerName,
    text: 'Oi, quero atualizar meu cadastro',
  })

  await agent.goto('/tickets?tab=pending')
  await agent.getByTestId('ticket-item').filter({ hasText: customerName }).click()
  await agent.getByRole('button', { name: 'Aceitar' }).click()
  await expect(agent.getByLabel('Mensagem', { exact: true })).toBeVisible()
  // Now in "Atendendo": open it from there, so the list beside shows its row.
  await agent.getByRole('link', { name: 'Atendendo' }).click()
  await agent.getByTestId('ticket-item').filter({ hasText: customerName }).click()
  await expect(agent.getByLabel('Mensagem', { exact: true })).toBeVisible()
  await watcher.goto('/tickets?tab=open')
  await expect(watcher.getByTestId('ticket-item').filter({ hasText: customerName })).toBeVisible()

  await agent.getByRole('button', { name: 'Detalhes do contato' }).click()
  const panel = agent.getByRole('complementary', { name: 'Detalhes do contato' })
  await panel.getByRole('button', { name: 'Editar contato' }).click()
  const editor = panel.getByRole('form', { name: 'Editar contato' })
  await editor.getByLabel('Nome').fill(newName)
  await editor.getByLabel('E-mail').fill('bianca@example.com')

  // An invalid CPF is refused before anything is saved.
  await editor.getByLabel('CPF').fill('123.456.789-00')
  await editor.getByRole('button', { name: 'Salvar contato' }).click()
  await expect(editor.getByText('CPF inválido: confira os números.')).toBeVisible()
  await expect(editor.getByLabel('CPF')).toHaveAttribute('aria-invalid', 'true')
  await editor.getByLabel('CPF').fill('529.982.247-25')
  await expect(editor.getByText('CPF inválido: confira os números.')).toHaveCount(0)

  await editor.getByLabel('Data de nascimento').fill('1990-03-15')
  await editor.getByRole('button', { name: 'Adicionar campo' }).click()
  await editor.getByLabel('Campo', { exact: true }).fill('Plano')
  await editor.getByLabel('Valor', { exact: true }).fill('Ouro')
  await editor.getByRole('button', { name: 'Salvar contato' }).click()
  await expect(agent.getByText('Contato atualizado.')).toBeVisible()
  await expect(editor).toHaveCount(0)

  // Read-only again, with the extra fields formatted.
  await expect(panel.getByTestId('contact-name')).toHaveText(newName)
  await expect(panel.getByText('529.982.247-25')).toBeVisible()
  await expect(panel.getByText('15/03/1990')).toBeVisible()
  await expect(panel.locator('dl')).toContainText('Plano')
  await expect(panel.locator('dl')).toContainText('Ouro')
  await expect(agent.getByRole('heading', { level: 2, name: newName })).toBeVisible()
  await expect(agent.getByTestId('ticket-item').filter({ hasText: newName })).toBeVisible()
  await expect(watcher.getByTestId('ticket-item').filter({ hasText: newName })).toBeVisible()

  // A new tag, created on the fly and put on the ticket.
  const tagName = `VIP ${stamp % 10_000}`
  await panel.getByRole('button', { name: 'Adicionar tag: Tags do atendimento' }).click()
  await agent.getByRole('combobox', { name: 'Buscar ou criar tag' }).fill(tagName)
  await agent
    .getByRole('listbox', { name: 'Adicionar tag: Tags do atendimento' })
    .getByRole('option', { name: `Criar tag “${tagName}”` })
    .click()
  await expect(panel.getByTestId('tags-ticket').getByText(tagName)).toBeVisible()
  await expect(panel.getByTestId('tags-contact')).toContainText('Nenhuma tag.')
  await expect(agent.getByTestId('ticket-item').filter({ hasText: newName })).toContainText(tagName)
  await expect(watcher.getByTestId('ticket-item').filter({ hasText: newName })).toContainText(
    tagName,
  )

  // The same tag, now existing, is offered for the contact (searching in another case).
  await panel.getByRole('button', { name: 'Adicionar tag: Tags do contato' }).click()
  await agent.getByRole('combobox', { name: 'Buscar ou criar tag' }).fill(tagName.toLowerCase())
  await expect(
    agent.getByRole('listbox', { name: 'Adicionar tag: Tags do contato' }).getByRole('option'),
  ).toHaveText([tagName])
  await agent.getByRole('combobox', { name: 'Buscar ou criar tag' }).press('Enter')
  await expect(panel.getByTestId('tags-contact').getByText(tagName)).toBeVisible()
  await panel
    .getByTestId('tags-contact')
    .getByRole('button', { name: `Remover tag ${tagName}` })
    .click()
  await expect(panel.getByTestId('tags-contact')).toContainText('Nenhuma tag.')

  // Block, after a confirmation.
  await panel.getByRole('button', { name: 'Bloquear contato' }).click()
  await expect(agent.getByRole('alertdialog')).toContainText(`Bloquear ${newName}?`)
  await agent.getByRole('alertdialog').getByRole('button', { name: 'Bloquear' }).click()
  await expect(agent.getByText('Contato bloqueado.')).toBeVisible()
  await expect(panel.getByTestId('contact-blocked')).toHaveText('Bloqueado')
  await expect(panel.getByRole('button', { name: 'Desbloquear' })).toBeVisible()

  for (const page of [customer, agent, watcher]) await page.context().close()
})
