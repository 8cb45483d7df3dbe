import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { AlertTriangle, Download } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList } from '#app/components/forms.tsx'
import { useLiveEvents, useRevalidate } from '#app/components/live-events.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { NativeSelect } from '#app/components/ui/input.tsx'
import {
  CONTACT_IMPORT_EVENT,
  IMPORT_FIELDS,
  type ImportField,
} from '#app/domain/contacts/import-rows.ts'
import {
  cancelImport,
  getImportPreview,
  listImportErrors,
  startImport,
} from '#app/domain/contacts/import.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { actionError, orHttpError } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { parseMessage } from '#app/utils/validation.ts'
import { type ContactImportMapping } from '#db/schema/contact-imports.ts'
import { ProgressBar, Steps, SummaryCounts } from '#app/components/contacts/contact-import.tsx'
import { readForm } from '#app/utils/upload.server.ts'

const BAD_ROWS_SHOWN = 20

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const preview = await orHttpError(() => getImportPreview(db, actor, params.importId ?? ''))
  const row = preview.import
  return {
    import: { ...row, filePath: null },
    previewRows: preview.rows,
    badRows: row.status === 'done' ? listImportErrors(db, actor, row.id, BAD_ROWS_SHOWN) : [],
  }
}

const columnLetter = (index: number) => {
  let name = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  return name
}

/** The mapping form: one select per column ("" ignore, a field, or "custom"). */
function mappingFrom(formData: FormData, headers: string[]) {
  const mapping: ContactImportMapping = { custom: [] }
  let twice = false
  headers.forEach((header, column) => {
    const target = String(formData.get(`col-${column}`) ?? '')
    if ((IMPORT_FIELDS as readonly string[]).includes(target)) {
      const field = target as ImportField
      if (mapping[field] !== undefined) twice = true
      mapping[field] = column
    } else if (target === 'custom') {
      mapping.custom!.push({ key: header.trim() || columnLetter(column), column })
    }
  })
  return { mapping, twice }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request)
  const importId = params.importId ?? ''
  const formData = await readForm(request)
  try {
    if (formData.get('intent') === 'cancel') {
      await orHttpError(() => cancelImport(db, actor, importId))
      return redirect('/contacts/import')
    }
    const { import: row } = await orHttpError(() => getImportPreview(db, actor, importId))
    const { mapping, twice } = mappingFrom(formData, row.headers ?? [])
    if (twice)
      return data({ error: { key: 'contacts.import.mapping.fieldTwice' } }, { status: 400 })
    await startImport(db, actor, importId, mapping)
    return redirect(`/contacts/import/${importId}`)
  } catch (error) {
    return actionError(error)
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>

export default function ImportPage() {
  const loaded = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const revalidate = useRevalidate()
  const [live, setLive] = useState(loaded.import)
  const [base, setBase] = useState(loaded.import)
  if (base !== loaded.import) {
    setBase(loaded.import)
    setLive(loaded.import)
  }
  useLiveEvents([CONTACT_IMPORT_EVENT], (event) => {
    const payload = event.payload
    if (payload.importId !== loaded.import.id) return
    setLive((current) => ({ ...current, ...payload, id: current.id }))
    if (payload.status === 'done' || payload.status === 'failed') revalidate()
  })

  return (
    <>
      <PageHeader title={t('contacts.import.title')} description={loaded.import.fileName} />
      <div className="mx-auto flex w-full max-w-4xl flex-col gap-6 p-4 sm:p-8">
        {live.status === 'uploaded' ? (
          <MappingStep data={loaded} />
        ) : live.status === 'running' ? (
          <Card className="flex flex-col gap-4 p-4 sm:p-6" data-testid="import-progress">
            <Steps current="progress" />
            <h2 className="font-semibold">
              {live.processedRows
                ? t('contacts.import.running', { file: live.fileName })
                : t('contacts.import.queued')}
            </h2>
            <ProgressBar
              processed={live.processedRows}
              total={live.totalRows}
              label={
                live.totalRows
                  ? t('contacts.import.progress', {
                      processed: live.processedRows,
                      total: live.totalRows,
                    })
                  : t('contacts.import.progressUnknown', { processed: live.processedRows })
              }
            />
            <SummaryCounts
              created={live.createdCount}
              updated={live.updatedCount}
              skipped={live.skippedCount}
            />
          </Card>
        ) : (
          <Summary data={loaded} />
        )}
      </div>
    </>
  )
}

function MappingStep({ data: loaded }: { data: Data }) {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const isPending = useIsPending()
  const row = loaded.import
  const headers = row.headers ?? []
  const mapping = row.mapping ?? {}
  const targetOf = (column: number) =>
    IMPORT_FIELDS.find((field) => mapping[field] === column) ??
    (mapping.custom?.some((c) => c.column === column) ? 'custom' : '')
  return (
    <>
      <Card className="flex flex-col gap-4 p-4 sm:p-6">
        <Steps current="mapping" />
        <h2 className="font-semibold">
          {t('contacts.import.previewTitle', { file: row.fileName })}
        </h2>
        {loaded.previewRows.length ? (
          <div className="overflow-x-auto rounded-md border">
            <table className="w-full text-xs" data-testid="import-preview">
              <thead className="bg-muted/50 text-muted-foreground text-left">
                <tr>
                  <th className="px-2 py-1.5 font-medium">#</th>
                  {headers.map((header, i) => (
                    <th key={i} className="px-2 py-1.5 font-medium whitespace-nowrap">
                      {header || columnLetter(i)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y">
                {loaded.previewRows.map((preview) => (
                  <tr key={preview.rowNumber}>
                    <td className="text-muted-foreground px-2 py-1.5">{preview.rowNumber}</td>
                    {headers.map((_, i) => (
                      <td key={i} className="max-w-48 truncate px-2 py-1.5 whitespace-nowrap">
                        {preview.cells[i] ?? ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-muted-foreground text-sm">{t('contacts.import.previewEmpty')}</p>
        )}
      </Card>
      <Card className="flex flex-col gap-4 p-4 sm:p-6">
        <div>
          <h2 className="font-semibold">{t('contacts.import.mappingTitle')}</h2>
          <p className="text-muted-foreground text-sm">{t('contacts.import.mappingHint')}</p>
        </div>
        <Form method="POST" className="flex flex-col gap-4">
          <ul className="divide-y rounded-md border">
            {headers.map((header, column) => (
              <li
                key={column}
                className="grid gap-2 px-3 py-2 text-sm sm:grid-cols-[3rem_1fr_1fr_14rem] sm:items-center"
              >
                <span className="text-muted-foreground font-mono text-xs">
                  {columnLetter(column)}
                </span>
                <span className="font-medium">{header || '—'}</span>
                <span className="text-muted-foreground truncate text-xs">
                  {loaded.previewRows[0]?.cells[column] ?? ''}
                </span>
                <NativeSelect
                  name={`col-${column}`}
                  defaultValue={targetOf(column)}
                  aria-label={`${t('contacts.import.target')}: ${header || columnLetter(column)}`}
                >
                  <option value="">{t('contacts.import.ignore')}</option>
                  {IMPORT_FIELDS.map((field) => (
                    <option key={field} value={field}>
                      {t(`contacts.fields.${field}`)}
                    </option>
                  ))}
                  <option value="custom">{t('contacts.import.customField')}</option>
                </NativeSelect>
              </li>
            ))}
          </ul>
          {actionData?.error ? (
            <div role="alert">
              <ErrorList errors={[actionData.error]} />
            </div>
          ) : null}
          <div className="flex flex-wrap justify-end gap-2">
            <StatusButton
              type="submit"
              name="intent"
              value="cancel"
              variant="outline"
              pending={false}
              formNoValidate
            >
              {t('contacts.import.cancel')}
            </StatusButton>
            <StatusButton type="submit" name="intent" value="start" pending={isPending}>
              {t('contacts.import.start')}
            </StatusButton>
          </div>
        </Form>
      </Card>
    </>
  )
}

function Summary({ data: loaded }: { data: Data }) {
  const { t } = useTranslation()
  const row = loaded.import
  const failed = row.status === 'failed'
  const [errorKey, errorParams] = parseMessage(row.error ?? '')
  return (
    <Card className="flex flex-col gap-4 p-4 sm:p-6" data-testid="import-summary">
      <Steps current="summary" />
      <h2 className="flex items-center gap-2 font-semibold">
        {failed ? <AlertTriangle className="text-destructive size-4" /> : null}
        {failed ? t('contacts.import.failed') : t('contacts.import.done')}
      </h2>
      {failed && row.error ? (
        <p role="alert" className="text-destructive text-sm">
          {t(errorKey, errorParams as Record<string, string>)}
        </p>
      ) : null}
      {!failed ? (
        <ProgressBar
          processed={row.processedRows}
          total={row.totalRows}
          label={t('contacts.import.progress', {
            processed: row.processedRows,
            total: row.totalRows,
          })}
        />
      ) : null}
      <SummaryCounts
        created={row.createdCount}
        updated={row.updatedCount}
        skipped={row.skippedCount}
      />
      {row.skippedCount ? (
        <section className="flex flex-col gap-2" aria-label={t('contacts.import.badRowsTitle')}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold">{t('contacts.import.badRowsTitle')}</h3>
            <Button asChild variant="outline" size="sm">
              <a href={`/resources/contacts/imports/${row.id}/bad-rows`} download>
                <Download /> {t('contacts.import.badRowsDownload')}
              </a>
            </Button>
          </div>
          <ul className="divide-y rounded-md border text-sm" data-testid="bad-rows">
            {loaded.badRows.map((bad) => {
              const [key, params] = parseMessage(bad.reason)
              return (
                <li key={bad.rowNumber} className="flex gap-3 px-3 py-2">
                  <span className="text-muted-foreground w-20 shrink-0 tabular-nums">
                    {t('contacts.import.rowLabel')} {bad.rowNumber}
                  </span>
                  <span>{t(key, params as Record<string, string>)}</span>
                </li>
              )
            })}
          </ul>
          {row.skippedCount > loaded.badRows.length ? (
            <p className="text-muted-foreground text-xs">
              {t('contacts.import.badRowsMore', {
                count: row.skippedCount - loaded.badRows.length,
              })}
            </p>
          ) : null}
        </section>
      ) : (
        <p className="text-muted-foreground text-sm">{t('contacts.import.noBadRows')}</p>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <Button asChild variant="outline">
          <Link to="/contacts/import">{t('contacts.import.again')}</Link>
        </Button>
        <Button asChild>
          <Link to="/contacts">{t('contacts.import.seeContacts')}</Link>
        </Button>
      </div>
    </Card>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'contacts.import.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
