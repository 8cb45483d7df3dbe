import { TriangleAlert } from 'lucide-react'
import { useId, useRef } from 'react'
import { CopyButton } from '#app/components/copy-button.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'

/**
 * A secret shown only this once (a new API or connection token): read-only and selected on
 * focus, a copy button, and the warning that it will not be shown again.
 */
export function NewSecret({
  label,
  secret,
  copyLabel,
  copiedLabel,
  warning,
  testId,
}: {
  label: string
  secret: string
  copyLabel: string
  copiedLabel: string
  warning: string
  testId: string
}) {
  const inputId = useId()
  const input = useRef<HTMLInputElement>(null)
  return (
    <div className="border-success/40 bg-success/5 flex flex-col gap-2 rounded-lg border p-4">
      <Label htmlFor={inputId}>{label}</Label>
      <div className="flex gap-2">
        <Input
          id={inputId}
          ref={input}
          readOnly
          value={secret}
          className="font-mono text-xs"
          onFocus={(event) => event.currentTarget.select()}
          data-testid={testId}
        />
        <CopyButton
          text={secret}
          label={copyLabel}
          copiedLabel={copiedLabel}
          // Without the clipboard API the secret is copied (or left selected) the old way.
          fallback={() => input.current}
        />
      </div>
      <p className="flex items-start gap-1.5 text-xs font-medium">
        <TriangleAlert className="mt-px size-3.5 shrink-0 text-amber-600" aria-hidden />
        {warning}
      </p>
    </div>
  )
}
