import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { Form } from '@remix-run/react'
import { Paperclip } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import {
  CheckboxField,
  ErrorList,
  Field,
  SelectField,
  TextareaField,
} from '#app/components/forms.tsx'
import { FormActions } from '#app/components/form-layout.tsx'
import { Card, CardContent } from '#app/components/ui/card.tsx'
import {
  QUICK_REPLY_MESSAGE_MAX,
  QUICK_REPLY_SCOPES,
  QuickReplyEditorSchema,
  type QuickReplyScope,
} from '#app/domain/quick-replies/quick-reply-schema.ts'
import { insertAtCursor } from '#app/components/variable-buttons.tsx'
import { QUICK_REPLY_VARIABLES, variableToken } from '#app/domain/quick-replies/variables.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'

export type EditableQuickReply = {
  id: string
  shortcut: string
  message: string
  scope: QuickReplyScope
  mediaName: string | null
  mediaType: string | null
  mediaSize: number | null
}

/** "12 KB", "1,5 MB" in the page's language. */
export function formatFileSize(bytes: number, locale: string) {
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / 1024 / 1024, 'megabyte']
      : bytes >= 1024
        ? [bytes / 1024, 'kilobyte']
        : [bytes, 'byte']
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value)
}

/** Create and edit form of a quick reply; the scope choice is offered to admins only. */
export function QuickReplyEditor({
  reply,
  canShare,
  lastResult,
}: {
  reply?: EditableQuickReply
  canShare: boolean
  lastResult?: SubmissionResult<ErrorMessage[]>
}) {
  const { t, i18n } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'quick-reply-editor',
    constraint: getZodConstraint(QuickReplyEditorSchema),
    lastResult,
    onValidate: ({ formData }) => parseForm(formData, QuickReplyEditorSchema),
    shouldRevalidate: 'onInput',
    defaultValue: {
      id: reply?.id,
      shortcut: reply?.shortcut ?? '',
      message: reply?.message ?? '',
      scope: reply?.scope ?? (canShare ? 'shared' : 'personal'),
    },
  })
  return (
    <Card>
      <CardContent className="pt-5">
        <Form
          method="POST"
          encType="multipart/form-data"
          className="grid gap-4 sm:grid-cols-2"
          {...getFormProps(form)}
        >
          {reply ? <input type="hidden" name="id" value={reply.id} /> : null}
          <Field
            labelProps={{ children: t('quickReplies.fields.shortcut') }}
            inputProps={{
              ...getInputProps(fields.shortcut, { type: 'text' }),
              autoComplete: 'off',
              placeholder: 'boas-vindas',
            }}
            errors={fields.shortcut.errors}
            hint={t('quickReplies.fields.shortcutHint')}
          />
          {canShare ? (
            <SelectField
              labelProps={{ children: t('quickReplies.fields.scope') }}
              selectProps={getSelectProps(fields.scope)}
              options={QUICK_REPLY_SCOPES.map((value) => ({
                value,
                label: t(`quickReplies.scopeOptions.${value}`),
              }))}
              errors={fields.scope.errors}
              hint={t('quickReplies.fields.scopeHint')}
            />
          ) : (
            <p className="text-muted-foreground self-center text-sm">
              {t('quickReplies.fields.personalOnly')}
            </p>
          )}
          <TextareaField
            className="sm:col-span-2"
            labelProps={{ children: t('quickReplies.fields.message') }}
            textareaProps={{
              ...getTextareaProps(fields.message),
              rows: 6,
              maxLength: QUICK_REPLY_MESSAGE_MAX,
            }}
            errors={fields.message.errors}
          />
          <VariablesHelp onInsert={(token) => insertAtCursor(fields.message.id, token)} />
          <div className="flex flex-col gap-2 sm:col-span-2">
            <Field
              labelProps={{ children: t('quickReplies.fields.media') }}
              inputProps={getInputProps(fields.media, { type: 'file' })}
              errors={fields.media.errors}
              hint={t('quickReplies.fields.mediaHint')}
            />
            {reply?.mediaName || reply?.mediaType ? (
              <div className="flex flex-col gap-2 rounded-md border p-3 text-sm">
                <span className="flex items-center gap-2" data-testid="current-media">
                  <Paperclip className="text-muted-foreground size-4" />
                  <span className="text-muted-foreground">
                    {t('quickReplies.fields.currentMedia')}:
                  </span>
                  <span className="truncate font-medium">{reply.mediaName ?? reply.mediaType}</span>
                  {reply.mediaSize ? (
                    <span className="text-muted-foreground" suppressHydrationWarning>
                      ({formatFileSize(reply.mediaSize, i18n.language)})
                    </span>
                  ) : null}
                </span>
                <CheckboxField
                  labelProps={{ children: t('quickReplies.fields.removeMedia') }}
                  buttonProps={getInputProps(fields.removeMedia, { type: 'checkbox' })}
                />
              </div>
            ) : null}
          </div>
          <div className="sm:col-span-2">
            <ErrorList errors={form.errors} id={form.errorId} />
          </div>
          <FormActions cancelTo="/quick-replies" pending={isPending} className="sm:col-span-2" />
        </Form>
      </CardContent>
    </Card>
  )
}

function VariablesHelp({ onInsert }: { onInsert: (token: string) => void }) {
  const { t } = useTranslation()
  return (
    <div className="bg-muted/40 flex flex-col gap-2 rounded-md border p-3 text-sm sm:col-span-2">
      <p>
        <span className="font-medium">{t('quickReplies.variables.title')}</span>{' '}
        <span className="text-muted-foreground">{t('quickReplies.variables.intro')}</span>
      </p>
      <ul className="grid gap-1 sm:grid-cols-2">
        {QUICK_REPLY_VARIABLES.map((variable) => {
          const token = variableToken(variable)
          return (
            <li key={variable} className="flex items-center gap-2">
              <button
                type="button"
                className="bg-card hover:bg-accent rounded border px-1.5 py-0.5 font-mono text-xs"
                aria-label={`${t('quickReplies.variables.insert')} ${token}`}
                onClick={() => onInsert(token)}
              >
                {token}
              </button>
              <span className="text-muted-foreground text-xs">
                {t(`quickReplies.variables.${variable}`)}
              </span>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
