/**
 * `npm test`: checks the system tools the tests need (Debian's Chromium for Playwright, ffmpeg for
 * media), then runs lint, typecheck, Vitest and Playwright in that order, stopping at the first
 * failure with its exit code.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const TOOLS = ['/usr/bin/chromium', '/usr/bin/ffmpeg']
const INSTALL = ['apt-get', 'install', '-y', 'chromium', 'ffmpeg']

function header(title: string) {
  console.log(`\n━━━ ${title} ${'━'.repeat(Math.max(3, 70 - title.length))}`)
}

/** Runs a command with the terminal attached; returns its exit code (1 when it could not start). */
function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: false })
  if (result.error) console.error(`Could not run ${command}: ${result.error.message}`)
  return result.status ?? 1
}

function ensureSystemTools() {
  const missing = TOOLS.filter((tool) => !fs.existsSync(tool))
  if (missing.length === 0) return
  header(`System tools: missing ${missing.join(', ')}`)
  if (process.getuid?.() !== 0) {
    console.error(
      `Missing ${missing.join(' and ')}. Install them with:\n\n  sudo ${INSTALL.join(' ')}\n`,
    )
    process.exit(1)
  }
  process.env.DEBIAN_FRONTEND ??= 'noninteractive'
  for (const [command, ...args] of [['apt-get', 'update'], INSTALL] as [string, ...string[]][]) {
    const code = run(command, args)
    if (code !== 0) process.exit(code)
  }
}

const steps: [title: string, command: string, args: string[]][] = [
  ['Lint', 'npm', ['run', 'lint']],
  ['Typecheck', 'npm', ['run', 'typecheck']],
  ['Unit tests (Vitest)', 'npx', ['vitest', 'run']],
  ['End-to-end tests (Playwright)', 'npx', ['playwright', 'test']],
]

ensureSystemTools()
const started = Date.now()
for (const [title, command, args] of steps) {
  header(title)
  const code = run(command, args)
  if (code !== 0) {
    console.error(`\n✗ ${title} failed (exit code ${code}).`)
    process.exit(code)
  }
}
console.log(
  `\n✓ All checks passed: ${steps.map(([title]) => title).join(', ')} (${Math.round((Date.now() - started) / 1000)} s).`,
)
