/**
 * The API's documentation as plain data, read from the operations' zod schemas (Administração ›
 * API renders it; nothing is copied by hand, so the page says what the routes check). Client-safe:
 * no server imports.
 */
import { type z } from 'zod'
import { API_ERROR_DESCRIPTIONS, API_ERROR_STATUS, type ApiOperation } from './contract.ts'

/** One field of a schema, flattened: nested objects are `parent.child`, arrays of them `list[].x`. */
export type FieldDoc = {
  name: string
  /** `string`, `integer`, `boolean`, `string (date-time)`, `string[]`, `enum`, `a | b`… */
  type: string
  required: boolean
  nullable: boolean
  description: string | null
  /** Allowed values (enums, literals). */
  values: string[] | null
  default: string | null
  /** An example from the schema's OpenAPI metadata, when it has one. */
  example: unknown
}

export type ResponseDoc = { status: number; description: string; fields: FieldDoc[] }

export type OperationDoc = {
  id: string
  method: ApiOperation['method']
  path: string
  scope: ApiOperation['scope']
  summary: string
  description: string | null
  tag: string
  params: FieldDoc[]
  query: FieldDoc[]
  body: FieldDoc[]
  multipartFiles: string | null
  responses: ResponseDoc[]
}

export type ErrorCodeDoc = { code: string; status: number; description: string }

/** Where a field of an operation is: the path, the query, the body, or the success answer. */
export const FIELD_PLACES = ['params', 'query', 'body', 'response'] as const
export type FieldPlace = (typeof FIELD_PLACES)[number]

/** The answer whose fields the docs page lists: the operation's first 2xx. */
export function successResponse(operation: OperationDoc) {
  return operation.responses.find((response) => response.status < 300)
}

/** The fields of an operation the docs page lists at one place. */
export function fieldsAt(operation: OperationDoc, place: FieldPlace): FieldDoc[] {
  return place === 'response' ? (successResponse(operation)?.fields ?? []) : operation[place]
}

/**
 * Separator of the key of a field's text in the locales (`api|fields|<operation>|<place>|<field>`,
 * e.g. `api|fields|listContacts|response|data[].tags[].color`): field names have dots, so the
 * lookup passes it to i18next as `keySeparator`.
 */
export const FIELD_KEY_SEPARATOR = '|'

/** The locale key of the text of a field (see FIELD_KEY_SEPARATOR). */
export function fieldTextKey(operationId: string, place: FieldPlace, name: string) {
  return ['api', 'fields', operationId, place, name].join(FIELD_KEY_SEPARATOR)
}

type Translate = (key: string, options: { keySeparator: string; defaultValue: string }) => string

/** A field's description in the user's language (the locales' text), else the schema's; or null. */
export function fieldDescription(
  t: Translate,
  operationId: string,
  place: FieldPlace,
  field: FieldDoc,
): string | null {
  const text = t(fieldTextKey(operationId, place, field.name), {
    keySeparator: FIELD_KEY_SEPARATOR,
    defaultValue: field.description ?? '',
  })
  return text || null
}

type TranslateText = (key: string, options: { defaultValue: string }) => string

/** What an operation does in the user's language (`api.descriptions.<id>`), else the contract's; or null. */
export function operationDescription(t: TranslateText, operation: OperationDoc): string | null {
  const text = t(`api.descriptions.${operation.id}`, { defaultValue: operation.description ?? '' })
  return text || null
}

/** What an answer of an operation means in the user's language (`api.responses.<id>.<status>`), else the contract's. */
export function responseDescription(
  t: TranslateText,
  operationId: string,
  response: Pick<ResponseDoc, 'status' | 'description'>,
): string {
  return t(`api.responses.${operationId}.${response.status}`, {
    defaultValue: response.description,
  })
}

type Def = {
  typeName?: string
  description?: string
  innerType?: z.ZodTypeAny
  schema?: z.ZodTypeAny
  in?: z.ZodTypeAny
  type?: z.ZodTypeAny
  getter?: () => z.ZodTypeAny
  defaultValue?: () => unknown
  values?: readonly unknown[] | Record<string, unknown>
  value?: unknown
  options?: readonly z.ZodTypeAny[] | Map<unknown, z.ZodTypeAny>
  checks?: Array<{ kind: string; offset?: boolean }>
  shape?: () => Record<string, z.ZodTypeAny>
  openapi?: { metadata?: { example?: unknown; description?: string } }
}

const defOf = (schema: z.ZodTypeAny) => schema._def as Def

type Unwrapped = {
  schema: z.ZodTypeAny
  optional: boolean
  nullable: boolean
  description: string | null
  default: unknown
  example: unknown
}

/** Peels the wrappers (optional, default, nullable, preprocess/refine, pipe…) off a schema. */
export function unwrap(schema: z.ZodTypeAny): Unwrapped {
  const out: Unwrapped = {
    schema,
    optional: false,
    nullable: false,
    description: null,
    default: undefined,
    example: undefined,
  }
  let current = schema
  for (let depth = 0; depth < 20; depth++) {
    const def = defOf(current)
    out.description ??= def.openapi?.metadata?.description ?? def.description ?? null
    if (out.example === undefined) out.example = def.openapi?.metadata?.example
    let next: z.ZodTypeAny | undefined
    switch (def.typeName) {
      case 'ZodOptional':
        out.optional = true
        next = def.innerType
        break
      case 'ZodNullable':
        out.nullable = true
        next = def.innerType
        break
      case 'ZodDefault':
        out.optional = true
        out.default = def.defaultValue?.()
        next = def.innerType
        break
      case 'ZodCatch':
      case 'ZodReadonly':
        next = def.innerType
        break
      case 'ZodEffects':
        next = def.schema
        break
      case 'ZodPipeline':
        next = def.in
        break
      case 'ZodBranded':
        next = def.type
        break
      case 'ZodLazy':
        next = def.getter?.()
        break
    }
    if (!next) break
    current = next
  }
  out.schema = current
  return out
}

function stringType(def: Def) {
  const formats: Record<string, string> = {
    datetime: 'date-time',
    date: 'date',
    email: 'email',
    url: 'uri',
    uuid: 'uuid',
  }
  const format = def.checks?.map((check) => formats[check.kind]).find(Boolean)
  return format ? `string (${format})` : 'string'
}

/** The type of an unwrapped schema, as the docs print it; `values` for enums and literals. */
function describeType(schema: z.ZodTypeAny): { type: string; values: string[] | null } {
  const def = defOf(schema)
  switch (def.typeName) {
    case 'ZodString':
      return { type: stringType(def), values: null }
    case 'ZodNumber':
      return {
        type: def.checks?.some((check) => check.kind === 'int') ? 'integer' : 'number',
        values: null,
      }
    case 'ZodBigInt':
      return { type: 'integer', values: null }
    case 'ZodBoolean':
      return { type: 'boolean', values: null }
    case 'ZodDate':
      return { type: 'string (date-time)', values: null }
    case 'ZodEnum':
      return { type: 'enum', values: (def.values as readonly unknown[]).map(String) }
    case 'ZodNativeEnum':
      return {
        type: 'enum',
        // A numeric enum maps its values back to its names: keep the names' entries only.
        values: Object.entries(def.values as Record<string, unknown>)
          .filter(([key]) => Number.isNaN(Number(key)))
          .map(([, value]) => String(value)),
      }
    case 'ZodLiteral':
      return { type: typeof def.value, values: [String(def.value)] }
    case 'ZodArray': {
      const item = unwrap(def.type!)
      const inner = describeType(item.schema)
      const type = inner.type.includes(' ') ? `(${inner.type})[]` : `${inner.type}[]`
      return { type, values: inner.values }
    }
    case 'ZodObject':
    case 'ZodRecord':
      return { type: 'object', values: null }
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion': {
      const options = [...((def.options as Iterable<z.ZodTypeAny> | undefined) ?? [])]
      const described = options.map((option) => describeType(unwrap(option).schema))
      const types = [...new Set(described.map((entry) => entry.type))]
      const values = described.flatMap((entry) => entry.values ?? [])
      return { type: types.join(' | '), values: values.length ? values : null }
    }
    case 'ZodNull':
      return { type: 'null', values: null }
    default:
      return { type: 'any', values: null }
  }
}

function printDefault(value: unknown) {
  if (value === undefined) return null
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** The object an unwrapped schema is, if it is one (an object or an array of objects). */
function objectShape(schema: z.ZodTypeAny): Record<string, z.ZodTypeAny> | null {
  const def = defOf(schema)
  if (def.typeName === 'ZodObject') return def.shape?.() ?? null
  return null
}

/**
 * The fields of an object schema, in declaration order. Nested objects follow their parent as
 * `parent.child` (arrays of objects as `list[].child`); a union's object branch is not expanded.
 */
export function describeFields(schema: z.ZodTypeAny | undefined, prefix = ''): FieldDoc[] {
  if (!schema) return []
  const shape = objectShape(unwrap(schema).schema)
  if (!shape) return []
  const fields: FieldDoc[] = []
  for (const [key, child] of Object.entries(shape)) {
    const unwrapped = unwrap(child)
    const { type, values } = describeType(unwrapped.schema)
    const name = `${prefix}${key}`
    fields.push({
      name,
      type,
      required: !unwrapped.optional,
      nullable: unwrapped.nullable,
      description: unwrapped.description,
      values,
      default: printDefault(unwrapped.default),
      example: unwrapped.example,
    })
    const def = defOf(unwrapped.schema)
    if (def.typeName === 'ZodObject') fields.push(...describeFields(unwrapped.schema, `${name}.`))
    if (def.typeName === 'ZodArray')
      fields.push(...describeFields(unwrap(def.type!).schema, `${name}[].`))
  }
  return fields
}

/** One operation as the docs page shows it. */
export function describeOperation(operation: ApiOperation): OperationDoc {
  return {
    id: operation.id,
    method: operation.method,
    path: operation.path,
    scope: operation.scope,
    summary: operation.summary,
    description: operation.description ?? null,
    tag: operation.tag,
    params: describeFields(operation.params),
    query: describeFields(operation.query),
    body: describeFields(operation.body),
    multipartFiles: operation.multipartFiles ?? null,
    responses: Object.entries(operation.responses)
      .map(([status, response]) => ({
        status: Number(status),
        description: response.description,
        fields: describeFields(response.schema),
      }))
      .sort((a, b) => a.status - b.status),
  }
}

/** Every operation, grouped by tag in the order the tags first appear. */
export function describeApi(operations: readonly ApiOperation[]) {
  const groups: Array<{ tag: string; operations: OperationDoc[] }> = []
  for (const operation of operations) {
    const doc = describeOperation(operation)
    let group = groups.find((entry) => entry.tag === doc.tag)
    if (!group) groups.push((group = { tag: doc.tag, operations: [] }))
    group.operations.push(doc)
  }
  const errors: ErrorCodeDoc[] = Object.entries(API_ERROR_STATUS).map(([code, status]) => ({
    code,
    status,
    description: API_ERROR_DESCRIPTIONS[code as keyof typeof API_ERROR_STATUS],
  }))
  return { groups, errors }
}

export type ApiDocs = ReturnType<typeof describeApi>
