import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, id, json, timestamp, updatedAt } from './columns.ts'
import { companies } from './companies.ts'
import { users } from './users.ts'

export const CONTACT_IMPORT_STATUSES = ['uploaded', 'running', 'done', 'failed'] as const
export type ContactImportStatus = (typeof CONTACT_IMPORT_STATUSES)[number]

/** Which column of the sheet feeds which contact field (column index, 0-based). */
export type ContactImportMapping = {
  name?: number
  number?: number
  email?: number
  tags?: number
  cpf?: number
  birthDate?: number
  address?: number
  /** Extra columns kept as custom key/value fields: header → column. */
  custom?: Array<{ key: string; column: number }>
}

/** One Excel/CSV (or device) import of contacts, run in the background by a job. */
export const contactImports = sqliteTable(
  'contact_imports',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    userId: text().references(() => users.id, { onDelete: 'set null' }),
    /** xlsx, csv or device. */
    kind: text({ enum: ['xlsx', 'csv', 'device'] }).notNull(),
    fileName: text().notNull(),
    /** Where the uploaded file is kept until the import ends. */
    filePath: text(),
    /** Header row of the file, for the mapping step. */
    headers: json<string[]>(),
    mapping: json<ContactImportMapping>(),
    status: text({ enum: CONTACT_IMPORT_STATUSES }).notNull().default('uploaded'),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    createdCount: integer().notNull().default(0),
    updatedCount: integer().notNull().default(0),
    skippedCount: integer().notNull().default(0),
    /** Why the whole import failed (i18n key). */
    error: text(),
    startedAt: timestamp(),
    finishedAt: timestamp(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('contact_imports_company_idx').on(t.companyId, t.createdAt)],
)

/** A row of an import that was skipped, with the reason (downloadable as .xlsx). */
export const contactImportErrors = sqliteTable(
  'contact_import_errors',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    importId: text()
      .notNull()
      .references(() => contactImports.id, { onDelete: 'cascade' }),
    /** 1-based row number in the sheet (header is row 1). */
    rowNumber: integer().notNull(),
    /** i18n key of the reason. */
    reason: text().notNull(),
    /** The row's cells as read. */
    data: json<string[]>(),
  },
  (t) => [index('contact_import_errors_import_idx').on(t.importId, t.rowNumber)],
)
