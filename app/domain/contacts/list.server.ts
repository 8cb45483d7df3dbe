import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { type DbOrTx } from '#app/utils/db.server.ts'
import { digitsOnly, normalizePhone, phoneVariants } from '#app/utils/phone.ts'
import { contactTags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import {
  CONTACT_SORTS,
  contactFilterFromParams,
  type ContactFilter,
  type ContactSort,
} from './list-filter.ts'
import { tagsOfContacts } from './manage.server.ts'

export { CONTACT_SORTS, contactFilterFromParams, type ContactFilter, type ContactSort }

export const CONTACTS_PAGE_SIZE = 50

/** Escapes LIKE wildcards (the pattern uses "\" as escape). */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`)

/** The WHERE of a filter (company first: every index of contacts starts with it). */
function filterWhere(actor: Actor, filter: ContactFilter) {
  const parts: Array<SQL | undefined> = [
    eq(contacts.companyId, actor.companyId),
    eq(contacts.isGroup, false),
  ]
  const search = filter.search?.trim() ?? ''
  if (search) {
    const digits = digitsOnly(search)
    const phoneLike = digits.length >= 3 && !/\p{L}/u.test(search)
    if (phoneLike) {
      // A whole number matches its twin with/without the 9th digit too; a part matches anywhere.
      const whole = normalizePhone(search)
      const byPart = sql`${contacts.number} like ${`%${escapeLike(digits)}%`} escape '\\'`
      parts.push(whole ? or(inArray(contacts.number, phoneVariants(whole)), byPart) : byPart)
    } else {
      parts.push(sql`${contacts.name} like ${`%${escapeLike(search)}%`} escape '\\'`)
    }
  }
  if (filter.tagId)
    parts.push(
      inArray(
        contacts.id,
        sql`(select ${contactTags.contactId} from ${contactTags} where ${contactTags.tagId} = ${filter.tagId})`,
      ),
    )
  if (filter.source) parts.push(eq(contacts.source, filter.source))
  return parts
}

type Cursor = { key: string | number; id: string }

function encodeCursor(cursor: Cursor) {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url')
}

function decodeCursor(value: string | null | undefined, sort: ContactSort): Cursor | null {
  if (!value) return null
  try {
    const [key, id] = JSON.parse(Buffer.from(value, 'base64url').toString()) as unknown[]
    if (typeof id !== 'string') return null
    if (sort === 'name' ? typeof key !== 'string' : typeof key !== 'number') return null
    return { key: key as string | number, id }
  } catch {
    return null
  }
}

/**
 * One page of the company's contacts (groups aside), filtered and sorted, with their tags. Keyset
 * pagination: the cursor is the last row's (name, id) or (created_at, id), so page 2,000 costs what
 * page 1 does — the indexes (company, name) and (company, created_at) give the order.
 */
export function listContacts(
  db: DbOrTx,
  actor: Actor,
  filter: ContactFilter,
  options: { cursor?: string | null; limit?: number } = {},
) {
  const sort = filter.sort ?? 'name'
  const limit = Math.min(Math.max(options.limit ?? CONTACTS_PAGE_SIZE, 1), 1000)
  const where = filterWhere(actor, filter)
  const cursor = decodeCursor(options.cursor, sort)
  if (cursor) {
    where.push(
      // The first term is an index range (the page starts where the last one ended, never a scan
      // from the top); the second breaks ties on the id.
      sort === 'name'
        ? and(
            gte(contacts.name, cursor.key as string),
            or(gt(contacts.name, cursor.key as string), gt(contacts.id, cursor.id)),
          )
        : and(
            lte(contacts.createdAt, cursor.key as number),
            or(lt(contacts.createdAt, cursor.key as number), lt(contacts.id, cursor.id)),
          ),
    )
  }
  const rows = db
    .select({
      id: contacts.id,
      name: contacts.name,
      number: contacts.number,
      email: contacts.email,
      extraInfo: contacts.extraInfo,
      source: contacts.source,
      blocked: contacts.blocked,
      profilePictureUrl: contacts.profilePictureUrl,
      createdAt: contacts.createdAt,
    })
    .from(contacts)
    .where(and(...where))
    .orderBy(
      ...(sort === 'name'
        ? [asc(contacts.name), asc(contacts.id)]
        : [desc(contacts.createdAt), desc(contacts.id)]),
    )
    .limit(limit + 1)
    .all()
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  const tagsById = tagsOfContacts(
    db,
    page.map((row) => row.id),
  )
  return {
    contacts: page.map((row) => ({ ...row, tags: tagsById.get(row.id) ?? [] })),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ key: sort === 'name' ? last.name : last.createdAt, id: last.id })
        : null,
  }
}

/** How many contacts match the filter (the count beside the search). */
export function countContacts(db: DbOrTx, actor: Actor, filter: ContactFilter) {
  return (
    db
      .select({ n: count() })
      .from(contacts)
      .where(and(...filterWhere(actor, filter)))
      .get()?.n ?? 0
  )
}
