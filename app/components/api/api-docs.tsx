import { ChevronRight, FileJson, ShieldCheck } from 'lucide-react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card, CardContent, CardIconHeader } from '#app/components/ui/card.tsx'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '#app/components/ui/tabs.tsx'
import {
  type ApiDocs,
  fieldDescription,
  operationDescription,
  responseDescription,
  type FieldDoc,
  type FieldPlace,
  type OperationDoc,
  successResponse,
} from '#app/domain/api/docs.ts'
import { buildExamples } from '#app/domain/api/examples.ts'
import { cn } from '#app/utils/misc.ts'
import { CopyButton } from '#app/components/copy-button.tsx'

const METHOD_STYLE: Record<OperationDoc['method'], string> = {
  GET: 'bg-sky-500/10 text-sky-700 dark:text-sky-300',
  POST: 'bg-emerald-500/10 text-emerald-700 dark:text-emerald-300',
  PUT: 'bg-amber-500/10 text-amber-700 dark:text-amber-300',
  PATCH: 'bg-amber-500/10 text-amber-700 dark:text-amber-300',
  DELETE: 'bg-red-500/10 text-red-700 dark:text-red-300',
}

export function MethodBadge({ method }: { method: OperationDoc['method'] }) {
  return (
    <span
      className={cn(
        'inline-flex w-16 shrink-0 justify-center rounded px-1.5 py-0.5 font-mono text-xs font-semibold',
        METHOD_STYLE[method],
      )}
    >
      {method}
    </span>
  )
}

/** Text from the contract, with its `code` spans shown as code. */
export function DocText({ text }: { text: string | null }) {
  if (!text) return null
  return (
    <>
      {text.split('`').map((part, index) =>
        index % 2 ? (
          <code key={index} className="bg-muted rounded px-1 py-px font-mono text-[0.85em]">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  )
}

/** A block of code with a copy button. */
export function CodeBlock({
  code,
  testId,
  label,
}: {
  code: string
  testId?: string
  /** What the code is (shown in the bar above it): `curl`, `JSON`… */
  label?: string
}) {
  const { t } = useTranslation()
  return (
    <div className="bg-muted/60 overflow-hidden rounded-md border">
      <div className="flex items-center justify-between gap-2 border-b px-3 py-1">
        <span className="text-muted-foreground font-mono text-[0.7rem]">{label}</span>
        <CopyButton
          text={code}
          label={t('api.docs.copy')}
          copiedLabel={t('api.docs.copied')}
          variant="ghost"
          size="sm"
          className="h-7 px-2 text-xs"
        />
      </div>
      <pre
        className="max-h-96 overflow-auto p-3 font-mono text-xs leading-relaxed"
        data-testid={testId}
      >
        <code>{code}</code>
      </pre>
    </div>
  )
}

/**
 * Administração › API › Documentação: every operation of API_OPERATIONS (method, path, scope,
 * fields and answers read from its schemas) with copyable calls filled with this server's origin.
 */
export function ApiDocumentation({ docs, origin }: { docs: ApiDocs; origin: string }) {
  const { t } = useTranslation()
  return (
    <Card>
      <CardIconHeader
        icon={FileJson}
        title={t('api.docs.title')}
        description={t('api.docs.description')}
      />
      <CardContent className="flex flex-col gap-6">
        <dl className="grid gap-3 text-sm sm:grid-cols-[max-content_1fr] sm:gap-x-6">
          <dt className="text-muted-foreground">{t('api.docs.baseUrl')}</dt>
          <dd>
            <code
              className="bg-muted rounded px-1.5 py-0.5 font-mono text-xs"
              data-testid="api-origin"
            >
              {origin}
            </code>
          </dd>
          <dt className="text-muted-foreground">{t('api.docs.auth')}</dt>
          <dd>
            <code className="bg-muted rounded px-1.5 py-0.5 font-mono text-xs">
              Authorization: Bearer {t('api.docs.tokenPlaceholder')}
            </code>
          </dd>
          <dt className="text-muted-foreground">OpenAPI</dt>
          <dd>
            <a
              href="/api/openapi.json"
              target="_blank"
              rel="noreferrer"
              className="text-primary font-mono text-xs underline-offset-4 hover:underline"
            >
              {origin}/api/openapi.json
            </a>
          </dd>
        </dl>
        {docs.groups.length === 0 ? (
          <p className="text-muted-foreground rounded-lg border border-dashed p-6 text-center text-sm">
            {t('api.docs.empty')}
          </p>
        ) : (
          docs.groups.map((group) => (
            <section
              key={group.tag}
              className="flex flex-col gap-2"
              aria-label={t(`api.tags.${group.tag}`, { defaultValue: group.tag })}
            >
              <h3 className="text-muted-foreground text-xs font-semibold tracking-wide uppercase">
                {t(`api.tags.${group.tag}`, { defaultValue: group.tag })}
              </h3>
              <div className="divide-y rounded-lg border">
                {group.operations.map((operation) => (
                  <OperationItem key={operation.id} operation={operation} origin={origin} />
                ))}
              </div>
            </section>
          ))
        )}
        <ErrorCodes errors={docs.errors} />
      </CardContent>
    </Card>
  )
}

function OperationItem({ operation, origin }: { operation: OperationDoc; origin: string }) {
  const { t } = useTranslation()
  return (
    <details className="group" id={`op-${operation.id}`} data-testid={`api-op-${operation.id}`}>
      <summary className="hover:bg-muted/40 flex cursor-pointer list-none items-center gap-3 px-3 py-2.5 text-sm [&::-webkit-details-marker]:hidden">
        <ChevronRight
          className="text-muted-foreground size-4 shrink-0 transition-transform group-open:rotate-90"
          aria-hidden
        />
        <MethodBadge method={operation.method} />
        <code className="min-w-0 truncate font-mono text-xs sm:text-sm">{operation.path}</code>
        <span className="text-muted-foreground hidden min-w-0 flex-1 truncate md:inline">
          {t(`api.summaries.${operation.id}`, { defaultValue: operation.summary })}
        </span>
        <Badge variant="outline" className="ml-auto shrink-0" title={t('api.docs.scope')}>
          <ShieldCheck className="size-3" aria-hidden />
          {operation.scope}
        </Badge>
      </summary>
      <OperationDetails operation={operation} origin={origin} />
    </details>
  )
}

function OperationDetails({ operation, origin }: { operation: OperationDoc; origin: string }) {
  const { t } = useTranslation()
  const examples = useMemo(
    () =>
      buildExamples(operation, {
        origin,
        token: t('api.docs.tokenPlaceholder'),
        filePath: t('api.docs.filePlaceholder'),
      }),
    [operation, origin, t],
  )
  const success = successResponse(operation)
  const description = operationDescription(t, operation)
  return (
    <div className="bg-muted/10 flex flex-col gap-5 border-t px-4 py-4 text-sm">
      <div className="flex flex-col gap-1">
        <p className="font-mono text-xs break-all">
          <span className="font-semibold">{operation.method}</span> {operation.path}
        </p>
        <p className="font-medium">
          {t(`api.summaries.${operation.id}`, { defaultValue: operation.summary })}
        </p>
        {description ? (
          <p className="text-muted-foreground whitespace-pre-line">
            <DocText text={description} />
          </p>
        ) : null}
        <p className="text-muted-foreground text-xs">
          {t('api.docs.scope')}:{' '}
          <span className="font-medium">{t(`api.scopes.${operation.scope}`)}</span> (
          <code className="font-mono">{operation.scope}</code>)
        </p>
      </div>
      <FieldTable
        title={t('api.docs.pathParams')}
        operationId={operation.id}
        place="params"
        fields={operation.params}
      />
      <FieldTable
        title={t('api.docs.query')}
        operationId={operation.id}
        place="query"
        fields={operation.query}
      />
      <FieldTable
        title={operation.multipartFiles ? t('api.docs.bodyMultipart') : t('api.docs.body')}
        operationId={operation.id}
        place="body"
        fields={operation.body}
        note={
          operation.multipartFiles
            ? t('api.docs.files', { field: operation.multipartFiles })
            : undefined
        }
      />
      <div className="flex flex-col gap-2">
        <h4 className="text-xs font-semibold tracking-wide uppercase">{t('api.docs.responses')}</h4>
        <ul className="flex flex-col gap-1">
          {operation.responses.map((response) => (
            <li key={response.status} className="flex items-baseline gap-2">
              <code
                className={cn(
                  'rounded px-1.5 py-0.5 font-mono text-xs font-semibold',
                  response.status < 300
                    ? 'bg-emerald-500/10 text-emerald-700 dark:text-emerald-300'
                    : 'bg-red-500/10 text-red-700 dark:text-red-300',
                )}
              >
                {response.status}
              </code>
              <span className="text-muted-foreground">
                <DocText text={responseDescription(t, operation.id, response)} />
              </span>
            </li>
          ))}
        </ul>
      </div>
      {success?.fields.length ? (
        <FieldTable
          title={t('api.docs.answerFields', { status: success.status })}
          operationId={operation.id}
          place="response"
          fields={success.fields}
        />
      ) : null}
      <div className="flex flex-col gap-2">
        <h4 className="text-xs font-semibold tracking-wide uppercase">{t('api.docs.examples')}</h4>
        <Tabs defaultValue="curl">
          <TabsList>
            <TabsTrigger value="curl">curl</TabsTrigger>
            <TabsTrigger value="javascript">JavaScript</TabsTrigger>
            <TabsTrigger value="python">Python</TabsTrigger>
            {examples.curlFile ? (
              <TabsTrigger value="curl-file">{t('api.docs.curlFile')}</TabsTrigger>
            ) : null}
          </TabsList>
          <TabsContent value="curl" className="mt-2">
            <CodeBlock
              code={examples.curl}
              label="shell"
              testId={`api-example-curl-${operation.id}`}
            />
          </TabsContent>
          <TabsContent value="javascript" className="mt-2">
            <CodeBlock
              code={examples.javascript}
              label="javascript"
              testId={`api-example-js-${operation.id}`}
            />
          </TabsContent>
          <TabsContent value="python" className="mt-2">
            <CodeBlock
              code={examples.python}
              label="python"
              testId={`api-example-python-${operation.id}`}
            />
          </TabsContent>
          {examples.curlFile ? (
            <TabsContent value="curl-file" className="mt-2">
              <CodeBlock code={examples.curlFile} label="shell" />
            </TabsContent>
          ) : null}
        </Tabs>
      </div>
    </div>
  )
}

/**
 * A schema's fields, described in the user's language (api.fields, by operation, place and field;
 * the schema's English otherwise). An answer's fields are all there: no "required" marks.
 */
function FieldTable({
  title,
  operationId,
  place,
  fields,
  note,
}: {
  title: string
  operationId: string
  place: FieldPlace
  fields: FieldDoc[]
  note?: string
}) {
  const { t } = useTranslation()
  const answer = place === 'response'
  const describe = (field: FieldDoc) => fieldDescription(t, operationId, place, field)
  if (!fields.length && !note) return null
  return (
    <div className="flex flex-col gap-2">
      <h4 className="text-xs font-semibold tracking-wide uppercase">{title}</h4>
      {fields.length ? (
        <div className="overflow-x-auto rounded-md border">
          <table className="w-full text-left text-xs">
            <thead className="bg-muted/50 text-muted-foreground">
              <tr>
                <th className="px-3 py-2 font-medium">{t('api.docs.field')}</th>
                <th className="px-3 py-2 font-medium">{t('api.docs.type')}</th>
                <th className="hidden px-3 py-2 font-medium sm:table-cell">
                  {t('api.docs.descriptionColumn')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {fields.map((field) => (
                <tr key={field.name} className="align-top">
                  <td className="px-3 py-2 whitespace-nowrap">
                    <code className="font-mono font-medium">{field.name}</code>{' '}
                    {field.required && !answer ? (
                      <span className="text-destructive ml-1 text-[0.7rem]">
                        {t('api.docs.required')}
                      </span>
                    ) : null}
                    <div className="text-muted-foreground mt-1 whitespace-normal sm:hidden">
                      <FieldNotes field={field} description={describe(field)} />
                    </div>
                  </td>
                  <td className="text-muted-foreground px-3 py-2 font-mono whitespace-nowrap">
                    {field.type}
                    {field.nullable ? ' | null' : ''}
                  </td>
                  <td className="text-muted-foreground hidden px-3 py-2 sm:table-cell">
                    <FieldNotes field={field} description={describe(field)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {note ? (
        <p className="text-muted-foreground text-xs">
          <DocText text={note} />
        </p>
      ) : null}
    </div>
  )
}

/** What a field means: its description (translated), allowed values and default. */
function FieldNotes({ field, description }: { field: FieldDoc; description: string | null }) {
  const { t } = useTranslation()
  return (
    <>
      <DocText text={description} />
      {field.values?.length ? (
        <span className="block">{t('api.docs.values', { values: field.values.join(', ') })}</span>
      ) : null}
      {field.default !== null ? (
        <span className="block">{t('api.docs.defaultValue', { value: field.default })}</span>
      ) : null}
    </>
  )
}

function ErrorCodes({ errors }: { errors: ApiDocs['errors'] }) {
  const { t } = useTranslation()
  return (
    <details className="group rounded-lg border" data-testid="api-errors">
      <summary className="hover:bg-muted/40 flex cursor-pointer list-none items-center gap-3 px-3 py-2.5 text-sm font-medium [&::-webkit-details-marker]:hidden">
        <ChevronRight
          className="text-muted-foreground size-4 shrink-0 transition-transform group-open:rotate-90"
          aria-hidden
        />
        {t('api.docs.errors')}
      </summary>
      <div className="flex flex-col gap-3 border-t px-4 py-4">
        <p className="text-muted-foreground text-sm">{t('api.docs.errorsDescription')}</p>
        <div className="overflow-x-auto rounded-md border">
          <table className="w-full text-left text-xs">
            <tbody className="divide-y">
              {errors.map((error) => (
                <tr key={error.code}>
                  <td className="w-12 px-3 py-2 font-mono font-semibold">{error.status}</td>
                  <td className="px-3 py-2 font-mono whitespace-nowrap">{error.code}</td>
                  <td className="text-muted-foreground px-3 py-2">
                    <DocText
                      text={t(`api.errorCodes.${error.code}`, { defaultValue: error.description })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </details>
  )
}
