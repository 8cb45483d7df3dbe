import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { parseForm } from '#app/utils/forms.ts'
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '#app/components/ui/card.tsx'
import { login } from '#app/domain/auth/auth.server.ts'
import { hasAnyUser } from '#app/domain/companies/companies.server.ts'
import { requireAnonymous, safeRedirect } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { isRateLimited } from '#app/utils/load-context.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { commitSessionId } from '#app/utils/session.server.ts'
import { EmailSchema, z } from '#app/utils/validation.ts'
import { readForm } from '#app/utils/upload.server.ts'

const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1),
  redirectTo: z.string().optional(),
})

const ENDED_REASONS = ['work_hours', 'disabled', 'deleted', 'password', 'logout'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  if (!hasAnyUser(db)) throw redirect('/setup')
  const ended = new URL(request.url).searchParams.get('ended')
  return { ended: ENDED_REASONS.find((reason) => reason === ended) ?? null }
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const formData = await readForm(request)
  const submission = parseForm(formData, LoginSchema)
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  if (isRateLimited(context)) {
    return data(
      {
        result: submission.reply({
          formErrors: [{ key: 'auth.tooMany' }],
          hideFields: ['password'],
        }),
      },
      { status: 429 },
    )
  }
  const result = await login(db, {
    ...submission.value,
    userAgent: request.headers.get('user-agent'),
  })
  if (!result.ok) {
    const error =
      result.reason === 'invalid'
        ? { key: 'auth.invalid' }
        : { key: 'auth.outsideHours', params: { start: result.start, end: result.end } }
    return data(
      { result: submission.reply({ formErrors: [error], hideFields: ['password'] }) },
      { status: 400 },
    )
  }
  return redirect(safeRedirect(submission.value.redirectTo), {
    headers: { 'set-cookie': await commitSessionId(result.sessionId, result.expiresAt) },
  })
}

export default function LoginPage() {
  const { ended } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'login',
    constraint: getZodConstraint(LoginSchema),
    defaultValue: { redirectTo: searchParams.get('redirectTo') ?? '' },
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseForm(formData, LoginSchema),
    shouldRevalidate: 'onInput',
  })
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">{t('auth.loginTitle')}</CardTitle>
        <CardDescription>{t('auth.loginSubtitle')}</CardDescription>
      </CardHeader>
      <CardContent>
        {ended ? (
          <p
            role="status"
            className="bg-accent text-accent-foreground mb-4 rounded-md px-3 py-2 text-sm"
          >
            {t(`auth.sessionEnded.${ended}`)}
          </p>
        ) : null}
        <Form method="POST" className="flex flex-col gap-4" {...getFormProps(form)}>
          <Field
            labelProps={{ children: t('auth.email') }}
            inputProps={{
              ...getInputProps(fields.email, { type: 'email' }),
              autoComplete: 'email',
              autoFocus: true,
            }}
            errors={fields.email.errors}
          />
          <Field
            labelProps={{ children: t('auth.password') }}
            inputProps={{
              ...getInputProps(fields.password, { type: 'password' }),
              autoComplete: 'current-password',
            }}
            errors={fields.password.errors}
          />
          <input {...getInputProps(fields.redirectTo, { type: 'hidden' })} />
          <div role="alert">
            <ErrorList errors={form.errors} id={form.errorId} />
          </div>
          <StatusButton type="submit" pending={isPending} className="w-full">
            {t('auth.submit')}
          </StatusButton>
        </Form>
      </CardContent>
    </Card>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'auth.submit')
