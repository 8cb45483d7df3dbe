import * as SwitchPrimitive from '@radix-ui/react-switch'
import { Plus, X } from 'lucide-react'
import { useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  BusinessHoursSchema,
  defaultBusinessHours,
  MAX_RANGES_PER_DAY,
  WEEK_DAYS,
  type BusinessDay,
  type BusinessHours,
} from '#app/domain/bot/hours.ts'
import { ErrorList } from './forms.tsx'
import { Button } from './ui/button.tsx'
import { Checkbox } from './ui/checkbox.tsx'
import { Input } from './ui/input.tsx'
import { Label } from './ui/label.tsx'
import { issueMessage, type ErrorMessage } from '#app/utils/validation.ts'

const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const

const toMinutes = (time: string) => {
  const [hours = 0, minutes = 0] = time.split(':').map(Number)
  return hours * 60 + minutes
}
const toTime = (minutes: number) => {
  const clamped = Math.max(0, Math.min(minutes, 23 * 60 + 59))
  return `${String(Math.floor(clamped / 60)).padStart(2, '0')}:${String(clamped % 60).padStart(2, '0')}`
}

/** Seven days, Sunday first, whatever the stored value holds. */
function normalize(value: BusinessHours | null): BusinessHours {
  const base = value ?? defaultBusinessHours()
  return {
    enabled: base.enabled,
    days: WEEK_DAYS.map(
      (day) =>
        base.days.find((candidate) => candidate.day === day) ?? { day, open: false, ranges: [] },
    ),
  }
}

/** The range added after the last one: an hour after it ends, four hours long. */
function nextRange(day: BusinessDay) {
  const last = day.ranges.at(-1)
  if (!last) return { start: '08:00', end: '18:00' }
  const start = Math.min(toMinutes(last.end) + 60, 23 * 60)
  return { start: toTime(start), end: toTime(start + 4 * 60) }
}

/**
 * Weekly business hours with lunch breaks. The value travels in a hidden input `name` as JSON
 * (validate it with `BusinessHoursFieldSchema` from app/domain/bot/hours.ts). Problems of a day
 * (overlap, end before start) show on its row as the admin types.
 */
export function BusinessHoursField({
  name,
  defaultValue,
  errors,
  onChange,
}: {
  name: string
  defaultValue: BusinessHours | null
  errors?: ErrorMessage[]
  /** Told every change (e.g. to show or hide an out-of-hours message field). */
  onChange?: (value: BusinessHours) => void
}) {
  const { t } = useTranslation()
  const id = useId()
  const [value, setValue] = useState(() => normalize(defaultValue))
  const commit = (next: BusinessHours) => {
    setValue(next)
    onChange?.(next)
  }

  const dayIssues = useMemo(() => {
    const result = BusinessHoursSchema.safeParse(value)
    const byDay = new Map<number, ErrorMessage[]>()
    if (result.success) return byDay
    for (const issue of result.error.issues) {
      const index = issue.path[1]
      if (issue.path[0] !== 'days' || typeof index !== 'number') continue
      const list = byDay.get(index) ?? []
      if (!list.some((known) => known.key === issue.message)) list.push(issueMessage(issue))
      byDay.set(index, list)
    }
    return byDay
  }, [value])

  const updateDay = (index: number, change: (day: BusinessDay) => BusinessDay) =>
    commit({
      ...value,
      days: value.days.map((day, position) => (position === index ? change(day) : day)),
    })

  const timeInput = (
    index: number,
    rangeIndex: number,
    edge: 'start' | 'end',
    time: string,
    dayName: string,
    issues: ErrorMessage[] | undefined,
  ) => (
    <Input
      type="time"
      className="h-8 w-[6.5rem] px-2"
      value={time}
      aria-label={t(`businessHours.${edge}`, { day: dayName, number: rangeIndex + 1 })}
      aria-invalid={issues ? true : undefined}
      onChange={(event) =>
        updateDay(index, (current) => ({
          ...current,
          ranges: current.ranges.map((item, position) =>
            position === rangeIndex ? { ...item, [edge]: event.target.value } : item,
          ),
        }))
      }
    />
  )

  const switchId = `${id}-enabled`
  return (
    <div className="flex flex-col gap-3" data-testid="business-hours">
      <input type="hidden" name={name} value={JSON.stringify(value)} />
      <div className="flex items-start gap-3">
        <SwitchPrimitive.Root
          id={switchId}
          checked={value.enabled}
          onCheckedChange={(enabled) => commit({ ...value, enabled })}
          aria-describedby={`${id}-hint`}
          className="peer focus-visible:ring-ring data-[state=checked]:bg-primary data-[state=unchecked]:bg-input mt-0.5 inline-flex h-5 w-9 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent shadow-xs transition-colors focus-visible:ring-2 focus-visible:outline-none"
        >
          <SwitchPrimitive.Thumb className="bg-background pointer-events-none block size-4 rounded-full shadow-sm transition-transform data-[state=checked]:translate-x-4 data-[state=unchecked]:translate-x-0" />
        </SwitchPrimitive.Root>
        <div className="flex flex-col gap-0.5">
          <Label htmlFor={switchId}>{t('businessHours.enable')}</Label>
          <p id={`${id}-hint`} className="text-muted-foreground text-xs">
            {t(value.enabled ? 'businessHours.enabledHint' : 'businessHours.disabledHint')}
          </p>
        </div>
      </div>

      {value.enabled ? (
        <ul className="divide-border flex flex-col divide-y rounded-md border">
          {value.days.map((day, index) => {
            const dayName = t(`businessHours.days.${DAY_KEYS[day.day] ?? 'sun'}`)
            const openId = `${id}-day-${day.day}`
            const issues = dayIssues.get(index)
            return (
              <li
                key={day.day}
                className="flex flex-col gap-2 px-3 py-2 sm:flex-row sm:items-start sm:gap-4"
                data-testid={`business-day-${day.day}`}
              >
                <div className="flex items-center gap-2 sm:w-40 sm:pt-2">
                  <Checkbox
                    id={openId}
                    checked={day.open}
                    onCheckedChange={(checked) =>
                      updateDay(index, (current) => ({
                        ...current,
                        open: checked === true,
                        ranges:
                          checked === true && current.ranges.length === 0
                            ? [nextRange(current)]
                            : current.ranges,
                      }))
                    }
                    aria-label={t('businessHours.openOn', { day: dayName })}
                  />
                  <Label htmlFor={openId} className="font-medium">
                    {dayName}
                  </Label>
                </div>
                <div className="flex flex-1 flex-col gap-2">
                  {day.open ? (
                    <>
                      <div className="flex flex-wrap items-center gap-2">
                        {day.ranges.map((range, rangeIndex) => (
                          <div
                            key={rangeIndex}
                            className="bg-muted/40 flex items-center gap-1 rounded-md border py-0.5 pr-0.5 pl-1"
                            role="group"
                            aria-label={t('businessHours.range', {
                              day: dayName,
                              number: rangeIndex + 1,
                            })}
                          >
                            {timeInput(index, rangeIndex, 'start', range.start, dayName, issues)}
                            <span className="text-muted-foreground text-xs">
                              {t('businessHours.until')}
                            </span>
                            {timeInput(index, rangeIndex, 'end', range.end, dayName, issues)}
                            <Button
                              type="button"
                              variant="ghost"
                              size="icon"
                              className="size-7"
                              aria-label={t('businessHours.removeRange', {
                                day: dayName,
                                number: rangeIndex + 1,
                              })}
                              onClick={() =>
                                updateDay(index, (current) => {
                                  const ranges = current.ranges.filter(
                                    (_, position) => position !== rangeIndex,
                                  )
                                  return { ...current, ranges, open: ranges.length > 0 }
                                })
                              }
                            >
                              <X />
                            </Button>
                          </div>
                        ))}
                        {day.ranges.length < MAX_RANGES_PER_DAY ? (
                          <Button
                            type="button"
                            variant="ghost"
                            size="sm"
                            aria-label={t('businessHours.addRangeOn', { day: dayName })}
                            onClick={() =>
                              updateDay(index, (current) => ({
                                ...current,
                                ranges: [...current.ranges, nextRange(current)],
                              }))
                            }
                          >
                            <Plus /> {t('businessHours.addRange')}
                          </Button>
                        ) : null}
                      </div>
                      <ErrorList errors={issues} />
                    </>
                  ) : (
                    <p className="text-muted-foreground py-1.5 text-sm">
                      {t('businessHours.closed')}
                    </p>
                  )}
                </div>
              </li>
            )
          })}
        </ul>
      ) : null}
      <ErrorList errors={errors ? [...new Set(errors)] : undefined} />
    </div>
  )
}
