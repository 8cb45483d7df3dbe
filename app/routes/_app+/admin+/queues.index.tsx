import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pencil, Plus } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { ConfirmDeleteButton } from '#app/components/confirm-delete.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useRevalidateOn } from '#app/components/live-events.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { deleteQueue, listQueuesWithUsage } from '#app/domain/queues/queues.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  return { queues: listQueuesWithUsage(db, actor) }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const formData = await request.formData()
  const queueId = formData.get('queueId')
  if (formData.get('intent') !== 'delete' || typeof queueId !== 'string')
    throw new Response('Bad request', { status: 400 })
  const queue = deleteQueue(db, actor, queueId)
  return redirectWithToast('/admin/queues', {
    title: 'queues.deleted',
    params: { name: queue.name },
  })
}

export default function QueuesPage() {
  const { queues } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  useRevalidateOn(['queue.changed'])
  return (
    <>
      <PageHeader
        title={t('queues.title')}
        description={t('queues.subtitle')}
        actions={
          <Button asChild>
            <Link to="/admin/queues/new">
              <Plus /> {t('queues.new')}
            </Link>
          </Button>
        }
      />
      <div className="p-4 sm:p-8">
        <Card className="overflow-hidden">
          {queues.length === 0 ? (
            <p className="text-muted-foreground p-8 text-center text-sm">{t('queues.empty')}</p>
          ) : (
            <table className="w-full text-sm">
              <thead className="bg-muted/50 text-muted-foreground text-left text-xs uppercase">
                <tr>
                  <th className="w-20 px-4 py-2.5 font-medium">{t('queues.order')}</th>
                  <th className="px-4 py-2.5 font-medium">{t('queues.name')}</th>
                  <th className="px-4 py-2.5 font-medium">{t('queues.users')}</th>
                  <th className="px-4 py-2.5">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y">
                {queues.map((queue) => (
                  <tr key={queue.id} data-testid={`queue-row-${queue.name}`}>
                    <td className="text-muted-foreground px-4 py-3 tabular-nums">{queue.order}</td>
                    <td className="px-4 py-3">
                      <span className="inline-flex items-center gap-2 font-medium">
                        <span
                          className="size-3 rounded-full"
                          style={{ backgroundColor: queue.color }}
                        />
                        {queue.name}
                      </span>
                    </td>
                    <td className="text-muted-foreground px-4 py-3 tabular-nums">
                      {queue.userCount}
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex justify-end gap-1">
                        <Button
                          asChild
                          variant="ghost"
                          size="icon"
                          aria-label={`${t('common.edit')} ${queue.name}`}
                        >
                          <Link to={`/admin/queues/${queue.id}`}>
                            <Pencil />
                          </Link>
                        </Button>
                        <ConfirmDeleteButton
                          label={`${t('common.delete')} ${queue.name}`}
                          title={t('queues.deleteTitle', { name: queue.name })}
                          description={t('queues.deleteDescription')}
                          fields={{ queueId: queue.id }}
                        />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'queues.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
