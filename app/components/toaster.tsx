import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Toaster as Sonner, toast as showToast } from 'sonner'
import { type Toast } from '#app/utils/toast.server.ts'

/** Shows the toast a redirect carried (its title is an i18n key). */
export function Toaster({ toast }: { toast: Toast | null }) {
  const { t } = useTranslation()
  useEffect(() => {
    if (!toast) return
    const show =
      toast.type === 'error'
        ? showToast.error
        : toast.type === 'info'
          ? showToast.info
          : showToast.success
    // Shown on the next tick (the Sonner container must be mounted) and never cancelled: a live
    // revalidation may replace the loader data (toast → null) before the tick. The id dedupes.
    setTimeout(() => show(t(toast.title, toast.params), { id: toast.id }), 0)
  }, [toast, t])
  return <Sonner position="top-right" richColors closeButton />
}
