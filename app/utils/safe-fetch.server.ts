/**
 * Outgoing HTTP to addresses a company typed in (webhooks; later flow blocks), guarded against
 * SSRF (ADR 014): the host name is resolved first, every address it resolves to must be a public
 * unicast address (not private, loopback, link-local — cloud metadata —, unique-local, CGNAT,
 * unspecified, multicast, reserved, nor an IPv4 address wrapped in IPv6), and the connection is
 * made to the address that was checked, so a second DNS answer cannot swap it (DNS rebinding).
 * Redirects are followed by hand and each hop is checked again. Hosts the company allowed
 * (`allowedHosts`: names or IP addresses) skip the address check.
 */
import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import ipaddr from 'ipaddr.js'

export type ResolvedAddress = { address: string; family: 4 | 6 }
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>

export type SafeFetchOptions = {
  method?: string
  headers?: Record<string, string>
  body?: string
  /** Host names or IP addresses that may be private (the company's allowlist). */
  allowedHosts?: readonly string[]
  /** For the whole request, redirects included. */
  timeoutMs?: number
  /** Bytes of the response body read; the rest is dropped. */
  maxResponseBytes?: number
  maxRedirects?: number
  /** DNS resolution (tests stub it). */
  resolve?: Resolver
}

export type SafeResponse = {
  status: number
  headers: http.IncomingHttpHeaders
  /** The first `maxResponseBytes` of the body, as UTF-8. */
  body: string
  truncated: boolean
  /** The URL that answered (after redirects). */
  url: string
}

export type SafeFetchErrorCode =
  'invalid_url' | 'blocked_address' | 'dns' | 'timeout' | 'network' | 'too_many_redirects'

export class SafeFetchError extends Error {
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'SafeFetchError'
  }
}

export const SAFE_FETCH_DEFAULTS = {
  timeoutMs: 10_000,
  maxResponseBytes: 64 * 1024,
  maxRedirects: 3,
}

const defaultResolver: Resolver = async (hostname) => {
  const addresses = await dns.promises.lookup(hostname, { all: true, verbatim: true })
  return addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))
}

/** A host as the allowlist stores it: lower case, no brackets, no trailing dot. */
function bareHost(hostname: string) {
  const lower = hostname.toLowerCase().replace(/\.$/, '')
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower
}

/** An IP address in one spelling (so "::ffff:7f00:1" and "::ffff:127.0.0.1" compare equal). */
function normalizeAddress(address: string) {
  try {
    return ipaddr.parse(address).toString()
  } catch {
    return address.toLowerCase()
  }
}

/**
 * Whether an address is public: the only range accepted is global unicast. An IPv4 address mapped
 * into IPv6 is judged as the IPv4 address it is; NAT64, 6to4 and Teredo (which embed IPv4
 * addresses) are refused with the rest.
 */
export function isPublicAddress(address: string) {
  if (!ipaddr.isValid(address)) return false
  const parsed = ipaddr.process(address)
  return parsed.range() === 'unicast'
}

function isAllowed(host: string, allowed: ReadonlySet<string>) {
  return allowed.has(host) || (net.isIP(host) !== 0 && allowed.has(normalizeAddress(host)))
}

/** Resolves a URL's host and returns the address to connect to, or throws blocked_address. */
async function checkedAddress(
  url: URL,
  allowed: ReadonlySet<string>,
  resolve: Resolver,
): Promise<ResolvedAddress> {
  const host = bareHost(url.hostname)
  const literal = net.isIP(host)
  const addresses: ResolvedAddress[] = literal
    ? [{ address: host, family: literal === 6 ? 6 : 4 }]
    : await resolve(host).catch((error: unknown) => {
        throw new SafeFetchError(
          'dns',
          `DNS lookup of ${host} failed: ${error instanceof Error ? error.message : String(error)}`,
        )
      })
  if (!addresses.length) throw new SafeFetchError('dns', `${host} has no address`)
  if (isAllowed(host, allowed)) return addresses[0]!
  // Every address must pass: a name resolving to one public and one private address is refused.
  for (const { address } of addresses) {
    if (!isPublicAddress(address) && !allowed.has(normalizeAddress(address)))
      throw new SafeFetchError(
        'blocked_address',
        `${host} resolves to ${address}, a private or reserved address`,
      )
  }
  return addresses[0]!
}

function parseUrl(value: string, base?: URL) {
  let url: URL
  try {
    url = new URL(value, base)
  } catch {
    throw new SafeFetchError('invalid_url', `Invalid URL: ${value}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SafeFetchError('invalid_url', `Only http and https URLs are allowed: ${url.protocol}`)
  return url
}

/** One HTTP exchange with the checked address; resolves with the (capped) response. */
function request(
  url: URL,
  target: ResolvedAddress,
  init: { method: string; headers: Record<string, string>; body?: string },
  maxBytes: number,
  signal: AbortSignal,
): Promise<SafeResponse> {
  return new Promise((resolvePromise, reject) => {
    const host = bareHost(url.hostname)
    const options: https.RequestOptions = {
      protocol: url.protocol,
      hostname: host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: init.method,
      headers: {
        ...init.headers,
        ...(init.body !== undefined
          ? { 'content-length': String(Buffer.byteLength(init.body)) }
          : {}),
      },
      agent: false,
      signal,
      // The connection goes to the address that was checked, never to a second DNS answer.
      lookup: ((
        _hostname: string,
        opts: { all?: boolean },
        callback: (error: Error | null, address: unknown, family?: number) => void,
      ) => {
        if (opts?.all) callback(null, [{ address: target.address, family: target.family }])
        else callback(null, target.address, target.family)
      }) as unknown as net.LookupFunction,
    }
    if (url.protocol === 'https:' && net.isIP(host) === 0) options.servername = host
    const req = (url.protocol === 'https:' ? https : http).request(options, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      let truncated = false
      const done = () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          truncated,
          url: url.toString(),
        })
      res.on('data', (chunk: Buffer) => {
        if (truncated) return
        const room = maxBytes - size
        if (chunk.length >= room) {
          chunks.push(chunk.subarray(0, room))
          size = maxBytes
          truncated = true
          // Enough read: the rest is not wanted.
          res.destroy()
          done()
          return
        }
        chunks.push(chunk)
        size += chunk.length
      })
      res.on('end', () => {
        if (!truncated) done()
      })
      res.on('error', (error) => {
        if (!truncated) reject(error)
      })
    })
    req.on('error', reject)
    if (init.body !== undefined) req.write(init.body)
    req.end()
  })
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * Sends one request through the SSRF guard. Throws SafeFetchError (invalid_url, blocked_address,
 * dns, timeout, network, too_many_redirects); any HTTP status is an answer, not an error.
 */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}) {
  const timeoutMs = options.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs
  const maxBytes = options.maxResponseBytes ?? SAFE_FETCH_DEFAULTS.maxResponseBytes
  const maxRedirects = options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects
  const resolve = options.resolve ?? defaultResolver
  const allowed = new Set((options.allowedHosts ?? []).map((h) => normalizeAddress(bareHost(h))))
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  let url = parseUrl(rawUrl)
  let init = {
    method: (options.method ?? 'GET').toUpperCase(),
    headers: { ...options.headers },
    body: options.body,
  }
  // The allowlist is for the host the admin named: a redirect to another host is checked without
  // it, so a public receiver cannot bounce a request into the allowed internal network.
  const firstHost = bareHost(url.hostname)
  const notAllowed: ReadonlySet<string> = new Set()
  try {
    for (let hop = 0; ; hop++) {
      const sameHost = bareHost(url.hostname) === firstHost
      const target = await checkedAddress(url, sameHost ? allowed : notAllowed, resolve)
      if (controller.signal.aborted) throw new SafeFetchError('timeout', 'Timed out')
      const response = await request(url, target, init, maxBytes, controller.signal)
      const location = response.headers.location
      if (!REDIRECTS.has(response.status) || !location) return response
      if (hop >= maxRedirects)
        throw new SafeFetchError('too_many_redirects', `More than ${maxRedirects} redirects`)
      url = parseUrl(location, url)
      // 303, and 301/302 after a POST, become a GET without a body (as browsers do).
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && init.method === 'POST')
      ) {
        const { 'content-type': _type, 'Content-Type': _Type, ...headers } = init.headers
        init = { method: 'GET', headers, body: undefined }
      }
    }
  } catch (error) {
    if (error instanceof SafeFetchError) throw error
    if (controller.signal.aborted)
      throw new SafeFetchError('timeout', `No answer within ${timeoutMs / 1000} s`)
    throw new SafeFetchError('network', error instanceof Error ? error.message : String(error))
  } finally {
    clearTimeout(timer)
  }
}
