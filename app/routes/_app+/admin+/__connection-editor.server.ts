import { parseForm } from '#app/utils/forms.ts'
import { TZDate } from '@date-fns/tz'
import { type ActionFunctionArgs } from '@remix-run/node'
import { format } from 'date-fns'
import { type Actor } from '#app/domain/actor.ts'
import { toFormAutomations } from '#app/domain/bot/automations-schema.ts'
import { ConnectionEditorSchema } from '#app/domain/connections/connection-schema.ts'
import {
  createConnection,
  getConnection,
  updateConnection,
} from '#app/domain/connections/connections.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { invalidSubmission, orHttpError, submitToDomain } from '#app/utils/answer.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { type EditableConnection } from '#app/components/connections/connection-editor.tsx'
import { readForm } from '#app/utils/upload.server.ts'

/** A company-local YYYY-MM-DD for a date input, from UTC ms. */
const toDateInput = (ms: number | null, timeZone: string) =>
  ms === null ? '' : format(new TZDate(ms, timeZone), 'yyyy-MM-dd')

/** The connection as the edit form shows it; a 404 page when it is not the company's. */
export async function getEditableConnection(
  actor: Actor,
  connectionId: string,
  timeZone: string,
): Promise<EditableConnection> {
  const connection = await orHttpError(() => getConnection(db, actor, connectionId))
  return {
    id: connection.id,
    name: connection.name,
    channel: connection.channel,
    isDefault: connection.isDefault,
    queueId: connection.queueId,
    groupsEnabled: connection.groupsEnabled,
    importFrom: toDateInput(connection.importFrom, timeZone),
    importTo: toDateInput(connection.importTo, timeZone),
    automations: toFormAutomations(connection.automations, timeZone),
  }
}

/** Create (then pair it on its page) or update a connection from the editor form. */
export async function connectionEditorAction({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const submission = parseForm(await readForm(request), ConnectionEditorSchema)
  if (submission.status !== 'success') return invalidSubmission(submission)
  const input = submission.value
  const { connectionId } = params
  const result = await submitToDomain(submission, () =>
    connectionId
      ? updateConnection(db, actor, connectionId, input)
      : createConnection(db, actor, input),
  )
  if (!result.ok) return result.response
  return redirectWithToast(
    connectionId ? '/admin/connections' : `/admin/connections/${result.value.id}`,
    {
      title: connectionId ? 'connections.updated' : 'connections.created',
      params: { name: result.value.name },
    },
  )
}
