import { type ActionFunctionArgs, data } from '@remix-run/node'
import { type Actor } from '#app/domain/actor.ts'
import { describeApi } from '#app/domain/api/docs.ts'
import { API_OPERATIONS } from '#app/domain/api/operations/index.ts'
import { ApiTokenFormSchema, ApiTokenRevokeSchema } from '#app/domain/api/token-schema.ts'
import { createApiToken, listApiTokens, revokeApiToken } from '#app/domain/api/tokens.server.ts'
import { listConnections } from '#app/domain/connections/connections.server.ts'
import { formInput, invalidSubmission, orToast, submitToDomain } from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { parseForm } from '#app/utils/forms.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/upload.server.ts'
import { z } from '#app/utils/validation.ts'

/** The documentation never changes while the server runs: described once. */
let docs: ReturnType<typeof describeApi> | undefined

/**
 * Administração › API: the company's tokens, each connection's token state, and the docs of every
 * operation. `origin` is this server as the browser reached it (behind a proxy, TRUST_PROXY makes
 * it the public one), for the examples.
 */
export function loadApiPage(actor: Actor, request: Request) {
  const tokens = listApiTokens(db, actor)
  const connections = listConnections(db, actor).map(({ id, name, tokenHint }) => ({
    id,
    name,
    tokenHint,
  }))
  docs ??= describeApi(API_OPERATIONS)
  return { tokens, connections, docs, origin: new URL(request.url).origin }
}

const Intent = z.object({ intent: z.enum(['create', 'revoke']) })

/**
 * "Criar token" answers the new secret in this response only (never a toast or a URL), not
 * cached; "Revogar" goes back to the page with a toast.
 */
export async function apiPageAction({ request }: ActionFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin' })
  const formData = await readForm(request)
  const { intent } = formInput(formData, Intent)
  if (intent === 'create') {
    const submission = parseForm(formData, ApiTokenFormSchema)
    if (submission.status !== 'success') return invalidSubmission(submission)
    const done = await submitToDomain(submission, () => createApiToken(db, actor, submission.value))
    if (!done.ok) return done.response
    return data(
      {
        result: submission.reply({ resetForm: true }),
        created: { id: done.value.id, name: submission.value.name, secret: done.value.secret },
      },
      { headers: { 'cache-control': 'no-store' } },
    )
  }
  const { tokenId } = formInput(formData, ApiTokenRevokeSchema)
  await orToast('/admin/api', () => revokeApiToken(db, actor, tokenId), [404])
  return redirectWithToast('/admin/api', { title: 'api.tokens.revoked' })
}
