import { execFileSync, spawnSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { defineOperation } from './contract.ts'
import { describeApi, describeOperation } from './docs.ts'
import { buildExamples, exampleUrl, pythonLiteral, sampleValue, shellQuote } from './examples.ts'
import { API_OPERATIONS } from './operations/index.ts'

const options = {
  origin: 'https://balcao.example.com',
  token: 'SEU_TOKEN',
  filePath: '/caminho/do/arquivo.pdf',
}

const send = describeOperation(
  defineOperation({
    id: 'send',
    method: 'POST',
    path: '/api/messages/send',
    scope: 'send',
    summary: 'Send',
    tag: 'Messages',
    body: z.object({
      number: z.string(),
      body: z.string().optional(),
      queueId: z.string().optional(),
      note: z.string().optional(),
    }),
    multipartFiles: 'medias',
    responses: { 201: { description: 'Sent' } },
  }),
)

const list = describeOperation(
  defineOperation({
    id: 'listTickets',
    method: 'GET',
    path: '/api/contacts/{contactId}/tickets',
    scope: 'read',
    summary: 'List',
    tag: 'Tickets',
    params: z.object({ contactId: z.string() }),
    query: z.object({ status: z.enum(['open', 'closed']), page: z.number().optional() }),
    responses: { 200: { description: 'The list' } },
  }),
)

/** Python checks the Python examples' syntax where it is installed. */
const hasPython = spawnSync('python3', ['--version']).status === 0

/** The argv a shell hands to `curl` for the command (curl replaced by a printer). */
function curlArgv(command: string): string[] {
  const out = execFileSync('bash', ['-c', `curl() { printf '%s\\0' "$@"; }\n${command}`], {
    encoding: 'utf8',
  })
  return out.split('\0').slice(0, -1)
}

describe('examples', () => {
  test('curl: the method, the URL, the token and the JSON body, as the shell passes them', () => {
    const { curl } = buildExamples(send, options)
    const argv = curlArgv(curl)
    expect(argv.slice(0, 3)).toEqual(['-X', 'POST', 'https://balcao.example.com/api/messages/send'])
    expect(argv).toContain('Authorization: Bearer SEU_TOKEN')
    expect(argv).toContain('Content-Type: application/json')
    const body = JSON.parse(argv[argv.indexOf('-d') + 1]!) as Record<string, unknown>
    // Required fields and the message's text; other optional fields stay out of the example.
    expect(body).toEqual({ number: '5511999998888', body: expect.any(String) })
  })

  test('curl with a file: multipart fields and the file in the operation’s field', () => {
    const { curlFile } = buildExamples(send, options)
    const argv = curlArgv(curlFile!)
    expect(argv).toContain('number=5511999998888')
    expect(argv).toContain('medias=@/caminho/do/arquivo.pdf')
    expect(buildExamples(list, options).curlFile).toBeNull()
  })

  test('a GET: path parameters and required query filled in, no body', () => {
    expect(exampleUrl(list, options.origin)).toBe(
      'https://balcao.example.com/api/contacts/CONTACT_ID/tickets?status=open',
    )
    const { curl, javascript, python } = buildExamples(list, options)
    expect(curlArgv(curl)).toEqual([
      'https://balcao.example.com/api/contacts/CONTACT_ID/tickets?status=open',
      '-H',
      'Authorization: Bearer SEU_TOKEN',
    ])
    expect(javascript).not.toContain('body:')
    expect(python).toContain('requests.get(')
    expect(python).not.toContain('json=')
  })

  test('JavaScript parses, and sends the same body as curl', async () => {
    const { javascript } = buildExamples(send, options)
    const calls: Array<[string, RequestInit]> = []
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>
    const run = new AsyncFunction('fetch', 'console', javascript)
    await run(
      (url: string, init: RequestInit) => {
        calls.push([url, init])
        return Promise.resolve({ status: 201, json: () => Promise.resolve({}) })
      },
      { log: () => {} },
    )
    expect(calls).toHaveLength(1)
    const [url, init] = calls[0]!
    expect(url).toBe('https://balcao.example.com/api/messages/send')
    expect(init.method).toBe('POST')
    expect(init.headers).toEqual({
      Authorization: 'Bearer SEU_TOKEN',
      'Content-Type': 'application/json',
    })
    expect(JSON.parse(init.body as string)).toMatchObject({ number: '5511999998888' })
  })

  test.skipIf(!hasPython)('Python is valid syntax', () => {
    const { python } = buildExamples(send, options)
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], {
      input: python,
    })
    expect(python).toContain('json={')
  })

  test('literals and quoting', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`)
    expect(curlArgv(`curl ${shellQuote("it's $HOME `x`")}`)).toEqual(["it's $HOME `x`"])
    expect(pythonLiteral({ a: true, b: null, c: [1, 'x'], d: false })).toBe(
      '{\n    "a": True,\n    "b": None,\n    "c": [\n        1,\n        "x",\n    ],\n    "d": False,\n}',
    )
    expect(
      sampleValue({
        name: 'flag',
        type: 'boolean',
        required: true,
        nullable: false,
        description: null,
        values: null,
        default: null,
        example: undefined,
      }),
    ).toBe(true)
  })

  test('every real operation gets examples that the shell and Python accept', () => {
    const pythons: string[] = []
    for (const group of describeApi(API_OPERATIONS).groups)
      for (const operation of group.operations) {
        const examples = buildExamples(operation, options)
        const argv = curlArgv(examples.curl)
        expect(argv.some((arg) => arg.startsWith('https://balcao.example.com/api/'))).toBe(true)
        expect(argv.join(' ')).not.toMatch(/\{\w+\}/)
        pythons.push(examples.python)
      }
    // One interpreter for all of them (starting Python is the slow part).
    if (!hasPython) return
    execFileSync(
      'python3',
      ['-c', 'import ast,json,sys; [ast.parse(code) for code in json.load(sys.stdin)]'],
      { input: JSON.stringify(pythons) },
    )
  }, 20_000)
})
