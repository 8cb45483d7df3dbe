import { isRouteErrorResponse, Link, useParams, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button } from './ui/button.tsx'

type ErrorResponse = { status: number; statusText: string; data: unknown }

type StatusHandler = (info: {
  error: ErrorResponse
  params: Record<string, string | undefined>
}) => React.ReactNode | null

function ErrorPanel({ title, message }: { title: string; message: React.ReactNode }) {
  const { t } = useTranslation()
  return (
    <div
      className="mx-auto flex max-w-md flex-col items-center gap-3 px-6 py-20 text-center"
      role="alert"
    >
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div className="text-muted-foreground">{message}</div>
      <Button asChild variant="outline">
        <Link to="/">{t('errors.goHome')}</Link>
      </Button>
    </div>
  )
}

/** The one error boundary: a friendly page per status; unexpected errors say little. */
export function GeneralErrorBoundary({
  statusHandlers,
}: {
  statusHandlers?: Record<number, StatusHandler>
}) {
  const error = useRouteError()
  const params = useParams()
  const { t } = useTranslation()
  if (typeof document !== 'undefined' && !isRouteErrorResponse(error)) console.warn(error)
  if (isRouteErrorResponse(error)) {
    const custom = statusHandlers?.[error.status]?.({ error, params })
    if (custom) return <>{custom}</>
    if (error.status === 404)
      return <ErrorPanel title={t('errors.notFoundTitle')} message={t('errors.notFound')} />
    if (error.status === 403)
      return <ErrorPanel title={t('errors.forbiddenTitle')} message={t('errors.forbidden')} />
  }
  return <ErrorPanel title={t('errors.generic')} message="" />
}
