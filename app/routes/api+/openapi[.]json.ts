import { openApiDocument } from '#app/domain/api/openapi.server.ts'
import { resourceData } from '#app/utils/answer.server.ts'

/**
 * GET /api/openapi.json: the OpenAPI 3.1 document of the API, generated from the operations' zod
 * schemas, with this server as its server. Public (it documents, it grants nothing), like the
 * documentation of any public API.
 */
export function loader({ request }: { request: Request }) {
  return resourceData(openApiDocument(new URL(request.url).origin), {
    headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
  })
}
