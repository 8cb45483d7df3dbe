import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react'
import { Download, Upload } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { NewButton } from '#app/components/list-page.tsx'
import { useRevalidateOn } from '#app/components/live-events.tsx'
import { LoadMore } from '#app/components/load-more.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { listCompanyTags } from '#app/domain/tags/apply.server.ts'
import { contactFilterFromParams } from '#app/domain/contacts/list-filter.ts'
import { countContacts, listContacts } from '#app/domain/contacts/list.server.ts'
import { canManageContacts, deleteContact } from '#app/domain/contacts/manage.server.ts'
import { startOptions } from '#app/domain/tickets/start.server.ts'
import { formInput, orToast } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { deleteForm } from '#app/utils/forms.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import {
  ContactCard,
  type ContactRow,
  ContactTable,
  Filters,
} from '#app/components/contacts/contact-list.tsx'
import { readForm } from '#app/utils/upload.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const params = new URL(request.url).searchParams
  const filter = contactFilterFromParams(params)
  const cursor = params.get('cursor')
  const page = listContacts(db, actor, filter, { cursor })
  // "Carregar mais" asks with a cursor; a page opened with one (a pasted link) starts there. Both
  // get the whole shape, so the page never renders a half one.
  return {
    page,
    more: Boolean(cursor),
    after: cursor,
    count: countContacts(db, actor, filter),
    filter,
    tags: listCompanyTags(db, actor),
    canManage: canManageContacts(actor),
    start: startOptions(db, actor),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request)
  const formData = await readForm(request)
  const { contactId } = formInput(formData, deleteForm('contactId'))
  const back = `/contacts${new URL(request.url).search}`
  const contact = await orToast(back, () => deleteContact(db, actor, contactId))
  return redirectWithToast(back, { title: 'contacts.deleted', params: { name: contact.name } })
}

export default function ContactsPage() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const [searchParams] = useSearchParams()
  const fetcher = useFetcher<typeof loader>()
  const [extra, setExtra] = useState<{
    base: typeof data
    rows: ContactRow[]
    cursor: string | null
  }>({ base: data, rows: [], cursor: data.page.nextCursor })
  const [seenPage, setSeenPage] = useState(fetcher.data)
  useRevalidateOn(['contact.created', 'contact.updated', 'contact.deleted', 'contacts.imported'])

  // New filters or a revalidation: start again from the first page.
  let current = extra.base === data ? extra : { base: data, rows: [], cursor: data.page.nextCursor }
  if (fetcher.data !== seenPage) {
    setSeenPage(fetcher.data)
    const next = fetcher.data
    // Only the page that continues this list (a late answer for old filters is dropped).
    if (next?.more && next.after === current.cursor)
      current = {
        ...current,
        rows: [...current.rows, ...next.page.contacts],
        cursor: next.page.nextCursor,
      }
  }
  if (current !== extra) setExtra(current)

  const rows = [...data.page.contacts, ...current.rows]
  const loadMore = () => {
    if (!current.cursor || fetcher.state !== 'idle') return
    const params = new URLSearchParams(searchParams)
    params.set('cursor', current.cursor)
    fetcher.load(`/contacts?index&${params}`)
  }
  const filtered = Boolean(data.filter.search || data.filter.tagId || data.filter.source)
  const exportParams = new URLSearchParams(searchParams)
  exportParams.delete('cursor')

  return (
    <>
      <PageHeader
        title={t('contacts.title')}
        description={t('contacts.subtitle')}
        actions={
          <>
            {data.canManage ? (
              <>
                <Button asChild variant="outline">
                  <Link to="/contacts/import" aria-label={t('contacts.importButton')}>
                    <Upload />{' '}
                    <span className="hidden sm:inline">{t('contacts.importButton')}</span>
                  </Link>
                </Button>
                <Button asChild variant="outline" title={t('contacts.exportHint')}>
                  <a
                    href={`/resources/contacts/export?${exportParams}`}
                    download
                    aria-label={t('contacts.export')}
                  >
                    <Download /> <span className="hidden sm:inline">{t('contacts.export')}</span>
                  </a>
                </Button>
              </>
            ) : null}
            <NewButton to="/contacts/new" label={t('contacts.new')} />
          </>
        }
      />
      <div className="flex flex-col gap-4 p-4 sm:p-8">
        <Filters data={data} count={t('contacts.count', { count: data.count })} />
        <Card className="overflow-hidden">
          {rows.length === 0 ? (
            <p className="text-muted-foreground p-8 text-center text-sm">
              {filtered ? t('contacts.noResults') : t('contacts.empty')}
            </p>
          ) : (
            <>
              <ContactTable rows={rows} data={data} />
              <ul className="divide-y md:hidden">
                {rows.map((contact) => (
                  <ContactCard key={contact.id} contact={contact} data={data} />
                ))}
              </ul>
            </>
          )}
          {current.cursor ? (
            <div className="border-t p-2">
              <LoadMore
                cursor={current.cursor}
                onLoad={loadMore}
                busy={fetcher.state !== 'idle'}
                label={t('contacts.loadMore')}
              />
            </div>
          ) : null}
        </Card>
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'contacts.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
