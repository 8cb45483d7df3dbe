/**
 * Idempotent API answers (ADR 013): a request with an `idempotencyKey` (body field or
 * `Idempotency-Key` header) is done once. Its answer is written in the transaction that does the
 * work, so a retry — after a timeout, a crash, a lost answer — gets the same answer and nothing is
 * sent twice. The same key with another request (or from another credential) is refused (409).
 */
import crypto from 'node:crypto'
import { and, eq, lt } from 'drizzle-orm'
import { ApiError } from '#app/domain/api/contract.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { apiIdempotency } from '#db/schema/api.ts'

/** How long a key is remembered (the prune cron forgets older ones). */
export const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000

export type IdempotentAnswer = { status: number; body: unknown }

/** sha256 of a request: its fields (keys sorted) and its files' names, types and bytes. */
export async function requestHash(fields: Record<string, unknown>, files: File[] = []) {
  const hash = crypto.createHash('sha256')
  hash.update(stableJson(fields))
  for (const file of files) {
    hash.update(`\0file:${file.name}:${file.type}:${file.size}\0`)
    hash.update(new Uint8Array(await file.arrayBuffer()))
  }
  return hash.digest('hex')
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`
  return JSON.stringify(value) ?? 'null'
}

export type IdempotencyRequest = {
  companyId: string
  key: string
  /** The credential's ref (`token:<id>` or `connection:<id>`). */
  credential: string
  hash: string
}

/**
 * The answer already given to this key, or null when it is new. Another request under the same
 * key is a 409 idempotency_conflict.
 */
export function findIdempotentAnswer(tx: DbOrTx, request: IdempotencyRequest) {
  const row = tx
    .select()
    .from(apiIdempotency)
    .where(
      and(eq(apiIdempotency.companyId, request.companyId), eq(apiIdempotency.key, request.key)),
    )
    .get()
  if (!row) return null
  if (row.credential !== request.credential || row.requestHash !== request.hash)
    throw new ApiError(
      'idempotency_conflict',
      'This idempotencyKey was already used with a different request',
      { fields: { idempotencyKey: 'Already used with a different request' } },
    )
  return { status: row.status, body: row.response } satisfies IdempotentAnswer
}

/** Stores the answer, in the transaction that did the work. */
export function saveIdempotentAnswer(
  tx: DbOrTx,
  request: IdempotencyRequest,
  answer: IdempotentAnswer,
) {
  tx.insert(apiIdempotency)
    .values({
      companyId: request.companyId,
      key: request.key,
      credential: request.credential,
      requestHash: request.hash,
      status: answer.status,
      response: answer.body,
    })
    .run()
}

/** Forgets keys older than the retention (the nightly prune). */
export function pruneIdempotencyKeys(
  db: DbOrTx,
  olderThanMs = IDEMPOTENCY_RETENTION_MS,
  now = Date.now(),
) {
  return db
    .delete(apiIdempotency)
    .where(lt(apiIdempotency.createdAt, now - olderThanMs))
    .run().changes
}
