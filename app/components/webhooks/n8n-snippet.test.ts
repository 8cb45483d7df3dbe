import { createRequire } from 'node:module'
import { describe, expect, test } from 'vitest'
import { signPayload } from '#app/domain/webhooks/signature.ts'
import { n8nSignatureSnippet } from './n8n-snippet.ts'

const require = createRequire(import.meta.url)
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>

/** Runs the guide's Code node as n8n does: `$input`, `require` and `this.helpers` in scope. */
function runCodeNode(secret: string, item: { json: unknown; binary?: unknown }, raw?: string) {
  const run = new AsyncFunction('$input', 'require', n8nSignatureSnippet(secret))
  const self = {
    helpers: { getBinaryDataBuffer: async () => Buffer.from(raw ?? '', 'utf8') },
  }
  return run.call(self, { first: () => item }, require)
}

const secret = 'whsec_teste'
const body = JSON.stringify({
  id: 'evt_1',
  type: 'message.received',
  createdAt: 1,
  companyId: 'c',
  data: { text: 'Olá, ção 👋' },
})

describe('the n8n guide’s Code node', () => {
  test('accepts a delivery Balcão signed, from the raw body or from the parsed one', async () => {
    const headers = { 'x-balcao-signature': signPayload(secret, body) }
    const fromRaw = await runCodeNode(
      secret,
      { json: { headers, body: JSON.parse(body) }, binary: { data: {} } },
      body,
    )
    expect(fromRaw).toEqual([{ json: JSON.parse(body) }])
    const fromParsed = await runCodeNode(secret, { json: { headers, body: JSON.parse(body) } })
    expect(fromParsed).toEqual([{ json: JSON.parse(body) }])
  })

  test('refuses another secret, a changed body, an old signature and no header', async () => {
    const headers = { 'x-balcao-signature': signPayload(secret, body) }
    const item = (h: Record<string, string>, b = body) => ({
      json: { headers: h, body: JSON.parse(b) },
    })
    await expect(runCodeNode('whsec_outro', item(headers))).rejects.toThrow(/inválida/)
    await expect(runCodeNode(secret, item(headers, body.replace('Olá', 'Oi')))).rejects.toThrow(
      /inválida/,
    )
    const old = {
      'x-balcao-signature': signPayload(secret, body, Math.floor(Date.now() / 1000) - 600),
    }
    await expect(runCodeNode(secret, item(old))).rejects.toThrow(/inválida/)
    await expect(runCodeNode(secret, item({}))).rejects.toThrow(/inválida/)
  })
})
