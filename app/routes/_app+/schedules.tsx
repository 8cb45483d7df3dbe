import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { Plus } from 'lucide-react'
import { lazy, Suspense, useCallback, useState } from 'react'
import { type View } from 'react-big-calendar'
import calendarStyles from 'react-big-calendar/lib/css/react-big-calendar.css?url'
import { useTranslation } from 'react-i18next'
import { ClientOnly } from 'remix-utils/client-only'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useRevalidateOn } from '#app/components/live-events.tsx'
import themeStyles from '#app/components/schedules/schedule-calendar.css?url'
import { ScheduleDetailsDialog } from '#app/components/schedules/schedule-details.tsx'
import { ScheduleFormDialog, suggestedSendAt } from '#app/components/schedules/schedule-form.tsx'
import { type ScheduleItem, type SchedulePreset } from '#app/components/schedules/schedule-types.ts'
import { StatusLegend } from '#app/components/schedules/status-badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { fromLocalInput, toLocalDate } from '#app/domain/schedules/schedule-time.ts'
import { listSchedules, scheduleFormOptions } from '#app/domain/schedules/schedules.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

const ScheduleCalendar = lazy(() => import('#app/components/schedules/schedule-calendar.tsx'))

const VIEWS = ['month', 'week', 'day', 'agenda'] as const
const DAY = 24 * 60 * 60 * 1000
/** Around the focused day: a month view with its leading/trailing weeks, or 30 days of agenda. */
const SPAN = 40 * DAY

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: calendarStyles },
  { rel: 'stylesheet', href: themeStyles },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const params = new URL(request.url).searchParams
  const options = scheduleFormOptions(db, actor)
  const dateParam = params.get('date') ?? ''
  const anchor = fromLocalInput(dateParam, options.timeZone) ?? Date.now()
  const items = listSchedules(db, actor, { from: anchor - SPAN, to: anchor + SPAN })
  return { items, options, date: toLocalDate(anchor, options.timeZone) }
}

const isView = (value: string | null): value is View =>
  VIEWS.includes(value as (typeof VIEWS)[number])

/** "2026-11-25" → a browser Date at that wall-clock day (the calendar's own frame). */
function wallDay(date: string) {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(y!, m! - 1, d!)
}

const pad = (n: number) => String(n).padStart(2, '0')
const dayString = (date: Date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`

export default function SchedulesPage() {
  const { items, options, date } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  // Phones open on the agenda (a month grid does not fit), unless the link chose a view. Only the
  // client-only calendar reads it, so the server's guess never has to match.
  const [view, setView] = useState<View>(() => {
    const fromUrl = params.get('view')
    if (isView(fromUrl)) return fromUrl
    const phone = typeof window !== 'undefined' && window.matchMedia('(max-width: 639px)').matches
    return phone ? 'agenda' : 'month'
  })
  const [form, setForm] = useState<{ schedule?: ScheduleItem; preset?: SchedulePreset } | null>(
    null,
  )
  const [selectedId, setSelectedId] = useState<string | null>(null)
  useRevalidateOn(['schedule.created', 'schedule.updated'])

  const go = useCallback(
    (next: { date?: string; view?: View }) => {
      setParams(
        (current) => {
          const copy = new URLSearchParams(current)
          if (next.date) copy.set('date', next.date)
          if (next.view) copy.set('view', next.view)
          return copy
        },
        { replace: true, preventScrollReset: true },
      )
    },
    [setParams],
  )

  const selected = items.find((item) => item.id === selectedId) ?? null
  const closeForm = useCallback(() => setForm(null), [])

  return (
    <>
      <PageHeader
        title={t('schedules.title')}
        description={t('schedules.subtitle')}
        actions={
          <Button type="button" onClick={() => setForm({})}>
            <Plus /> {t('schedules.new')}
          </Button>
        }
      />
      <div className="flex flex-col gap-3 p-4 sm:p-8">
        <StatusLegend />
        <Card className="schedule-calendar p-3 sm:p-4" data-testid="schedule-calendar">
          <ClientOnly fallback={<CalendarPlaceholder />}>
            {() => (
              <Suspense fallback={<CalendarPlaceholder />}>
                <div className="h-[72dvh] min-h-[28rem]">
                  <ScheduleCalendar
                    items={items}
                    timeZone={options.timeZone}
                    view={view}
                    date={wallDay(date)}
                    onView={(next) => {
                      setView(next)
                      go({ view: next })
                    }}
                    onNavigate={(next, nextView) => go({ date: dayString(next), view: nextView })}
                    onSelectSchedule={(item) => setSelectedId(item.id)}
                    onSelectSlot={(ms, wholeDay) => {
                      const at = wholeDay ? ms + 9 * 60 * 60 * 1000 : ms
                      setForm({ preset: { sendAt: at > Date.now() ? at : suggestedSendAt() } })
                    }}
                  />
                </div>
              </Suspense>
            )}
          </ClientOnly>
        </Card>
      </div>
      <ScheduleDetailsDialog
        schedule={selected}
        timeZone={options.timeZone}
        onClose={() => setSelectedId(null)}
        onEdit={(schedule) => {
          setSelectedId(null)
          setForm({ schedule })
        }}
      />
      <ScheduleFormDialog
        open={form !== null}
        onOpenChange={(open) => (open ? undefined : closeForm())}
        options={options}
        schedule={form?.schedule}
        preset={form?.preset}
      />
    </>
  )
}

function CalendarPlaceholder() {
  const { t } = useTranslation()
  return (
    <div className="text-muted-foreground flex h-[32rem] items-center justify-center text-sm">
      {t('schedules.loading')}
    </div>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'schedules.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
