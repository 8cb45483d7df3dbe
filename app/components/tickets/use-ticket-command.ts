import { useFetcher } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'

type Result = { ok: boolean; error?: string; params?: Record<string, string | number> }

/** Translates a domain error code from the panel's endpoints. */
export function usePanelError() {
  const { t } = useTranslation()
  return (code?: string, params?: Record<string, string | number>) =>
    code?.startsWith('validation.')
      ? t(code, params)
      : t(`panel.errors.${(code ?? 'generic').replace('.', '_')}`, {
          ...params,
          defaultValue: t('panel.errors.generic'),
        })
}

/** A fetcher for POST /resources/tickets/:id/:command that toasts the outcome. */
export function useTicketCommand(key: string, successMessage?: string) {
  const fetcher = useFetcher<Result>({ key })
  const errorText = usePanelError()
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return
    if (fetcher.data.ok) {
      if (successMessage) toast.success(successMessage)
    } else toast.error(errorText(fetcher.data.error, fetcher.data.params))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data])
  const run = (ticketId: string, command: string, fields: Record<string, string> = {}) =>
    fetcher.submit(fields, { method: 'POST', action: `/resources/tickets/${ticketId}/${command}` })
  return { run, busy: fetcher.state !== 'idle', fetcher }
}
