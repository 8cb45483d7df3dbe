import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Paperclip, Pencil } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { NewButton, SearchBar } from '#app/components/list-page.tsx'
import { ConfirmDeleteButton } from '#app/components/confirm-dialog.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useRevalidateOn } from '#app/components/live-events.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import {
  deleteQuickReply,
  listQuickReplies,
  type QuickReply,
} from '#app/domain/quick-replies/quick-replies.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { deleteForm } from '#app/utils/forms.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { formInput, orHttpError } from '#app/utils/answer.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const search = new URL(request.url).searchParams.get('q') ?? ''
  return { replies: listQuickReplies(db, actor, { search }), search }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request)
  const formData = await readForm(request)
  const { replyId } = formInput(formData, deleteForm('replyId'))
  const reply = await orHttpError(() => deleteQuickReply(db, actor, replyId))
  return redirectWithToast('/quick-replies', {
    title: 'quickReplies.deleted',
    params: { shortcut: `/${reply.shortcut}` },
  })
}

export default function QuickRepliesPage() {
  const { replies, search } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  useRevalidateOn(['quick-reply.changed'])
  return (
    <>
      <PageHeader
        title={t('quickReplies.title')}
        description={t('quickReplies.subtitle')}
        actions={<NewButton to="/quick-replies/new" label={t('quickReplies.new')} />}
      />
      <div className="flex flex-col gap-4 p-4 sm:p-8">
        <SearchBar
          defaultValue={search}
          placeholder={t('quickReplies.searchPlaceholder')}
          count={t('quickReplies.count', { count: replies.length })}
        />
        <Card className="overflow-hidden">
          {replies.length === 0 ? (
            <p className="text-muted-foreground p-8 text-center text-sm">
              {search ? t('quickReplies.noResults') : t('quickReplies.empty')}
            </p>
          ) : (
            <ul className="divide-y">
              {replies.map((reply) => (
                <ReplyItem key={reply.id} reply={reply} />
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  )
}

function ReplyItem({ reply }: { reply: QuickReply }) {
  const { t } = useTranslation()
  const shortcut = `/${reply.shortcut}`
  return (
    <li
      data-testid={`quick-reply-row-${reply.scope}-${reply.shortcut}`}
      className="flex items-start gap-3 px-4 py-3 text-sm"
    >
      <div className="flex min-w-0 flex-1 flex-col gap-2 sm:flex-row sm:gap-4">
        <div className="flex shrink-0 flex-wrap items-center gap-2 sm:w-48 sm:flex-col sm:items-start sm:gap-1">
          <span className="font-mono font-medium break-all">{shortcut}</span>
          <Badge variant={reply.scope === 'shared' ? 'default' : 'secondary'}>
            {t(`quickReplies.scopes.${reply.scope}`)}
          </Badge>
        </div>
        <div className="min-w-0 flex-1">
          <p className="line-clamp-3 break-words whitespace-pre-line">{reply.message}</p>
          {reply.mediaType ? (
            <span className="text-muted-foreground mt-1 flex items-center gap-1 text-xs">
              <Paperclip className="size-3.5 shrink-0" aria-label={t('quickReplies.attachment')} />
              <span className="truncate">{reply.mediaName ?? reply.mediaType}</span>
            </span>
          ) : null}
        </div>
      </div>
      {reply.editable ? (
        <div className="flex shrink-0 gap-1">
          <Button
            asChild
            variant="ghost"
            size="icon"
            aria-label={`${t('common.edit')} ${shortcut}`}
          >
            <Link to={`/quick-replies/${reply.id}`}>
              <Pencil />
            </Link>
          </Button>
          <ConfirmDeleteButton
            label={`${t('common.delete')} ${shortcut}`}
            title={t('quickReplies.deleteTitle', { shortcut })}
            description={t(
              reply.scope === 'shared'
                ? 'quickReplies.deleteSharedDescription'
                : 'quickReplies.deleteDescription',
            )}
            fields={{ replyId: reply.id }}
          />
        </div>
      ) : null}
    </li>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'quickReplies.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
