/**
 * Resource routes answer a Response (ADR 011): a raw object from a loader or action is a Single
 * Fetch deprecation ("REMIX FUTURE CHANGE" on every request) and `data()` keeps its status only on
 * `.data` requests, so lint refuses both; `resourceData()` and `answer()` pass.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, test } from 'vitest'
import { realRouteManifest } from '../../server/testing.ts'

const eslint = new ESLint({ cwd: process.cwd() })

async function lintAs(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.map((m) => ({ rule: m.ruleId, line: m.line, message: m.message }))
}

describe('lint: resource routes return a Response', { timeout: 60_000 }, () => {
  test('a raw object, array or null from a loader or action fails lint; data() too', async () => {
    const messages = await lintAs(
      'app/routes/resources+/zz-fixture.ts',
      [
        "import { data } from '@remix-run/node'",
        'export async function loader() {',
        '  return { tags: [] }',
        '}',
        'export async function action() {',
        '  if (Math.random() > 0.5) return null',
        '  return data({ ok: true })',
        '}',
        '',
      ].join('\n'),
    )
    expect(messages).toEqual([
      expect.objectContaining({ rule: 'no-restricted-imports', line: 1 }),
      expect.objectContaining({ rule: 'no-restricted-syntax', line: 3 }),
      expect.objectContaining({ rule: 'no-restricted-syntax', line: 6 }),
    ])
    expect(messages[1]!.message).toContain('resourceData() or answer()')
  })

  test('resourceData() and answer() pass, and so do objects returned inside their callbacks', async () => {
    expect(
      await lintAs(
        'app/routes/resources+/zz-fixture.ts',
        [
          "import { answer, resourceData } from '#app/utils/answer.server.ts'",
          'export async function loader() {',
          '  return resourceData({ tags: [] })',
          '}',
          'export async function action() {',
          '  return answer(() => {',
          '    return { id: 1 }',
          '  })',
          '}',
          '',
        ].join('\n'),
      ),
    ).toEqual([])
  })

  test('every resource route of the app passes that rule', async () => {
    // A resource route is a route of the manifest whose module has no default export (Remix runs
    // it as one, wherever its file lives): each must be under the rule, and pass it.
    const manifest = await realRouteManifest()
    const files = Object.values(manifest)
      .map((route) => path.join('app', route.file!))
      .filter((file) => !/^export default /m.test(fs.readFileSync(file, 'utf8')))
    expect(files.length).toBeGreaterThan(20)
    for (const file of files) {
      const config = (await eslint.calculateConfigForFile(file)) as {
        rules?: Record<string, unknown>
      }
      expect(config.rules?.['no-restricted-syntax'], file).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ message: expect.stringContaining('resourceData()') }),
        ]),
      )
    }
    const results = await eslint.lintFiles(files)
    const refused = results.flatMap((result) =>
      result.messages
        .filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports')
        .map((m) => `${path.relative(process.cwd(), result.filePath)}:${m.line} ${m.message}`),
    )
    expect(refused).toEqual([])
  })
})
