import { Link } from '@remix-run/react'
import type * as React from 'react'
import { useTranslation } from 'react-i18next'
import { StatusButton } from '#app/components/status-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '#app/components/ui/card.tsx'
import { cn } from '#app/utils/misc.ts'

/**
 * A titled card grouping fields of an editor form: two columns from the small breakpoint up, or
 * one column (`columns={1}`) for wide fields.
 */
export function FormSection({
  title,
  description,
  columns = 2,
  children,
}: {
  title: string
  description?: string
  columns?: 1 | 2
  children: React.ReactNode
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className={columns === 2 ? 'grid gap-4 sm:grid-cols-2' : 'flex flex-col gap-4'}>
        {children}
      </CardContent>
    </Card>
  )
}

/** The end of an editor form: Cancelar (back to `cancelTo`) and the submit button (Salvar). */
export function FormActions({
  cancelTo,
  pending,
  submitLabel,
  className,
}: {
  cancelTo: string
  pending: boolean
  submitLabel?: string
  className?: string
}) {
  const { t } = useTranslation()
  return (
    <div className={cn('flex justify-end gap-2', className)}>
      <Button asChild variant="outline">
        <Link to={cancelTo}>{t('common.cancel')}</Link>
      </Button>
      <StatusButton type="submit" pending={pending}>
        {submitLabel ?? t('common.save')}
      </StatusButton>
    </div>
  )
}
