import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, id, json, timestamp } from './columns.ts'
import { companies } from './companies.ts'
import { users } from './users.ts'

/** What a company API token may do: send messages, read data, change data. */
export const API_SCOPES = ['send', 'read', 'write'] as const
export type ApiScope = (typeof API_SCOPES)[number]

/**
 * A company's API token (Administração › API). The secret is shown once and stored hashed
 * (sha256); a revoked token stays listed (and answers 403) until deleted.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    tokenHash: text().notNull(),
    /** The last 4 characters, to tell tokens apart in the list. */
    tokenHint: text().notNull(),
    scopes: json<ApiScope[]>().notNull(),
    createdByUserId: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: timestamp(),
    revokedAt: timestamp(),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_unique').on(t.tokenHash),
    index('api_tokens_company_idx').on(t.companyId, t.createdAt),
  ],
)

/**
 * Answers already given to a request with an `idempotencyKey`: the same key gets the same answer
 * and never a second send. Written in the transaction that does the work.
 */
export const apiIdempotency = sqliteTable(
  'api_idempotency',
  {
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    /** Which credential used it: an api token id, or `connection:<id>`. */
    credential: text().notNull(),
    /** sha256 of the request (fields and files): the same key with another request is refused. */
    requestHash: text().notNull(),
    status: integer().notNull(),
    response: json<unknown>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.key] }),
    index('api_idempotency_created_idx').on(t.createdAt),
  ],
)
