import { createInstance } from 'i18next'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { API_ERROR_STATUS, apiBoolean, apiId, defineOperation } from './contract.ts'
import {
  describeApi,
  describeFields,
  describeOperation,
  FIELD_PLACES,
  fieldDescription,
  fieldsAt,
  operationDescription,
  responseDescription,
} from './docs.ts'
import { API_OPERATIONS } from './operations/index.ts'
import { API_LIST_LIMIT_MAX } from './operations/resources.ts'
import { apiEn, apiPtBR } from '#app/locales/api.ts'
import i18nOptions from '#app/utils/i18n.ts'

const sample = z.object({
  number: z
    .preprocess((value) => String(value), z.string().min(1).describe('The phone number'))
    .describe('ignored: the first description wins from the outside in'),
  body: z.string().max(10).optional().describe('The text'),
  userId: apiId.optional().describe('Who'),
  closeTicket: apiBoolean.optional(),
  status: z.enum(['open', 'closed']).default('open'),
  limit: z.number().int().min(1).nullable(),
  at: z.string().datetime({ offset: true }).optional(),
  tags: z.array(z.string()).optional(),
  quoted: z.union([apiId, z.object({ id: apiId })]).optional(),
  address: z.object({ city: z.string(), zip: z.string().optional() }).optional(),
  items: z.array(z.object({ sku: z.string() })),
})

describe('describeFields reads what the schema checks', () => {
  test('names, types, required, descriptions, values and defaults, nested fields after their parent', () => {
    expect(describeFields(sample)).toEqual([
      expect.objectContaining({
        name: 'number',
        type: 'string',
        required: true,
        description: 'ignored: the first description wins from the outside in',
      }),
      expect.objectContaining({
        name: 'body',
        type: 'string',
        required: false,
        description: 'The text',
      }),
      expect.objectContaining({
        name: 'userId',
        type: 'string',
        required: false,
        description: 'Who',
      }),
      expect.objectContaining({ name: 'closeTicket', type: 'boolean', required: false }),
      expect.objectContaining({
        name: 'status',
        type: 'enum',
        required: false,
        values: ['open', 'closed'],
        default: 'open',
      }),
      expect.objectContaining({ name: 'limit', type: 'integer', required: true, nullable: true }),
      expect.objectContaining({ name: 'at', type: 'string (date-time)' }),
      expect.objectContaining({ name: 'tags', type: 'string[]' }),
      expect.objectContaining({ name: 'quoted', type: 'string | object' }),
      expect.objectContaining({ name: 'address', type: 'object', required: false }),
      expect.objectContaining({ name: 'address.city', type: 'string', required: true }),
      expect.objectContaining({ name: 'address.zip', required: false }),
      expect.objectContaining({ name: 'items', type: 'object[]', required: true }),
      expect.objectContaining({ name: 'items[].sku', type: 'string', required: true }),
    ])
  })

  test('an object behind a refinement is still read; no schema is no fields', () => {
    const refined = z.object({ a: z.string() }).superRefine(() => {})
    expect(describeFields(refined).map((field) => field.name)).toEqual(['a'])
    expect(describeFields(undefined)).toEqual([])
  })

  test('an operation: its responses sorted by status, with the fields of their schemas', () => {
    const operation = defineOperation({
      id: 'getThing',
      method: 'GET',
      path: '/api/things/{thingId}',
      scope: 'read',
      summary: 'Get a thing',
      tag: 'Things',
      params: z.object({ thingId: z.string() }),
      responses: {
        404: { description: 'No such thing' },
        200: { description: 'The thing', schema: z.object({ id: z.string() }) },
      },
    })
    expect(describeOperation(operation)).toMatchObject({
      id: 'getThing',
      params: [{ name: 'thingId', required: true }],
      query: [],
      body: [],
      multipartFiles: null,
      responses: [
        { status: 200, fields: [{ name: 'id' }] },
        { status: 404, fields: [] },
      ],
    })
  })
})

describe('the docs of the real API', () => {
  const docs = describeApi(API_OPERATIONS)
  const operations = docs.groups.flatMap((group) => group.operations)

  test('every operation is documented once, grouped by its tag, with the fields of its schemas', () => {
    expect(operations.map((operation) => operation.id).sort()).toEqual(
      API_OPERATIONS.map((operation) => operation.id).sort(),
    )
    for (const operation of API_OPERATIONS) {
      const doc = operations.find((entry) => entry.id === operation.id)!
      expect(doc.tag).toBe(operation.tag)
      const topLevel = (fields: { name: string }[]) =>
        fields.filter((field) => !field.name.includes('.')).map((field) => field.name)
      expect(topLevel(doc.body)).toEqual(Object.keys(operation.body?.shape ?? {}))
      expect(topLevel(doc.query)).toEqual(Object.keys(operation.query?.shape ?? {}))
      expect(topLevel(doc.params)).toEqual(Object.keys(operation.params?.shape ?? {}))
      // Every path parameter is documented.
      for (const [, name] of operation.path.matchAll(/\{(\w+)\}/g))
        expect(doc.params.map((field) => field.name)).toContain(name)
    }
  })

  test('sending a message: number required, the text optional, files in medias', () => {
    const send = operations.find((operation) => operation.id === 'sendMessage')!
    expect(send).toMatchObject({ method: 'POST', path: '/api/messages/send', scope: 'send' })
    expect(send.body.find((field) => field.name === 'number')).toMatchObject({ required: true })
    expect(send.body.find((field) => field.name === 'body')).toMatchObject({
      required: false,
      type: 'string',
    })
    expect(send.multipartFiles).toBe('medias')
    expect(send.responses.some((response) => response.status === 201)).toBe(true)
  })

  test('every error code is listed with its status', () => {
    expect(docs.errors).toHaveLength(Object.keys(API_ERROR_STATUS).length)
    expect(docs.errors).toContainEqual(
      expect.objectContaining({ code: 'missing_scope', status: 403 }),
    )
  })

  test('the docs are plain data (they travel in the loader as JSON)', () => {
    expect(JSON.parse(JSON.stringify(docs))).toEqual(docs)
  })

  test('the docs page names every operation, tag and error code in pt-BR and English', () => {
    for (const texts of [apiPtBR, apiEn]) {
      expect(Object.keys(texts.summaries).sort()).toEqual(operations.map((op) => op.id).sort())
      expect(Object.keys(texts.tags).sort()).toEqual(docs.groups.map((group) => group.tag).sort())
      expect(Object.keys(texts.errorCodes).sort()).toEqual(
        docs.errors.map((error) => error.code).sort(),
      )
    }
  })

  test('the docs page describes every field of every operation in pt-BR and English', () => {
    for (const texts of [apiPtBR, apiEn]) {
      expect(Object.keys(texts.fields).sort()).toEqual(operations.map((op) => op.id).sort())
      for (const operation of operations)
        for (const place of FIELD_PLACES) {
          const described = texts.fields[operation.id]?.[place] ?? {}
          // No field without its text, and no text of a field that is gone.
          expect(Object.keys(described).sort(), `${operation.id} ${place}`).toEqual(
            fieldsAt(operation, place)
              .map((field) => field.name)
              .sort(),
          )
          for (const [name, text] of Object.entries(described))
            expect(text.trim(), `${operation.id} ${place} ${name}`).not.toBe('')
        }
    }
    // Numbers the texts repeat from the schemas.
    expect(apiPtBR.fields.listContacts?.query?.limit).toContain(`a ${API_LIST_LIMIT_MAX} `)
    expect(apiEn.fields.listContacts?.query?.limit).toContain(`to ${API_LIST_LIMIT_MAX} `)
  })

  test('the docs page says what every operation does and what every answer means in pt-BR and English', () => {
    for (const texts of [apiPtBR, apiEn]) {
      // A text for each operation the contract describes, and none for one it does not (or is gone).
      expect(Object.keys(texts.descriptions).sort()).toEqual(
        operations
          .filter((operation) => operation.description)
          .map((operation) => operation.id)
          .sort(),
      )
      expect(Object.keys(texts.responses).sort()).toEqual(operations.map((op) => op.id).sort())
      for (const operation of operations) {
        if (operation.description)
          expect(texts.descriptions[operation.id]?.trim(), operation.id).toBeTruthy()
        const answers = texts.responses[operation.id] ?? {}
        expect(Object.keys(answers).sort(), operation.id).toEqual(
          operation.responses.map((response) => String(response.status)).sort(),
        )
        for (const [status, text] of Object.entries(answers))
          expect(text.trim(), `${operation.id} ${status}`).not.toBe('')
      }
    }
  })

  test('the page finds an operation’s and an answer’s text in the user’s language, else the contract’s', async () => {
    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng: 'pt-BR' })
    const ptBR = i18n.getFixedT('pt-BR')
    const en = i18n.getFixedT('en')
    const send = operations.find((operation) => operation.id === 'sendMessage')!
    const sent = send.responses.find((response) => response.status === 201)!
    expect(operationDescription(ptBR, send)).toBe(apiPtBR.descriptions.sendMessage)
    expect(operationDescription(ptBR, send)).toMatch(/^Compatível com o Whaticket\./)
    expect(operationDescription(en, send)).toBe(send.description)
    expect(responseDescription(ptBR, send.id, sent)).toBe(
      'Enviada (na fila da conexão) ou agendada.',
    )
    expect(responseDescription(en, send.id, sent)).toBe(sent.description)
    // Not in the locales (yet): the contract's English, or nothing.
    const unknown = { ...send, id: 'noSuchOperation' }
    expect(operationDescription(ptBR, unknown)).toBe(send.description)
    expect(operationDescription(ptBR, { ...unknown, description: null })).toBeNull()
    expect(responseDescription(ptBR, send.id, { status: 418, description: 'Teapot.' })).toBe(
      'Teapot.',
    )
  })

  test('the page finds a field’s text in the user’s language (dots and [] in its name), else the schema’s', async () => {
    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng: 'pt-BR' })
    const contacts = operations.find((operation) => operation.id === 'listContacts')!
    const color = contacts.responses[0]!.fields.find(
      (field) => field.name === 'data[].tags[].color',
    )!
    const describeIn = (lng: string, field = color, operationId = contacts.id) =>
      fieldDescription(i18n.getFixedT(lng), operationId, 'response', field)
    expect(describeIn('pt-BR')).toBe('Cor em hexadecimal, ex.: #16a34a.')
    expect(describeIn('en')).toBe('Hex colour, e.g. #16a34a.')
    // A field the locales do not know yet: the schema's description, or nothing.
    const newField = { ...color, name: 'data[].shiny' }
    expect(describeIn('pt-BR', newField)).toBe(color.description)
    expect(describeIn('pt-BR', { ...newField, description: null })).toBeNull()
    expect(describeIn('en', color, 'noSuchOperation')).toBe(color.description)
  })
})
