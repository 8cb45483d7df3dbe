/**
 * Benchmarks: `npm run bench` (all), `npm run bench -- ingest`, `npm run bench -- idle-rss`,
 * `npm run bench -- ticket-list`, `npm run bench -- contact-import`, `npm run bench -- live-fanout`,
 * `npm run bench -- api-send`.
 * Each benchmark runs in a fresh Node process (`--expose-gc --import tsx`) so one's memory never
 * counts in another's, and prints one JSON line on stdout. Figures, not pass/fail tests; progress
 * and notes go to stderr.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const BENCHMARKS = [
  'ingest',
  'idle-rss',
  'ticket-list',
  'contact-import',
  'live-fanout',
  'api-send',
] as const
type Benchmark = (typeof BENCHMARKS)[number]

const isBenchmark = (name: string): name is Benchmark =>
  (BENCHMARKS as readonly string[]).includes(name)

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
const unknown = requested.filter((name) => !isBenchmark(name))
if (unknown.length) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${BENCHMARKS.join(', ')}`)
  process.exit(2)
}

let failed = false
for (const name of requested.length ? requested.filter(isBenchmark) : BENCHMARKS) {
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(root, 'scripts/bench', `${name}.ts`)],
    {
      cwd: root,
      stdio: 'inherit',
      env: process.env,
    },
  )
  if (result.status !== 0) {
    console.error(`benchmark ${name} failed (exit ${result.status ?? result.signal})`)
    failed = true
  }
}
process.exit(failed ? 1 : 0)
