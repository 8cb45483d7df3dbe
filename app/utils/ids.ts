import { ulid } from 'ulid'

/** Sortable unique id used as the primary key of every business row. */
export function newId() {
  return ulid().toLowerCase()
}
