import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, id, updatedAt } from './columns.ts'
import { companies } from './companies.ts'

/** A column of the Kanban board: a funnel stage contacts move through. */
export const kanbanStages = sqliteTable(
  'kanban_stages',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    color: text().notNull().default('#64748b'),
    /** Left-to-right order on the board. */
    position: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('kanban_stages_company_idx').on(t.companyId, t.position)],
)
