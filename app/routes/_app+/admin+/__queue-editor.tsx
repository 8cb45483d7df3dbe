import { getFormProps, getInputProps, type SubmissionResult, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, CardContent } from '#app/components/ui/card.tsx'
import { QueueEditorSchema } from '#app/domain/queues/queue-schema.ts'
import { useIsPending } from '#app/utils/misc.ts'

type Queue = { id: string; name: string; color: string; order: number }

/** Create and edit form of a queue. */
export function QueueEditor({
  queue,
  lastResult,
}: {
  queue?: Queue
  lastResult?: SubmissionResult<string[]>
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'queue-editor',
    constraint: getZodConstraint(QueueEditorSchema),
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: QueueEditorSchema }),
    shouldRevalidate: 'onInput',
    defaultValue: {
      name: queue?.name ?? '',
      color: queue?.color ?? '#0f9f6e',
      order: String(queue?.order ?? 0),
    },
  })
  return (
    <Card>
      <CardContent className="pt-5">
        <Form
          method="POST"
          className="grid gap-4 sm:grid-cols-[1fr_8rem_8rem]"
          {...getFormProps(form)}
        >
          {queue ? <input type="hidden" name="id" value={queue.id} /> : null}
          <Field
            labelProps={{ children: t('queues.name') }}
            inputProps={getInputProps(fields.name, { type: 'text' })}
            errors={fields.name.errors}
            hint={t('queues.nameHint')}
          />
          <Field
            labelProps={{ children: t('queues.color') }}
            inputProps={{ ...getInputProps(fields.color, { type: 'color' }), className: 'h-9 p-1' }}
            errors={fields.color.errors}
          />
          <Field
            labelProps={{ children: t('queues.order') }}
            inputProps={getInputProps(fields.order, { type: 'number' })}
            errors={fields.order.errors}
          />
          <div className="sm:col-span-3">
            <ErrorList errors={form.errors} id={form.errorId} />
          </div>
          <div className="flex justify-end gap-2 sm:col-span-3">
            <Button asChild variant="outline">
              <Link to="/admin/queues">{t('common.cancel')}</Link>
            </Button>
            <StatusButton type="submit" pending={isPending}>
              {t('common.save')}
            </StatusButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  )
}
