import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startReceiver } from '#tests/webhook-receiver.ts'
import { isPublicAddress, type Resolver, safeFetch, SafeFetchError } from './safe-fetch.server.ts'

/** A resolver from a fixed table (no real DNS in tests). */
const table =
  (entries: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = entries[hostname]
    if (!addresses) throw new Error(`ENOTFOUND ${hostname}`)
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (error instanceof SafeFetchError) return error
    throw error
  }
  throw new Error('expected a SafeFetchError')
}

let receiver: Awaited<ReturnType<typeof startReceiver>>
beforeAll(async () => {
  receiver = await startReceiver((request) => {
    if (request.path === '/to-private')
      return { status: 302, headers: { location: 'http://10.0.0.5/x' } }
    if (request.path === '/to-name')
      return { status: 307, headers: { location: 'http://internal.example/x' } }
    if (request.path.startsWith('/loop')) {
      const n = Number(request.path.slice(5) || 0)
      return { status: 302, headers: { location: `/loop${n + 1}` } }
    }
    if (request.path === '/see-other') return { status: 303, headers: { location: '/echo' } }
    if (request.path === '/to-loopback')
      return { status: 302, headers: { location: `http://127.0.0.1:${receiver.port}/echo` } }
    if (request.path === '/big') return { status: 200, body: 'x'.repeat(200 * 1024) }
    if (request.path === '/hang') return 'hang'
    return { status: 200, body: `${request.method} ${request.headers.host} ${request.body}` }
  })
})
afterAll(() => receiver.close())

describe('the SSRF table: refused before any connection', () => {
  const blocked: Array<[string, string]> = [
    ['IPv4 loopback', 'http://127.0.0.1/'],
    ['loopback elsewhere in 127/8', 'http://127.1.2.3:8080/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['10/8', 'http://10.1.2.3/'],
    ['172.16/12', 'http://172.16.0.1/'],
    ['172.31 (still 172.16/12)', 'http://172.31.255.254/'],
    ['192.168/16', 'http://192.168.0.10/'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['IPv6 unique-local', 'http://[fd00::1]/'],
    ['CGNAT 100.64/10', 'http://100.64.0.1/'],
    ['0.0.0.0', 'http://0.0.0.0/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 private', 'http://[::ffff:10.0.0.1]/'],
    ['NAT64 of a private address', 'http://[64:ff9b::a00:1]/'],
    ['multicast', 'http://224.0.0.1/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['decimal loopback', 'http://2130706433/'],
  ]
  test.each(blocked)('%s: %s', async (_name, url) => {
    const error = await errorOf(safeFetch(url, { resolve: table({}) }))
    expect(error.code).toBe('blocked_address')
  })

  test('a name that resolves to a private address', async () => {
    const resolve = table({ 'intranet.example': ['192.168.1.20'] })
    expect((await errorOf(safeFetch('http://intranet.example/', { resolve }))).code).toBe(
      'blocked_address',
    )
  })

  test('a name with one public and one private address (every address must pass)', async () => {
    const resolve = table({ 'mixed.example': ['93.184.216.34', '127.0.0.1'] })
    expect((await errorOf(safeFetch('http://mixed.example/', { resolve }))).code).toBe(
      'blocked_address',
    )
  })

  test('a name resolving to an IPv4-mapped IPv6 metadata address', async () => {
    const resolve = table({ 'meta.example': ['::ffff:169.254.169.254'] })
    expect((await errorOf(safeFetch('http://meta.example/', { resolve }))).code).toBe(
      'blocked_address',
    )
  })

  test('public addresses pass the check', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isPublicAddress(address)).toBe(true)
    for (const address of ['127.0.0.1', '10.0.0.1', '::1', 'not an ip'])
      expect(isPublicAddress(address)).toBe(false)
  })

  test('other schemes and bad URLs are refused', async () => {
    expect((await errorOf(safeFetch('file:///etc/passwd'))).code).toBe('invalid_url')
    expect((await errorOf(safeFetch('gopher://127.0.0.1/'))).code).toBe('invalid_url')
    expect((await errorOf(safeFetch('not a url'))).code).toBe('invalid_url')
  })
})

describe('allowed hosts, redirects, limits', () => {
  test('an allowed IP is reached', async () => {
    const response = await safeFetch(`${receiver.url}/echo`, {
      method: 'POST',
      body: 'hello',
      allowedHosts: ['127.0.0.1'],
    })
    expect(response).toMatchObject({ status: 200, truncated: false })
    expect(response.body).toBe(`POST 127.0.0.1:${receiver.port} hello`)
  })

  test('an allowed name connects to the address that was checked, with its own Host header', async () => {
    // The resolver is asked once; the socket goes to that answer (no second lookup to rebind).
    let lookups = 0
    const resolve: Resolver = async () => {
      lookups++
      return [{ address: '127.0.0.1', family: 4 }]
    }
    const response = await safeFetch(`http://hooks.internal:${receiver.port}/echo`, {
      allowedHosts: ['hooks.internal'],
      resolve,
    })
    expect(response.body).toBe(`GET hooks.internal:${receiver.port} `)
    expect(lookups).toBe(1)
  })

  test('the allowlist lists an address: a name resolving to it passes, others do not', async () => {
    const resolve = table({ 'box.lan': ['127.0.0.1'], 'other.lan': ['10.0.0.9'] })
    const ok = await safeFetch(`http://box.lan:${receiver.port}/echo`, {
      allowedHosts: ['127.0.0.1'],
      resolve,
    })
    expect(ok.status).toBe(200)
    expect(
      (await errorOf(safeFetch('http://other.lan/', { allowedHosts: ['127.0.0.1'], resolve })))
        .code,
    ).toBe('blocked_address')
  })

  test('a redirect to a private address is checked again and refused', async () => {
    const options = {
      allowedHosts: ['127.0.0.1'],
      resolve: table({ 'internal.example': ['10.9.8.7'] }),
    }
    expect((await errorOf(safeFetch(`${receiver.url}/to-private`, options))).code).toBe(
      'blocked_address',
    )
    expect((await errorOf(safeFetch(`${receiver.url}/to-name`, options))).code).toBe(
      'blocked_address',
    )
  })

  test('the allowlist covers the host named, not a host a redirect leads to', async () => {
    const resolve = table({ 'hooks.example': ['127.0.0.1'] })
    const url = `http://hooks.example:${receiver.port}`
    // Both hosts allowed, but the request starts at hooks.example: the hop to 127.0.0.1 is
    // checked as if nothing were allowed (a public receiver cannot bounce into the network).
    const bounced = await errorOf(
      safeFetch(`${url}/to-loopback`, { allowedHosts: ['hooks.example', '127.0.0.1'], resolve }),
    )
    expect(bounced.code).toBe('blocked_address')
    // Redirects within the allowed host still work.
    const within = await safeFetch(`${url}/see-other`, {
      allowedHosts: ['hooks.example'],
      resolve,
    })
    expect(within.status).toBe(200)
  })

  test('at most 3 redirects are followed; 303 turns a POST into a GET', async () => {
    const allowedHosts = ['127.0.0.1']
    const three = await safeFetch(`${receiver.url}/loop`, { allowedHosts, maxRedirects: 3 }).catch(
      (error: unknown) => error,
    )
    expect(three).toBeInstanceOf(SafeFetchError)
    expect((three as SafeFetchError).code).toBe('too_many_redirects')
    const seeOther = await safeFetch(`${receiver.url}/see-other`, {
      method: 'POST',
      body: 'payload',
      headers: { 'content-type': 'application/json' },
      allowedHosts,
    })
    expect(seeOther.body).toBe(`GET 127.0.0.1:${receiver.port} `)
    expect(seeOther.url).toBe(`${receiver.url}/echo`)
  })

  test('the body read stops at 64 KB', async () => {
    const response = await safeFetch(`${receiver.url}/big`, { allowedHosts: ['127.0.0.1'] })
    expect(response.truncated).toBe(true)
    expect(response.body).toHaveLength(64 * 1024)
  })

  test('no answer within the timeout is a timeout', async () => {
    const started = Date.now()
    const error = await errorOf(
      safeFetch(`${receiver.url}/hang`, { allowedHosts: ['127.0.0.1'], timeoutMs: 300 }),
    )
    expect(error.code).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  test('a DNS failure and a refused connection are errors of their own', async () => {
    expect((await errorOf(safeFetch('http://nowhere.example/', { resolve: table({}) }))).code).toBe(
      'dns',
    )
    const closed = await startReceiver()
    const url = closed.url
    await closed.close()
    expect((await errorOf(safeFetch(url, { allowedHosts: ['127.0.0.1'] }))).code).toBe('network')
  })
})
