import { Form, Link, useRouteLoaderData } from '@remix-run/react'
import { CheckCircle2, Download, FileSpreadsheet, Smartphone, XCircle } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { ErrorList, SelectField } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { type RootLoader } from '#app/root.tsx'
import { formatDateTime, formatNumber } from '#app/utils/format.ts'
import { cn, useIsPending } from '#app/utils/misc.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'
import { type ContactImportStatus } from '#db/schema/contact-imports.ts'

type FormError = { error: ErrorMessage }

const errorText = (error?: FormError) => (error ? [error.error] : undefined)

export const STEPS = ['upload', 'mapping', 'progress', 'summary'] as const
export type Step = (typeof STEPS)[number]

/** "Passo 2 de 4 — Colunas": where the wizard is. */
export function Steps({ current }: { current: Step }) {
  const { t } = useTranslation()
  const at = STEPS.indexOf(current)
  return (
    <ol
      className="flex items-center gap-2 text-xs sm:text-sm"
      aria-label={t('contacts.import.stepOf', { step: at + 1 })}
    >
      {STEPS.map((step, index) => (
        <li
          key={step}
          className="flex items-center gap-2"
          aria-current={index === at ? 'step' : undefined}
        >
          <span
            className={cn(
              'flex size-6 items-center justify-center rounded-full border text-xs font-semibold',
              index < at && 'bg-primary text-primary-foreground border-primary',
              index === at && 'border-primary text-primary',
              index > at && 'text-muted-foreground',
            )}
          >
            {index + 1}
          </span>
          <span
            className={cn(
              index === at ? 'font-medium' : 'text-muted-foreground',
              'hidden sm:inline',
            )}
          >
            {t(`contacts.import.steps.${step}`)}
          </span>
          {index < STEPS.length - 1 ? (
            <span className="bg-border h-px w-4 sm:w-8" aria-hidden />
          ) : null}
        </li>
      ))}
    </ol>
  )
}

/** Step 1: the file (and the template to start from). */
export function UploadStep({ maxMb, error }: { maxMb: number; error?: FormError }) {
  const { t } = useTranslation()
  const isPending = useIsPending({ formMethod: 'POST' })
  return (
    <Card className="flex flex-col gap-4 p-4 sm:p-6">
      <Steps current="upload" />
      <div className="flex flex-col gap-1">
        <h2 className="flex items-center gap-2 font-semibold">
          <FileSpreadsheet className="size-4" /> {t('contacts.import.title')}
        </h2>
        <p className="text-muted-foreground text-sm">{t('contacts.import.templateHint')}</p>
      </div>
      <Button asChild variant="outline" className="self-start">
        <a href="/resources/contacts/template" download>
          <Download /> {t('contacts.import.template')}
        </a>
      </Button>
      <Form method="POST" encType="multipart/form-data" className="flex flex-col gap-3">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="import-file">{t('contacts.import.file')}</Label>
          <Input
            id="import-file"
            name="file"
            type="file"
            required
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'import-file-error' : undefined}
          />
          <p className="text-muted-foreground text-xs">
            {t('contacts.import.fileHint', { mb: maxMb })}
          </p>
          <div role={error ? 'alert' : undefined}>
            <ErrorList id="import-file-error" errors={errorText(error)} />
          </div>
        </div>
        <StatusButton type="submit" pending={isPending} className="self-start">
          {t('contacts.import.upload')}
        </StatusButton>
      </Form>
    </Card>
  )
}

/** "Importar do WhatsApp": the contacts of a connected phone. */
export function DeviceImport({
  devices,
  error,
}: {
  devices: Array<{ id: string; name: string; connected: boolean }>
  error?: FormError
}) {
  const { t } = useTranslation()
  const connected = devices.filter((d) => d.connected)
  const isPending = useIsPending({ formMethod: 'POST' })
  return (
    <Card className="flex flex-col gap-3 p-4 sm:p-6">
      <h2 className="flex items-center gap-2 font-semibold">
        <Smartphone className="size-4" /> {t('contacts.device.title')}
      </h2>
      <p className="text-muted-foreground text-sm">{t('contacts.device.description')}</p>
      {connected.length === 0 ? (
        <p className="text-sm">{t('contacts.device.noneConnected')}</p>
      ) : (
        <Form method="POST" className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <input type="hidden" name="intent" value="device" />
          <SelectField
            className="sm:w-64"
            labelProps={{ children: t('contacts.device.connection') }}
            selectProps={{ name: 'connectionId', defaultValue: connected[0]?.id }}
            options={connected.map((d) => ({ value: d.id, label: d.name }))}
          />
          <StatusButton type="submit" variant="outline" pending={isPending}>
            {t('contacts.device.submit')}
          </StatusButton>
        </Form>
      )}
      <div role={error ? 'alert' : undefined}>
        <ErrorList errors={errorText(error)} />
      </div>
    </Card>
  )
}

export function StatusBadge({ status }: { status: ContactImportStatus }) {
  const { t } = useTranslation()
  return (
    <Badge
      variant={status === 'failed' ? 'destructive' : status === 'done' ? 'secondary' : 'outline'}
    >
      {t(`contacts.import.statuses.${status}`)}
    </Badge>
  )
}

export function RecentImports({
  imports,
}: {
  imports: Array<{
    id: string
    fileName: string
    kind: 'xlsx' | 'csv' | 'device'
    status: ContactImportStatus
    createdAt: number
    createdCount: number
    updatedCount: number
    skippedCount: number
  }>
}) {
  const { t } = useTranslation()
  const root = useRouteLoaderData<RootLoader>('root')
  const locale = root?.locale ?? 'pt-BR'
  const timeZone = root?.user?.timeZone ?? 'America/Sao_Paulo'
  if (!imports.length) return null
  return (
    <Card className="overflow-hidden">
      <h2 className="border-b px-4 py-3 font-semibold sm:px-6">{t('contacts.import.recent')}</h2>
      <ul className="divide-y text-sm">
        {imports.map((item) => (
          <li
            key={item.id}
            className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 sm:px-6"
          >
            <Link
              to={`/contacts/import/${item.id}`}
              className="min-w-0 flex-1 truncate font-medium hover:underline"
            >
              {item.fileName}
            </Link>
            <span className="text-muted-foreground text-xs">
              {t(`contacts.import.kinds.${item.kind}`)}
            </span>
            <StatusBadge status={item.status} />
            <span className="text-muted-foreground text-xs whitespace-nowrap">
              {formatDateTime(item.createdAt, locale, timeZone)}
            </span>
            {item.status === 'done' ? (
              <span className="text-muted-foreground w-full text-xs tabular-nums">
                {t('contacts.import.summaryCreated')}: {formatNumber(item.createdCount, locale)} ·{' '}
                {t('contacts.import.summaryUpdated')}: {formatNumber(item.updatedCount, locale)} ·{' '}
                {t('contacts.import.summarySkipped')}: {formatNumber(item.skippedCount, locale)}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  )
}

/** The live bar: a known total gives a percentage; an unknown one, the count only. */
export function ProgressBar({
  processed,
  total,
  label,
}: {
  processed: number
  total: number
  label: string
}) {
  const percent = total > 0 ? Math.min(100, Math.round((processed / total) * 100)) : null
  return (
    <div className="flex flex-col gap-2">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={label}
        className="bg-muted h-3 overflow-hidden rounded-full"
      >
        <div
          className={cn(
            'bg-primary h-full rounded-full transition-[width] duration-300',
            percent === null && 'w-1/3 animate-pulse',
          )}
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
      <p className="text-muted-foreground flex justify-between text-sm tabular-nums">
        <span>{label}</span>
        {percent !== null ? <span>{percent}%</span> : null}
      </p>
    </div>
  )
}

export function SummaryCounts({
  created,
  updated,
  skipped,
}: {
  created: number
  updated: number
  skipped: number
}) {
  const { t } = useTranslation()
  const root = useRouteLoaderData<RootLoader>('root')
  const locale = root?.locale ?? 'pt-BR'
  const items = [
    {
      key: 'created',
      label: t('contacts.import.summaryCreated'),
      value: created,
      icon: CheckCircle2,
      tone: 'text-success',
    },
    {
      key: 'updated',
      label: t('contacts.import.summaryUpdated'),
      value: updated,
      icon: CheckCircle2,
      tone: 'text-primary',
    },
    {
      key: 'skipped',
      label: t('contacts.import.summarySkipped'),
      value: skipped,
      icon: XCircle,
      tone: skipped ? 'text-destructive' : 'text-muted-foreground',
    },
  ]
  return (
    <dl className="grid grid-cols-3 gap-2">
      {items.map((item) => (
        <div
          key={item.key}
          className="bg-muted/40 flex flex-col gap-1 rounded-md p-3"
          data-testid={`summary-${item.key}`}
        >
          <dt className="text-muted-foreground flex items-center gap-1 text-xs">
            <item.icon className={cn('size-3.5', item.tone)} aria-hidden /> {item.label}
          </dt>
          <dd className="text-2xl font-semibold tabular-nums">
            {formatNumber(item.value, locale)}
          </dd>
        </div>
      ))}
    </dl>
  )
}
