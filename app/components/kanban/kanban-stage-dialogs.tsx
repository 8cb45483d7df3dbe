import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { useFetcher } from '@remix-run/react'
import { ArrowLeft, ArrowRight, Ellipsis, Palette, Plus, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Field, SelectField } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Dialog, DialogContent, DialogTitle } from '#app/components/ui/dialog.tsx'
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '#app/components/ui/dropdown-menu.tsx'
import { useFetcherAnswer } from '#app/utils/fetcher-answer.ts'
import { STAGE_NAME_MAX, StageEditorSchema } from '#app/domain/kanban/kanban-schema.ts'
import { ColorPicker } from '#app/components/color-picker.tsx'
import { type ErrorMessage } from '#app/utils/validation.ts'

type StageRef = { id: string; name: string; color: string; count: number }

/** Closes a dialog when its action answers `{ ok: true }`; a refused one keeps it open. */
function useCloseOnSuccess(fetcher: { state: string; data?: unknown }, close: () => void) {
  useFetcherAnswer(fetcher, (data) => {
    if ((data as { ok?: boolean }).ok === true) close()
  })
}

/** Name and colour of a stage, new (no stage) or existing. */
function StageEditorDialog({
  open,
  onOpenChange,
  stage,
  palette,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  stage?: StageRef
  palette: readonly string[]
}) {
  const { t } = useTranslation()
  const fetcher = useFetcher<{ ok?: boolean; result?: SubmissionResult<ErrorMessage[]> }>()
  const [color, setColor] = useState(stage?.color ?? palette[0]!)
  const [form, fields] = useForm({
    id: `stage-editor-${stage?.id ?? 'new'}`,
    constraint: getZodConstraint(StageEditorSchema),
    lastResult: fetcher.state === 'idle' ? fetcher.data?.result : undefined,
    onValidate: ({ formData }) => parseForm(formData, StageEditorSchema),
    shouldRevalidate: 'onInput',
    defaultValue: { name: stage?.name ?? '', color },
  })
  useCloseOnSuccess(fetcher, () => onOpenChange(false))
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogTitle>{stage ? t('kanban.editStageTitle') : t('kanban.newStageTitle')}</DialogTitle>
        <fetcher.Form method="POST" className="flex flex-col gap-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value={stage ? 'update' : 'create'} />
          {stage ? <input type="hidden" name="stageId" value={stage.id} /> : null}
          <Field
            labelProps={{ children: t('kanban.fields.name') }}
            inputProps={{
              ...getInputProps(fields.name, { type: 'text' }),
              autoComplete: 'off',
              maxLength: STAGE_NAME_MAX,
              placeholder: t('kanban.fields.namePlaceholder'),
            }}
            errors={fields.name.errors}
          />
          <ColorPicker
            name={fields.color.name}
            label={t('kanban.fields.color')}
            customLabel={t('tags.fields.customColor')}
            palette={palette}
            value={color}
            onChange={setColor}
            errors={fields.color.errors}
          />
          <ErrorList errors={form.errors} id={form.errorId} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              {t('common.cancel')}
            </Button>
            <StatusButton type="submit" pending={fetcher.state !== 'idle'}>
              {t('common.save')}
            </StatusButton>
          </div>
        </fetcher.Form>
      </DialogContent>
    </Dialog>
  )
}

/** "Nova etapa" in the page header. */
export function NewStageButton({ palette }: { palette: readonly string[] }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus />
        {t('kanban.newStage')}
      </Button>
      {open ? <StageEditorDialog open onOpenChange={setOpen} palette={palette} /> : null}
    </>
  )
}

/** Delete a stage, choosing where its contacts go. */
function DeleteStageDialog({
  open,
  onOpenChange,
  stage,
  others,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  stage: StageRef
  others: StageRef[]
}) {
  const { t } = useTranslation()
  const fetcher = useFetcher<{ ok: boolean; error?: ErrorMessage }>()
  useCloseOnSuccess(fetcher, () => onOpenChange(false))
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent role="alertdialog">
        <DialogTitle>{t('kanban.deleteTitle', { name: stage.name })}</DialogTitle>
        <fetcher.Form method="POST" className="flex flex-col gap-4">
          <p className="text-muted-foreground text-sm">
            {t('kanban.deleteDescription', { count: stage.count })}
          </p>
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="stageId" value={stage.id} />
          <SelectField
            labelProps={{ children: t('kanban.deleteTarget') }}
            selectProps={{ name: 'targetStageId', defaultValue: others[0]?.id }}
            options={others.map((other) => ({ value: other.id, label: other.name }))}
          />
          {fetcher.data?.error ? <ErrorList errors={[fetcher.data.error]} /> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              {t('common.cancel')}
            </Button>
            <StatusButton
              type="submit"
              variant="destructive"
              pending={fetcher.state !== 'idle'}
              disabled={!others.length}
            >
              {t('common.delete')}
            </StatusButton>
          </div>
        </fetcher.Form>
      </DialogContent>
    </Dialog>
  )
}

/** The "…" menu of a column header: rename/colour, move left/right, delete. */
export function StageMenu({
  stage,
  stages,
  palette,
}: {
  stage: StageRef
  stages: StageRef[]
  palette: readonly string[]
}) {
  const { t } = useTranslation()
  const mover = useFetcher()
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null)
  const index = stages.findIndex((s) => s.id === stage.id)
  const move = (intent: 'move-left' | 'move-right') =>
    mover.submit({ intent, stageId: stage.id }, { method: 'POST' })
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            variant="ghost"
            size="icon"
            className="size-7"
            aria-label={t('kanban.stageMenu', { name: stage.name })}
          >
            <Ellipsis />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => setDialog('edit')}>
            <Palette />
            {t('kanban.rename')}
          </DropdownMenuItem>
          <DropdownMenuItem disabled={index <= 0} onSelect={() => move('move-left')}>
            <ArrowLeft />
            {t('kanban.moveLeft')}
          </DropdownMenuItem>
          <DropdownMenuItem
            disabled={index >= stages.length - 1}
            onSelect={() => move('move-right')}
          >
            <ArrowRight />
            {t('kanban.moveRight')}
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem
            disabled={stages.length <= 1}
            className="text-destructive focus:text-destructive"
            onSelect={() => setDialog('delete')}
          >
            <Trash2 />
            {t('kanban.deleteStage')}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {dialog === 'edit' ? (
        <StageEditorDialog
          open
          onOpenChange={(open) => setDialog(open ? 'edit' : null)}
          stage={stage}
          palette={palette}
        />
      ) : null}
      {dialog === 'delete' ? (
        <DeleteStageDialog
          open
          onOpenChange={(open) => setDialog(open ? 'delete' : null)}
          stage={stage}
          others={stages.filter((s) => s.id !== stage.id)}
        />
      ) : null}
    </>
  )
}
