import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { parseBody } from './api.server.ts'
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
