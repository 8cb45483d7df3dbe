import { cn } from '#app/utils/misc.ts'

/**
 * A tag as a pill of its colour with white text, cut with an ellipsis when it runs out of room:
 * `sm` on pages and lists, `xs` in dense places (Kanban cards, ticket rows).
 */
export function TagChip({
  name,
  color,
  size = 'sm',
  className,
}: {
  name: string
  color: string
  size?: 'sm' | 'xs'
  className?: string
}) {
  return (
    <span
      className={cn(
        'inline-flex max-w-full items-center rounded-full font-medium text-white',
        size === 'sm' ? 'px-2.5 py-0.5 text-xs' : 'px-1.5 py-px text-[11px]',
        className,
      )}
      style={{ backgroundColor: color }}
    >
      <span className="truncate">{name}</span>
    </span>
  )
}
