import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import { type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  CheckboxField,
  ErrorList,
  Field,
  SelectField,
  TextareaField,
} from '#app/components/forms.tsx'
import { FormActions, FormSection } from '#app/components/form-layout.tsx'
import { PreferenceFields } from '#app/components/preference-switches.tsx'
import { AvatarField } from '#app/components/users/avatar-field.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { UserEditorSchema } from '#app/domain/users/user-schema.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { LANGUAGES, ROLES, THEMES } from '#db/schema/users.ts'
import { type ErrorMessage } from '#app/utils/validation.ts'

export type EditableUser = {
  id: string
  name: string
  email: string
  role: (typeof ROLES)[number]
  allTickets: boolean
  avatarFile: string | null
  defaultConnectionId: string | null
  workStart: string | null
  workEnd: string | null
  farewellMessage: string | null
  theme: (typeof THEMES)[number]
  language: (typeof LANGUAGES)[number]
  signature: boolean
  disabledAt: number | null
  queueIds: string[]
}

type Option = { id: string; name: string; color?: string }

/** The create and edit form of a user (Administração – Usuários). */
export function UserEditor({
  user,
  queues,
  connections,
  lastResult,
}: {
  user?: EditableUser
  queues: Option[]
  connections: Option[]
  lastResult?: SubmissionResult<ErrorMessage[]>
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [role, setRole] = useState(user?.role ?? 'agent')
  const [form, fields] = useForm({
    id: 'user-editor',
    constraint: getZodConstraint(UserEditorSchema),
    lastResult,
    onValidate: ({ formData }) => parseForm(formData, UserEditorSchema),
    shouldRevalidate: 'onInput',
    defaultValue: {
      id: user?.id,
      name: user?.name ?? '',
      email: user?.email ?? '',
      role: user?.role ?? 'agent',
      allTickets: user?.allTickets && user.role === 'agent' ? 'on' : undefined,
      queueIds: user?.queueIds ?? [],
      defaultConnectionId: user?.defaultConnectionId ?? '',
      workStart: user?.workStart ?? '',
      workEnd: user?.workEnd ?? '',
      farewellMessage: user?.farewellMessage ?? '',
      theme: user?.theme ?? 'light',
      language: user?.language ?? 'pt-BR',
      signature: user ? (user.signature ? 'on' : undefined) : 'on',
      active: user ? (user.disabledAt ? undefined : 'on') : 'on',
    },
  })
  const queueIds = queues.map((q) => q.id)
  return (
    <Form
      method="POST"
      encType="multipart/form-data"
      className="flex flex-col gap-6"
      {...getFormProps(form)}
    >
      {user ? <input type="hidden" name="id" value={user.id} /> : null}
      <FormSection title={t('users.sections.identity')}>
        <AvatarField user={user ?? { id: 'new', name: '?', avatarFile: null }} fields={fields} />
        <Field
          labelProps={{ children: t('users.fields.name') }}
          inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'off' }}
          errors={fields.name.errors}
        />
        <Field
          labelProps={{ children: t('users.fields.email') }}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
          errors={fields.email.errors}
        />
        <Field
          className="sm:col-span-2"
          labelProps={{
            children: user ? t('users.fields.newPassword') : t('users.fields.password'),
          }}
          inputProps={{
            ...getInputProps(fields.password, { type: 'password' }),
            autoComplete: 'new-password',
          }}
          errors={fields.password.errors}
          hint={user ? t('users.fields.passwordEditHint') : t('users.fields.passwordHint')}
        />
      </FormSection>

      <FormSection title={t('users.sections.access')}>
        <SelectField
          labelProps={{ children: t('users.fields.role') }}
          selectProps={{
            ...getSelectProps(fields.role),
            onChange: (e) => setRole(e.currentTarget.value as typeof role),
          }}
          options={ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
          errors={fields.role.errors}
          hint={t(`users.fields.roleHint.${role}`)}
        />
        <SelectField
          labelProps={{ children: t('users.fields.defaultConnection') }}
          selectProps={{
            ...getSelectProps(fields.defaultConnectionId),
            disabled: connections.length === 0,
          }}
          options={[
            { value: '', label: t('common.none') },
            ...connections.map((c) => ({ value: c.id, label: c.name })),
          ]}
          errors={fields.defaultConnectionId.errors}
          hint={connections.length === 0 ? t('users.fields.noConnections') : undefined}
        />
        <fieldset className="flex flex-col gap-2 sm:col-span-2">
          <Label asChild>
            <legend>{t('users.fields.queues')}</legend>
          </Label>
          {queues.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t('users.fields.noQueues')}</p>
          ) : (
            <div className="flex flex-wrap gap-2">
              {getCollectionProps(fields.queueIds, { type: 'checkbox', options: queueIds }).map(
                (props) => {
                  const queue = queues.find((q) => q.id === props.value)!
                  return (
                    <label
                      key={props.key}
                      className="has-[:checked]:border-primary has-[:checked]:bg-accent flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm"
                    >
                      <input {...props} key={undefined} className="accent-[var(--color-primary)]" />
                      <span
                        className="size-2.5 rounded-full"
                        style={{ backgroundColor: queue.color }}
                      />
                      {queue.name}
                    </label>
                  )
                },
              )}
            </div>
          )}
          <p className="text-muted-foreground text-xs">{t('users.fields.queuesHint')}</p>
          <ErrorList errors={fields.queueIds.errors} />
        </fieldset>
        {/* Who sees which tickets (ADR 009): only agents are limited, so only they get the choice. */}
        {role === 'agent' ? (
          <CheckboxField
            className="sm:col-span-2"
            labelProps={{ children: t('users.fields.allTickets') }}
            buttonProps={getInputProps(fields.allTickets, { type: 'checkbox' })}
            hint={t('users.fields.allTicketsHint')}
          />
        ) : null}
        <CheckboxField
          className="sm:col-span-2"
          labelProps={{ children: t('users.fields.active') }}
          buttonProps={getInputProps(fields.active, { type: 'checkbox' })}
          hint={t('users.fields.activeHint')}
          errors={fields.active.errors}
        />
      </FormSection>

      <FormSection title={t('users.sections.schedule')}>
        <Field
          labelProps={{ children: t('users.fields.workStart') }}
          inputProps={getInputProps(fields.workStart, { type: 'time' })}
          errors={fields.workStart.errors}
        />
        <Field
          labelProps={{ children: t('users.fields.workEnd') }}
          inputProps={getInputProps(fields.workEnd, { type: 'time' })}
          errors={fields.workEnd.errors}
        />
        <p className="text-muted-foreground -mt-2 text-xs sm:col-span-2">
          {t('users.fields.workHoursHint')}
        </p>
        <TextareaField
          className="sm:col-span-2"
          labelProps={{ children: t('users.fields.farewellMessage') }}
          textareaProps={getTextareaProps(fields.farewellMessage)}
          errors={fields.farewellMessage.errors}
          hint={t('users.fields.farewellHint')}
        />
      </FormSection>

      <FormSection title={t('users.sections.preferences')}>
        <PreferenceFields fields={fields} />
      </FormSection>

      <ErrorList errors={form.errors} id={form.errorId} />
      <FormActions cancelTo="/admin/users" pending={isPending} />
    </Form>
  )
}
