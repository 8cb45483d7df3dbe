/**
 * API credentials (Administração › API): company tokens with scopes, and the connection tokens of
 * Conexões (Whaticket-compatible: they send through their connection). Secrets are shown once and
 * stored hashed; `authenticateApiToken` turns a bearer secret into who is calling.
 */
import { and, desc, eq, isNull } from 'drizzle-orm'
import { type Actor, isAdmin, systemActor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { DomainError, forbidden, notFound } from '#app/domain/errors.ts'
import { transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx } from '#app/utils/db.server.ts'
import { hashSecretToken, newSecretToken } from '#app/utils/secret-token.server.ts'
import { type ApiScope, apiTokens } from '#db/schema/api.ts'
import { connections } from '#db/schema/connections.ts'

export { API_SCOPES, type ApiScope } from '#db/schema/api.ts'

/** A connection token may send through its connection and read what it sent (Whaticket's shape). */
export const CONNECTION_TOKEN_SCOPES: readonly ApiScope[] = ['send', 'read']

/** Who is calling the API, once the bearer secret is known. */
export type ApiCredential = {
  kind: 'company' | 'connection'
  /** The api token's id, or the connection's. */
  id: string
  /** Stable key of the credential (rate limit, idempotency): `token:<id>` or `connection:<id>`. */
  ref: string
  name: string
  companyId: string
  /** A connection token: the connection it sends through. */
  connectionId: string | null
  scopes: readonly ApiScope[]
  /** The actor domain functions receive: the company's system, named after the token. */
  actor: Actor
}

export type Authentication =
  | { ok: true; credential: ApiCredential }
  | { ok: false; reason: 'unknown' | 'revoked' }

const LAST_USED_EVERY_MS = 60_000

/**
 * The credential a bearer secret belongs to. Company tokens first, then connection tokens; a
 * revoked company token is known but refused (`revoked`: 403), an unknown secret is `unknown` (401).
 * Records "last used" at most once a minute per token (a write per request would cost every send).
 */
export function authenticateApiToken(db: DbOrTx, secret: string, now = Date.now()): Authentication {
  if (!secret) return { ok: false, reason: 'unknown' }
  const hash = hashSecretToken(secret)
  const token = db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash)).get()
  if (token) {
    if (token.revokedAt) return { ok: false, reason: 'revoked' }
    if (!token.lastUsedAt || now - token.lastUsedAt > LAST_USED_EVERY_MS)
      db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id)).run()
    return {
      ok: true,
      credential: {
        kind: 'company',
        id: token.id,
        ref: `token:${token.id}`,
        name: token.name,
        companyId: token.companyId,
        connectionId: null,
        scopes: token.scopes,
        actor: { ...systemActor(token.companyId), name: `API · ${token.name}` },
      },
    }
  }
  const connection = db
    .select({ id: connections.id, name: connections.name, companyId: connections.companyId })
    .from(connections)
    .where(eq(connections.tokenHash, hash))
    .get()
  if (!connection) return { ok: false, reason: 'unknown' }
  return {
    ok: true,
    credential: {
      kind: 'connection',
      id: connection.id,
      ref: `connection:${connection.id}`,
      name: connection.name,
      companyId: connection.companyId,
      connectionId: connection.id,
      scopes: CONNECTION_TOKEN_SCOPES,
      actor: { ...systemActor(connection.companyId), name: `API · ${connection.name}` },
    },
  }
}

function requireAdmin(actor: Actor) {
  if (!isAdmin(actor)) throw forbidden()
}

/** The company's tokens, newest first (never the secret: only its last characters). */
export function listApiTokens(db: DbOrTx, actor: Actor) {
  requireAdmin(actor)
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      tokenHint: apiTokens.tokenHint,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.companyId, actor.companyId))
    .orderBy(desc(apiTokens.createdAt))
    .all()
}

export type ApiTokenRow = ReturnType<typeof listApiTokens>[number]

/** A new company token. Returns the secret: the only time it is ever shown. */
export function createApiToken(
  db: Db,
  actor: Actor,
  input: { name: string; scopes: readonly ApiScope[] },
) {
  requireAdmin(actor)
  const name = input.name.trim()
  if (!name) throw new DomainError('Name required', 'validation.required', 422, 'name')
  const scopes = [...new Set(input.scopes)]
  if (!scopes.length) throw new DomainError('Pick a scope', 'api.tokens.noScope', 422, 'scopes')
  const secret = newSecretToken()
  const id = transaction(db, (tx) => {
    const row = tx
      .insert(apiTokens)
      .values({
        companyId: actor.companyId,
        name,
        tokenHash: hashSecretToken(secret),
        tokenHint: secret.slice(-4),
        scopes,
        createdByUserId: actor.userId === 'system' ? null : actor.userId,
      })
      .returning({ id: apiTokens.id })
      .get()
    audit(tx, actor, {
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: row.id,
      details: { name, scopes },
    })
    return row.id
  })
  return { id, secret }
}

/** Revokes a token: it answers 403 from now on, and stays listed as revoked. */
export function revokeApiToken(db: Db, actor: Actor, tokenId: string) {
  requireAdmin(actor)
  transaction(db, (tx) => {
    const changed = tx
      .update(apiTokens)
      .set({ revokedAt: Date.now() })
      .where(
        and(
          eq(apiTokens.id, tokenId),
          eq(apiTokens.companyId, actor.companyId),
          isNull(apiTokens.revokedAt),
        ),
      )
      .run().changes
    if (!changed) {
      const exists = tx
        .select({ id: apiTokens.id })
        .from(apiTokens)
        .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.companyId, actor.companyId)))
        .get()
      if (!exists) throw notFound('API token')
      return
    }
    audit(tx, actor, { action: 'api_token.revoked', entityType: 'api_token', entityId: tokenId })
  })
}
