import { useFetcher } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { useLiveEvents, useRevalidate } from '#app/components/live-events.tsx'
import { NativeSelect } from '#app/components/ui/input.tsx'

export type StageOption = { id: string; name: string; color: string }

/** The contact's Kanban stage beside the conversation; changing it moves the card to that column's top. */
export function StageSelect({
  contactId,
  stageId,
  stages,
}: {
  contactId: string
  /** Null: never placed, which is the first stage. */
  stageId: string | null
  stages: StageOption[]
}) {
  const { t } = useTranslation()
  const id = useId()
  const fetcher = useFetcher<{ ok: boolean }>()
  const revalidate = useRevalidate()
  useLiveEvents(['kanban.moved', 'kanban.stages'], (event) => {
    if (event.type !== 'kanban.stages' && event.payload.contactId !== contactId) return
    revalidate()
  })
  if (!stages.length) return null
  const pending = fetcher.formData?.get('stageId')
  const value = typeof pending === 'string' ? pending : (stageId ?? stages[0]!.id)
  const color = stages.find((stage) => stage.id === value)?.color
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-muted-foreground text-xs font-semibold uppercase">
        {t('kanban.stage')}
      </label>
      <div className="flex items-center gap-2">
        <span
          className="size-2.5 shrink-0 rounded-full"
          style={{ backgroundColor: color }}
          aria-hidden
        />
        <NativeSelect
          id={id}
          value={value}
          data-testid="contact-stage"
          className="h-8 text-sm"
          onChange={(event) =>
            fetcher.submit(
              { contactId, stageId: event.currentTarget.value },
              { method: 'POST', action: '/resources/kanban/move' },
            )
          }
        >
          {stages.map((stage) => (
            <option key={stage.id} value={stage.id}>
              {stage.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      {fetcher.state === 'idle' && fetcher.data?.ok ? (
        <span className="text-muted-foreground text-xs" role="status">
          {t('kanban.stageSaved')}
        </span>
      ) : null}
    </div>
  )
}
