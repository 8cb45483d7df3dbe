import { z } from 'zod'
import { LANGUAGES, THEMES } from '#db/schema/users.ts'

/** The resource route that saves theme and language (for users in the DB, for visitors in a cookie). */
export const PREFERENCES_ACTION = '/resources/preferences'

export const PreferencesSchema = z.object({
  theme: z.enum(THEMES).optional(),
  language: z.enum(LANGUAGES).optional(),
  redirectTo: z.string().optional(),
  /** Where a native (no-JavaScript) post returns to. */
  fallbackTo: z.string().optional(),
})

export function getVisitorTheme(value: unknown): 'light' | 'dark' {
  return value === 'dark' ? 'dark' : 'light'
}
