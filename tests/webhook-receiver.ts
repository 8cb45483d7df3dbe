import http from 'node:http'
import { type AddressInfo } from 'node:net'

/** One request a test receiver got. */
export type ReceivedRequest = {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: string
  at: number
}

/** How the receiver answers a request: a status (and optional headers/body), or never (hang). */
export type ReceiverAnswer =
  { status: number; headers?: Record<string, string>; body?: string } | 'hang'

/**
 * A local HTTP server on 127.0.0.1 that records what webhooks send it and answers as the test
 * says (200 by default).
 */
export async function startReceiver(
  answer: (request: ReceivedRequest, index: number) => ReceiverAnswer = () => ({ status: 200 }),
) {
  const requests: ReceivedRequest[] = []
  const hanging = new Set<http.ServerResponse>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      }
      requests.push(request)
      const reply = answer(request, requests.length - 1)
      if (reply === 'hang') {
        hanging.add(res)
        return
      }
      res.writeHead(reply.status, reply.headers ?? { 'content-type': 'text/plain' })
      res.end(reply.body ?? 'ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
