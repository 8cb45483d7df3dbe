import { expect, test } from 'vitest'
import { resolveRouteIds, routePolicy } from './routes.ts'
import { realRouteManifest } from './testing.ts'

const manifest = await realRouteManifest()
const leaf = (url: string) => resolveRouteIds(manifest, url).at(-1)

test('every spelling of a credential path resolves to the route Remix runs', () => {
  for (const [route, paths] of [
    [
      'routes/_auth+/login',
      [
        '/login',
        '/login/',
        '/LOGIN',
        '/Login/',
        '/login.data',
        '/login?index',
        '/login/?index',
        '/%6Cogin',
        '/login//',
        '/./login',
        '/x/../login',
        '/login?_data=routes/_auth%2B/login',
      ],
    ],
    ['routes/_auth+/setup', ['/setup', '/SETUP/', '/setup.data', '/setup?index']],
    [
      'routes/_app+/profile',
      ['/profile', '/Profile', '/profile/', '/profile.data', '/profile?index'],
    ],
  ] as const) {
    for (const path of paths) {
      expect(leaf(path), path).toBe(route)
      expect(routePolicy(resolveRouteIds(manifest, path), {}).credential, path).toBe(true)
    }
  }
})

test('other paths are not credentials', () => {
  for (const path of [
    '/',
    '/_root.data',
    '/login/x',
    '/loginx',
    '/tickets',
    '/resources/preferences',
  ]) {
    expect(routePolicy(resolveRouteIds(manifest, path), {}).credential, path).toBe(false)
  }
  expect(leaf('/_root.data')).toBe('routes/_app+/index')
})

test('the JSON APIs are known by route, with the bodies they take', () => {
  const policy = routePolicy(resolveRouteIds(manifest, '/Simulator/API/messages/'), {})
  expect(policy.jsonApi).toBe(true)
  expect(policy.bodyTypes).toEqual(['application/json', 'multipart/form-data'])
  expect(routePolicy(resolveRouteIds(manifest, '/simulator/api/read.data'), {}).bodyTypes).toEqual([
    'application/json',
  ])
  expect(routePolicy(resolveRouteIds(manifest, '/simulator'), {}).jsonApi).toBe(false)
})

test('?_data= ends the ids at a matching route and is ignored otherwise (the caller never picks)', () => {
  expect(resolveRouteIds(manifest, '/tags/new?_data=routes/_app%2B/contacts.import.index')).toEqual(
    resolveRouteIds(manifest, '/tags/new'),
  )
  expect(leaf('/tags/new?_data=routes/_app%2B/_layout')).toBe('routes/_app+/_layout')
  expect(leaf('/contacts/import?_data=nope')).toBe('routes/_app+/contacts.import.index')
})
