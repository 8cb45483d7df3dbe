import { type FieldMetadata, getInputProps } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import { CheckboxField, Field } from '#app/components/forms.tsx'
import { UserAvatar } from '#app/components/user-avatar.tsx'

/** The photo of a user form (Meu perfil, the admin's user editor): the current one, a new file, remove. */
export function AvatarField({
  user,
  fields,
}: {
  user: { id: string; name: string; avatarFile: string | null }
  fields: Record<'avatar' | 'removeAvatar', FieldMetadata<any, any, any>>
}) {
  const { t } = useTranslation()
  return (
    <div className="flex items-center gap-4 sm:col-span-2">
      <UserAvatar user={user} className="size-16 text-lg" />
      <div className="flex flex-1 flex-col gap-1.5">
        <Field
          labelProps={{ children: t('users.fields.avatar') }}
          inputProps={{
            ...getInputProps(fields.avatar, { type: 'file' }),
            accept: 'image/png,image/jpeg,image/webp',
          }}
          errors={fields.avatar.errors}
          hint={t('users.fields.avatarHint')}
        />
        {user.avatarFile ? (
          <CheckboxField
            labelProps={{ children: t('users.fields.removeAvatar') }}
            buttonProps={getInputProps(fields.removeAvatar, { type: 'checkbox' })}
          />
        ) : null}
      </div>
    </div>
  )
}
