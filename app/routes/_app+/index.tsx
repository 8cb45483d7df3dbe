import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { Clock, Users } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { useLivePresence } from '#app/components/presence.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, CardContent, CardHeader, CardTitle } from '#app/components/ui/card.tsx'
import { UserAvatar } from '#app/components/user-avatar.tsx'
import { getHome } from '#app/domain/users/home.server.ts'
import { type RootLoader } from '#app/root.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  return getHome(db, actor)
}

export default function HomePage() {
  const { me, team, queues } = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<RootLoader>('root')
  const { t } = useTranslation()
  const online = useLivePresence(team)
  const onlineCount = team.filter((member) => online[member.id]).length
  return (
    <>
      <PageHeader
        title={t('home.title', { name: me.name.split(' ')[0] })}
        description={root?.user?.companyName}
        actions={
          me.role === 'admin' ? (
            <Button asChild variant="outline">
              <Link to="/admin/users">
                <Users /> {t('home.manageUsers')}
              </Link>
            </Button>
          ) : null
        }
      />
      <div className="grid gap-6 p-4 sm:p-8 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader className="flex-row items-center justify-between">
            <CardTitle>{t('home.team')}</CardTitle>
            <span className="text-muted-foreground text-sm" data-testid="online-count">
              {t('home.onlineCount', { count: onlineCount })}
            </span>
          </CardHeader>
          <CardContent>
            <ul className="divide-y">
              {team.map((member) => (
                <li
                  key={member.id}
                  className="flex items-center gap-3 py-2.5"
                  data-testid={`team-${member.id}`}
                >
                  <UserAvatar user={member} online={online[member.id] ?? false} />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium">{member.name}</span>
                    <span className="text-muted-foreground block text-xs">
                      {t(`roles.${member.role}`)}
                    </span>
                  </span>
                  <Badge variant={online[member.id] ? 'default' : 'secondary'}>
                    {online[member.id] ? t('common.online') : t('common.offline')}
                  </Badge>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
        <div className="flex flex-col gap-6">
          <Card>
            <CardHeader>
              <CardTitle>{t('home.yourQueues')}</CardTitle>
            </CardHeader>
            <CardContent>
              {queues.length ? (
                <ul className="flex flex-wrap gap-2">
                  {queues.map((queue) => (
                    <li key={queue.id}>
                      <Badge variant="outline">
                        <span
                          className="size-2 rounded-full"
                          style={{ backgroundColor: queue.color }}
                        />
                        {queue.name}
                      </Badge>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-muted-foreground text-sm">{t('home.noQueues')}</p>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>{t('home.workHours')}</CardTitle>
            </CardHeader>
            <CardContent className="flex items-center gap-2 text-sm">
              <Clock className="text-muted-foreground size-4" />
              {me.workStart && me.workEnd
                ? `${me.workStart} – ${me.workEnd}`
                : t('home.noWorkHours')}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.home')
