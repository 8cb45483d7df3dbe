import { useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { ConfirmDialog } from '#app/components/confirm-dialog.tsx'
import { Button, type ButtonProps } from '#app/components/ui/button.tsx'

/** The intent this page is submitting right now, to put the spinner on the right button. */
export function usePendingIntent() {
  const navigation = useNavigation()
  if (navigation.state !== 'submitting') return null
  const intent = navigation.formData?.get('intent')
  return typeof intent === 'string' ? intent : null
}

/** A button that asks first, then posts `intent` to this route (stays open until it is done). */
export function ConfirmIntentButton({
  intent,
  title,
  description,
  confirmLabel,
  destructive = false,
  children,
  ...buttonProps
}: {
  intent: string
  title: string
  description: string
  confirmLabel: string
  destructive?: boolean
  children: React.ReactNode
} & Omit<ButtonProps, 'children'>) {
  const [open, setOpen] = useState(false)
  const navigation = useNavigation()
  const pending = usePendingIntent() === intent
  // Close once this dialog's submission has finished (answer and reload both done).
  const [submitted, setSubmitted] = useState(false)
  if (pending && !submitted) setSubmitted(true)
  if (submitted && navigation.state === 'idle') {
    setSubmitted(false)
    setOpen(false)
  }
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="outline" {...buttonProps}>
          {children}
        </Button>
      }
      title={title}
      description={description}
      intent={intent}
      confirmLabel={confirmLabel}
      destructive={destructive}
      pending={pending}
    />
  )
}
