import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, id, updatedAt } from './columns.ts'

export const companies = sqliteTable('companies', {
  id: id(),
  name: text().notNull(),
  timeZone: text().notNull().default('America/Sao_Paulo'),
  /** Plan limits; null means unlimited. */
  maxUsers: integer(),
  maxConnections: integer(),
  maxQueues: integer(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})
