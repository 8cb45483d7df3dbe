import { useFetcher } from '@remix-run/react'
import { Search, UserRound, X } from 'lucide-react'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, type ListOfErrors } from '#app/components/forms.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { cn } from '#app/utils/misc.ts'

type Found = { id: string; name: string; number: string | null }

/**
 * The contact of a schedule: a search box (name or number, this company's contacts) that turns
 * into the chosen contact; the id travels in a hidden input named `name`.
 */
export function ContactPicker({
  name,
  initial,
  errors,
  errorId,
}: {
  name: string
  initial?: { id: string; label: string }
  errors?: ListOfErrors
  errorId?: string
}) {
  const { t } = useTranslation()
  const fetcher = useFetcher<{ contacts: Found[] }>()
  const [chosen, setChosen] = useState(initial ?? null)
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const inputId = useId()
  const listId = useId()
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const results = fetcher.data?.contacts ?? []

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), [])

  const search = (value: string) => {
    setQuery(value)
    setOpen(true)
    setActive(0)
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(
      () => fetcher.load(`/resources/schedule-contacts?${new URLSearchParams({ q: value })}`),
      200,
    )
  }

  const choose = (contact: Found) => {
    setChosen({ id: contact.id, label: label(contact) })
    setOpen(false)
    setQuery('')
  }

  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={inputId}>{t('schedules.fields.contact')}</Label>
      <input type="hidden" name={name} value={chosen?.id ?? ''} />
      {chosen ? (
        <div
          className="border-input bg-card flex h-9 items-center gap-2 rounded-md border px-3 text-sm"
          data-testid="chosen-contact"
        >
          <UserRound className="text-muted-foreground size-4 shrink-0" />
          <span className="min-w-0 flex-1 truncate">{chosen.label}</span>
          <button
            type="button"
            className="text-muted-foreground hover:text-foreground"
            onClick={() => {
              setChosen(null)
              setTimeout(() => document.getElementById(inputId)?.focus())
            }}
            aria-label={t('schedules.fields.changeContact')}
          >
            <X className="size-4" />
          </button>
        </div>
      ) : (
        <div className="relative">
          <Search className="text-muted-foreground pointer-events-none absolute top-2.5 left-3 size-4" />
          <Input
            id={inputId}
            role="combobox"
            aria-expanded={open}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={errorId}
            autoComplete="off"
            className="pl-9"
            placeholder={t('schedules.fields.contactSearch')}
            value={query}
            onChange={(event) => search(event.target.value)}
            onFocus={() => {
              if (!fetcher.data && fetcher.state === 'idle') search(query)
              setOpen(true)
            }}
            onBlur={(event) => {
              // Closes when focus really left (a re-render may blur and refocus the input).
              const input = event.currentTarget
              setTimeout(() => {
                if (document.activeElement !== input) setOpen(false)
              }, 150)
            }}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault()
                setActive((i) => Math.min(i + 1, results.length - 1))
              } else if (event.key === 'ArrowUp') {
                event.preventDefault()
                setActive((i) => Math.max(i - 1, 0))
              } else if (event.key === 'Enter') {
                event.preventDefault()
                const pick = results[active]
                if (pick) choose(pick)
              } else if (event.key === 'Escape') {
                setOpen(false)
              }
            }}
          />
          {open ? (
            <ul
              id={listId}
              role="listbox"
              className="bg-popover absolute top-10 right-0 left-0 z-50 max-h-60 overflow-y-auto rounded-md border p-1 shadow-md"
            >
              {fetcher.state !== 'idle' && results.length === 0 ? (
                <li className="text-muted-foreground px-2 py-1.5 text-sm">
                  {t('schedules.contacts.searching')}
                </li>
              ) : results.length === 0 ? (
                <li className="text-muted-foreground px-2 py-1.5 text-sm">
                  {query.trim()
                    ? t('schedules.contacts.none')
                    : t('schedules.contacts.typeToSearch')}
                </li>
              ) : (
                results.map((contact, index) => (
                  <li
                    key={contact.id}
                    role="option"
                    aria-selected={index === active}
                    className={cn(
                      'flex cursor-pointer items-center justify-between gap-2 rounded-sm px-2 py-1.5 text-sm',
                      index === active && 'bg-accent text-accent-foreground',
                    )}
                    onMouseDown={(event) => {
                      event.preventDefault()
                      choose(contact)
                    }}
                    onMouseEnter={() => setActive(index)}
                  >
                    <span className="truncate">{contact.name}</span>
                    {contact.number ? (
                      <span className="text-muted-foreground shrink-0 text-xs tabular-nums">
                        {contact.number}
                      </span>
                    ) : null}
                  </li>
                ))
              )}
            </ul>
          ) : null}
        </div>
      )}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

const label = (contact: Found) =>
  contact.number ? `${contact.name} (${contact.number})` : contact.name
