import { TINY_PNG } from '#tests/fixtures/images.ts'
import { expect, insertUser, loginAs, test } from '#tests/playwright-utils.ts'

test('shared replies reach every agent; personal ones stay with their author', async ({
  page,
  browser,
}) => {
  const suffix = Date.now().toString(36)
  const shared = `ola-${suffix}`
  const personal = `pix-${suffix}`
  const admin = await insertUser({ role: 'admin', name: 'Dora Admin' })
  const ana = await insertUser({ role: 'agent', name: 'Ana Atendente' })
  const bruno = await insertUser({ role: 'agent', name: 'Bruno Atendente' })

  // The admin creates a shared reply with an image (shared is the default for admins).
  await loginAs(page, admin)
  await page.goto('/quick-replies')
  await page.getByRole('link', { name: 'Nova resposta' }).click()
  await expect(page.getByRole('heading', { name: 'Nova resposta rápida' })).toBeVisible()
  await expect(page.getByLabel('Visibilidade')).toHaveValue('shared')
  await page.getByLabel('Atalho').fill(`/${shared.toUpperCase()}`)
  const message = page.getByLabel('Mensagem', { exact: true })
  // The variable buttons insert at the cursor (once the page is interactive).
  await expect(async () => {
    await message.fill('{{saudacao}}, ')
    await page.getByRole('button', { name: 'Inserir {{primeiro_nome}}' }).click()
    await expect(message).toHaveValue('{{saudacao}}, {{primeiro_nome}}', { timeout: 500 })
  }).toPass()
  await message.pressSequentially('! Veja nosso catálogo.')
  await page
    .getByLabel('Arquivo (opcional)')
    .setInputFiles({ name: 'catalogo.png', mimeType: 'image/png', buffer: TINY_PNG })
  await page.getByRole('button', { name: 'Salvar' }).click()

  await expect(page).toHaveURL('/quick-replies')
  await expect(page.getByText(`Resposta /${shared} criada.`)).toBeVisible()
  const sharedRow = page.getByTestId(`quick-reply-row-shared-${shared}`)
  await expect(sharedRow).toContainText(`/${shared}`)
  await expect(sharedRow).toContainText('Compartilhada')
  await expect(sharedRow).toContainText('{{saudacao}}, {{primeiro_nome}}! Veja nosso catálogo.')
  await expect(sharedRow).toContainText('catalogo.png')
  const editHref = await sharedRow
    .getByRole('link', { name: `Editar /${shared}` })
    .getAttribute('href')
  expect(editHref).toMatch(/^\/quick-replies\/\w+$/)

  // A duplicate shared shortcut is refused with a field error.
  await page.getByRole('link', { name: 'Nova resposta' }).click()
  await page.getByLabel('Atalho').fill(shared)
  await page.getByLabel('Mensagem', { exact: true }).fill('Outra')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Já existe uma resposta com este atalho.')).toBeVisible()

  // Ana sees the shared reply but may not change it; she creates a personal one.
  const anaContext = await browser.newContext()
  const anaPage = await anaContext.newPage()
  await loginAs(anaPage, ana)
  await anaPage.goto('/quick-replies')
  const anaShared = anaPage.getByTestId(`quick-reply-row-shared-${shared}`)
  await expect(anaShared).toContainText('Compartilhada')
  await expect(anaShared).toContainText('catalogo.png')
  await expect(anaShared.getByRole('link', { name: /Editar/ })).toHaveCount(0)
  await expect(anaShared.getByRole('button', { name: /Excluir/ })).toHaveCount(0)

  await anaPage.getByRole('link', { name: 'Nova resposta' }).click()
  await expect(anaPage.getByText('Esta resposta é pessoal: só você a vê e usa.')).toBeVisible()
  await expect(anaPage.getByLabel('Visibilidade')).toHaveCount(0)
  await anaPage.getByLabel('Atalho').fill(personal)
  await anaPage.getByLabel('Mensagem', { exact: true }).fill('Minha chave pix é 123.')
  await anaPage.getByRole('button', { name: 'Salvar' }).click()
  await expect(anaPage.getByText(`Resposta /${personal} criada.`)).toBeVisible()
  const anaPersonal = anaPage.getByTestId(`quick-reply-row-personal-${personal}`)
  await expect(anaPersonal).toContainText('Pessoal')
  await expect(anaPersonal.getByRole('link', { name: `Editar /${personal}` })).toBeVisible()
  const personalHref = await anaPersonal
    .getByRole('link', { name: `Editar /${personal}` })
    .getAttribute('href')

  // Search by text.
  await anaPage.getByRole('searchbox', { name: 'Pesquisar' }).fill('chave pix')
  await expect(anaPage).toHaveURL(/q=chave/)
  await expect(anaPersonal).toBeVisible()
  await expect(anaShared).toHaveCount(0)
  await anaPage.getByRole('searchbox', { name: 'Pesquisar' }).fill('')
  await expect(anaShared).toBeVisible()

  // The shared reply's edit page is closed to her.
  await anaPage.goto(editHref!)
  await expect(anaPage.getByRole('heading', { name: 'Acesso negado' })).toBeVisible()

  // Bruno sees the shared reply, not Ana's personal one, and cannot open it by URL.
  const brunoContext = await browser.newContext()
  const brunoPage = await brunoContext.newPage()
  await loginAs(brunoPage, bruno)
  await brunoPage.goto('/quick-replies')
  await expect(brunoPage.getByTestId(`quick-reply-row-shared-${shared}`)).toBeVisible()
  await expect(brunoPage.getByTestId(`quick-reply-row-personal-${personal}`)).toHaveCount(0)
  await expect(brunoPage.getByText(`/${personal}`)).toHaveCount(0)
  await brunoPage.goto(personalHref!)
  await expect(brunoPage.getByRole('heading', { name: 'Página não encontrada' })).toBeVisible()

  // The admin deletes the shared reply; Bruno's open list drops it without a reload.
  const brunoLive = brunoPage.waitForResponse((r) => new URL(r.url()).pathname === '/events')
  await brunoPage.goto('/quick-replies')
  await brunoLive
  await expect(brunoPage.getByTestId(`quick-reply-row-shared-${shared}`)).toBeVisible()
  await page.goto('/quick-replies')
  await page.getByRole('button', { name: `Excluir /${shared}` }).click()
  await expect(page.getByRole('alertdialog')).toContainText(`Excluir a resposta /${shared}?`)
  await page.getByRole('alertdialog').getByRole('button', { name: 'Excluir' }).click()
  await expect(page.getByText(`Resposta /${shared} excluída.`)).toBeVisible()
  await expect(brunoPage.getByTestId(`quick-reply-row-shared-${shared}`)).toHaveCount(0)

  await anaContext.close()
  await brunoContext.close()
})
