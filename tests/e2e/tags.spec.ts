import { eq } from 'drizzle-orm'
import { db } from '#app/utils/db.server.ts'
import { contactTags, tags } from '#db/schema/tags.ts'
import { tickets } from '#db/schema/tickets.ts'
import {
  expect,
  insertQueue,
  insertSimulatorConnection,
  insertUser,
  openAs,
  sendAsCustomer,
  test,
} from '#tests/playwright-utils.ts'

test('tags are listed with their use, created, edited and deleted everywhere', async ({
  browser,
}) => {
  test.setTimeout(60_000)
  const stamp = Date.now()
  const suffix = `${process.pid % 1000}-${stamp % 100_000}`
  const queue = insertQueue(`Etiquetas ${stamp}`)
  const admin = await insertUser({ role: 'admin', name: 'Tânia Admin' })
  const agentUser = await insertUser({
    role: 'agent',
    name: 'Ulisses Agente',
    queueIds: [queue.id],
  })
  const connection = insertSimulatorConnection(admin, `Tags ${stamp}`, queue.id)
  const page = await openAs(browser, admin)
  const agent = await openAs(browser, agentUser)

  // Create: empty name refused, then a name and a colour.
  const name = `Cliente VIP ${suffix}`
  await page.goto('/tags')
  await page.getByRole('link', { name: 'Nova tag' }).click()
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Campo obrigatório.')).toBeVisible()
  await page.getByLabel('Nome').fill(name)
  await page.getByRole('radio', { name: '#7c3aed' }).click()
  await expect(page.getByRole('radio', { name: '#7c3aed' })).toHaveAttribute('aria-checked', 'true')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText(`Tag ${name} criada.`)).toBeVisible()
  const row = page.getByTestId(`tag-row-${name}`)
  await expect(row.getByTestId('tag-contacts')).toHaveText('nenhum contato')
  await expect(row.getByTestId('tag-tickets')).toHaveText('nenhum atendimento')
  const tag = db
    .select()
    .from(tags)
    .all()
    .find((t) => t.name === name)!
  expect(tag.color).toBe('#7c3aed')

  // The same name in another case is a field error.
  await page.getByRole('link', { name: 'Nova tag' }).click()
  await page.getByLabel('Nome').fill(name.toUpperCase())
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Já existe um item com este nome.')).toBeVisible()
  await page.getByRole('link', { name: 'Cancelar' }).click()

  // An agent tags a customer's contact and ticket from the conversation: the counts follow live.
  const phone = `55619${String(stamp).slice(-8)}`
  await sendAsCustomer(page.request, {
    connectionId: connection.id,
    from: phone,
    name: `Vitor ${suffix}`,
    text: 'Oi',
  })
  const ticket = db.select().from(tickets).where(eq(tickets.connectionId, connection.id)).get()!
  for (const target of ['contact', 'ticket'])
    expect(
      (
        await agent.request.post(`/resources/tickets/${ticket.id}/tags`, {
          form: { intent: 'apply', target, tagId: tag.id },
        })
      ).status(),
    ).toBe(200)
  await expect(row.getByTestId('tag-contacts')).toHaveText('1 contato')
  await expect(row.getByTestId('tag-tickets')).toHaveText('1 atendimento')

  // The agent sees the list, not the buttons to change it.
  await agent.goto('/tags')
  await expect(agent.getByTestId(`tag-row-${name}`)).toContainText('1 atendimento')
  await expect(agent.getByRole('link', { name: 'Nova tag' })).toHaveCount(0)
  await expect(agent.getByRole('button', { name: `Excluir ${name}` })).toHaveCount(0)
  const forbidden = await agent.goto('/tags/new')
  expect(forbidden?.status()).toBe(403)

  // Edit name and colour.
  const renamed = `VIP ${suffix}`
  await row.getByRole('link', { name: `Editar ${name}` }).click()
  await expect(page.getByLabel('Nome')).toHaveValue(name)
  await page.getByLabel('Nome').fill(renamed)
  await page.getByRole('radio', { name: '#16a34a' }).click()
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText(`Tag ${renamed} atualizada.`)).toBeVisible()
  const renamedRow = page.getByTestId(`tag-row-${renamed}`)
  await expect(renamedRow).toContainText('1 contato')

  // Delete: the confirmation says what it is taken off.
  await renamedRow.getByRole('button', { name: `Excluir ${renamed}` }).click()
  const dialog = page.getByRole('alertdialog')
  await expect(dialog).toContainText(`Excluir a tag ${renamed}?`)
  await expect(dialog).toContainText('Ela será removida de 1 contato e de 1 atendimento.')
  await dialog.getByRole('button', { name: 'Excluir' }).click()
  await expect(page.getByText(`Tag ${renamed} excluída.`)).toBeVisible()
  await expect(renamedRow).toHaveCount(0)
  expect(db.select().from(contactTags).where(eq(contactTags.tagId, tag.id)).all()).toEqual([])
  // The agent's list drops it live.
  await expect(agent.getByTestId(`tag-row-${renamed}`)).toHaveCount(0)
})
