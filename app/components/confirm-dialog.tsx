import { type FetcherWithComponents, Form } from '@remix-run/react'
import { Trash2 } from 'lucide-react'
import { type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useIsPending } from '#app/utils/misc.ts'
import { StatusButton } from './status-button.tsx'
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogTitle,
  AlertDialogTrigger,
} from './ui/alert-dialog.tsx'
import { Button } from './ui/button.tsx'

/**
 * The one "are you sure?" dialog: a trigger, a title and a description, then a form that posts
 * `intent` (with `fields` as hidden inputs and whatever `children` add), Cancel beside the confirm
 * button. With `fetcher` it posts through that fetcher (the page stays and reads the answer);
 * without, through the page's own `<Form>`. When it closes is the caller's: pass `open` and
 * `onOpenChange` to keep it open until the answer arrives.
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  intent,
  fields = {},
  confirmLabel,
  cancelLabel,
  destructive = true,
  pending,
  disabled,
  fetcher,
  action,
  open,
  onOpenChange,
  onSubmit,
  children,
}: {
  trigger: ReactNode
  title: ReactNode
  description: ReactNode
  intent: string
  fields?: Record<string, string>
  confirmLabel: ReactNode
  cancelLabel?: ReactNode
  destructive?: boolean
  pending: boolean
  disabled?: boolean
  fetcher?: FetcherWithComponents<unknown>
  action?: string
  open?: boolean
  onOpenChange?: (open: boolean) => void
  onSubmit?: () => void
  children?: ReactNode
}) {
  const { t } = useTranslation()
  const body = (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <div className="flex justify-end gap-2">
        <AlertDialogCancel asChild>
          <Button variant="outline" type="button">
            {cancelLabel ?? t('common.cancel')}
          </Button>
        </AlertDialogCancel>
        <StatusButton
          type="submit"
          name="intent"
          value={intent}
          variant={destructive ? 'destructive' : 'default'}
          pending={pending}
          disabled={disabled}
        >
          {confirmLabel}
        </StatusButton>
      </div>
    </>
  )
  const formProps = { method: 'POST', action, onSubmit, className: 'flex flex-col gap-4' } as const
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogTitle>{title}</AlertDialogTitle>
        <AlertDialogDescription>{description}</AlertDialogDescription>
        {fetcher ? (
          <fetcher.Form {...formProps}>{body}</fetcher.Form>
        ) : (
          <Form {...formProps}>{body}</Form>
        )}
      </AlertDialogContent>
    </AlertDialog>
  )
}

/** A trash button that asks for confirmation, then posts `intent=delete` with the given fields. */
export function ConfirmDeleteButton({
  label,
  title,
  description,
  fields,
}: {
  label: string
  title: string
  description: string
  fields: Record<string, string>
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  return (
    <ConfirmDialog
      trigger={
        <Button
          variant="ghost"
          size="icon"
          aria-label={label}
          className="text-destructive hover:text-destructive"
        >
          <Trash2 />
        </Button>
      }
      title={title}
      description={description}
      intent="delete"
      fields={fields}
      confirmLabel={t('common.delete')}
      pending={isPending}
    />
  )
}
