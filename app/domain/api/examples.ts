/**
 * Copyable calls of an operation (curl, JavaScript fetch, Python requests), built from its
 * documented fields and this server's origin. Client-safe.
 */
import { type FieldDoc, type OperationDoc } from './docs.ts'

export type ExampleOptions = {
  /** This server, e.g. `https://balcao.example.com` (no trailing slash). */
  origin: string
  /** What stands for the secret: `SEU_TOKEN`. */
  token: string
  /** A file path for the multipart example: `/caminho/do/arquivo.pdf`. */
  filePath: string
}

export type OperationExamples = {
  curl: string
  javascript: string
  python: string
  /** The multipart variant, for an operation that takes files. */
  curlFile: string | null
}

/** Sample values by field name, for fields whose schema has no example of its own. */
const SAMPLES: Record<string, unknown> = {
  number: '5511999998888',
  body: 'Olá! Esta é uma mensagem da API do Balcão.',
  text: 'Olá! Esta é uma mensagem da API do Balcão.',
  name: 'Maria Silva',
  email: 'maria@example.com',
  search: 'maria',
  q: 'maria',
  page: 1,
  limit: 20,
  pageSize: 20,
}

/** Optional fields worth showing in an example although none requires them (a message's text). */
const SHOWCASE = new Set(['body', 'text'])

/** `contactId` → `CONTACT_ID`: a placeholder that reads as one in any language. */
function placeholder(name: string) {
  const leaf = name.split('.').at(-1) ?? name
  return leaf.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()
}

/** The example value of a field: its schema's example, a sample by name, or one by type. */
export function sampleValue(field: FieldDoc): unknown {
  if (field.example !== undefined) return field.example
  const leaf = field.name.split('.').at(-1) ?? field.name
  if (leaf in SAMPLES) return SAMPLES[leaf]
  if (field.values?.length) return field.type.endsWith('[]') ? [field.values[0]] : field.values[0]
  if (/Id$|^id$/.test(leaf)) return placeholder(leaf)
  const type = field.type.split(' | ')[0] ?? 'string'
  if (type === 'boolean') return true
  if (type === 'integer' || type === 'number') return 1
  if (type === 'string (date-time)') return '2030-01-31T14:30:00-03:00'
  if (type === 'string (date)') return '2030-01-31'
  if (type.endsWith('[]')) return []
  if (type === 'object') return {}
  return placeholder(leaf)
}

/** The top-level fields an example sends: the required ones, those with examples, the showcase. */
function exampleObject(fields: FieldDoc[]) {
  const object: Record<string, unknown> = {}
  for (const field of fields) {
    if (field.name.includes('.')) continue
    if (field.required || field.example !== undefined || SHOWCASE.has(field.name))
      object[field.name] = sampleValue(field)
  }
  return object
}

/** The operation's URL with its path parameters and example query filled in. */
export function exampleUrl(operation: OperationDoc, origin: string) {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const field = operation.params.find((param) => param.name === name)
    return encodeURIComponent(String(field ? sampleValue(field) : placeholder(name)))
  })
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(exampleObject(operation.query)))
    query.set(key, String(value))
  const search = query.toString()
  return `${origin.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`
}

/** A shell single-quoted word ('…'\''…'). */
export function shellQuote(text: string) {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

function indent(text: string, spaces: number) {
  const pad = ' '.repeat(spaces)
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? line : pad + line))
    .join('\n')
}

/** A JSON value as a Python literal (True/False/None, dicts and lists). */
export function pythonLiteral(value: unknown, level = 0): string {
  const pad = '    '.repeat(level + 1)
  const close = '    '.repeat(level)
  if (value === null || value === undefined) return 'None'
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value)) {
    if (!value.length) return '[]'
    return `[\n${value.map((item) => `${pad}${pythonLiteral(item, level + 1)},`).join('\n')}\n${close}]`
  }
  const entries = Object.entries(value as Record<string, unknown>)
  if (!entries.length) return '{}'
  return `{\n${entries
    .map(([key, item]) => `${pad}${JSON.stringify(key)}: ${pythonLiteral(item, level + 1)},`)
    .join('\n')}\n${close}}`
}

/** The calls of one operation, ready to paste. */
export function buildExamples(operation: OperationDoc, options: ExampleOptions): OperationExamples {
  const url = exampleUrl(operation, options.origin)
  const body = exampleObject(operation.body)
  const hasBody = operation.body.length > 0 && operation.method !== 'GET'
  const auth = `Authorization: Bearer ${options.token}`

  const curl = [
    `curl${operation.method === 'GET' ? '' : ` -X ${operation.method}`} ${shellQuote(url)}`,
    `  -H ${shellQuote(auth)}`,
    ...(hasBody
      ? [
          `  -H ${shellQuote('Content-Type: application/json')}`,
          `  -d ${shellQuote(JSON.stringify(body, null, 2))}`,
        ]
      : []),
  ].join(' \\\n')

  const javascript = [
    `const response = await fetch(${JSON.stringify(url)}, {`,
    `  method: ${JSON.stringify(operation.method)},`,
    '  headers: {',
    `    Authorization: ${JSON.stringify(`Bearer ${options.token}`)},`,
    ...(hasBody ? [`    'Content-Type': 'application/json',`] : []),
    '  },',
    ...(hasBody ? [`  body: JSON.stringify(${indent(JSON.stringify(body, null, 2), 2)}),`] : []),
    '})',
    'const data = await response.json()',
    'console.log(response.status, data)',
  ].join('\n')

  const python = [
    'import requests',
    '',
    `response = requests.${operation.method.toLowerCase()}(`,
    `    ${JSON.stringify(url)},`,
    `    headers={"Authorization": ${JSON.stringify(`Bearer ${options.token}`)}},`,
    ...(hasBody ? [`    json=${pythonLiteral(body, 1)},`] : []),
    ')',
    'print(response.status_code, response.json())',
  ].join('\n')

  const curlFile = operation.multipartFiles
    ? [
        `curl -X ${operation.method} ${shellQuote(url)}`,
        `  -H ${shellQuote(auth)}`,
        ...Object.entries(body).map(
          ([key, value]) =>
            `  -F ${shellQuote(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)}`,
        ),
        `  -F ${shellQuote(`${operation.multipartFiles}=@${options.filePath}`)}`,
      ].join(' \\\n')
    : null

  return { curl, javascript, python, curlFile }
}
