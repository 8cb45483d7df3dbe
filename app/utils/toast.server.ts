import { redirect } from '@remix-run/node'
import { z } from 'zod'
import { combineHeaders } from './misc.ts'
import { toastStorage } from './session.server.ts'

const ToastSchema = z.object({
  type: z.enum(['success', 'error', 'info']).default('success'),
  /** An i18n key, with optional params. */
  title: z.string(),
  params: z.record(z.union([z.string(), z.number()])).optional(),
  id: z.string().default(() => crypto.randomUUID()),
})

export type Toast = z.infer<typeof ToastSchema>
export type ToastInput = z.input<typeof ToastSchema>

const KEY = 'toast'

export async function createToastHeaders(input: ToastInput) {
  const session = await toastStorage.getSession()
  session.flash(KEY, ToastSchema.parse(input))
  return new Headers({ 'set-cookie': await toastStorage.commitSession(session) })
}

export async function redirectWithToast(url: string, toast: ToastInput, init?: ResponseInit) {
  return redirect(url, {
    ...init,
    headers: combineHeaders(init?.headers, await createToastHeaders(toast)),
  })
}

export async function getToast(request: Request) {
  const session = await toastStorage.getSession(request.headers.get('cookie'))
  const parsed = ToastSchema.safeParse(session.get(KEY))
  const toast = parsed.success ? parsed.data : null
  return {
    toast,
    headers: toast
      ? new Headers({ 'set-cookie': await toastStorage.destroySession(session) })
      : null,
  }
}
