import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { UPLOAD_LIMITS } from '#app/utils/upload-limits.server.ts'
import { realRouteManifest } from './testing.ts'

const manifest = await realRouteManifest()

/** A route's source and the route-private server helpers it imports (`./__x.server.ts`). */
function sourceOf(file: string) {
  const full = path.resolve('app', file)
  const own = fs.readFileSync(full, 'utf8')
  const helpers = [...own.matchAll(/from '(\.\/[^']+\.server\.ts)'/g)].map((match) =>
    fs.readFileSync(path.resolve(path.dirname(full), match[1]!), 'utf8'),
  )
  return [own, ...helpers].join('\n')
}

test('every route that reads multipart has an upload limit at the edge, and only those', () => {
  const readsFiles = Object.values(manifest)
    .filter((route) => route.id !== 'root' && route.file)
    .filter((route) =>
      /readMultipartForm|parseMultipart|UploadHandler|readUpload/.test(sourceOf(route.file!)),
    )
    .map((route) => route.id)
    .sort()
  expect(Object.keys(UPLOAD_LIMITS).sort()).toEqual(readsFiles)
})
