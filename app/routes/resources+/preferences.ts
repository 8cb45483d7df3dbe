import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { updatePreferences } from '#app/domain/users/users.server.ts'
import { formInput, resourceData } from '#app/utils/answer.server.ts'
import { getCurrentUser, safeRedirect } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { languageCookie } from '#app/utils/i18n.server.ts'
import { PreferencesSchema } from '#app/utils/preferences.ts'
import { themeCookie } from '#app/utils/theme.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

/** Theme and language switches: saved on the user, or in cookies for a visitor. */
export async function action({ request }: ActionFunctionArgs) {
  const { theme, language, redirectTo, fallbackTo } = formInput(
    await readForm(request),
    PreferencesSchema,
  )
  const current = await getCurrentUser(request)
  if (current && (theme || language)) updatePreferences(db, current.actor, { theme, language })
  const headers = new Headers()
  if (theme) headers.append('set-cookie', await themeCookie.serialize(theme))
  if (language) headers.append('set-cookie', await languageCookie.serialize(language))
  if (redirectTo) throw redirect(safeRedirect(redirectTo), { headers })
  // A fetcher (JavaScript) gets data; a plain form post (page not yet interactive) goes back.
  const native = !new URL(request.url).pathname.endsWith('.data') && fallbackTo
  if (native) throw redirect(safeRedirect(fallbackTo), { headers })
  return resourceData({ ok: true }, { headers })
}
