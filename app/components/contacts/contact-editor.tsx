import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  type SubmissionResult,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { Form } from '@remix-run/react'
import { X } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Field, TextareaField } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { ContactExtraFields } from '#app/components/tickets/contact-editor.tsx'
import { type TagChip, TagPicker } from '#app/components/tickets/tag-picker.tsx'
import { Card } from '#app/components/ui/card.tsx'
import {
  CONTACT_NOTES_MAX,
  CONTACT_TAGS_MAX,
  ContactFormSchema,
  type ContactFormInput,
} from '#app/domain/contacts/contact-schema.ts'
import { foldTagName } from '#app/domain/tags/tag-schema.ts'
import { formatCpf } from '#app/utils/cpf.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { formatPhone } from '#app/utils/phone.ts'
import { type ContactExtraInfo } from '#db/schema/contacts.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'

export type EditableContact = {
  id: string
  name: string
  number: string | null
  email: string | null
  notes: string | null
  extraInfo: ContactExtraInfo | null
}

/** Tags chosen in the form: existing ones carry their colour, new names are created on save. */
type ChosenTag = { name: string; color?: string; id?: string }

/** Contatos → Novo / Editar: number, name, e-mail, tags, extra information, notes. */
export function ContactEditor({
  contact,
  tags = [],
  lastResult,
}: {
  contact?: EditableContact
  tags?: TagChip[]
  lastResult?: SubmissionResult<ErrorMessage[]>
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const extra = contact?.extraInfo ?? {}
  const [chosen, setChosen] = useState<ChosenTag[]>(tags)
  const [form, fields] = useForm<ContactFormInput, ContactFormInput, ErrorMessage[]>({
    id: `contact-${contact?.id ?? 'new'}`,
    constraint: getZodConstraint(ContactFormSchema),
    lastResult,
    onValidate: ({ formData }) => parseForm(formData, ContactFormSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: {
      name: contact?.name ?? '',
      number: contact?.number ? formatPhone(contact.number) : '',
      email: contact?.email ?? '',
      notes: contact?.notes ?? '',
      cpf: formatCpf(extra.cpf),
      birthDate: extra.birthDate ?? '',
      address: extra.address ?? '',
      custom: extra.custom ?? [],
    },
  })

  const add = (tag: ChosenTag) =>
    setChosen((list) =>
      list.some((c) => foldTagName(c.name) === foldTagName(tag.name)) ? list : [...list, tag],
    )

  return (
    <Form method="POST" className="flex flex-col gap-6" {...getFormProps(form)}>
      <Card className="flex flex-col gap-4 p-4 sm:p-6">
        <h2 className="font-semibold">{t('contacts.sections.main')}</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            labelProps={{ children: t('contacts.fields.name') }}
            inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }}
            errors={fields.name.errors}
          />
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
          <Field
            labelProps={{ children: t('contacts.fields.email') }}
            inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
            errors={fields.email.errors}
          />
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
                  onPick={(option) =>
                    add(option.kind === 'tag' ? option.tag : { name: option.name })
                  }
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
            <ErrorList errors={fields.tags.errors} />
          </div>
        </div>
      </Card>
      <Card className="flex flex-col gap-4 p-4 sm:p-6">
        <h2 className="font-semibold">{t('contacts.sections.extra')}</h2>
        <div className="flex flex-col gap-3">
          <ContactExtraFields form={form} fields={fields} />
          <TextareaField
            labelProps={{ children: t('contacts.fields.notes') }}
            textareaProps={{
              ...getTextareaProps(fields.notes),
              rows: 3,
              maxLength: CONTACT_NOTES_MAX,
            }}
            errors={fields.notes.errors}
          />
        </div>
      </Card>
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="flex justify-end gap-2">
        <StatusButton type="submit" pending={isPending}>
          {t('common.save')}
        </StatusButton>
      </div>
    </Form>
  )
}
