import { type ActionFunctionArgs, data } from '@remix-run/node'
import QRCode from 'qrcode'
import { type Actor } from '#app/domain/actor.ts'
import {
  CONNECTION_COMMANDS,
  PairingCodeSchema,
} from '#app/domain/connections/connection-schema.ts'
import {
  commandConnection,
  generateConnectionToken,
  getConnection,
  revokeConnectionToken,
} from '#app/domain/connections/connections.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { formInput, invalidSubmission, orHttpError } from '#app/utils/answer.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { z } from '#app/utils/validation.ts'

/**
 * The pairing page's data. The QR payload is drawn here (a data: URL, allowed by the CSP), so the
 * page shows it without JavaScript and each new QR arrives with the live revalidation.
 */
export async function loadConnectionDetail(actor: Actor, connectionId: string) {
  const { qrCode, ...connection } = await orHttpError(() => getConnection(db, actor, connectionId))
  const qrImage =
    connection.status === 'qrcode' && qrCode
      ? await QRCode.toDataURL(qrCode, { margin: 1, width: 264 })
      : null
  return { connection, qrImage }
}

/** Which of the page's forms was posted: pairing, the API token, or a session command. */
const ConnectionIntent = z.object({
  intent: z.union([
    z.enum(['pair', 'token-generate', 'token-revoke']),
    z.enum(CONNECTION_COMMANDS),
  ]),
})

/**
 * The pairing page's forms: session commands (the channel manager acts on them and reports back
 * live), pairing by phone number, and the API token — returned once in the answer, never in a
 * toast or URL, so only this response ever holds it.
 */
export async function connectionDetailAction({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const connection = await orHttpError(() => getConnection(db, actor, params.connectionId ?? ''))
  const formData = await readForm(request)
  const { intent } = formInput(formData, ConnectionIntent)
  const back = `/admin/connections/${connection.id}`

  if (intent === 'pair') {
    const submission = parseForm(formData, PairingCodeSchema)
    if (submission.status !== 'success') return invalidSubmission(submission)
    commandConnection(db, actor, connection.id, { pair: submission.value.phone })
    return redirectWithToast(back, { type: 'info', title: 'connections.pair.requested' })
  }
  if (intent === 'token-generate') {
    const token = generateConnectionToken(db, actor, connection.id)
    return data({ token }, { headers: { 'cache-control': 'no-store' } })
  }
  if (intent === 'token-revoke') {
    revokeConnectionToken(db, actor, connection.id)
    return redirectWithToast(back, { title: 'connections.token.revoked' })
  }
  commandConnection(db, actor, connection.id, intent)
  return redirectWithToast(back, {
    type: 'info',
    title: `connections.commands.${intent}`,
    params: { name: connection.name },
  })
}
