import { createCookie } from '@remix-run/node'

/** A visitor's theme before logging in; after login the user's own setting wins. */
export const themeCookie = createCookie('theme', {
  path: '/',
  sameSite: 'lax',
  maxAge: 365 * 24 * 60 * 60,
})
