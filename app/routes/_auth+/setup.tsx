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
import { Form, useActionData } from '@remix-run/react'
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
import { hasAnyUser, setupFirstRun } from '#app/domain/companies/companies.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { db } from '#app/utils/db.server.ts'
import { isRateLimited } from '#app/utils/load-context.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { combineHeaders, useIsPending } from '#app/utils/misc.ts'
import { commitSessionId } from '#app/utils/session.server.ts'
import { createToastHeaders } from '#app/utils/toast.server.ts'
import { EmailSchema, NameSchema, PasswordSchema, z } from '#app/utils/validation.ts'
import { readForm } from '#app/utils/upload.server.ts'

const SetupSchema = z.object({
  companyName: NameSchema,
  name: NameSchema,
  email: EmailSchema,
  password: PasswordSchema,
})

/** First-run setup: only while no user exists; afterwards the page is gone. */
export async function loader(_: LoaderFunctionArgs) {
  if (hasAnyUser(db)) throw redirect('/login')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (hasAnyUser(db)) throw redirect('/login')
  const submission = parseForm(await readForm(request), SetupSchema)
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  if (isRateLimited(context)) {
    return data(
      { result: submission.reply({ formErrors: [{ key: 'auth.tooMany' }] }) },
      { status: 429 },
    )
  }
  try {
    const { sessionId, expiresAt } = await setupFirstRun(db, submission.value)
    return redirect('/', {
      headers: combineHeaders(
        { 'set-cookie': await commitSessionId(sessionId, expiresAt) },
        await createToastHeaders({ title: 'setup.done' }),
      ),
    })
  } catch (error) {
    if (error instanceof DomainError) throw redirect('/login')
    throw error
  }
}

export default function SetupPage() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const isPending = useIsPending()
  const [form, fields] = useForm({
    id: 'setup',
    constraint: getZodConstraint(SetupSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseForm(formData, SetupSchema),
    shouldRevalidate: 'onInput',
  })
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">{t('setup.title')}</CardTitle>
        <CardDescription>{t('setup.subtitle')}</CardDescription>
      </CardHeader>
      <CardContent>
        <Form method="POST" className="flex flex-col gap-4" {...getFormProps(form)}>
          <Field
            labelProps={{ children: t('setup.companyName') }}
            inputProps={{
              ...getInputProps(fields.companyName, { type: 'text' }),
              autoComplete: 'organization',
              autoFocus: true,
            }}
            errors={fields.companyName.errors}
          />
          <Field
            labelProps={{ children: t('setup.name') }}
            inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }}
            errors={fields.name.errors}
          />
          <Field
            labelProps={{ children: t('auth.email') }}
            inputProps={{
              ...getInputProps(fields.email, { type: 'email' }),
              autoComplete: 'email',
            }}
            errors={fields.email.errors}
          />
          <Field
            labelProps={{ children: t('auth.password') }}
            inputProps={{
              ...getInputProps(fields.password, { type: 'password' }),
              autoComplete: 'new-password',
            }}
            errors={fields.password.errors}
            hint={t('users.fields.passwordHint')}
          />
          <ErrorList errors={form.errors} id={form.errorId} />
          <StatusButton type="submit" pending={isPending} className="w-full">
            {t('setup.submit')}
          </StatusButton>
        </Form>
      </CardContent>
    </Card>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'setup.title')
