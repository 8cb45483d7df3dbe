import { sendMessageOperation } from '#app/domain/api/operations/messages.ts'
import { sendFromApi } from '#app/domain/api/send.server.ts'
import { db } from '#app/utils/db.server.ts'
import { readMultipartForm } from '#app/utils/upload.server.ts'
import { UPLOAD_READ_BYTES } from '#app/utils/upload-limits.server.ts'
import { apiRoute } from './__handler.server.ts'

/** POST /api/messages/send — Whaticket-compatible send (JSON or multipart with `medias`). */
const handle = apiRoute(
  sendMessageOperation,
  async ({ credential, body, files, request }) => {
    const result = await sendFromApi(db, credential, body, files, {
      idempotencyKey: request.headers.get('idempotency-key') ?? undefined,
    })
    return {
      status: result.status,
      body: result.body,
      headers: result.replayed ? { 'idempotent-replayed': 'true' } : undefined,
    }
  },
  { readMultipart: (request) => readMultipartForm(request, UPLOAD_READ_BYTES.composer) },
)

export { handle as loader, handle as action }
