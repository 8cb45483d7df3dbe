import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Toaster as Sonner, toast as showToast } from 'sonner'
import { type Toast } from '#app/utils/toast.server.ts'

/**
 * Shows the toast a redirect carried (its title is an i18n key). It listens to the router itself,
 * not to the rendered loader data: React renders router updates as transitions and may skip one
 * when the next arrives first (a live reload right after the redirect), and the toast lived only
 * in the skipped data. Each toast shows once (its id).
 */
export function Toaster({ toast }: { toast: Toast | null }) {
  const { t } = useTranslation()
  const translate = useRef(t)
  useEffect(() => {
    translate.current = t
  }, [t])
  const shown = useRef(new Set<string>())
  useEffect(() => {
    const show = (next: Toast | null | undefined) => {
      if (!next || shown.current.has(next.id)) return
      shown.current.add(next.id)
      const kind =
        next.type === 'error'
          ? showToast.error
          : next.type === 'info'
            ? showToast.info
            : showToast.success
      // Next tick: the Sonner container must be mounted.
      setTimeout(() => kind(translate.current(next.title, next.params), { id: next.id }), 0)
    }
    show(toast)
    return window.__remixRouter?.subscribe((state) =>
      show((state.loaderData.root as { toast?: Toast | null } | undefined)?.toast),
    )
    // The first render's toast (from the document); later ones arrive through the subscription.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  return <Sonner position="top-right" richColors closeButton />
}
