import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { Form } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormActions } from '#app/components/form-layout.tsx'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { TagChip } from '#app/components/tag-chip.tsx'
import { Card, CardContent } from '#app/components/ui/card.tsx'
import { TAG_NAME_MAX, TagEditorSchema } from '#app/domain/tags/tag-schema.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { ColorPicker } from '#app/components/color-picker.tsx'
import { type ErrorMessage } from '#app/utils/validation.ts'

/** A tag as coloured chip (white text on the tag's colour). */
/** Create and edit form of a tag: name and colour, with a live preview of the chip. */
export function TagEditor({
  tag,
  palette,
  lastResult,
}: {
  tag?: { id: string; name: string; color: string }
  palette: readonly string[]
  lastResult?: SubmissionResult<ErrorMessage[]>
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [color, setColor] = useState(tag?.color ?? palette[0] ?? '#64748b')
  const [name, setName] = useState(tag?.name ?? '')
  const [form, fields] = useForm({
    id: 'tag-editor',
    constraint: getZodConstraint(TagEditorSchema),
    lastResult,
    onValidate: ({ formData }) => parseForm(formData, TagEditorSchema),
    shouldRevalidate: 'onInput',
    defaultValue: { name: tag?.name ?? '', color },
  })
  return (
    <Card>
      <CardContent className="pt-5">
        <Form method="POST" className="flex flex-col gap-5" {...getFormProps(form)}>
          <Field
            labelProps={{ children: t('tags.fields.name') }}
            inputProps={{
              ...getInputProps(fields.name, { type: 'text' }),
              autoComplete: 'off',
              autoFocus: true,
              maxLength: TAG_NAME_MAX,
              placeholder: t('tags.fields.namePlaceholder'),
              onInput: (event) => setName(event.currentTarget.value),
            }}
            errors={fields.name.errors}
          />
          <ColorPicker
            name={fields.color.name}
            label={t('tags.fields.color')}
            customLabel={t('tags.fields.customColor')}
            palette={palette}
            value={color}
            onChange={setColor}
            errors={fields.color.errors}
          />
          <div className="flex items-center gap-3 text-sm">
            <span className="text-muted-foreground">{t('tags.fields.preview')}</span>
            <TagChip name={name.trim() || t('tags.fields.namePlaceholder')} color={color} />
          </div>
          <ErrorList errors={form.errors} id={form.errorId} />
          <FormActions cancelTo="/tags" pending={isPending} />
        </Form>
      </CardContent>
    </Card>
  )
}
