import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { listCustomerMessages, sendAsCustomer } from '#app/domain/simulator/simulator.server.ts'
import {
  formInput,
  jsonError,
  orHttpError,
  parseBody,
  resourceData,
} from '#app/utils/answer.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { mediaTypeOf } from '#app/utils/multipart.server.ts'
import { readMultipartForm } from '#app/utils/upload.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'
import { z } from '#app/utils/validation.ts'

const Body = z.object({
  connectionId: z.string().min(1),
  from: z.string().min(1),
  name: z.string().max(120).optional(),
  text: z.string().max(4096).optional(),
  /** The client's id for this message: a retry with the same one stores nothing new. */
  externalId: z.string().min(1).max(128).optional(),
})

const Query = z.object({ connectionId: z.string().min(1), phone: z.string().min(1) })

/** GET /simulator/api/messages?connectionId=&phone= → the chat as the customer's phone shows it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { role: 'admin', json: true })
  const query = formInput(new URL(request.url).searchParams, Query)
  const list = await orHttpError(() => listCustomerMessages(db, actor, query))
  return resourceData(
    list.map(({ externalId, fromMe, type, text, status, timestamp }) => ({
      externalId,
      fromMe,
      type,
      text,
      status,
      timestamp,
    })),
  )
}

/**
 * POST /simulator/api/messages {connectionId, from, name?, text?, externalId?} (multipart with
 * `file`) → 201 {externalId}; a retry with an `externalId` already stored → 200, the same body.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') throw jsonError(405, 'errors.methodNotAllowed')
  const { actor } = await requireUser(request, { role: 'admin', json: true })
  let input: z.infer<typeof Body> & { file?: File }
  if (mediaTypeOf(request) === 'multipart/form-data') {
    const { formData } = await readMultipartForm(request, UPLOAD_READ_BYTES.simulator)
    if (!formData) throw jsonError(413, { key: 'validation.fileTooBig', params: { max: 16 } })
    input = formInput(formData, Body.extend({ file: z.instanceof(File).optional() }))
  } else {
    input = await parseBody(request, Body)
  }
  const { externalId, created } = await orHttpError(() => sendAsCustomer(db, actor, input))
  return resourceData({ externalId }, { status: created ? 201 : 200 })
}
