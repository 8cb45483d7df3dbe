import { ulid } from 'ulid'

/**
 * Random bytes drawn 4 KiB at a time: ulid's default source asks the OS once for each of its 16
 * random characters, which costs more than the insert of a small row.
 */
const pool = new Uint8Array(4096)
let poolAt = pool.length
function pooledRandom() {
  if (poolAt >= pool.length) {
    crypto.getRandomValues(pool)
    poolAt = 0
  }
  return pool[poolAt++]! / 256
}

/** Sortable unique id used as the primary key of every business row. */
export function newId() {
  return ulid(undefined, pooledRandom).toLowerCase()
}
