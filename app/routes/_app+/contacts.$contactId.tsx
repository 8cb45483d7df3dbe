import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { ConfirmDeleteButton } from '#app/components/confirm-dialog.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import {
  canManageContacts,
  deleteContact,
  getContactForEditing,
} from '#app/domain/contacts/manage.server.ts'
import { startOptions } from '#app/domain/tickets/start.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { orHttpError, orToast } from '#app/utils/answer.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { formatPhone } from '#app/utils/phone.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { ContactEditor } from '#app/components/contacts/contact-editor.tsx'
import { contactEditorAction } from './__contact-editor.server.ts'
import { StartConversationButton } from '#app/components/contacts/contact-start.tsx'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const editing = await orHttpError(() => getContactForEditing(db, actor, params.contactId ?? ''))
  return { ...editing, canManage: canManageContacts(actor), start: startOptions(db, actor) }
}

export async function action(args: ActionFunctionArgs) {
  const { actor } = await requireUser(args.request)
  // The body is read once: the editor gets the same form.
  const formData = await readForm(args.request)
  if (formData.get('intent') !== 'delete') return contactEditorAction(args, formData)
  const contact = await orToast(`/contacts/${args.params.contactId}`, () =>
    deleteContact(db, actor, args.params.contactId ?? ''),
  )
  return redirectWithToast('/contacts', {
    title: 'contacts.deleted',
    params: { name: contact.name },
  })
}

export default function EditContactPage() {
  const { contact, tags, ticketCount, messageCount, canManage, start } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof contactEditorAction>()
  const { t } = useTranslation()
  return (
    <>
      <PageHeader
        title={t('contacts.editTitle')}
        description={`${contact.name}${contact.number ? ` · ${formatPhone(contact.number)}` : ''}`}
        actions={
          <>
            <Badge variant="outline">{t(`contacts.sources.${contact.source}`)}</Badge>
            <StartConversationButton contact={contact} options={start} variant="button" />
            {canManage ? (
              <ConfirmDeleteButton
                label={`${t('common.delete')} ${contact.name}`}
                title={t('contacts.deleteTitle', { name: contact.name })}
                description={t('contacts.deleteDescriptionCounts', {
                  tickets: ticketCount,
                  messages: messageCount,
                })}
                fields={{}}
              />
            ) : null}
          </>
        }
      />
      <div className="mx-auto w-full max-w-3xl p-4 sm:p-8">
        <ContactEditor
          key={contact.id}
          contact={contact}
          tags={tags}
          lastResult={actionData && 'result' in actionData ? actionData.result : undefined}
        />
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'contacts.editTitle')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
