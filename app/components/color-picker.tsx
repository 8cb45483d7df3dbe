import { Check } from 'lucide-react'
import { ErrorList } from '#app/components/forms.tsx'
import { cn } from '#app/utils/misc.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'

/**
 * A colour field: a row of swatches (a radio group) and the browser's colour input for any other
 * colour. The value travels in a hidden input named `name`.
 */
export function ColorPicker({
  name,
  label,
  customLabel,
  palette,
  value,
  onChange,
  errors,
}: {
  name: string
  label: string
  customLabel: string
  palette: readonly string[]
  value: string
  onChange: (color: string) => void
  errors?: ErrorMessage[]
}) {
  const errorId = errors?.length ? `${name}-error` : undefined
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={errorId}>
      <legend className="mb-2 text-sm font-medium">{label}</legend>
      <input type="hidden" name={name} value={value} />
      <div role="radiogroup" aria-label={label} className="flex flex-wrap items-center gap-2">
        {palette.map((color) => {
          const checked = color.toLowerCase() === value.toLowerCase()
          return (
            <button
              key={color}
              type="button"
              role="radio"
              aria-checked={checked}
              aria-label={color}
              title={color}
              onClick={() => onChange(color)}
              className={cn(
                'ring-offset-background focus-visible:ring-ring flex size-7 items-center justify-center rounded-full text-white transition focus-visible:ring-2 focus-visible:ring-offset-2 focus-visible:outline-none',
                checked && 'ring-foreground ring-2 ring-offset-2',
              )}
              style={{ backgroundColor: color }}
            >
              {checked ? <Check className="size-4" aria-hidden /> : null}
            </button>
          )
        })}
        <label className="text-muted-foreground ml-1 flex items-center gap-2 text-xs">
          <input
            type="color"
            value={value}
            onChange={(event) => onChange(event.currentTarget.value)}
            className="h-7 w-9 cursor-pointer rounded border bg-transparent p-0.5"
            aria-label={customLabel}
          />
          {customLabel}
        </label>
      </div>
      {errorId ? <ErrorList id={errorId} errors={errors} /> : null}
    </fieldset>
  )
}
