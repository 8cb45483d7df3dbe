import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pencil } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { ConfirmDeleteButton } from '#app/components/confirm-dialog.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { NewButton } from '#app/components/list-page.tsx'
import { useRevalidateOn } from '#app/components/live-events.tsx'
import { TagChip } from '#app/components/tag-chip.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { canManageTags, deleteTag, listTags, type TagRow } from '#app/domain/tags/tags.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { deleteForm } from '#app/utils/forms.ts'
import { db } from '#app/utils/db.server.ts'
import { formInput, orHttpError } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  return { tags: listTags(db, actor), canManage: canManageTags(actor) }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: ['admin', 'supervisor'] })
  const formData = await readForm(request)
  const { tagId } = formInput(formData, deleteForm('tagId'))
  const tag = await orHttpError(() => deleteTag(db, actor, tagId))
  return redirectWithToast('/tags', { title: 'tags.deleted', params: { name: tag.name } })
}

export default function TagsPage() {
  const { tags, canManage } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  useRevalidateOn([
    'tag.created',
    'tag.updated',
    'tag.deleted',
    'contact.updated',
    'ticket.updated',
  ])
  return (
    <>
      <PageHeader
        title={t('tags.title')}
        description={t('tags.subtitle')}
        actions={canManage ? <NewButton to="/tags/new" label={t('tags.new')} /> : null}
      />
      <div className="flex flex-col gap-4 p-4 sm:p-8">
        <div className="text-muted-foreground flex flex-wrap items-center justify-between gap-2 text-sm">
          <span data-testid="tags-count">{t('tags.count', { count: tags.length })}</span>
          {canManage ? null : <span>{t('tags.readOnly')}</span>}
        </div>
        <Card className="overflow-hidden">
          {tags.length === 0 ? (
            <p className="text-muted-foreground p-8 text-center text-sm">{t('tags.empty')}</p>
          ) : (
            <table className="w-full text-sm">
              <thead className="bg-muted/40 text-muted-foreground hidden text-left text-xs sm:table-header-group">
                <tr>
                  <th className="px-4 py-2 font-medium">{t('tags.columns.tag')}</th>
                  <th className="px-4 py-2 font-medium">{t('tags.columns.contacts')}</th>
                  <th className="px-4 py-2 font-medium">{t('tags.columns.tickets')}</th>
                  <th className="px-4 py-2">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y">
                {tags.map((tag) => (
                  <TagItem key={tag.id} tag={tag} canManage={canManage} />
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  )
}

function TagItem({ tag, canManage }: { tag: TagRow; canManage: boolean }) {
  const { t } = useTranslation()
  const contacts = t('tags.contacts', { count: tag.contactCount })
  const tickets = t('tags.tickets', { count: tag.ticketCount })
  return (
    <tr
      data-testid={`tag-row-${tag.name}`}
      className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 sm:table-row sm:p-0"
    >
      <td className="w-full min-w-0 sm:w-auto sm:px-4 sm:py-3">
        <TagChip name={tag.name} color={tag.color} />
      </td>
      <CountCell
        to={`/kanban?tag=${tag.id}`}
        hint={t('tags.seeContacts', { name: tag.name })}
        testId="tag-contacts"
        text={contacts}
      />
      <CountCell
        to={`/tickets?tag=${tag.id}`}
        hint={t('tags.seeTickets', { name: tag.name })}
        testId="tag-tickets"
        text={tickets}
      />
      <td className="ml-auto sm:px-4 sm:py-2 sm:text-right">
        {canManage ? (
          <div className="flex justify-end gap-1">
            <Button
              asChild
              variant="ghost"
              size="icon"
              aria-label={`${t('common.edit')} ${tag.name}`}
            >
              <Link to={`/tags/${tag.id}`}>
                <Pencil />
              </Link>
            </Button>
            <ConfirmDeleteButton
              label={`${t('common.delete')} ${tag.name}`}
              title={t('tags.deleteTitle', { name: tag.name })}
              description={t('tags.deleteDescription', { contacts, tickets })}
              fields={{ tagId: tag.id }}
            />
          </div>
        ) : null}
      </td>
    </tr>
  )
}

/** "3 contatos": a link to the list filtered by the tag. */
function CountCell({
  to,
  hint,
  testId,
  text,
}: {
  to: string
  hint: string
  testId: string
  text: string
}) {
  return (
    <td className="sm:px-4 sm:py-3">
      <Link
        to={to}
        title={hint}
        className="text-muted-foreground hover:text-foreground underline-offset-2 hover:underline"
        data-testid={testId}
      >
        {text}
      </Link>
    </td>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'tags.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
