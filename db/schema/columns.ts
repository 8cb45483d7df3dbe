import { integer, text } from 'drizzle-orm/sqlite-core'
import { newId } from '../ids.ts'

/** Primary key: a ULID (sortable by creation time). */
export const id = () =>
  text()
    .primaryKey()
    .$defaultFn(() => newId())

/** UTC milliseconds. */
export const timestamp = () => integer({ mode: 'number' })

export const createdAt = () =>
  timestamp()
    .notNull()
    .$defaultFn(() => Date.now())

export const updatedAt = () =>
  timestamp()
    .notNull()
    .$defaultFn(() => Date.now())
    .$onUpdateFn(() => Date.now())

export const bool = () => integer({ mode: 'boolean' })

export const json = <T>() => text({ mode: 'json' }).$type<T>()
