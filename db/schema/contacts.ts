import { sql } from 'drizzle-orm'
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { bool, createdAt, id, json, updatedAt } from './columns.ts'
import { companies } from './companies.ts'
import { kanbanStages } from './kanban.ts'

export const CONTACT_SOURCES = ['bot', 'manual', 'device', 'import'] as const
export type ContactSource = (typeof CONTACT_SOURCES)[number]

/** A customer (or a group). One person is one contact: numbers are normalised, LIDs mapped. */
export const contacts = sqliteTable(
  'contacts',
  {
    id: id(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** Canonical digits with country code (Brazilian mobiles always with the 9th digit). */
    number: text(),
    /** WhatsApp LID digits, when known. */
    lid: text(),
    /** The name the person set on WhatsApp. */
    pushName: text(),
    email: text(),
    isGroup: bool().notNull().default(false),
    /** Group JID, for groups. */
    groupId: text(),
    blocked: bool().notNull().default(false),
    profilePictureUrl: text(),
    /** Free notes of the team about this contact. */
    notes: text(),
    /** CPF, birth date, address and custom key/value fields. */
    extraInfo: json<ContactExtraInfo>(),
    /** How the contact came to be: a customer wrote (bot), typed in, the phone's list, a file. */
    source: text({ enum: CONTACT_SOURCES }).notNull().default('bot'),
    /** Funnel stage on the Kanban board; null = the first stage. */
    kanbanStageId: text().references(() => kanbanStages.id, { onDelete: 'set null' }),
    /** Order inside the stage (fractional index string). */
    kanbanRank: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('contacts_company_name_idx').on(t.companyId, t.name),
    index('contacts_company_created_idx').on(t.companyId, t.createdAt),
    index('contacts_company_kanban_idx').on(t.companyId, t.kanbanStageId, t.kanbanRank),
    uniqueIndex('contacts_company_number_unique')
      .on(t.companyId, t.number)
      .where(sql`number is not null`),
    uniqueIndex('contacts_company_lid_unique')
      .on(t.companyId, t.lid)
      .where(sql`lid is not null`),
    uniqueIndex('contacts_company_group_unique')
      .on(t.companyId, t.groupId)
      .where(sql`group_id is not null`),
  ],
)

export type ContactExtraInfo = {
  cpf?: string
  birthDate?: string
  address?: string
  custom?: Array<{ key: string; value: string }>
}
