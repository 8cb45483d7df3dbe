import { Plus, Trash2 } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { ErrorList } from '#app/components/forms.tsx'
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '#app/components/ui/alert-dialog.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Input, NativeSelect, Textarea } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
import {
  MAX_OPTION_DEPTH,
  MAX_OPTIONS_PER_MENU,
  OPTION_TITLE_MAX,
  type OptionNode,
  QUEUE_MESSAGE_MAX,
  QUEUE_OPTION_TARGETS,
  type QueueOptionTarget,
} from '#app/domain/queues/queue-schema.ts'
import { cn } from '#app/utils/misc.ts'
import { DragHandle, SortableList, useSortableRow } from './queue-sortable.tsx'
import { type ErrorMessage } from '#app/utils/validation.ts'

/** An option while it is edited: a stable key for React and drag and drop. */
export type EditorNode = Omit<OptionNode, 'children'> & { key: string; children: EditorNode[] }

let keySeq = 0
const newKey = () => `new-${++keySeq}`

export function toEditorNodes(nodes: OptionNode[]): EditorNode[] {
  return nodes.map((node) => ({
    ...node,
    key: node.id ?? newKey(),
    children: toEditorNodes(node.children),
  }))
}

/** What the hidden input carries: the tree without editor keys (children only for submenus). */
export function toOptionNodes(nodes: EditorNode[]): OptionNode[] {
  return nodes.map(({ key: _key, children, ...node }) => ({
    ...node,
    children: node.target === 'submenu' ? toOptionNodes(children) : [],
  }))
}

const emptyNode = (): EditorNode => ({
  key: newKey(),
  title: '',
  message: '',
  target: 'message',
  targetQueueId: null,
  targetUserId: null,
  children: [],
})

const countDescendants = (node: EditorNode): number =>
  node.children.reduce((sum, child) => sum + 1 + countDescendants(child), 0)

type Choice = { id: string; name: string }
type Context = {
  queues: Choice[]
  users: Choice[]
  /** conform's errors by field name ("options[0].children[1].title"). */
  errors: Record<string, ErrorMessage[] | undefined>
}

/** The submenu tree of a queue: nested, numbered, reorderable lists of options. */
export function QueueOptionsEditor({
  nodes,
  onChange,
  queues,
  users,
  errors,
}: {
  nodes: EditorNode[]
  onChange: (nodes: EditorNode[]) => void
} & Context) {
  const { t } = useTranslation()
  const context = { queues, users, errors }
  return (
    <div className="@container flex flex-col gap-3" data-testid="queue-options">
      {nodes.length === 0 ? (
        <p className="text-muted-foreground rounded-md border border-dashed p-4 text-center text-sm">
          {t('queues.options.empty')}
        </p>
      ) : (
        <OptionList
          nodes={nodes}
          onChange={onChange}
          path="options"
          prefix=""
          depth={1}
          context={context}
        />
      )}
      <ErrorList errors={errors.options} />
      {nodes.length < MAX_OPTIONS_PER_MENU ? (
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="self-start"
          onClick={() => onChange([...nodes, emptyNode()])}
        >
          <Plus /> {t('queues.options.add')}
        </Button>
      ) : null}
    </div>
  )
}

function OptionList({
  nodes,
  onChange,
  path,
  prefix,
  depth,
  context,
}: {
  nodes: EditorNode[]
  onChange: (nodes: EditorNode[]) => void
  /** Field name of this list ("options" or "options[0].children"). */
  path: string
  /** Number of the parent ("1.2."), shown before each option's own. */
  prefix: string
  depth: number
  context: Context
}) {
  const { t } = useTranslation()
  return (
    <SortableList
      items={nodes}
      getKey={(node) => node.key}
      getLabel={(node) => node.title || t('queues.options.untitled')}
      onReorder={onChange}
    >
      <ol className="flex flex-col gap-2">
        {nodes.map((node, index) => (
          <OptionItem
            key={node.key}
            node={node}
            number={`${prefix}${index + 1}`}
            path={`${path}[${index}]`}
            depth={depth}
            context={context}
            onChange={(next) =>
              onChange(nodes.map((item) => (item.key === node.key ? next : item)))
            }
            onDelete={() => onChange(nodes.filter((item) => item.key !== node.key))}
          />
        ))}
      </ol>
    </SortableList>
  )
}

function OptionItem({
  node,
  number,
  path,
  depth,
  context,
  onChange,
  onDelete,
}: {
  node: EditorNode
  number: string
  path: string
  depth: number
  context: Context
  onChange: (node: EditorNode) => void
  onDelete: () => void
}) {
  const { t } = useTranslation()
  const title = node.title || t('queues.options.untitled')
  const { rowRef, style, isDragging, handle } = useSortableRow(node.key)
  const errorsOf = (field: string) => context.errors[`${path}.${field}`]
  const fieldId = `option-${node.key}`
  const targets = QUEUE_OPTION_TARGETS.filter(
    (target) => target !== 'submenu' || depth < MAX_OPTION_DEPTH || node.target === 'submenu',
  )
  const descendants = countDescendants(node)
  const set = (change: Partial<EditorNode>) => onChange({ ...node, ...change })
  return (
    <li
      ref={rowRef}
      style={style}
      className={cn(
        'bg-card rounded-md border p-2 sm:p-3',
        isDragging && 'ring-primary shadow-lg ring-2',
      )}
      data-testid="queue-option"
      data-title={node.title}
    >
      <div className="flex items-start gap-1.5 sm:gap-2">
        <DragHandle label={t('queues.options.drag', { title })} {...handle} />
        <span
          className="bg-primary/10 text-primary mt-1 inline-flex h-6 min-w-6 shrink-0 items-center justify-center rounded-full px-1.5 text-xs font-semibold tabular-nums"
          aria-hidden
        >
          {number}
        </span>
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <Input
            id={`${fieldId}-title`}
            aria-label={t('queues.options.title', { number })}
            placeholder={t('queues.options.titlePlaceholder')}
            value={node.title}
            maxLength={OPTION_TITLE_MAX}
            aria-invalid={errorsOf('title') ? true : undefined}
            onChange={(event) => set({ title: event.target.value })}
          />
          <ErrorList errors={errorsOf('title')} />
        </div>
        {descendants > 0 ? (
          <AlertDialog>
            <AlertDialogTrigger asChild>
              <Button
                type="button"
                variant="ghost"
                size="icon"
                className="text-destructive hover:text-destructive size-8 shrink-0"
                aria-label={t('queues.options.delete', { title })}
              >
                <Trash2 />
              </Button>
            </AlertDialogTrigger>
            <AlertDialogContent>
              <AlertDialogTitle>{t('queues.options.deleteTitle', { title })}</AlertDialogTitle>
              <AlertDialogDescription>
                {t('queues.options.deleteDescription', { count: descendants })}
              </AlertDialogDescription>
              <div className="flex justify-end gap-2">
                <AlertDialogCancel asChild>
                  <Button type="button" variant="outline">
                    {t('common.cancel')}
                  </Button>
                </AlertDialogCancel>
                <AlertDialogAction asChild>
                  <Button type="button" variant="destructive" onClick={onDelete}>
                    {t('common.delete')}
                  </Button>
                </AlertDialogAction>
              </div>
            </AlertDialogContent>
          </AlertDialog>
        ) : (
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="text-destructive hover:text-destructive size-8 shrink-0"
            aria-label={t('queues.options.delete', { title })}
            onClick={onDelete}
          >
            <Trash2 />
          </Button>
        )}
      </div>

      <div className="mt-2 flex flex-col gap-2 @sm:ml-[4.5rem]">
        <div className="grid gap-2 @md:grid-cols-2">
          <div className="flex flex-col gap-1">
            <Label htmlFor={`${fieldId}-target`} className="text-xs">
              {t('queues.options.target')}
            </Label>
            <NativeSelect
              id={`${fieldId}-target`}
              aria-label={`${t('queues.options.target')} (${number})`}
              value={node.target}
              onChange={(event) => set({ target: event.target.value as QueueOptionTarget })}
            >
              {targets.map((target) => (
                <option key={target} value={target}>
                  {t(`queues.options.targets.${target}`)}
                </option>
              ))}
            </NativeSelect>
          </div>
          {node.target === 'queue' ? (
            <TargetSelect
              id={`${fieldId}-queue`}
              label={t('queues.options.targetQueue')}
              value={node.targetQueueId}
              choices={context.queues}
              errors={errorsOf('targetQueueId')}
              onChange={(targetQueueId) => set({ targetQueueId })}
            />
          ) : node.target === 'user' ? (
            <TargetSelect
              id={`${fieldId}-user`}
              label={t('queues.options.targetUser')}
              value={node.targetUserId}
              choices={context.users}
              errors={errorsOf('targetUserId')}
              onChange={(targetUserId) => set({ targetUserId })}
            />
          ) : null}
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${fieldId}-message`} className="text-xs">
            {t('queues.options.message')}
          </Label>
          <Textarea
            id={`${fieldId}-message`}
            rows={2}
            className="min-h-14"
            value={node.message}
            maxLength={QUEUE_MESSAGE_MAX}
            aria-invalid={errorsOf('message') ? true : undefined}
            aria-describedby={`${fieldId}-message-hint`}
            onChange={(event) => set({ message: event.target.value })}
          />
          <p id={`${fieldId}-message-hint`} className="text-muted-foreground text-xs">
            {t(`queues.options.messageHints.${node.target}`)}
          </p>
          <ErrorList errors={errorsOf('message')} />
        </div>
      </div>

      {node.target === 'submenu' ? (
        <div
          className="border-primary/30 mt-3 flex flex-col gap-2 border-l-2 pl-2 @sm:ml-8 @sm:pl-3"
          role="group"
          aria-label={t('queues.options.level', { title })}
        >
          {node.children.length ? (
            <OptionList
              nodes={node.children}
              onChange={(children) => set({ children })}
              path={`${path}.children`}
              prefix={`${number}.`}
              depth={depth + 1}
              context={context}
            />
          ) : null}
          <ErrorList errors={errorsOf('children')} />
          {node.children.length < MAX_OPTIONS_PER_MENU ? (
            <Button
              type="button"
              variant="ghost"
              size="sm"
              className="self-start"
              aria-label={`${t('queues.options.addChild')} (${number})`}
              onClick={() => set({ children: [...node.children, emptyNode()] })}
            >
              <Plus /> {t('queues.options.addChild')}
            </Button>
          ) : null}
        </div>
      ) : null}
    </li>
  )
}

function TargetSelect({
  id,
  label,
  value,
  choices,
  errors,
  onChange,
}: {
  id: string
  label: string
  value: string | null
  choices: Choice[]
  errors?: ErrorMessage[]
  onChange: (value: string | null) => void
}) {
  const { t } = useTranslation()
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id} className="text-xs">
        {label}
      </Label>
      <NativeSelect
        id={id}
        value={value ?? ''}
        aria-invalid={errors ? true : undefined}
        onChange={(event) => onChange(event.target.value || null)}
      >
        <option value="">{t('queues.options.choose')}</option>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.name}
          </option>
        ))}
      </NativeSelect>
      <ErrorList errors={errors} />
    </div>
  )
}
