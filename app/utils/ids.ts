/** Ids of business rows: defined next to the schema (db/ids.ts), which must not import app/. */
export { newId } from '#db/ids.ts'
