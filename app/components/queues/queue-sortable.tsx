import {
  closestCenter,
  DndContext,
  type DraggableAttributes,
  type DragEndEvent,
  type DraggableSyntheticListeners,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core'
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable'
import { CSS, type Transform } from '@dnd-kit/utilities'
import { GripVertical } from 'lucide-react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { cn } from '#app/utils/misc.ts'

/**
 * A vertical list reordered by dragging a handle, with the mouse, touch or the keyboard (Space to
 * pick up, arrows to move, Space to drop, Escape to cancel); announcements in the UI language.
 */
export function SortableList<T>({
  items,
  getKey,
  getLabel,
  onReorder,
  children,
}: {
  items: T[]
  getKey: (item: T) => string
  getLabel: (item: T) => string
  onReorder: (items: T[]) => void
  children: React.ReactNode
}) {
  const { t } = useTranslation()
  const id = useId()
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )
  const keys = items.map(getKey)
  const label = (key: string | number | undefined) => {
    const item = items.find((candidate) => getKey(candidate) === key)
    return item ? getLabel(item) : ''
  }
  const position = (key: string | number | undefined) => keys.indexOf(String(key)) + 1
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return
    const from = keys.indexOf(String(active.id))
    const to = keys.indexOf(String(over.id))
    if (from < 0 || to < 0) return
    onReorder(arrayMove(items, from, to))
  }
  return (
    <DndContext
      id={id}
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: { draggable: t('queues.sortable.instructions') },
        announcements: {
          onDragStart: ({ active }) =>
            t('queues.sortable.picked', { name: label(active.id), position: position(active.id) }),
          onDragOver: ({ active, over }) =>
            over
              ? t('queues.sortable.over', { name: label(active.id), position: position(over.id) })
              : undefined,
          onDragEnd: ({ active, over }) =>
            t('queues.sortable.dropped', {
              name: label(active.id),
              position: position(over?.id ?? active.id),
            }),
          onDragCancel: ({ active }) => t('queues.sortable.cancelled', { name: label(active.id) }),
        },
      }}
    >
      <SortableContext items={keys} strategy={verticalListSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  )
}

/** The grip a SortableList row is dragged by (pass it `useSortableRow`'s `handle`). */
export function DragHandle({
  label,
  handleRef,
  attributes,
  listeners,
  isDragging,
}: {
  label: string
  handleRef: (element: HTMLElement | null) => void
  attributes: DraggableAttributes
  listeners: DraggableSyntheticListeners
  isDragging: boolean
}) {
  return (
    <button
      type="button"
      ref={handleRef}
      {...attributes}
      {...listeners}
      aria-label={label}
      title={label}
      className={cn(
        'text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:ring-ring inline-flex size-8 shrink-0 cursor-grab touch-none items-center justify-center rounded-md focus-visible:ring-2 focus-visible:outline-none',
        isDragging && 'cursor-grabbing',
      )}
    >
      <GripVertical className="size-4" />
    </button>
  )
}

/** The style of a dragged row (from `useSortable`'s transform and transition). */
function sortableStyle(
  transform: Transform | null,
  transition: string | undefined,
  isDragging: boolean,
): React.CSSProperties {
  return {
    transform: CSS.Translate.toString(transform),
    transition,
    position: 'relative',
    zIndex: isDragging ? 10 : undefined,
  }
}

/**
 * A row of a SortableList: the ref and style of the row element, whether it is being dragged, and
 * the props of its DragHandle.
 */
export function useSortableRow(id: string) {
  const {
    attributes,
    listeners,
    setNodeRef,
    setActivatorNodeRef,
    transform,
    transition,
    isDragging,
  } = useSortable({ id })
  return {
    rowRef: setNodeRef,
    style: sortableStyle(transform, transition, isDragging),
    isDragging,
    handle: { handleRef: setActivatorNodeRef, attributes, listeners, isDragging },
  }
}
