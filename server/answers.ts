import { type Request, type Response } from 'express'
import { mediaTypeOf } from '#app/utils/multipart.server.ts'

/**
 * Refuses a request at the edge: `{error}` JSON for JSON callers (the JSON APIs, resource routes,
 * a JSON body), plain text otherwise.
 */
export function refuse(
  req: Request,
  res: Response,
  status: 403 | 413 | 415,
  error: string,
  { json = false }: { json?: boolean } = {},
) {
  const wantsJson = json || /[/+]json$/.test(mediaTypeOf(req.get('content-type')))
  res.status(status)
  if (wantsJson) res.json({ error })
  else res.type('text/plain').send(error)
}
