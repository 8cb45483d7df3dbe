import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { Pencil } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { NewButton, SearchBar } from '#app/components/list-page.tsx'
import { ConfirmDeleteButton } from '#app/components/confirm-dialog.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useRevalidateOn } from '#app/components/live-events.tsx'
import { useLivePresence } from '#app/components/presence.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { UserAvatar } from '#app/components/user-avatar.tsx'
import { deleteUser, listUsers } from '#app/domain/users/users.server.ts'
import { type RootLoader } from '#app/root.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { deleteForm } from '#app/utils/forms.ts'
import { db } from '#app/utils/db.server.ts'
import { formInput, orToast } from '#app/utils/answer.server.ts'
import { timeAgo } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const search = new URL(request.url).searchParams.get('q') ?? ''
  return { users: listUsers(db, actor, { search }), search, me: actor.userId }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const formData = await readForm(request)
  const { userId } = formInput(formData, deleteForm('userId'))
  const user = await orToast('/admin/users', () => deleteUser(db, actor, userId))
  return redirectWithToast('/admin/users', {
    title: 'users.deleted',
    params: { name: user.name },
  })
}

export default function UsersPage() {
  const { users, search, me } = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<RootLoader>('root')
  const { t } = useTranslation()
  const online = useLivePresence(users)
  useRevalidateOn(['user.changed'])
  const locale = root?.locale ?? 'pt-BR'
  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.subtitle')}
        actions={<NewButton to="/admin/users/new" label={t('users.new')} />}
      />
      <div className="flex flex-col gap-4 p-4 sm:p-8">
        <SearchBar
          defaultValue={search}
          placeholder={t('users.searchPlaceholder')}
          count={t('users.count', { count: users.length })}
        />
        <Card className="overflow-hidden">
          {users.length === 0 ? (
            <p className="text-muted-foreground p-8 text-center text-sm">{t('users.empty')}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="bg-muted/50 text-muted-foreground text-left text-xs uppercase">
                  <tr>
                    <th className="px-4 py-2.5 font-medium">{t('users.columns.user')}</th>
                    <th className="px-4 py-2.5 font-medium">{t('users.columns.profile')}</th>
                    <th className="hidden px-4 py-2.5 font-medium md:table-cell">
                      {t('users.columns.workHours')}
                    </th>
                    <th className="hidden px-4 py-2.5 font-medium lg:table-cell">
                      {t('users.columns.queues')}
                    </th>
                    <th className="px-4 py-2.5 font-medium">{t('users.columns.status')}</th>
                    <th className="px-4 py-2.5">
                      <span className="sr-only">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y">
                  {users.map((user) => {
                    const isOnline = online[user.id] ?? false
                    return (
                      <tr
                        key={user.id}
                        data-testid={`user-row-${user.email}`}
                        className="hover:bg-muted/30"
                      >
                        <td className="px-4 py-3">
                          <div className="flex items-center gap-3">
                            <UserAvatar user={user} online={isOnline} />
                            <div className="min-w-0">
                              <div className="truncate font-medium">{user.name}</div>
                              <div className="text-muted-foreground truncate text-xs">
                                {user.email}
                              </div>
                            </div>
                          </div>
                        </td>
                        <td className="px-4 py-3">
                          <div className="flex flex-wrap gap-1">
                            <Badge variant="secondary">{t(`roles.${user.role}`)}</Badge>
                            {user.role === 'agent' && user.allTickets ? (
                              <Badge variant="outline">{t('users.allTicketsBadge')}</Badge>
                            ) : null}
                          </div>
                        </td>
                        <td className="text-muted-foreground hidden px-4 py-3 whitespace-nowrap md:table-cell">
                          {user.workStart && user.workEnd
                            ? `${user.workStart} – ${user.workEnd}`
                            : t('users.noHours')}
                        </td>
                        <td className="hidden px-4 py-3 lg:table-cell">
                          <div className="flex flex-wrap gap-1">
                            {user.queues.map((queue) => (
                              <Badge key={queue.id} variant="outline">
                                <span
                                  className="size-2 rounded-full"
                                  style={{ backgroundColor: queue.color }}
                                />
                                {queue.name}
                              </Badge>
                            ))}
                          </div>
                        </td>
                        <td className="px-4 py-3 whitespace-nowrap" data-testid="user-status">
                          {user.disabledAt ? (
                            <Badge variant="destructive">{t('users.disabled')}</Badge>
                          ) : isOnline ? (
                            <Badge>{t('common.online')}</Badge>
                          ) : (
                            <span
                              className="text-muted-foreground text-xs"
                              suppressHydrationWarning
                            >
                              {user.lastSeenAt
                                ? t('common.lastSeen', { when: timeAgo(user.lastSeenAt, locale) })
                                : t('common.offline')}
                            </span>
                          )}
                        </td>
                        <td className="px-4 py-3">
                          {/* A row the viewer may not change (a super-admin, for a plain admin)
                              offers neither: the server would answer 403 (canManageUser). */}
                          <div className="flex justify-end gap-1">
                            {user.canManage ? (
                              <Button
                                asChild
                                variant="ghost"
                                size="icon"
                                aria-label={`${t('common.edit')} ${user.name}`}
                              >
                                <Link to={`/admin/users/${user.id}`}>
                                  <Pencil />
                                </Link>
                              </Button>
                            ) : null}
                            {user.id === me || !user.canManage ? null : (
                              <ConfirmDeleteButton
                                label={`${t('common.delete')} ${user.name}`}
                                title={t('users.deleteTitle', { name: user.name })}
                                description={t('users.deleteDescription')}
                                fields={{ userId: user.id }}
                              />
                            )}
                          </div>
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'users.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
