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
import { actionError, formInput, orHttpError } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { z } from '#app/utils/validation.ts'
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

const SimulatorAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('create-connection'), name: z.string().optional() }),
  z.object({
    intent: z.literal('send'),
    connectionId: z.string(),
    phone: z.string(),
    name: z.string().optional(),
    text: z.string().optional(),
    file: z.instanceof(File).optional(),
  }),
  z.object({ intent: z.literal('read'), connectionId: z.string(), phone: z.string() }),
])

/** The page's forms: create a test connection, write as the customer, open (read) the chat. */
export async function action({ request }: ActionFunctionArgs) {
  if (!simulatorEnabled()) throw new Response('Not found', { status: 404 })
  const { actor } = await requireUser(request, { role: 'admin' })
  const { formData } = await readMultipartForm(request, UPLOAD_READ_BYTES.simulator)
  if (!formData) return data({ error: { key: 'simulator.fileTooLarge' } }, { status: 413 })
  const input = formInput(formData, SimulatorAction)
  try {
    switch (input.intent) {
      case 'create-connection': {
        const connection = createTestConnection(db, actor, input.name ?? 'Conexão de teste')
        return data({ ok: true, connectionId: connection.id })
      }
      case 'send':
        await sendAsCustomer(db, actor, {
          connectionId: input.connectionId,
          from: input.phone,
          name: input.name ?? '',
          text: input.text ?? '',
          file: input.file,
        })
        return data({ ok: true })
      case 'read':
        await readAsCustomer(db, actor, { connectionId: input.connectionId, phone: input.phone })
        return data({ ok: true })
    }
  } catch (error) {
    return actionError(error)
  }
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
