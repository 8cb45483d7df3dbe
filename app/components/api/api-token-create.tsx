import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { useFetcher } from '@remix-run/react'
import { KeyRound, Plus } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { NewSecret } from '#app/components/new-secret.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogTitle,
  DialogTrigger,
} from '#app/components/ui/dialog.tsx'
import { API_SCOPES, ApiTokenFormSchema } from '#app/domain/api/token-schema.ts'
import { useFetcherAnswer } from '#app/utils/fetcher-answer.ts'
import { parseForm } from '#app/utils/forms.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'

/** The page action's answer to "Criar token": the form's reply, and the secret once created. */
export type CreateTokenAnswer = {
  result?: SubmissionResult<ErrorMessage[]>
  created?: { id: string; name: string; secret: string }
}

/**
 * "Novo token": a dialog with the name and the scopes; once created it shows the secret (the only
 * time it is ever shown) with a copy button, and hands it to the page (`onCreated`) for "Testar".
 * The dialog's content is mounted only while open, so each opening starts a fresh form.
 */
export function CreateTokenDialog({ onCreated }: { onCreated: (secret: string) => void }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus /> {t('api.tokens.new')}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <CreateTokenBody onCreated={onCreated} />
      </DialogContent>
    </Dialog>
  )
}

function CreateTokenBody({ onCreated }: { onCreated: (secret: string) => void }) {
  const { t } = useTranslation()
  const fetcher = useFetcher<CreateTokenAnswer>()
  const [created, setCreated] = useState<CreateTokenAnswer['created']>()
  useFetcherAnswer(fetcher, (answer) => {
    if (!answer.created) return
    setCreated(answer.created)
    onCreated(answer.created.secret)
  })
  const [form, fields] = useForm({
    id: 'api-token-create',
    constraint: getZodConstraint(ApiTokenFormSchema),
    lastResult: fetcher.data?.created ? undefined : fetcher.data?.result,
    onValidate: ({ formData }) => parseForm(formData, ApiTokenFormSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: { name: '', scopes: ['send'] },
  })
  if (created) return <CreatedToken created={created} />
  return (
    <>
      <DialogTitle>{t('api.tokens.createTitle')}</DialogTitle>
      <p className="text-muted-foreground -mt-2 text-sm">{t('api.tokens.createDescription')}</p>
      <fetcher.Form
        method="POST"
        action="/admin/api"
        className="flex flex-col gap-4"
        {...getFormProps(form)}
      >
        <input type="hidden" name="intent" value="create" />
        <Field
          labelProps={{ children: t('api.tokens.name') }}
          inputProps={{
            ...getInputProps(fields.name, { type: 'text' }),
            placeholder: t('api.tokens.namePlaceholder'),
            autoComplete: 'off',
            maxLength: 60,
          }}
          errors={fields.name.errors}
        />
        <fieldset className="flex flex-col gap-2">
          <legend className="pb-2 text-sm font-medium">{t('api.tokens.scopesLabel')}</legend>
          {getCollectionProps(fields.scopes, { type: 'checkbox', options: [...API_SCOPES] }).map(
            (props) => {
              const scope = props.value as (typeof API_SCOPES)[number]
              return (
                <label
                  key={props.key}
                  className="has-[:checked]:border-primary has-[:checked]:bg-accent flex cursor-pointer items-start gap-3 rounded-md border px-3 py-2"
                >
                  <input
                    {...props}
                    key={undefined}
                    className="mt-0.5 accent-[var(--color-primary)]"
                  />
                  <span className="flex flex-col">
                    <span className="text-sm font-medium">{t(`api.scopes.${scope}`)}</span>
                    <span className="text-muted-foreground text-xs">
                      {t(`api.scopeHints.${scope}`)}
                    </span>
                  </span>
                </label>
              )
            },
          )}
          <ErrorList id={fields.scopes.errorId} errors={fields.scopes.errors} />
        </fieldset>
        <ErrorList id={form.errorId} errors={form.errors} />
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button type="button" variant="outline">
              {t('common.cancel')}
            </Button>
          </DialogClose>
          <StatusButton type="submit" pending={fetcher.state !== 'idle'}>
            <KeyRound /> {t('api.tokens.create')}
          </StatusButton>
        </div>
      </fetcher.Form>
    </>
  )
}

function CreatedToken({ created }: { created: NonNullable<CreateTokenAnswer['created']> }) {
  const { t } = useTranslation()
  return (
    <>
      <DialogTitle>{t('api.tokens.createdTitle', { name: created.name })}</DialogTitle>
      <NewSecret
        label={t('api.tokens.secretLabel')}
        secret={created.secret}
        copyLabel={t('api.tokens.copy')}
        copiedLabel={t('api.tokens.copied')}
        warning={t('api.tokens.once')}
        testId="api-token-secret"
      />
      <div className="flex justify-end">
        <DialogClose asChild>
          <Button type="button">{t('api.tokens.done')}</Button>
        </DialogClose>
      </div>
    </>
  )
}
