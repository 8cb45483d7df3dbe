import * as Popover from '@radix-ui/react-popover'
import { useFetcher } from '@remix-run/react'
import { Plus, X } from 'lucide-react'
import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { usePanelError } from '#app/components/tickets/use-ticket-command.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { foldTagName, TAG_NAME_MAX, type TagTarget } from '#app/domain/tags/tag-schema.ts'
import { type Answer } from '#app/utils/answer.ts'
import { cn } from '#app/utils/misc.ts'

export type TagChip = { id: string; name: string; color: string }

export type TagOption = { kind: 'tag'; tag: TagChip } | { kind: 'create'; name: string }

/**
 * The tags of the ticket or of its contact: chips with × to take one off, and a combobox that
 * searches the company's tags and creates a new one on the fly.
 */
export function TagSection({
  ticketId,
  target,
  tags,
}: {
  ticketId: string
  target: TagTarget
  tags: TagChip[]
}) {
  const { t } = useTranslation()
  const errorText = usePanelError()
  const fetcher = useFetcher<Answer>({ key: `tags-${target}-${ticketId}` })
  const action = `/resources/tickets/${ticketId}/tags`
  const label = t(`panel.tags.${target}`)

  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok)
      toast.error(errorText(fetcher.data))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data])

  // While a change is on its way the chips already show it.
  const pending = fetcher.formData
  const removing = pending?.get('intent') === 'remove' ? pending.get('tagId') : null
  const adding = pending?.get('intent') === 'create' ? String(pending.get('name') ?? '') : null
  const shown = tags.filter((tag) => tag.id !== removing)
  const submit = (fields: Record<string, string>) =>
    fetcher.submit({ target, ...fields }, { method: 'POST', action })

  return (
    <section aria-label={label} data-testid={`tags-${target}`}>
      <div className="mb-1 flex items-center justify-between">
        <p className="text-muted-foreground text-xs font-semibold uppercase">{label}</p>
        <TagPicker
          tagsUrl={`/resources/tickets/${ticketId}/tags`}
          label={t('panel.tags.addTo', { target: label })}
          applied={tags}
          onPick={(option) =>
            option.kind === 'tag'
              ? submit({ intent: 'apply', tagId: option.tag.id })
              : submit({ intent: 'create', name: option.name })
          }
        />
      </div>
      {shown.length || adding ? (
        <ul className="flex flex-wrap gap-1">
          {shown.map((tag) => (
            <li
              key={tag.id}
              className="flex items-center gap-0.5 rounded-full py-0.5 pr-1 pl-2 text-xs text-white"
              style={{ backgroundColor: tag.color }}
            >
              {tag.name}
              <button
                type="button"
                className="rounded-full p-0.5 hover:bg-black/20 focus-visible:ring-2 focus-visible:ring-white focus-visible:outline-none"
                aria-label={t('panel.tags.remove', { name: tag.name })}
                onClick={() => submit({ intent: 'remove', tagId: tag.id })}
              >
                <X className="size-3" aria-hidden />
              </button>
            </li>
          ))}
          {adding ? (
            <li className="bg-muted text-muted-foreground rounded-full px-2 py-0.5 text-xs">
              {adding}
            </li>
          ) : null}
        </ul>
      ) : (
        <p className="text-muted-foreground text-xs">{t('panel.tags.none')}</p>
      )}
    </section>
  )
}

/** The "+ Tag" combobox: searches the company's tags (loaded from `tagsUrl`) or creates one. */
export function TagPicker({
  tagsUrl,
  label,
  applied,
  onPick,
}: {
  tagsUrl: string
  label: string
  applied: TagChip[]
  onPick: (option: TagOption) => void
}) {
  const { t } = useTranslation()
  const list = useFetcher<{ tags: TagChip[] }>()
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const listId = useId()

  useEffect(() => {
    if (open) list.load(tagsUrl)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, tagsUrl])

  const all = list.data?.tags ?? []
  const name = query.replace(/\s+/g, ' ').trim()
  const folded = foldTagName(name)
  const options: TagOption[] = all
    .filter(
      (tag) => !applied.some((a) => a.id === tag.id) && foldTagName(tag.name).includes(folded),
    )
    .map((tag) => ({ kind: 'tag', tag }))
  if (
    name &&
    name.length <= TAG_NAME_MAX &&
    !all.some((tag) => foldTagName(tag.name) === folded) &&
    list.data
  )
    options.push({ kind: 'create', name })
  const current = Math.min(active, options.length - 1)

  const pick = (option: TagOption | undefined) => {
    if (!option) return
    onPick(option)
    setOpen(false)
  }
  const optionId = (index: number) => `${listId}-${index}`

  return (
    <Popover.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next)
        setQuery('')
        setActive(0)
      }}
    >
      <Popover.Trigger asChild>
        <Button variant="ghost" size="sm" className="h-6 px-1.5" aria-label={label}>
          <Plus />
          {t('panel.tags.add')}
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={4}
          className="bg-popover text-popover-foreground z-50 flex w-64 flex-col gap-2 rounded-md border p-2 shadow-md"
        >
          <Input
            role="combobox"
            aria-label={t('panel.tags.search')}
            placeholder={t('panel.tags.search')}
            aria-expanded
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={current >= 0 ? optionId(current) : undefined}
            value={query}
            maxLength={TAG_NAME_MAX}
            onChange={(event) => {
              setQuery(event.target.value)
              setActive(0)
            }}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault()
                setActive(Math.min(current + 1, options.length - 1))
              } else if (event.key === 'ArrowUp') {
                event.preventDefault()
                setActive(Math.max(current - 1, 0))
              } else if (event.key === 'Enter') {
                event.preventDefault()
                pick(options[current])
              }
            }}
          />
          <ul id={listId} role="listbox" aria-label={label} className="max-h-56 overflow-y-auto">
            {options.map((option, index) => (
              <li
                key={option.kind === 'tag' ? option.tag.id : 'create'}
                id={optionId(index)}
                role="option"
                aria-selected={index === current}
                className={cn(
                  'flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm',
                  index === current && 'bg-accent text-accent-foreground',
                )}
                onMouseEnter={() => setActive(index)}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(option)}
              >
                {option.kind === 'tag' ? (
                  <>
                    <span
                      className="size-3 shrink-0 rounded-full"
                      style={{ backgroundColor: option.tag.color }}
                      aria-hidden
                    />
                    <span className="truncate">{option.tag.name}</span>
                  </>
                ) : (
                  <>
                    <Plus className="size-3.5 shrink-0" aria-hidden />
                    <span className="truncate">
                      {t('panel.tags.create', { name: option.name })}
                    </span>
                  </>
                )}
              </li>
            ))}
          </ul>
          {options.length === 0 ? (
            <p className="text-muted-foreground px-2 py-1 text-xs">
              {list.data ? t('panel.tags.noResults') : t('panel.tags.loading')}
            </p>
          ) : null}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}
