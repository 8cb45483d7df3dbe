import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams, useSubmit } from '@remix-run/react'
import { FilterX } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { NativeSelect } from '#app/components/ui/input.tsx'
import { getBoard } from '#app/domain/kanban/board.server.ts'
import { canManageStages } from '#app/domain/kanban/stages.server.ts'
import { STAGE_COLORS } from '#app/domain/kanban/kanban-schema.ts'
import { ticketFilterOptions } from '#app/domain/tickets/tickets.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { KanbanBoard } from '#app/components/kanban/kanban-board.tsx'
import { NewStageButton } from '#app/components/kanban/kanban-stage-dialogs.tsx'
import { kanbanAction } from './__kanban.server.ts'

const FILTERS = ['queue', 'user', 'tag'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const params = new URL(request.url).searchParams
  const filter = {
    queueId: params.get('queue'),
    userId: params.get('user'),
    tagId: params.get('tag'),
  }
  const options = ticketFilterOptions(db, actor)
  return {
    columns: getBoard(db, actor, filter),
    options: { queues: options.queues, users: options.users, tags: options.tags },
    canManage: canManageStages(actor),
  }
}

export const action = kanbanAction

export default function KanbanPage() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const [searchParams] = useSearchParams()
  const submit = useSubmit()
  const filtered = FILTERS.some((name) => searchParams.get(name))
  const choices = {
    queue: data.options.queues,
    user: data.options.users,
    tag: data.options.tags,
  }
  const allLabel = { queue: 'allQueues', user: 'allUsers', tag: 'allTags' } as const
  return (
    <div className="flex h-[calc(100dvh-3.5rem)] flex-col md:h-dvh">
      <div className="bg-card/40 flex flex-col gap-3 border-b px-4 py-3 sm:px-6 sm:py-4">
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="text-xl font-semibold tracking-tight">{t('kanban.title')}</h1>
            <p className="text-muted-foreground hidden text-sm sm:block">{t('kanban.subtitle')}</p>
          </div>
          {data.canManage ? <NewStageButton palette={STAGE_COLORS} /> : null}
        </div>
        <Form
          key={searchParams.toString()}
          method="GET"
          role="search"
          className="-mx-4 flex items-center gap-2 overflow-x-auto px-4 sm:mx-0 sm:flex-wrap sm:px-0"
          onChange={(event) => submit(event.currentTarget, { replace: true })}
        >
          {FILTERS.map((name) => (
            <NativeSelect
              key={name}
              name={name}
              aria-label={t(`kanban.filters.${name}`)}
              defaultValue={searchParams.get(name) ?? ''}
              className="h-8 w-44 shrink-0 text-sm"
            >
              <option value="">{t(`kanban.filters.${allLabel[name]}`)}</option>
              {choices[name].map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </NativeSelect>
          ))}
          {filtered ? (
            <Button asChild variant="ghost" size="sm" className="shrink-0">
              <Link to="/kanban" replace>
                <FilterX />
                {t('kanban.filters.clear')}
              </Link>
            </Button>
          ) : null}
        </Form>
      </div>
      <KanbanBoard
        key={FILTERS.map((name) => searchParams.get(name) ?? '').join('|')}
        columns={data.columns}
        canManage={data.canManage}
        palette={STAGE_COLORS}
      />
    </div>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'kanban.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
