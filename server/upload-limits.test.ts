import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { QUICK_REPLY_MEDIA_MAX_BYTES } from '#app/domain/quick-replies/quick-reply-schema.ts'
import { SCHEDULE_MEDIA_MAX_BYTES } from '#app/domain/schedules/schedule-schema.ts'
import { AVATAR_MAX_BYTES } from '#app/domain/users/user-schema.ts'
import { UPLOAD_LIMITS, UPLOAD_READ_BYTES, UPLOAD_ROUTES } from '#app/utils/upload-limits.server.ts'
import { bodyCap, UPLOAD_MARGIN_BYTES } from './body-limit.ts'
import { routePolicy } from './routes.ts'
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

test("each upload route's edge cap holds what its own reader reads (the friendly field error shows)", () => {
  for (const [routeId, kind] of Object.entries(UPLOAD_ROUTES)) {
    const file = manifest[routeId]?.file
    expect(file, routeId).toBeDefined()
    const source = sourceOf(file!)
    // Every reader of the route names its limit by the route's kind: no number of its own.
    const readers = [
      ...source.matchAll(/readMultipartForm\(\s*\w+\s*,\s*([^)]+?)\s*\)/g),
      ...source.matchAll(/maxPartSize:\s*([^,}\n]+?)\s*[,}\n]/g),
    ].map((match) => match[1]!)
    expect(readers.length, routeId).toBeGreaterThan(0)
    const fileReaders = readers.filter((limit) => !/^FIELD_BYTES$/.test(limit))
    expect(fileReaders, routeId).toContain(`UPLOAD_READ_BYTES.${kind}`)
    for (const limit of fileReaders) {
      const used = /^UPLOAD_READ_BYTES\.(\w+)$/.exec(limit)?.[1]
      expect(used, `${routeId} reads with ${limit}`).toBe(kind)
    }
    const cap = bodyCap(routePolicy([routeId], UPLOAD_LIMITS), 'multipart/form-data', true)
    expect(cap, routeId).toBeGreaterThanOrEqual(UPLOAD_READ_BYTES[kind] + UPLOAD_MARGIN_BYTES)
  }
})

test('forms read more than they allow, so a file a little too large gets the field error', () => {
  expect(UPLOAD_READ_BYTES.avatar).toBeGreaterThan(AVATAR_MAX_BYTES)
  expect(UPLOAD_READ_BYTES.media).toBeGreaterThan(QUICK_REPLY_MEDIA_MAX_BYTES)
  expect(UPLOAD_READ_BYTES.media).toBeGreaterThan(SCHEDULE_MEDIA_MAX_BYTES)
})
