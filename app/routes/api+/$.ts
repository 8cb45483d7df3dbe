import { ApiError } from '#app/domain/api/contract.ts'
import { apiErrorResponse } from './__handler.server.ts'

/**
 * Any other /api path: the API's JSON 404 (an integrator with a typo in a path reads `not_found`
 * with the path, not the app's HTML page). Needs no token: it reveals nothing.
 */
function notFound({ request }: { request: Request }) {
  const { pathname } = new URL(request.url)
  return apiErrorResponse(
    new ApiError('not_found', `No endpoint at ${pathname}: see /api/openapi.json`),
  )
}

export { notFound as loader, notFound as action }
