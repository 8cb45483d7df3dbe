import { useFetcher } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { type Answer, answerError } from '#app/utils/answer.ts'

/** Translates the refusal of a panel endpoint (`{ ok: false, error: { code, params } }`). */
export function usePanelError() {
  const { t } = useTranslation()
  return (answer: Answer | null | undefined) => {
    const { key, params } = answerError(answer) ?? { key: 'errors.generic' }
    return key.startsWith('validation.')
      ? t(key, params)
      : t(`panel.errors.${key.replace('.', '_')}`, {
          ...params,
          defaultValue: t('panel.errors.generic'),
        })
  }
}

/** A fetcher for POST /resources/tickets/:id/:command that toasts the outcome. */
export function useTicketCommand(key: string, successMessage?: string) {
  const fetcher = useFetcher<Answer>({ key })
  const errorText = usePanelError()
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return
    if (fetcher.data.ok) {
      if (successMessage) toast.success(successMessage)
    } else toast.error(errorText(fetcher.data))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data])
  const run = (ticketId: string, command: string, fields: Record<string, string> = {}) =>
    fetcher.submit(fields, { method: 'POST', action: `/resources/tickets/${ticketId}/${command}` })
  return { run, busy: fetcher.state !== 'idle', fetcher }
}
