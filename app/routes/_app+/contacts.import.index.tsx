import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { deviceImportOptions, importDeviceContacts } from '#app/domain/contacts/device.server.ts'
import {
  createImportFromFile,
  IMPORT_MAX_BYTES,
  listRecentImports,
} from '#app/domain/contacts/import.server.ts'
import { assertCanManageContacts } from '#app/domain/contacts/manage.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { actionError, formInput, orHttpError } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { type ErrorMessage, z } from '#app/utils/validation.ts'
import { readUpload } from './__contact-import.server.ts'
import {
  DeviceImport,
  RecentImports,
  UploadStep,
} from '#app/components/contacts/contact-import.tsx'
import { mediaTypeOf } from '#app/utils/multipart.server.ts'
import { readForm } from '#app/utils/upload.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  await orHttpError(() => assertCanManageContacts(actor))
  return {
    recent: listRecentImports(db, actor),
    devices: deviceImportOptions(db, actor),
    maxMb: Math.round(IMPORT_MAX_BYTES / 1024 / 1024),
  }
}

type ActionResult = { form: 'upload' | 'device'; error: ErrorMessage }

/** "Importar do WhatsApp": the connected phone to read the contacts of. */
const DeviceImportForm = z.object({ intent: z.literal('device'), connectionId: z.string() })

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request)
  await orHttpError(() => assertCanManageContacts(actor))
  const fail = (result: ActionResult, status = 400) => data(result, { status })
  const upload = mediaTypeOf(request) === 'multipart/form-data'
  try {
    if (!upload) {
      const formData = await readForm(request)
      const { connectionId } = formInput(formData, DeviceImportForm)
      const done = await importDeviceContacts(db, actor, connectionId)
      return redirect(`/contacts/import/${done.id}`)
    }
    const read = await readUpload(request)
    if (read.tooLarge)
      return fail({
        form: 'upload',
        error: {
          key: 'contacts.import.tooLarge',
          params: { mb: Math.round(IMPORT_MAX_BYTES / 1024 / 1024) },
        },
      })
    if (!read.file || read.file.size === 0) {
      if (read.file) await read.file.remove().catch(() => undefined)
      return fail({ form: 'upload', error: { key: 'contacts.import.fileRequired' } })
    }
    const created = await createImportFromFile(db, actor, {
      filePath: read.file.getFilePath(),
      fileName: read.name,
    })
    return redirect(`/contacts/import/${created.id}`)
  } catch (error) {
    const refusal = actionError(error)
    return fail(
      { form: upload ? 'upload' : 'device', error: refusal.data.error },
      refusal.init?.status,
    )
  }
}

export default function ImportContactsPage() {
  const { recent, devices, maxMb } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('contacts.import.title')} description={t('contacts.import.subtitle')} />
      <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 p-4 sm:p-8">
        <UploadStep maxMb={maxMb} error={result?.form === 'upload' ? result : undefined} />
        <DeviceImport devices={devices} error={result?.form === 'device' ? result : undefined} />
        <RecentImports imports={recent} />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'contacts.import.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
