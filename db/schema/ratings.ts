import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, id } from './columns.ts'
import { companies } from './companies.ts'
import { connections } from './connections.ts'
import { contacts } from './contacts.ts'
import { queues } from './queues.ts'
import { tickets } from './tickets.ts'
import { users } from './users.ts'

/** A customer's 0–10 score for a closed ticket (dashboard and reports). */
export const ratings = sqliteTable(
  'ratings',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    ticketId: text()
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    contactId: text()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    connectionId: text().references(() => connections.id, { onDelete: 'set null' }),
    queueId: text().references(() => queues.id, { onDelete: 'set null' }),
    /** The agent who handled the ticket. */
    userId: text().references(() => users.id, { onDelete: 'set null' }),
    score: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ratings_ticket_unique').on(t.ticketId),
    index('ratings_company_idx').on(t.companyId, t.createdAt),
    index('ratings_company_user_idx').on(t.companyId, t.userId, t.createdAt),
    index('ratings_contact_idx').on(t.contactId, t.createdAt),
  ],
)
