import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { z } from '#app/utils/validation.ts'
import { DomainError, forbidden, invalid, notFound } from '#app/domain/errors.ts'
import {
  answer,
  errorResponse,
  formError,
  formInput,
  orHttpError,
  parseBody,
  submitToDomain,
} from './answer.server.ts'
import { parseForm } from './forms.ts'
import { mediaTypeOf } from './multipart.server.ts'

const Body = z.object({ name: z.string().optional() })
const post = (body: BodyInit | undefined, type?: string) =>
  new Request('http://x/simulator/api/connections', {
    method: 'POST',
    body,
    headers: type ? { 'content-type': type } : {},
  })

async function status(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  return error instanceof Response ? error.status : error
}

describe('parseBody: JSON APIs take JSON only', () => {
  test('JSON (any case, with parameters) and no body at all pass', async () => {
    expect(await parseBody(post('{"name":"a"}', 'Application/JSON; charset=utf-8'), Body)).toEqual({
      name: 'a',
    })
    expect(await parseBody(post(undefined), Body)).toEqual({})
  })

  test('a form, multipart, text or an untyped body answers 415', async () => {
    expect(await status(parseBody(post('name=a', 'application/x-www-form-urlencoded'), Body))).toBe(
      415,
    )
    const form = new FormData()
    form.set('name', 'a')
    expect(
      await status(parseBody(new Request('http://x/', { method: 'POST', body: form }), Body)),
    ).toBe(415)
    expect(await status(parseBody(post('{"name":"a"}', 'text/plain'), Body))).toBe(415)
    // fetch types a string body as text/plain.
    expect(await status(parseBody(post('{"name":"a"}'), Body))).toBe(415)
  })
})

describe('one media-type helper', () => {
  test('mediaTypeOf reads a request or a header value, case-insensitively', () => {
    expect(mediaTypeOf(post('x', 'Multipart/Form-Data; boundary=a'))).toBe('multipart/form-data')
    expect(mediaTypeOf(' application/JSON ;charset=utf-8')).toBe('application/json')
    expect(mediaTypeOf(undefined)).toBe('')
  })

  test('no route or edge module reads Content-Type by hand', () => {
    const files = [
      ...fs
        .readdirSync('app/routes', { recursive: true, encoding: 'utf8' })
        .map((f) => path.join('app/routes', f)),
      ...fs.readdirSync('server', { encoding: 'utf8' }).map((f) => path.join('server', f)),
    ].filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    const handWritten = files.filter((file) =>
      /(headers\.get|req\.get)\(\s*'content-type'\s*\)\s*(\?\?\s*'')?\)?\s*\.(startsWith|includes|split|toLowerCase)/i.test(
        fs.readFileSync(file, 'utf8').replace(/\s+/g, ' '),
      ),
    )
    expect(handWritten).toEqual([])
  })
})

describe('one way to answer a DomainError', () => {
  const thrown = async (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a rejection')
      },
      (error: unknown) => error,
    )

  test('a resource route gets { ok: false, error: { code, message, params } } with the 4xx status', async () => {
    const response = await answer(() => {
      throw invalid('name', 'validation.tooLong', { count: 3 })
    })
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({
      ok: false,
      error: {
        code: 'validation.tooLong',
        message: 'Use at most 3 characters.',
        params: { count: 3 },
      },
      fields: { name: [{ key: 'validation.tooLong', params: { count: 3 } }] },
    })
    const ok = await answer(() => ({ id: 'x' }))
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ ok: true, id: 'x' })
    expect(await (await answer(() => undefined)).json()).toEqual({ ok: true })
  })

  test('403, 404 and 409 keep their status; never a 500', async () => {
    for (const [error, status] of [
      [forbidden(), 403],
      [notFound('Ticket'), 404],
      [new DomainError('busy', 'panel.busy', 409), 409],
    ] as const) {
      expect(errorResponse(error).status).toBe(status)
      const response = (await thrown(orHttpError(() => Promise.reject(error)))) as Response
      expect(response.status).toBe(status)
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(error.code)
    }
  })

  test('an unknown error is rethrown as it is (a bug, not a refusal)', async () => {
    const bug = new TypeError('boom')
    expect(() => errorResponse(bug)).toThrow(bug)
    expect(await thrown(orHttpError(() => Promise.reject(bug)))).toBe(bug)
    expect(await thrown(answer(() => Promise.reject(bug)))).toBe(bug)
    const submission = parseForm(new URLSearchParams('name=a'), z.object({ name: z.string() }))
    expect(await thrown(submitToDomain(submission, () => Promise.reject(bug)))).toBe(bug)
  })

  test('a form gets its field error as { key, params } with the 4xx status', async () => {
    const schema = z.object({ name: z.string() })
    const submission = parseForm(new URLSearchParams('name=Ana'), schema)
    const result = await submitToDomain(submission, () => {
      throw invalid('name', 'validation.nameTaken')
    })
    expect(result.ok).toBe(false)
    const response = (result as { response: { data: unknown; init: ResponseInit | null } }).response
    expect(response.init?.status).toBe(422)
    expect(response.data).toMatchObject({
      result: { status: 'error', error: { name: [{ key: 'validation.nameTaken' }] } },
    })
    // Not about the form: the error page.
    expect(() => formError(submission, notFound('Tag'))).toThrow(Response)
  })

  test('bad input of a resource route is a 400 with the errors of each field', async () => {
    const schema = z.object({ stageId: z.string(), count: z.number().max(3) })
    const error = (() => {
      try {
        formInput(new URLSearchParams('count=9'), schema)
      } catch (e) {
        return e as Response
      }
    })()!
    expect(error.status).toBe(400)
    expect(await error.json()).toMatchObject({
      ok: false,
      error: { code: 'validation.invalid' },
      fields: {
        stageId: [{ key: 'validation.required' }],
        count: [{ key: 'validation.tooLong', params: { count: 3 } }],
      },
    })
    // answer() hands the refusal back instead of throwing it (a fetcher gets it as data).
    const answered = await answer(() => formInput(new URLSearchParams(''), schema))
    expect(answered.status).toBe(400)
  })
})
