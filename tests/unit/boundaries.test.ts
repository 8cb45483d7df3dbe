/**
 * The layers hold (docs/decisions/003 and 007): the domain never imports the runtime or routes,
 * utils never import the domain, the schema imports nothing from app/ (eslint.config.js, rule
 * import-x/no-restricted-paths), and no module imports itself back through others.
 */
import { ESLint } from 'eslint'
import { globFiles, parseCircular, parseDependencyTree } from 'dpdm'
import { describe, expect, test } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

/** Lints `code` as if it were the file at `filePath` (nothing is written to disk). */
async function lintAs(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.map((m) => ({ rule: m.ruleId, line: m.line, message: m.message }))
}

// The first lint loads the config and the resolver: slow on a busy machine.
describe('lint: which layer may import which', { timeout: 60_000 }, () => {
  test('a domain module importing the runtime fails lint, by alias and by relative path', async () => {
    const messages = await lintAs(
      'app/domain/tickets/zz-fixture.server.ts',
      [
        "import { JobRunner } from '#app/runtime/jobs.server.ts'",
        "import { eventTail } from '../../runtime/events.server.ts'",
        'export const both = [JobRunner, eventTail]',
        '',
      ].join('\n'),
    )
    expect(messages).toEqual([
      expect.objectContaining({ rule: 'import-x/no-restricted-paths', line: 1 }),
      expect.objectContaining({ rule: 'import-x/no-restricted-paths', line: 2 }),
    ])
    expect(messages[0]!.message).toContain('The domain never imports the runtime')
  })

  test('a domain module importing a route fails lint', async () => {
    const messages = await lintAs(
      'app/domain/zz-fixture.server.ts',
      "import { loader } from '#app/routes/_app+/_layout.tsx'\nexport const l = loader\n",
    )
    expect(messages).toEqual([expect.objectContaining({ rule: 'import-x/no-restricted-paths' })])
  })

  test('utils importing the domain, and the schema importing app/, fail lint', async () => {
    expect(
      await lintAs(
        'app/utils/zz-fixture.ts',
        "import { isAdmin } from '#app/domain/actor.ts'\nexport const a = isAdmin\n",
      ),
    ).toEqual([expect.objectContaining({ rule: 'import-x/no-restricted-paths' })])
    expect(
      await lintAs(
        'db/schema/zz-fixture.ts',
        "import { newId } from '#app/utils/ids.ts'\nexport const a = newId\n",
      ),
    ).toEqual([expect.objectContaining({ rule: 'import-x/no-restricted-paths' })])
  })

  test('application code writes events with emit, not the untyped writeEventRow', async () => {
    expect(
      await lintAs(
        'app/domain/zz-fixture.server.ts',
        "import { writeEventRow } from '#app/domain/outbox.server.ts'\nexport const w = writeEventRow\n",
      ),
    ).toEqual([expect.objectContaining({ rule: 'no-restricted-imports' })])
  })

  test('the allowed directions pass: runtime → domain, domain → outbox and utils', async () => {
    expect(
      await lintAs(
        'app/runtime/zz-fixture.server.ts',
        "import { emit } from '#app/domain/outbox.server.ts'\nexport const e = emit\n",
      ),
    ).toEqual([])
    expect(
      await lintAs(
        'app/domain/zz-fixture.server.ts',
        [
          "import { emit } from '#app/domain/outbox.server.ts'",
          "import { newId } from '#app/utils/ids.ts'",
          'export const both = [emit, newId]',
          '',
        ].join('\n'),
      ),
    ).toEqual([])
  })
})

describe('imports', () => {
  test('no import circles in app/ (type-only imports are erased, so they do not count)', async () => {
    const files = (await globFiles('app/**/*.{ts,tsx}', process.cwd())).filter(
      (file) => !/\.test\.tsx?$/.test(file),
    )
    expect(files.length).toBeGreaterThan(100)
    const tree = await parseDependencyTree(files, {
      context: process.cwd(),
      tsconfig: 'tsconfig.json',
      transform: true,
      skipDynamicImports: true,
    })
    // The tree resolves the #app/… imports (else nothing could ever form a circle).
    expect(tree['app/domain/outbox.server.ts']?.some((d) => d.id === 'app/domain/events.ts')).toBe(
      true,
    )
    expect(parseCircular(tree, true)).toEqual([])
  }, 60_000)
})
