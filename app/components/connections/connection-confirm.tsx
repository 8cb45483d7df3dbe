import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { StatusButton } from '#app/components/status-button.tsx'
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '#app/components/ui/alert-dialog.tsx'
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
  const { t } = useTranslation()
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
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" {...buttonProps}>
          {children}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogTitle>{title}</AlertDialogTitle>
        <AlertDialogDescription>{description}</AlertDialogDescription>
        <Form method="POST" className="flex justify-end gap-2">
          <AlertDialogCancel asChild>
            <Button variant="outline" type="button">
              {t('common.cancel')}
            </Button>
          </AlertDialogCancel>
          <StatusButton
            type="submit"
            name="intent"
            value={intent}
            variant={destructive ? 'destructive' : 'default'}
            pending={pending}
          >
            {confirmLabel}
          </StatusButton>
        </Form>
      </AlertDialogContent>
    </AlertDialog>
  )
}
