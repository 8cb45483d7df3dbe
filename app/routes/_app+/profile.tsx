import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { PreferenceFields } from '#app/components/preference-switches.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Card, CardContent, CardHeader, CardTitle } from '#app/components/ui/card.tsx'
import { AvatarField } from '#app/components/users/avatar-field.tsx'
import { PasswordChangeSchema, ProfileSchema } from '#app/domain/users/user-schema.ts'
import {
  changeOwnPassword,
  getOwnProfile,
  updateOwnProfile,
} from '#app/domain/users/users.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission, submitToDomain } from '#app/utils/answer.server.ts'
import { isRateLimited } from '#app/utils/load-context.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readMultipartForm } from '#app/utils/upload.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  return { profile: getOwnProfile(db, actor) }
}

/** Each user edits their own profile, or changes their password (other sessions end). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, sessionId } = await requireUser(request)
  const { formData } = await readMultipartForm(request, UPLOAD_READ_BYTES.avatar)
  if (!formData) throw new Response('File too large', { status: 413 })
  const schema = formData.get('intent') === 'password' ? PasswordChangeSchema : ProfileSchema
  const submission = parseForm(formData, schema)
  const hideFields = ['currentPassword', 'newPassword', 'confirmPassword']
  if (submission.status !== 'success') return invalidSubmission(submission, { hideFields })
  const value = submission.value
  if (value.intent === 'password' && isRateLimited(context)) {
    return data(
      { result: submission.reply({ formErrors: [{ key: 'auth.tooMany' }], hideFields }) },
      { status: 429 },
    )
  }
  const result = await submitToDomain(
    submission,
    () =>
      value.intent === 'password'
        ? changeOwnPassword(db, actor, value, sessionId)
        : updateOwnProfile(db, actor, value),
    { hideFields },
  )
  if (!result.ok) return result.response
  const intent = value.intent
  return redirectWithToast('/profile', {
    title: intent === 'password' ? 'profile.passwordChanged' : 'profile.saved',
  })
}

function ProfileForm({
  profile,
  lastResult,
}: {
  profile: ReturnType<typeof getOwnProfile>
  lastResult: unknown
}) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'profile',
    constraint: getZodConstraint(ProfileSchema),
    lastResult: lastResult as never,
    onValidate: ({ formData }) => parseForm(formData, ProfileSchema),
    shouldRevalidate: 'onInput',
    defaultValue: {
      name: profile.name,
      theme: profile.theme,
      language: profile.language,
      signature: profile.signature ? 'on' : undefined,
    },
  })
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('profile.detailsTitle')}</CardTitle>
      </CardHeader>
      <CardContent>
        <Form
          method="POST"
          encType="multipart/form-data"
          className="grid gap-4 sm:grid-cols-2"
          {...getFormProps(form)}
        >
          <input type="hidden" name="intent" value="profile" />
          <AvatarField user={profile} fields={fields} />
          <Field
            className="sm:col-span-2"
            labelProps={{ children: t('users.fields.name') }}
            inputProps={getInputProps(fields.name, { type: 'text' })}
            errors={fields.name.errors}
          />
          <PreferenceFields fields={fields} />
          <ErrorList errors={form.errors} id={form.errorId} />
          <div className="flex justify-end sm:col-span-2">
            <StatusButton type="submit" pending={isPending}>
              {t('common.save')}
            </StatusButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  )
}

function PasswordForm({ lastResult }: { lastResult: unknown }) {
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'password',
    constraint: getZodConstraint(PasswordChangeSchema),
    lastResult: lastResult as never,
    onValidate: ({ formData }) => parseForm(formData, PasswordChangeSchema),
    shouldRevalidate: 'onInput',
  })
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('profile.passwordTitle')}</CardTitle>
      </CardHeader>
      <CardContent>
        <Form
          method="POST"
          encType="multipart/form-data"
          className="flex flex-col gap-4"
          {...getFormProps(form)}
        >
          <input type="hidden" name="intent" value="password" />
          <Field
            labelProps={{ children: t('profile.currentPassword') }}
            inputProps={{
              ...getInputProps(fields.currentPassword, { type: 'password' }),
              autoComplete: 'current-password',
            }}
            errors={fields.currentPassword.errors}
          />
          <Field
            labelProps={{ children: t('profile.newPassword') }}
            inputProps={{
              ...getInputProps(fields.newPassword, { type: 'password' }),
              autoComplete: 'new-password',
            }}
            errors={fields.newPassword.errors}
            hint={t('users.fields.passwordHint')}
          />
          <Field
            labelProps={{ children: t('profile.confirmPassword') }}
            inputProps={{
              ...getInputProps(fields.confirmPassword, { type: 'password' }),
              autoComplete: 'new-password',
            }}
            errors={fields.confirmPassword.errors}
          />
          <ErrorList errors={form.errors} id={form.errorId} />
          <div className="flex justify-end">
            <StatusButton type="submit" pending={isPending} variant="secondary">
              {t('profile.changePassword')}
            </StatusButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  )
}

export default function ProfilePage() {
  const { profile } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const result = actionData?.result as { initialValue?: { intent?: string } } | undefined
  const intent = result?.initialValue?.intent
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.subtitle')} />
      <div className="mx-auto flex max-w-3xl flex-col gap-6 p-4 sm:p-8">
        <ProfileForm
          profile={profile}
          lastResult={intent === 'profile' ? actionData?.result : undefined}
        />
        <PasswordForm lastResult={intent === 'password' ? actionData?.result : undefined} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'profile.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
