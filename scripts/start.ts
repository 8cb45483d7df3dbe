/**
 * `npm start`: builds the app when the build is missing or older than the sources, then serves
 * the production build. No other setup is needed: the database, the session secret and the first
 * company are created on first start.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const buildMarker = path.resolve(root, process.env.BUILD_DIR ?? 'build', 'server/index.js')
const sources = [
  'app',
  'public',
  'vite.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'db/schema',
]

function newestMtime(entry: string): number {
  const full = path.join(root, entry)
  if (!fs.existsSync(full)) return 0
  const stat = fs.statSync(full)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const child of fs.readdirSync(full))
    newest = Math.max(newest, newestMtime(path.join(entry, child)))
  return newest
}

export function buildIsStale() {
  if (!fs.existsSync(buildMarker)) return true
  const built = fs.statSync(buildMarker).mtimeMs
  return sources.some((source) => newestMtime(source) > built)
}

if (buildIsStale()) {
  console.log('Building Balcão (first start or sources changed)…')
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
}

process.env.NODE_ENV ??= 'production'
await import('../server.ts')
