import { MessageSquareText } from 'lucide-react'
import { cn } from '#app/utils/misc.ts'

export function Logo({ className, compact = false }: { className?: string; compact?: boolean }) {
  return (
    <span className={cn('inline-flex items-center gap-2 font-semibold tracking-tight', className)}>
      <span className="bg-primary text-primary-foreground flex size-8 items-center justify-center rounded-lg">
        <MessageSquareText className="size-4.5" />
      </span>
      {compact ? null : <span className="text-lg">Balcão</span>}
    </span>
  )
}
