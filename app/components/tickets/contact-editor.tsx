import {
  type FieldName,
  getFormProps,
  getInputProps,
  getTextareaProps,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { useFetcher } from '@remix-run/react'
import { Ban, Plus, X } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { ConfirmDialog } from '#app/components/confirm-dialog.tsx'
import { ErrorList, Field, TextareaField } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { usePanelError } from '#app/components/tickets/use-ticket-command.ts'
import { Button } from '#app/components/ui/button.tsx'
import {
  CONTACT_ADDRESS_MAX,
  CONTACT_NOTES_MAX,
  ContactEditorSchema,
  type ContactEditorInput,
  CUSTOM_FIELDS_MAX,
} from '#app/domain/contacts/contact-schema.ts'
import { type Answer, type ErrorAnswer } from '#app/utils/answer.ts'
import { formatCpf } from '#app/utils/cpf.ts'
import { cn } from '#app/utils/misc.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'
import { type ContactExtraInfo } from '#db/schema/contacts.ts'

export type EditableContact = {
  name: string
  email: string | null
  notes: string | null
  extraInfo: ContactExtraInfo | null
}

type Result = {
  ok: boolean
  error?: ErrorAnswer['error']
  result?: SubmissionResult<ErrorMessage[]>
}

/** The contact form of the side panel: name, e-mail, notes and the extra fields. */
export function ContactEditor({
  ticketId,
  contact,
  onDone,
}: {
  ticketId: string
  contact: EditableContact
  onDone: () => void
}) {
  const { t } = useTranslation()
  const errorText = usePanelError()
  const fetcher = useFetcher<Result>()
  const extra = contact.extraInfo ?? {}
  const [form, fields] = useForm<ContactEditorInput, ContactEditorInput, ErrorMessage[]>({
    id: `contact-editor-${ticketId}`,
    constraint: getZodConstraint(ContactEditorSchema),
    lastResult: fetcher.data?.result,
    onValidate: ({ formData }) => parseForm(formData, ContactEditorSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: {
      name: contact.name,
      email: contact.email ?? '',
      notes: contact.notes ?? '',
      cpf: formatCpf(extra.cpf),
      birthDate: extra.birthDate ?? '',
      address: extra.address ?? '',
      custom: extra.custom ?? [],
    },
  })

  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return
    if (fetcher.data.ok) {
      toast.success(t('panel.contactEditor.saved'))
      onDone()
    } else if (!fetcher.data.result) toast.error(errorText(fetcher.data as Answer))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data])

  return (
    <fetcher.Form
      method="POST"
      action={`/resources/tickets/${ticketId}/contact`}
      className="flex flex-col gap-3"
      aria-label={t('panel.contactEditor.title')}
      {...getFormProps(form)}
    >
      <Field
        labelProps={{ children: t('panel.contactEditor.name') }}
        inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }}
        errors={fields.name.errors}
      />
      <Field
        labelProps={{ children: t('panel.contactEditor.email') }}
        inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
        errors={fields.email.errors}
      />
      <ContactExtraFields form={form} fields={fields} />
      <TextareaField
        labelProps={{ children: t('panel.contactEditor.notes') }}
        textareaProps={{ ...getTextareaProps(fields.notes), rows: 3, maxLength: CONTACT_NOTES_MAX }}
        errors={fields.notes.errors}
      />
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" size="sm" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <StatusButton type="submit" size="sm" pending={fetcher.state !== 'idle'}>
          {t('panel.contactEditor.save')}
        </StatusButton>
      </div>
    </fetcher.Form>
  )
}

/** Bloquear / Desbloquear, after a confirmation. */
export function BlockContactButton({
  ticketId,
  name,
  blocked,
}: {
  ticketId: string
  name: string
  blocked: boolean
}) {
  const { t } = useTranslation()
  const errorText = usePanelError()
  const fetcher = useFetcher<Answer<{ blocked: boolean }>>()
  const [open, setOpen] = useState(false)
  const intent = blocked ? 'unblock' : 'block'

  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return
    if (fetcher.data.ok)
      toast.success(
        t(
          fetcher.data.ok && fetcher.data.blocked
            ? 'panel.contactEditor.blockedDone'
            : 'panel.contactEditor.unblockedDone',
        ),
      )
    else toast.error(errorText(fetcher.data))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data])

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      fetcher={fetcher}
      action={`/resources/tickets/${ticketId}/contact`}
      onSubmit={() => setOpen(false)}
      trigger={
        <Button
          variant="outline"
          size="sm"
          className={cn(!blocked && 'text-destructive hover:text-destructive')}
          disabled={fetcher.state !== 'idle'}
        >
          <Ban />
          {t(`panel.contactEditor.${intent}`)}
        </Button>
      }
      title={t(`panel.contactEditor.${intent}Title`, { name })}
      description={t(`panel.contactEditor.${intent}Description`)}
      intent={intent}
      confirmLabel={t(`panel.contactEditor.${intent}Confirm`)}
      destructive={!blocked}
      pending={fetcher.state !== 'idle'}
    />
  )
}

type ExtraFields = {
  cpf: FieldMetadata<string | undefined, any, ErrorMessage[]>
  birthDate: FieldMetadata<string | undefined, any, ErrorMessage[]>
  address: FieldMetadata<string | undefined, any, ErrorMessage[]>
  custom: FieldMetadata<Array<{ key: string; value: string }> | undefined, any, ErrorMessage[]>
}

/**
 * CPF, birth date, address and the custom key/value rows of a contact form (the side panel's
 * editor and the Contatos page share them).
 */
export function ContactExtraFields({
  form,
  fields,
}: {
  form: FormMetadata<any, ErrorMessage[]>
  fields: ExtraFields
}) {
  const { t } = useTranslation()
  const custom = fields.custom.getFieldList()
  return (
    <>
      <Field
        labelProps={{ children: t('panel.contactEditor.cpf') }}
        inputProps={{
          ...getInputProps(fields.cpf, { type: 'text' }),
          inputMode: 'numeric',
          placeholder: '000.000.000-00',
          autoComplete: 'off',
        }}
        errors={fields.cpf.errors}
        hint={t('panel.contactEditor.cpfHint')}
      />
      <Field
        labelProps={{ children: t('panel.contactEditor.birthDate') }}
        inputProps={getInputProps(fields.birthDate, { type: 'date' })}
        errors={fields.birthDate.errors}
      />
      <TextareaField
        labelProps={{ children: t('panel.contactEditor.address') }}
        textareaProps={{
          ...getTextareaProps(fields.address),
          rows: 2,
          maxLength: CONTACT_ADDRESS_MAX,
        }}
        errors={fields.address.errors}
      />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">
          {t('panel.contactEditor.customFields')}
        </legend>
        {custom.map((row, index) => {
          const pair = row.getFieldset()
          return (
            <div key={row.key} className="flex items-start gap-1" data-testid="custom-field">
              <div className="grid min-w-0 flex-1 grid-cols-2 gap-2">
                <Field
                  labelProps={{ children: t('panel.contactEditor.customKey') }}
                  inputProps={{ ...getInputProps(pair.key, { type: 'text' }), autoComplete: 'off' }}
                  errors={pair.key.errors}
                />
                <Field
                  labelProps={{ children: t('panel.contactEditor.customValue') }}
                  inputProps={{
                    ...getInputProps(pair.value, { type: 'text' }),
                    autoComplete: 'off',
                  }}
                  errors={pair.value.errors}
                />
              </div>
              <Button
                variant="ghost"
                size="icon"
                className="mt-6 shrink-0"
                aria-label={t('panel.contactEditor.removeCustom', { index: index + 1 })}
                {...form.remove.getButtonProps({ name: fields.custom.name as string, index })}
              >
                <X />
              </Button>
            </div>
          )
        })}
        <ErrorList errors={fields.custom.errors} />
        <Button
          variant="outline"
          size="sm"
          className="self-start"
          disabled={custom.length >= CUSTOM_FIELDS_MAX}
          {...form.insert.getButtonProps({
            name: fields.custom.name as FieldName<Array<{ key: string; value: string }>>,
            defaultValue: { key: '', value: '' },
          })}
        >
          <Plus />
          {t('panel.contactEditor.addCustom')}
        </Button>
        {custom.length >= CUSTOM_FIELDS_MAX ? (
          <p className="text-muted-foreground text-xs">
            {t('panel.contactEditor.customLimit', { max: CUSTOM_FIELDS_MAX })}
          </p>
        ) : null}
      </fieldset>
    </>
  )
}
