import { type Request, type Response } from 'express'
import { mediaTypeOf } from '#app/utils/multipart.server.ts'

const API_EDGE_CODES = {
  403: 'forbidden',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
} as const

/**
 * Refuses a request at the edge: `{error}` JSON for JSON callers (the JSON APIs, resource routes,
 * a JSON body), plain text otherwise.
 */
export function refuse(
  req: Request,
  res: Response,
  status: 403 | 413 | 415,
  error: string,
  { json = false, api = false }: { json?: boolean; api?: boolean } = {},
) {
  const wantsJson = json || /[/+]json$/.test(mediaTypeOf(req.get('content-type')))
  res.status(status)
  // The HTTP API's error model (app/domain/api/contract.ts).
  if (api) return void res.json({ error: { code: API_EDGE_CODES[status], message: error } })
  if (wantsJson) res.json({ error })
  else res.type('text/plain').send(error)
}
