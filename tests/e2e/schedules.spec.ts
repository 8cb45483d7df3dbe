import fs from 'node:fs'
import { eq } from 'drizzle-orm'
import { toLocalInput } from '#app/domain/schedules/schedule-time.ts'
import { db } from '#app/utils/db.server.ts'
import { users } from '#db/schema/users.ts'
import {
  expect,
  insertQueue,
  insertSimulatorConnection,
  insertUser,
  loginAs,
  sendAsCustomer,
  test,
} from '#tests/playwright-utils.ts'

const TZ = 'America/Sao_Paulo'
const SHOTS = 'tests/.tmp/shots-schedules'

// One after another: their fixtures write the shared database while the server does (a test
// process's write racing the server's can meet "database is locked").
test.describe.configure({ mode: 'default' })

type CustomerMessage = { fromMe: boolean; type: string; text: string | null; status: string }

async function scenario(label: string) {
  const queue = insertQueue(`Agenda ${label} ${Date.now()}`, '#0ea5e9')
  const admin = await insertUser({ role: 'admin', name: `Ana Admin ${label}` })
  const agent = await insertUser({ role: 'agent', name: `Beto ${label}`, queueIds: [queue.id] })
  db.update(users).set({ signature: false }).where(eq(users.id, agent.id)).run()
  const connection = insertSimulatorConnection(admin, `Agenda ${label} ${Date.now()}`, queue.id)
  return { queue, admin, agent, connection }
}

/** The next whole minute at least 15 s away (the form takes minutes; the job ticks every second). */
function nextMinute() {
  let at = Math.ceil(Date.now() / 60_000) * 60_000
  if (at - Date.now() < 15_000) at += 60_000
  return at
}

test('a message scheduled from the conversation reaches the phone at its minute, marked sent', async ({
  browser,
}) => {
  test.setTimeout(180_000)
  const { admin, agent, connection } = await scenario('conversa')
  const phoneContext = await browser.newContext()
  const phonePage = await phoneContext.newPage()
  await loginAs(phonePage, admin)
  const customer = phonePage.request
  const phone = `55319${String(Date.now()).slice(-8)}`
  await sendAsCustomer(customer, {
    connectionId: connection.id,
    from: phone,
    name: 'Clara Agenda',
    text: 'Oi!',
  })
  const customerChat = async () =>
    (await (
      await customer.get(`/simulator/api/messages?connectionId=${connection.id}&phone=${phone}`)
    ).json()) as CustomerMessage[]

  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, agent)
  await page.goto('/tickets?tab=pending')
  await page.getByTestId('ticket-item').filter({ hasText: 'Clara Agenda' }).click()
  await page.getByRole('button', { name: 'Aceitar' }).click()
  const composer = page.getByLabel('Mensagem', { exact: true })
  await composer.fill('Lembrete: sua consulta é amanhã às 10h')

  // The clock in the composer opens the form with the contact, connection and text filled in.
  await page.getByRole('button', { name: 'Agendar mensagem' }).click()
  const dialog = page.getByRole('dialog', { name: 'Novo agendamento' })
  await expect(dialog.getByTestId('chosen-contact')).toContainText('Clara Agenda')
  await expect(dialog.getByLabel('Conexão')).toHaveValue(connection.id)
  await expect(dialog.getByLabel('Mensagem')).toHaveValue('Lembrete: sua consulta é amanhã às 10h')
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/composer-dialog.png` })

  // The past is refused with a field error.
  await dialog.getByLabel('Data e hora do envio').fill(toLocalInput(Date.now() - 120_000, TZ))
  await dialog.getByRole('button', { name: 'Agendar mensagem' }).click()
  await expect(dialog.getByText('Escolha um horário no futuro.')).toBeVisible()

  const sendAt = nextMinute()
  await dialog.getByLabel('Data e hora do envio').fill(toLocalInput(sendAt, TZ))
  await dialog.getByRole('button', { name: 'Agendar mensagem' }).click()
  await expect(page.getByText('Agendamento criado')).toBeVisible()
  await expect(dialog).toBeHidden()

  // Nothing before its time…
  expect((await customerChat()).some((m) => m.text?.includes('sua consulta'))).toBe(false)
  // …then it arrives on the phone, once, and in the ticket's history like an agent's message.
  await expect
    .poll(async () => (await customerChat()).filter((m) => m.text?.includes('sua consulta')), {
      timeout: 100_000,
      intervals: [1000],
    })
    .toHaveLength(1)
  const lateBy = Date.now() - sendAt
  expect(lateBy).toBeGreaterThanOrEqual(0)
  test.info().annotations.push({
    type: 'arrived after its time (ms, ±1 s poll)',
    description: String(lateBy),
  })
  await expect(page.getByTestId('message').filter({ hasText: 'sua consulta' })).toBeVisible()

  // The calendar shows it sent (agenda view, the day it went).
  await page.goto(`/schedules?view=agenda&date=${toLocalInput(sendAt, TZ).slice(0, 10)}`)
  const event = page.locator('[data-testid^="schedule-event-"]').filter({ hasText: 'Clara Agenda' })
  await expect(event).toHaveAttribute('data-status', 'sent')
  await event.click()
  const details = page.getByTestId('schedule-details')
  await expect(details).toContainText('Enviado')
  await expect(page.getByRole('link', { name: 'Ver atendimento' })).toBeVisible()
  await context.close()
  await phoneContext.close()
})

test('the calendar: create from the page, see it in every view, edit and cancel it', async ({
  browser,
}) => {
  test.setTimeout(90_000)
  const { admin, agent, connection } = await scenario('calendario')
  const other = await insertUser({ role: 'agent', name: 'Caio Outra Fila' })
  fs.mkdirSync(SHOTS, { recursive: true })
  // A browser on another continent still sees São Paulo's times.
  const context = await browser.newContext({ timezoneId: 'Asia/Tokyo' })
  const page = await context.newPage()
  await loginAs(page, admin)
  // A contact to schedule for: the customer wrote once.
  const phone = `55419${String(Date.now()).slice(-8)}`
  await sendAsCustomer(page.request, {
    connectionId: connection.id,
    from: phone,
    name: 'Davi Calendário',
    text: 'Oi',
  })

  // Two days ahead at 14:30 in São Paulo.
  const day = toLocalInput(Date.now() + 2 * 24 * 3_600_000, TZ).slice(0, 10)
  await page.goto(`/schedules?view=month&date=${day}`)
  await expect(page.getByRole('heading', { name: 'Agendamentos' })).toBeVisible()
  await page.getByRole('button', { name: 'Novo agendamento' }).click()
  const dialog = page.getByRole('dialog', { name: 'Novo agendamento' })
  await dialog.getByRole('button', { name: 'Agendar mensagem' }).click()
  await expect(dialog.getByText('Escolha o contato.')).toBeVisible()
  await dialog.getByRole('combobox', { name: 'Contato' }).fill('Davi Cal')
  await dialog.getByRole('option', { name: /Davi Calendário/ }).click()
  await expect(dialog.getByTestId('chosen-contact')).toContainText('Davi Calendário')
  await dialog.getByLabel('Mensagem').fill('Sua encomenda chega hoje!')
  await dialog.getByLabel('Data e hora do envio').fill(`${day}T14:30`)
  await dialog.getByLabel('Repetir', { exact: true }).selectOption('weekly')
  await dialog.getByLabel('Repetir até').fill(day)
  await dialog.getByRole('button', { name: 'Agendar mensagem' }).click()
  await expect(page.getByText('Agendamento criado')).toBeVisible()

  const event = page.locator('[data-testid^="schedule-event-"]').filter({ hasText: 'Davi' })
  await expect(event).toContainText('14:30')
  await expect(event).toHaveAttribute('data-status', 'pending')
  await page.screenshot({ path: `${SHOTS}/month-light.png`, fullPage: true })

  await page.getByRole('button', { name: 'Semana' }).click()
  await expect(event).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/week-light.png`, fullPage: true })
  await page.getByRole('button', { name: 'Dia', exact: true }).click()
  await expect(event).toBeVisible()
  await page.getByRole('button', { name: 'Agenda', exact: true }).click()
  await expect(event).toContainText('Sua encomenda chega hoje!')
  await expect(event).toContainText('Pendente')
  await page.screenshot({ path: `${SHOTS}/agenda-light.png`, fullPage: true })

  // An agent of no queue the contact is in does not see it; the admin's live page does.
  const otherPage = await (await browser.newContext()).newPage()
  await loginAs(otherPage, other)
  await otherPage.goto(`/schedules?view=agenda&date=${day}`)
  await expect(otherPage.getByText('Nenhum agendamento neste período.')).toBeVisible()

  // Details → edit the time → the calendar follows.
  await event.click()
  await expect(page.getByTestId('schedule-details')).toContainText('Toda semana')
  await page.getByRole('button', { name: 'Editar' }).click()
  const edit = page.getByRole('dialog', { name: 'Editar agendamento' })
  await expect(edit.getByTestId('chosen-contact')).toContainText('Davi Calendário')
  await edit.getByLabel('Data e hora do envio').fill(`${day}T16:45`)
  await edit.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Agendamento atualizado')).toBeVisible()
  await expect(page.locator('tr').filter({ has: event })).toContainText('16:45')

  // Dark mode and a phone.
  db.update(users).set({ theme: 'dark' }).where(eq(users.id, admin.id)).run()
  await page.goto(`/schedules?view=month&date=${day}`)
  await expect(event).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/month-dark.png`, fullPage: true })
  await page.goto(`/schedules?view=week&date=${day}`)
  await expect(event).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/week-dark.png`, fullPage: true })
  db.update(users).set({ theme: 'light' }).where(eq(users.id, admin.id)).run()
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`/schedules?date=${day}`)
  await expect(event).toContainText('Sua encomenda')
  await page.screenshot({ path: `${SHOTS}/agenda-phone.png`, fullPage: true })
  await page.getByRole('button', { name: 'Novo agendamento' }).click()
  await expect(page.getByRole('dialog', { name: 'Novo agendamento' })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/form-phone.png` })
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()

  // Cancel: asked first, then shown as cancelled.
  await event.click()
  await page.getByRole('button', { name: 'Cancelar agendamento' }).click()
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancelar agendamento' }).click()
  await expect(page.getByText('Agendamento cancelado')).toBeVisible()
  await expect(event).toHaveAttribute('data-status', 'cancelled')
  await page.screenshot({ path: `${SHOTS}/agenda-phone-cancelled.png`, fullPage: true })

  // The agent of the contact's queue sees it too.
  const agentPage = await (await browser.newContext()).newPage()
  await loginAs(agentPage, agent)
  await agentPage.goto(`/schedules?view=agenda&date=${day}`)
  await expect(
    agentPage.locator('[data-testid^="schedule-event-"]').filter({ hasText: 'Davi' }),
  ).toHaveAttribute('data-status', 'cancelled')
  await context.close()
})

test('the admin sets how long a schedule waits for an offline connection', async ({ page }) => {
  const admin = await insertUser({ role: 'admin' })
  await loginAs(page, admin)
  await page.goto('/admin/settings')
  const field = page.getByLabel('Tentar por até (minutos) com a conexão desconectada')
  await expect(field).toHaveValue('30')
  await field.fill('-1')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('O mínimo é 0.')).toBeVisible()
  await field.fill('45')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Configurações salvas.')).toBeVisible()
  await page.reload()
  await expect(field).toHaveValue('45')
  await field.fill('30')
  await page.getByRole('button', { name: 'Salvar' }).click()
  await expect(page.getByText('Configurações salvas.')).toBeVisible()
})
