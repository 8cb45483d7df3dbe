import { Loader2 } from 'lucide-react'
import * as React from 'react'
import { Button, type ButtonProps } from './ui/button.tsx'

/** A submit button that shows a spinner while its form is pending. */
export const StatusButton = React.forwardRef<HTMLButtonElement, ButtonProps & { pending: boolean }>(
  ({ pending, children, disabled, ...props }, ref) => (
    <Button ref={ref} disabled={pending || disabled} aria-busy={pending || undefined} {...props}>
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
      {children}
    </Button>
  ),
)
StatusButton.displayName = 'StatusButton'
