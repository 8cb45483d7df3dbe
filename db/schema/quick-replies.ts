import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { sql } from 'drizzle-orm'
import { createdAt, id, updatedAt } from './columns.ts'
import { companies } from './companies.ts'
import { users } from './users.ts'

/** Respostas rápidas: shared (userId null) or personal (only the author sees them). */
export const quickReplies = sqliteTable(
  'quick_replies',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    userId: text().references(() => users.id, { onDelete: 'cascade' }),
    shortcut: text().notNull(),
    message: text().notNull(),
    mediaPath: text(),
    mediaType: text(),
    mediaName: text(),
    mediaSize: integer(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('quick_replies_company_idx').on(t.companyId, t.shortcut),
    uniqueIndex('quick_replies_shared_unique')
      .on(t.companyId, t.shortcut)
      .where(sql`user_id is null`),
    uniqueIndex('quick_replies_personal_unique')
      .on(t.companyId, t.userId, t.shortcut)
      .where(sql`user_id is not null`),
  ],
)
