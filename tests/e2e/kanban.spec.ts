import { db } from '#app/utils/db.server.ts'
import { newId } from '#app/utils/ids.ts'
import { contactTags, tags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import {
  expect,
  insertQueue,
  insertSimulatorConnection,
  insertUser,
  loginAs,
  openAs,
  sendAsCustomer,
  test,
} from '#tests/playwright-utils.ts'

test('a card dragged to another column moves live on a second board, and the side panel sets the stage', async ({
  browser,
}) => {
  test.setTimeout(90_000)
  const stamp = Date.now()
  const suffix = `${process.pid % 1000}-${stamp % 100_000}`
  const queue = insertQueue(`Funil ${stamp}`, '#7c3aed')
  const admin = await insertUser({ role: 'admin', name: 'Kátia Admin' })
  const supervisor = await insertUser({ role: 'supervisor', name: 'Lauro Supervisor' })
  const connection = insertSimulatorConnection(admin, `Kanban ${stamp}`, queue.id)
  // The board is filtered by a tag of this test only: other tests' contacts stay out of view.
  const tag = db
    .insert(tags)
    .values({ companyId: admin.companyId, name: `Funil ${suffix}`, color: '#0284c7' })
    .returning()
    .get()

  const mover = await openAs(browser, admin)
  const watcher = await openAs(browser, supervisor)

  const customer = `Renata ${suffix}`
  const phone = `55319${String(stamp).slice(-8)}`
  await sendAsCustomer(mover.request, {
    connectionId: connection.id,
    from: phone,
    name: customer,
    text: 'Quero um orçamento',
  })
  const renata = db
    .select()
    .from(contacts)
    .all()
    .find((row) => row.name === customer)!
  const manual = db
    .insert(contacts)
    .values({
      companyId: admin.companyId,
      name: `Otávio ${suffix}`,
      number: `55319${String(stamp + 7).slice(-8)}`,
      source: 'manual',
    })
    .returning()
    .get()
  for (const contactId of [renata.id, manual.id])
    db.insert(contactTags).values({ companyId: admin.companyId, contactId, tagId: tag.id }).run()

  await mover.goto(`/kanban?tag=${tag.id}`)
  await watcher.goto(`/kanban?tag=${tag.id}`)
  const column = (page: typeof mover, name: string) => page.getByTestId(`kanban-column-${name}`)
  await expect(column(mover, 'Novo').getByTestId('column-count')).toHaveText('2')
  const card = column(mover, 'Novo').getByTestId(`kanban-card-${customer}`)
  await expect(card).toContainText('Quero um orçamento')
  await expect(card.getByTestId('card-status')).toHaveText('Aguardando')
  await expect(card).toContainText(`Funil ${suffix}`)
  await expect(column(watcher, 'Novo').getByTestId(`kanban-card-${customer}`)).toBeVisible()

  // Keyboard: pick the card up, one column to the right, drop.
  await card.focus()
  await mover.keyboard.press('Space')
  // The pick-up is announced (then where it is), in Portuguese.
  await expect(
    mover.getByRole('status').filter({ hasText: `${customer} sobre a etapa Novo` }),
  ).toBeAttached()
  await mover.keyboard.press('ArrowRight')
  await expect(column(mover, 'Em atendimento').getByTestId(`kanban-card-${customer}`)).toBeVisible()
  await mover.keyboard.press('Space')
  await expect(column(mover, 'Em atendimento').getByTestId('column-count')).toHaveText('1')
  await expect(column(mover, 'Novo').getByTestId('column-count')).toHaveText('1')

  // The other browser sees it move without reloading.
  await expect(
    column(watcher, 'Em atendimento').getByTestId(`kanban-card-${customer}`),
  ).toBeVisible()
  await expect(column(watcher, 'Novo').getByTestId(`kanban-card-${customer}`)).toHaveCount(0)
  await expect(column(watcher, 'Em atendimento').getByTestId('column-count')).toHaveText('1')

  // Mouse: drag the manual contact onto "Aguardando resposta".
  const otavio = column(watcher, 'Novo').getByTestId(`kanban-card-Otávio ${suffix}`)
  const target = column(watcher, 'Aguardando resposta').getByTestId('column-scroll')
  const from = (await otavio.boundingBox())!
  const to = (await target.boundingBox())!
  await watcher.mouse.move(from.x + from.width / 2, from.y + 20)
  await watcher.mouse.down()
  await watcher.mouse.move(from.x + from.width / 2 + 10, from.y + 30, { steps: 4 })
  await watcher.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 12 })
  await watcher.mouse.up()
  await expect(
    column(watcher, 'Aguardando resposta').getByTestId(`kanban-card-Otávio ${suffix}`),
  ).toBeVisible()
  await expect(
    column(mover, 'Aguardando resposta').getByTestId(`kanban-card-Otávio ${suffix}`),
  ).toBeVisible()
  await expect(column(mover, 'Novo').getByTestId('column-count')).toHaveText('0')

  // Stored: a reload shows the same board.
  await mover.reload()
  await expect(column(mover, 'Em atendimento').getByTestId(`kanban-card-${customer}`)).toBeVisible()

  // The conversation's side panel shows the stage and changes it; the board follows live.
  await column(mover, 'Em atendimento')
    .getByRole('link', { name: `Abrir a conversa com ${customer}` })
    .click()
  await mover.getByRole('button', { name: 'Detalhes do contato' }).click()
  const stage = mover.getByTestId('contact-stage')
  await expect(stage).toHaveValue(/.+/)
  await expect(stage.locator('option:checked')).toHaveText('Em atendimento')
  await stage.selectOption({ label: 'Concluído' })
  await expect(mover.getByText('Etapa atualizada.')).toBeVisible()
  await expect(column(watcher, 'Concluído').getByTestId(`kanban-card-${customer}`)).toBeVisible()
  await expect(column(watcher, 'Em atendimento').getByTestId('column-count')).toHaveText('0')
})

test('stages are created, renamed, reordered and deleted with a target for their cards', async ({
  page,
}) => {
  const stamp = Date.now()
  const suffix = `${process.pid % 1000}-${stamp % 100_000}`
  const admin = await insertUser({ role: 'admin', name: 'Márcia Admin' })
  const tag = db
    .insert(tags)
    .values({ companyId: admin.companyId, name: `Etapas ${suffix}`, color: '#16a34a' })
    .returning()
    .get()
  const ana = db
    .insert(contacts)
    .values({
      companyId: admin.companyId,
      name: `Ana ${suffix}`,
      number: `55419${String(stamp).slice(-8)}`,
      source: 'manual',
    })
    .returning()
    .get()
  db.insert(contactTags)
    .values({ companyId: admin.companyId, contactId: ana.id, tagId: tag.id })
    .run()
  await loginAs(page, admin)
  await page.goto(`/kanban?tag=${tag.id}`)

  const name = `Proposta ${suffix}`
  await page.getByRole('button', { name: 'Nova etapa' }).click()
  const dialog = page.getByRole('dialog', { name: 'Nova etapa' })
  await dialog.getByRole('button', { name: 'Salvar' }).click()
  await expect(dialog.getByText('Campo obrigatório.')).toBeVisible()
  await dialog.getByLabel('Nome da etapa').fill('novo')
  await dialog.getByRole('button', { name: 'Salvar' }).click()
  await expect(dialog.getByText('Já existe um item com este nome.')).toBeVisible()
  await dialog.getByLabel('Nome da etapa').fill(name)
  await dialog.getByRole('radio', { name: '#db2777' }).click()
  await dialog.getByRole('button', { name: 'Salvar' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByText(`Etapa ${name} criada.`)).toBeVisible()
  const headings = page.getByTestId('kanban-board').getByRole('heading')
  await expect(headings.last()).toHaveText(name)

  // One step to the left.
  await page.getByRole('button', { name: `Opções da etapa ${name}` }).click()
  await page.getByRole('menuitem', { name: 'Mover para a esquerda' }).click()
  await expect(headings.nth(-2)).toHaveText(name)
  await expect(headings.last()).toHaveText('Concluído')

  // Rename.
  await page.getByRole('button', { name: `Opções da etapa ${name}` }).click()
  await page.getByRole('menuitem', { name: 'Renomear e cor' }).click()
  const edit = page.getByRole('dialog', { name: 'Editar etapa' })
  await edit.getByLabel('Nome da etapa').fill(`${name} enviada`)
  await edit.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByTestId(`kanban-column-${name} enviada`)).toBeVisible()

  // Ana goes there via "Mover para…", then the stage is deleted and she lands in "Novo".
  await page
    .getByTestId(`kanban-card-Ana ${suffix}`)
    .getByRole('button', { name: `Mover Ana ${suffix} para…` })
    .click()
  await page.getByRole('menuitem', { name: `${name} enviada` }).click()
  await expect(
    page.getByTestId(`kanban-column-${name} enviada`).getByTestId(`kanban-card-Ana ${suffix}`),
  ).toBeVisible()
  await page.getByRole('button', { name: `Opções da etapa ${name} enviada` }).click()
  await page.getByRole('menuitem', { name: 'Excluir etapa' }).click()
  const confirm = page.getByRole('alertdialog')
  await expect(confirm).toContainText('O contato desta etapa irá para a etapa escolhida abaixo.')
  await confirm.getByLabel('Mover os contatos para').selectOption({ label: 'Novo' })
  await confirm.getByRole('button', { name: 'Excluir' }).click()
  await expect(page.getByTestId(`kanban-column-${name} enviada`)).toHaveCount(0)
  await expect(
    page.getByTestId('kanban-column-Novo').getByTestId(`kanban-card-Ana ${suffix}`),
  ).toBeVisible()
})

test('an agent sees only contacts of their queues and cannot change the stages', async ({
  page,
}) => {
  const stamp = Date.now()
  const suffix = `${process.pid % 1000}-${stamp % 100_000}`
  const queue = insertQueue(`Fila K ${stamp}`)
  const agent = await insertUser({ role: 'agent', name: 'Nina Agente', queueIds: [queue.id] })
  db.insert(contacts)
    .values({
      companyId: agent.companyId,
      name: `Oculto ${suffix}`,
      number: `55519${String(stamp).slice(-8)}`,
      source: 'manual',
    })
    .run()
  await loginAs(page, agent)
  await page.goto('/kanban')
  await expect(page.getByRole('heading', { name: 'Kanban', level: 1 })).toBeVisible()
  await expect(page.getByTestId('kanban-column-Novo')).toBeVisible()
  await expect(page.getByTestId(`kanban-card-Oculto ${suffix}`)).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Nova etapa' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /Opções da etapa/ })).toHaveCount(0)
})

test('a column of thousands of contacts keeps a small page: virtualised, loading more on scroll', async ({
  page,
}) => {
  test.setTimeout(60_000)
  const stamp = Date.now()
  const suffix = `${process.pid % 1000}-${stamp % 100_000}`
  const admin = await insertUser({ role: 'admin', name: 'Vilma Admin' })
  const tag = db
    .insert(tags)
    .values({ companyId: admin.companyId, name: `Massa ${suffix}`, color: '#ea580c' })
    .returning()
    .get()
  // One short transaction of multi-row inserts: the server shares the SQLite file.
  const total = 3_000
  const rows = Array.from({ length: total }, (_, i) => ({
    id: newId(),
    companyId: admin.companyId,
    name: `Lead ${String(i).padStart(5, '0')} ${suffix}`,
    number: `55${String(7_000_000_000 + (stamp % 1_000_000) * 10_000 + i).slice(-11)}`,
    source: 'import' as const,
  }))
  db.transaction((tx) => {
    for (let start = 0; start < total; start += 500) {
      const batch = rows.slice(start, start + 500)
      tx.insert(contacts).values(batch).run()
      tx.insert(contactTags)
        .values(
          batch.map((row) => ({ companyId: admin.companyId, contactId: row.id, tagId: tag.id })),
        )
        .run()
    }
  })
  await loginAs(page, admin)
  await page.goto(`/kanban?tag=${tag.id}`)
  const novo = page.getByTestId('kanban-column-Novo')
  await expect(novo.getByTestId('column-count')).toHaveText('3.000')
  // Newest first; only the cards in view (plus a few) are in the page.
  await expect(novo.getByTestId(`kanban-card-Lead 02999 ${suffix}`)).toBeVisible()
  expect(await page.locator('[data-card-id]').count()).toBeLessThan(30)
  // Scrolling down fetches the next pages of the column: older leads come into view.
  const scroller = novo.getByTestId('column-scroll')
  const oldestShown = () =>
    page
      .locator('[data-card-id]')
      .evaluateAll((cards) =>
        Math.min(
          ...cards.map((card) => Number(/Lead (\d+)/.exec(card.textContent ?? '')?.[1] ?? 1e9)),
        ),
      )
  await expect
    .poll(
      async () => {
        await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }))
        return oldestShown()
      },
      { timeout: 15_000 },
    )
    .toBeLessThan(2_800)
  expect(await page.locator('[data-card-id]').count()).toBeLessThan(40)
})
