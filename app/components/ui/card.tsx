import type * as React from 'react'
import { type LucideIcon } from 'lucide-react'
import { cn } from '#app/utils/misc.ts'

export function Card({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      className={cn('bg-card text-card-foreground rounded-lg border shadow-xs', className)}
      {...props}
    />
  )
}

export function CardHeader({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('flex flex-col gap-1 p-5 pb-3', className)} {...props} />
}

export function CardTitle({ className, ...props }: React.HTMLAttributes<HTMLHeadingElement>) {
  return <h2 className={cn('text-base leading-none font-semibold', className)} {...props} />
}

export function CardDescription({
  className,
  ...props
}: React.HTMLAttributes<HTMLParagraphElement>) {
  return <p className={cn('text-muted-foreground text-sm', className)} {...props} />
}

export function CardContent({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('p-5 pt-0', className)} {...props} />
}

/**
 * The header of a section card: the title after its icon, the description under it, and
 * `actions` (a button…) beside them from the `sm` breakpoint on.
 */
export function CardIconHeader({
  icon: Icon,
  title,
  description,
  actions,
}: {
  icon: LucideIcon
  title: React.ReactNode
  description?: React.ReactNode
  actions?: React.ReactNode
}) {
  const heading = (
    <>
      <CardTitle className="flex items-center gap-2">
        <Icon className="text-muted-foreground size-4" aria-hidden />
        {title}
      </CardTitle>
      {description ? <CardDescription>{description}</CardDescription> : null}
    </>
  )
  if (!actions) return <CardHeader>{heading}</CardHeader>
  return (
    <CardHeader className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
      <div className="flex flex-col gap-1.5">{heading}</div>
      {actions}
    </CardHeader>
  )
}
