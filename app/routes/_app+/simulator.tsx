import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useRevalidateOn } from '#app/components/live-events.tsx'
import { DomainError } from '#app/domain/errors.ts'
import {
  createTestConnection,
  getSimulator,
  listCustomerMessages,
  readAsCustomer,
  sendAsCustomer,
  simulatorEnabled,
} from '#app/domain/simulator/simulator.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { orHttpError, rethrowAsHttp } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { readMultipartForm } from '#app/utils/upload.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'
import { CustomerChat } from '#app/components/simulator/simulator-chat.tsx'
import { PhoneList, TestConnectionPicker } from '#app/components/simulator/simulator-side.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  if (!simulatorEnabled()) throw new Response('Not found', { status: 404 })
  const { actor } = await requireUser(request, { role: 'admin' })
  const url = new URL(request.url)
  const simulator = getSimulator(db, actor, url.searchParams.get('connection'))
  const phone = url.searchParams.get('phone')
  const selected = simulator.selected
  // A phone that is not a number (a hand-typed URL) is a 400 page, not a crash.
  const chat =
    selected && phone
      ? await orHttpError(() =>
          listCustomerMessages(db, actor, { connectionId: selected.id, phone }),
        )
      : []
  return { ...simulator, chat }
}

/** The page's forms: create a test connection, write as the customer, open (read) the chat. */
export async function action({ request }: ActionFunctionArgs) {
  if (!simulatorEnabled()) throw new Response('Not found', { status: 404 })
  const { actor } = await requireUser(request, { role: 'admin' })
  const { formData } = await readMultipartForm(request, UPLOAD_READ_BYTES.simulator)
  if (!formData) return data({ error: 'simulator.fileTooLarge' }, { status: 413 })
  const field = (name: string) => {
    const value = formData.get(name)
    return typeof value === 'string' ? value : ''
  }
  try {
    switch (field('intent')) {
      case 'create-connection': {
        const connection = createTestConnection(db, actor, field('name') || 'Conexão de teste')
        return data({ ok: true, connectionId: connection.id })
      }
      case 'send': {
        const file = formData.get('file')
        await sendAsCustomer(db, actor, {
          connectionId: field('connectionId'),
          from: field('phone'),
          name: field('name'),
          text: field('text'),
          file: file instanceof File ? file : undefined,
        })
        return data({ ok: true })
      }
      case 'read':
        await readAsCustomer(db, actor, {
          connectionId: field('connectionId'),
          phone: field('phone'),
        })
        return data({ ok: true })
    }
  } catch (error) {
    if (error instanceof DomainError && error.status !== 404)
      return data({ error: error.code }, { status: error.status })
    rethrowAsHttp(error)
  }
  throw new Response('Bad request', { status: 400 })
}

export default function SimulatorPage() {
  const { connections, selected, phones, chat } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  useRevalidateOn(['message.created', 'message.updated', 'connection.status', 'connection.created'])
  const phone = searchParams.get('phone')
  return (
    <>
      <PageHeader title={t('simulator.title')} description={t('simulator.subtitle')} />
      <div className="grid gap-4 p-4 sm:p-8 lg:grid-cols-[20rem_1fr]">
        <div className="flex flex-col gap-4">
          <TestConnectionPicker connections={connections} selected={selected} />
          {selected ? (
            <PhoneList connectionId={selected.id} phones={phones} current={phone} />
          ) : null}
        </div>
        {selected && phone ? (
          <CustomerChat
            key={`${selected.id}:${phone}`}
            connection={selected}
            phone={phone}
            name={searchParams.get('name') ?? phones.find((p) => p.phone === phone)?.name ?? ''}
            messages={chat}
          />
        ) : (
          <div className="text-muted-foreground flex min-h-80 items-center justify-center rounded-lg border border-dashed p-8 text-center text-sm">
            {selected ? t('simulator.pickPhone') : t('simulator.createFirst')}
          </div>
        )}
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'simulator.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
