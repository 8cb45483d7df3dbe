import {
  type FieldMetadata,
  type FieldName,
  type FormMetadata,
  getFormProps,
  getInputProps,
  getTextareaProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { Form, useFetcher } from '@remix-run/react'
import { Plus, X } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { ErrorList, Field, TextareaField } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { type TagChip, TagPicker } from '#app/components/tickets/tag-picker.tsx'
import { usePanelError } from '#app/components/tickets/use-ticket-command.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import {
  CONTACT_ADDRESS_MAX,
  CONTACT_NOTES_MAX,
  CONTACT_TAGS_MAX,
  ContactEditorSchema,
  ContactFormSchema,
  type ContactFormInput,
  CUSTOM_FIELDS_MAX,
} from '#app/domain/contacts/contact-schema.ts'
import { foldTagName } from '#app/domain/tags/tag-schema.ts'
import { type Answer, type ErrorAnswer } from '#app/utils/answer.ts'
import { formatCpf } from '#app/utils/cpf.ts'
import { parseForm } from '#app/utils/forms.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { formatPhone } from '#app/utils/phone.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'
import { type ContactExtraInfo } from '#db/schema/contacts.ts'

export type EditableContact = {
  id?: string
  name: string
  number?: string | null
  email: string | null
  notes: string | null
  extraInfo: ContactExtraInfo | null
}

/** Contatos → Novo / Editar: the page's form (number and tags too), posted to the page. */
type PageProps = {
  contact?: EditableContact
  tags?: TagChip[]
  lastResult?: SubmissionResult<ErrorMessage[]>
}

/** The side panel of a ticket: its contact's form, posted to the ticket's contact resource. */
type PanelProps = { ticketId: string; contact: EditableContact; onDone: () => void }

type PanelResult = {
  ok: boolean
  error?: ErrorAnswer['error']
  result?: SubmissionResult<ErrorMessage[]>
}

/** Tags chosen in the form: existing ones carry their colour, new names are created on save. */
type ChosenTag = { name: string; color?: string; id?: string }

/**
 * The contact form, wherever a contact is edited: name, e-mail, the extra fields (CPF, birth date,
 * address, custom pairs) and notes. On the Contatos page it also has the number and the tags and
 * posts to the page; in a ticket's side panel it posts to `/resources/tickets/:id/contact` through a
 * fetcher, toasts the outcome and closes (`onDone`).
 */
export function ContactEditor(props: PageProps | PanelProps) {
  const panel = 'ticketId' in props ? props : null
  const { t } = useTranslation()
  const isPending = useIsPending()
  const errorText = usePanelError()
  const fetcher = useFetcher<PanelResult>()
  const contact = props.contact
  const extra = contact?.extraInfo ?? {}
  const schema = panel ? ContactEditorSchema : ContactFormSchema
  const [form, fields] = useForm<ContactFormInput, ContactFormInput, ErrorMessage[]>({
    id: panel ? `contact-editor-${panel.ticketId}` : `contact-${contact?.id ?? 'new'}`,
    constraint: getZodConstraint(schema),
    lastResult: panel ? fetcher.data?.result : (props as PageProps).lastResult,
    onValidate: ({ formData }) => parseForm(formData, schema as typeof ContactFormSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: {
      name: contact?.name ?? '',
      ...(panel ? {} : { number: contact?.number ? formatPhone(contact.number) : '' }),
      email: contact?.email ?? '',
      notes: contact?.notes ?? '',
      cpf: formatCpf(extra.cpf),
      birthDate: extra.birthDate ?? '',
      address: extra.address ?? '',
      custom: extra.custom ?? [],
    },
  })

  useEffect(() => {
    if (!panel || fetcher.state !== 'idle' || !fetcher.data) return
    if (fetcher.data.ok) {
      toast.success(t('panel.contactEditor.saved'))
      panel.onDone()
    } else if (!fetcher.data.result) toast.error(errorText(fetcher.data as Answer))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data])

  const name = (
    <Field
      labelProps={{ children: t('panel.contactEditor.name') }}
      inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }}
      errors={fields.name.errors}
    />
  )
  const email = (
    <Field
      labelProps={{ children: t('panel.contactEditor.email') }}
      inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
      errors={fields.email.errors}
    />
  )
  const more = (
    <>
      <ContactExtraFields form={form} fields={fields} />
      <TextareaField
        labelProps={{
          children: t(panel ? 'panel.contactEditor.notes' : 'contacts.fields.notes'),
        }}
        textareaProps={{ ...getTextareaProps(fields.notes), rows: 3, maxLength: CONTACT_NOTES_MAX }}
        errors={fields.notes.errors}
      />
    </>
  )
  const formErrors = <ErrorList id={form.errorId} errors={form.errors} />

  if (panel)
    return (
      <fetcher.Form
        method="POST"
        action={`/resources/tickets/${panel.ticketId}/contact`}
        className="flex flex-col gap-3"
        aria-label={t('panel.contactEditor.title')}
        {...getFormProps(form)}
      >
        {name}
        {email}
        {more}
        {formErrors}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" size="sm" onClick={panel.onDone}>
            {t('common.cancel')}
          </Button>
          <StatusButton type="submit" size="sm" pending={fetcher.state !== 'idle'}>
            {t('panel.contactEditor.save')}
          </StatusButton>
        </div>
      </fetcher.Form>
    )

  return (
    <Form method="POST" className="flex flex-col gap-6" {...getFormProps(form)}>
      <Card className="flex flex-col gap-4 p-4 sm:p-6">
        <h2 className="font-semibold">{t('contacts.sections.main')}</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          {name}
          <Field
            labelProps={{ children: t('contacts.fields.number') }}
            inputProps={{
              ...getInputProps(fields.number, { type: 'tel' }),
              placeholder: '+55 11 98765-4321',
              autoComplete: 'off',
            }}
            errors={fields.number.errors}
            hint={t('contacts.fields.numberHint')}
          />
          {email}
          <TagsField initial={(props as PageProps).tags ?? []} errors={fields.tags.errors} />
        </div>
      </Card>
      <Card className="flex flex-col gap-4 p-4 sm:p-6">
        <h2 className="font-semibold">{t('contacts.sections.extra')}</h2>
        <div className="flex flex-col gap-3">{more}</div>
      </Card>
      {formErrors}
      <div className="flex justify-end gap-2">
        <StatusButton type="submit" pending={isPending}>
          {t('common.save')}
        </StatusButton>
      </div>
    </Form>
  )
}

/** The contact's tags on the Contatos page: pick existing ones or type new names (made on save). */
function TagsField({ initial, errors }: { initial: TagChip[]; errors?: ErrorMessage[] }) {
  const { t } = useTranslation()
  const [chosen, setChosen] = useState<ChosenTag[]>(initial)
  const add = (tag: ChosenTag) =>
    setChosen((list) =>
      list.some((c) => foldTagName(c.name) === foldTagName(tag.name)) ? list : [...list, tag],
    )
  return (
    <div className="flex flex-col gap-1.5" data-testid="contact-tags">
      <div className="flex items-center justify-between">
        <span className="text-sm font-medium">{t('contacts.fields.tags')}</span>
        {chosen.length < CONTACT_TAGS_MAX ? (
          <TagPicker
            tagsUrl="/resources/contacts/tags"
            label={t('contacts.addTag')}
            applied={chosen.flatMap((c) =>
              c.id ? [{ id: c.id, name: c.name, color: c.color ?? '' }] : [],
            )}
            onPick={(option) => add(option.kind === 'tag' ? option.tag : { name: option.name })}
          />
        ) : null}
      </div>
      {chosen.length ? (
        <ul className="flex flex-wrap gap-1">
          {chosen.map((tag, index) => (
            <li
              key={tag.name}
              className="bg-muted flex items-center gap-0.5 rounded-full py-0.5 pr-1 pl-2 text-xs"
              style={tag.color ? { backgroundColor: tag.color, color: 'white' } : undefined}
            >
              <input type="hidden" name={`tags[${index}]`} value={tag.name} />
              {tag.name}
              <button
                type="button"
                className="rounded-full p-0.5 hover:bg-black/20 focus-visible:ring-2 focus-visible:outline-none"
                aria-label={t('contacts.removeTag', { name: tag.name })}
                onClick={() => setChosen((list) => list.filter((c) => c !== tag))}
              >
                <X className="size-3" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-muted-foreground text-xs">{t('contacts.tagsNone')}</p>
      )}
      <ErrorList errors={errors} />
    </div>
  )
}

type ExtraFields = {
  cpf: FieldMetadata<string | undefined, any, ErrorMessage[]>
  birthDate: FieldMetadata<string | undefined, any, ErrorMessage[]>
  address: FieldMetadata<string | undefined, any, ErrorMessage[]>
  custom: FieldMetadata<Array<{ key: string; value: string }> | undefined, any, ErrorMessage[]>
}

/**
 * CPF, birth date, address and the custom key/value rows.
 */
function ContactExtraFields({
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
