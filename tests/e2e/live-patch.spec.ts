import { type Page } from '@playwright/test'
import {
  expect,
  insertQueue,
  insertSimulatorConnection,
  insertUser,
  openAs,
  sendAsCustomer,
  test,
} from '#tests/playwright-utils.ts'

/**
 * What a tab asks the server and what its event stream brings: every data request (`.data`, a
 * loader run; the counts resource) and every event of the live stream, read from the page's own
 * EventSource (wrapped before the app's scripts run; the app has no test hook for it).
 */
async function watch(page: Page) {
  const requests: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.endsWith('.data') || url.pathname === '/resources/ticket-counts')
      requests.push(`${request.method()} ${url.pathname}${url.search}`)
  })
  await page.addInitScript(() => {
    const watched = { events: [] as string[], open: false }
    Object.assign(window, { __live: watched })
    const Native = window.EventSource
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init)
        this.addEventListener('open', () => (watched.open = true))
        this.addEventListener('message', (event: MessageEvent<string>) =>
          watched.events.push(event.data),
        )
      }
    }
  })
  type Watched = { __live: { events: string[]; open: boolean } }
  const events = async () =>
    (await page.evaluate(() => (window as unknown as Watched).__live.events)).map(
      (data) => JSON.parse(data) as { type: string; payload: Record<string, unknown> },
    )
  /** Waits until the tab's event stream is open. */
  const live = () =>
    expect.poll(() => page.evaluate(() => (window as unknown as Watched).__live.open)).toBe(true)
  return { requests, events, live }
}

test('a customer message patches the lists it belongs to, with no loader run where the ticket is not open, and nothing reaches another queue', async ({
  browser,
}) => {
  test.setTimeout(90_000)
  const sales = insertQueue(`Vendas ${Date.now()}`, '#16a34a')
  const support = insertQueue(`Suporte ${Date.now()}`, '#2563eb')
  const admin = await insertUser({ role: 'admin', name: 'Ana Admin' })
  const seller = await insertUser({ role: 'agent', name: 'Beto Vendas', queueIds: [sales.id] })
  const helper = await insertUser({ role: 'agent', name: 'Caio Suporte', queueIds: [support.id] })
  const connection = insertSimulatorConnection(admin, `Loja ${Date.now()}`, sales.id)

  const customer = await openAs(browser, admin)
  const boss = await openAs(browser, admin)
  const agent = await openAs(browser, seller)
  const other = await openAs(browser, helper)
  const bossNet = await watch(boss)
  const agentNet = await watch(agent)
  const otherNet = await watch(other)
  for (const page of [boss, agent, other]) {
    await page.goto('/tickets?tab=pending')
    await expect(page.getByRole('heading', { name: 'Atendimentos' })).toBeVisible()
  }
  // Every tab is on its list and listening: from here on, no tab should need a loader.
  for (const net of [bossNet, agentNet, otherNet]) await net.live()
  const phone = `55219${String(Date.now()).slice(-8)}`
  const say = (text: string) =>
    sendAsCustomer(customer.request, {
      connectionId: connection.id,
      from: phone,
      name: 'Dora Cliente',
      text,
    })
  bossNet.requests.length = 0
  agentNet.requests.length = 0
  otherNet.requests.length = 0

  await say('Bom dia, queria um orçamento')
  for (const page of [boss, agent]) {
    const row = page.getByTestId('ticket-item').filter({ hasText: 'Dora Cliente' })
    await expect(row).toContainText('queria um orçamento')
    await expect(row.getByTestId('unread')).toHaveText('1')
    await expect(page.getByTestId('count-pending')).toHaveText('1')
  }
  await say('É para 20 pessoas')
  for (const page of [boss, agent]) {
    const row = page.getByTestId('ticket-item').filter({ hasText: 'Dora Cliente' })
    await expect(row).toContainText('É para 20 pessoas')
    await expect(row.getByTestId('unread')).toHaveText('2')
    // The sidebar's badge (pending + my unread) moved with the events too.
    await expect(page.getByTestId('count-pending')).toHaveText('1')
  }
  // Both message events arrived at the tabs of the queue and at the admin's…
  for (const net of [bossNet, agentNet])
    await expect
      .poll(async () => (await net.events()).filter((e) => e.type === 'message.created').length)
      .toBe(2)
  // …carrying the rows, and no tab asked the server for anything.
  const created = (await agentNet.events()).find((e) => e.type === 'ticket.created')
  expect(created?.payload.ticket).toMatchObject({ contactName: 'Dora Cliente', status: 'pending' })
  expect(bossNet.requests).toEqual([])
  expect(agentNet.requests).toEqual([])

  // The agent opens and accepts the ticket: their own navigation and submission load data. The
  // admin's tab, not viewing it, moves the ticket from Aguardando to Atendendo by itself.
  await agent.getByTestId('ticket-item').filter({ hasText: 'Dora Cliente' }).click()
  await agent.getByRole('button', { name: 'Aceitar' }).click()
  await expect(agent.getByLabel('Mensagem', { exact: true })).toBeVisible()
  await expect(boss.getByTestId('ticket-item').filter({ hasText: 'Dora Cliente' })).toHaveCount(0)
  await expect(boss.getByTestId('count-pending')).toHaveCount(0)
  await expect(boss.getByTestId('count-open')).toHaveText('1')

  await say('Pode ser sexta-feira?')
  // The agent viewing the ticket sees the message arrive in the conversation.
  await expect(agent.getByTestId('message').filter({ hasText: 'sexta-feira' })).toBeVisible()
  // The admin, on the Atendendo tab, sees the row's last message change without a loader run.
  await boss.getByRole('link', { name: /Atendendo/ }).click()
  await expect(boss).toHaveURL(/tab=open/)
  const openRow = boss.getByTestId('ticket-item').filter({ hasText: 'Dora Cliente' })
  await expect(openRow).toContainText('sexta-feira')
  bossNet.requests.length = 0
  await say('De tarde, de preferência')
  await expect(openRow).toContainText('De tarde, de preferência')
  await expect(agent.getByTestId('message').filter({ hasText: 'De tarde' })).toBeVisible()
  await boss.waitForTimeout(800)
  expect(bossNet.requests).toEqual([])

  // The support agent saw nothing of it: no event about a ticket or message, no row, no request.
  const otherEvents = await otherNet.events()
  expect(otherEvents.filter((e) => /^(ticket|message)\./.test(e.type))).toEqual([])
  expect(JSON.stringify(otherEvents)).not.toContain('Dora')
  expect(otherNet.requests).toEqual([])
  await expect(other.getByTestId('ticket-item')).toHaveCount(0)
  await expect(other.getByTestId('count-pending')).toHaveCount(0)
})
