import { Form } from '@remix-run/react'
import { Trash2 } from 'lucide-react'
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
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          aria-label={label}
          className="text-destructive hover:text-destructive"
        >
          <Trash2 />
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogTitle>{title}</AlertDialogTitle>
        <AlertDialogDescription>{description}</AlertDialogDescription>
        <Form method="POST" className="flex justify-end gap-2">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <AlertDialogCancel asChild>
            <Button variant="outline" type="button">
              {t('common.cancel')}
            </Button>
          </AlertDialogCancel>
          <StatusButton
            type="submit"
            name="intent"
            value="delete"
            variant="destructive"
            pending={isPending}
          >
            {t('common.delete')}
          </StatusButton>
        </Form>
      </AlertDialogContent>
    </AlertDialog>
  )
}
