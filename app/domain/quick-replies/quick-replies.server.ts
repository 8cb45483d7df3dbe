import { and, asc, type Column, eq, isNull, notInArray, or, sql } from 'drizzle-orm'
import { type StoredMedia } from '#app/channels/types.ts'
import { type Actor, isAdmin } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { forbidden, invalid, notFound } from '#app/domain/errors.ts'
import { removeStoredFile, withUpload } from '#app/domain/media/stored-files.server.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { quickReplies } from '#db/schema/quick-replies.ts'
import {
  QUICK_REPLY_MEDIA_MAX_BYTES,
  type QuickReplyInput,
  type QuickReplyScope,
} from './quick-reply-schema.ts'

type Row = typeof quickReplies.$inferSelect

/** What pages and the composer may see (never the file's path on disk). */
const publicColumns = {
  id: quickReplies.id,
  userId: quickReplies.userId,
  shortcut: quickReplies.shortcut,
  message: quickReplies.message,
  mediaType: quickReplies.mediaType,
  mediaName: quickReplies.mediaName,
  mediaSize: quickReplies.mediaSize,
  updatedAt: quickReplies.updatedAt,
}

type PublicRow = Pick<Row, keyof typeof publicColumns>

const scopeOf = (row: Pick<Row, 'userId'>): QuickReplyScope =>
  row.userId === null ? 'shared' : 'personal'

/** Shared replies only by admins; personal ones only by their author. */
const mayChange = (actor: Actor, row: Pick<Row, 'userId'>) =>
  row.userId === null ? isAdmin(actor) : row.userId === actor.userId

/** A reply as pages and the composer get it: public columns, its scope, and whether it's yours. */
function present(actor: Actor, row: PublicRow) {
  return {
    id: row.id,
    shortcut: row.shortcut,
    message: row.message,
    mediaType: row.mediaType,
    mediaName: row.mediaName,
    mediaSize: row.mediaSize,
    updatedAt: row.updatedAt,
    scope: scopeOf(row),
    editable: mayChange(actor, row),
  }
}

export type QuickReply = ReturnType<typeof present>

/** The company's shared replies and the actor's own personal ones; never colleagues' personal ones. */
function visibleTo(actor: Actor) {
  return and(
    eq(quickReplies.companyId, actor.companyId),
    or(isNull(quickReplies.userId), eq(quickReplies.userId, actor.userId)),
  )
}

/** LIKE with the user's text taken literally (`_` and `%` are valid in shortcuts). */
function likeLiteral(column: Column, text: string, at: 'prefix' | 'anywhere') {
  const escaped = text.replace(/[\\%_]/g, (char) => `\\${char}`)
  const pattern = at === 'prefix' ? `${escaped}%` : `%${escaped}%`
  return sql`${column} like ${pattern} escape '\\'`
}

const normalizeQuery = (query: string | undefined) =>
  (query ?? '').trim().replace(/^\/+/, '').toLowerCase()

/** The "Respostas rápidas" page: every reply the actor may use, by shortcut. */
export function listQuickReplies(db: DbOrTx, actor: Actor, filter: { search?: string } = {}) {
  const search = normalizeQuery(filter.search)
  return db
    .select(publicColumns)
    .from(quickReplies)
    .where(
      and(
        visibleTo(actor),
        search
          ? or(
              likeLiteral(quickReplies.shortcut, search, 'anywhere'),
              likeLiteral(quickReplies.message, search, 'anywhere'),
            )
          : undefined,
      ),
    )
    .orderBy(asc(quickReplies.shortcut), sql`${quickReplies.userId} is not null`)
    .all()
    .map((row) => present(actor, row))
}

/**
 * The composer's "/" menu: at most 10 replies, those whose shortcut starts with the query first,
 * then those that contain it in the shortcut or the text. The actor's own reply comes before a
 * shared one with the same shortcut.
 */
export function findQuickRepliesForComposer(db: DbOrTx, actor: Actor, query: string) {
  const limit = 10
  const q = normalizeQuery(query)
  const order = [asc(quickReplies.shortcut), sql`${quickReplies.userId} is null`] as const
  const byPrefix = db
    .select(publicColumns)
    .from(quickReplies)
    .where(and(visibleTo(actor), q ? likeLiteral(quickReplies.shortcut, q, 'prefix') : undefined))
    .orderBy(...order)
    .limit(limit)
    .all()
  if (!q || byPrefix.length >= limit) return byPrefix.map((row) => present(actor, row))
  const seen = byPrefix.map((row) => row.id)
  const byText = db
    .select(publicColumns)
    .from(quickReplies)
    .where(
      and(
        visibleTo(actor),
        seen.length ? notInArray(quickReplies.id, seen) : undefined,
        or(
          likeLiteral(quickReplies.shortcut, q, 'anywhere'),
          likeLiteral(quickReplies.message, q, 'anywhere'),
        ),
      ),
    )
    .orderBy(...order)
    .limit(limit - byPrefix.length)
    .all()
  return [...byPrefix, ...byText].map((row) => present(actor, row))
}

function findVisible(db: DbOrTx, actor: Actor, replyId: string): Row {
  const row = db
    .select()
    .from(quickReplies)
    .where(and(eq(quickReplies.id, replyId), visibleTo(actor)))
    .get()
  // A colleague's personal reply is "not found", not "forbidden": its existence is not told.
  if (!row) throw notFound('Quick reply')
  return row
}

function findChangeable(db: DbOrTx, actor: Actor, replyId: string): Row {
  const row = findVisible(db, actor, replyId)
  if (!mayChange(actor, row)) throw forbidden()
  return row
}

/** A reply the actor may use (shared, or their own). 404 otherwise. */
export function getQuickReply(db: DbOrTx, actor: Actor, replyId: string) {
  return present(actor, findVisible(db, actor, replyId))
}

/** A reply for its edit page: 404 when not visible, 403 when visible but not the actor's to edit. */
export function getQuickReplyForEditing(db: DbOrTx, actor: Actor, replyId: string) {
  return present(actor, findChangeable(db, actor, replyId))
}

/**
 * The reply's file for sending or previewing: path relative to MEDIA_DIR, type and name. Null
 * when the reply has no file.
 */
export function getQuickReplyMedia(db: DbOrTx, actor: Actor, replyId: string) {
  const row = findVisible(db, actor, replyId)
  if (!row.mediaPath) return null
  return {
    path: row.mediaPath,
    type: row.mediaType ?? 'application/octet-stream',
    name: row.mediaName,
    size: row.mediaSize,
  }
}

/** Who owns a reply of this scope when the actor saves it (null = the whole company). */
function ownerFor(actor: Actor, scope: QuickReplyScope) {
  if (scope === 'shared') {
    if (!isAdmin(actor)) throw forbidden()
    return null
  }
  return actor.userId
}

function assertShortcutFree(
  tx: Tx,
  actor: Actor,
  shortcut: string,
  ownerId: string | null,
  exceptId?: string,
) {
  const clash = tx
    .select({ id: quickReplies.id })
    .from(quickReplies)
    .where(
      and(
        eq(quickReplies.companyId, actor.companyId),
        eq(quickReplies.shortcut, shortcut),
        ownerId === null ? isNull(quickReplies.userId) : eq(quickReplies.userId, ownerId),
      ),
    )
    .get()
  if (clash && clash.id !== exceptId) throw invalid('shortcut', 'validation.shortcutTaken')
}

const mediaUpload = { field: 'media', maxBytes: QUICK_REPLY_MEDIA_MAX_BYTES }

const mediaColumns = (media: StoredMedia) => ({
  mediaPath: media.path,
  mediaType: media.mimeType,
  mediaName: media.fileName ?? null,
  mediaSize: media.size,
})

const noMedia = { mediaPath: null, mediaType: null, mediaName: null, mediaSize: null }

/**
 * Tells the tabs that list the reply (the company for shared ones, the author for personal ones)
 * and audits changes to shared replies. A reply that changed scope is announced to both sides.
 */
function changed(
  tx: Tx,
  actor: Actor,
  action: 'created' | 'updated' | 'deleted',
  reply: { id: string; shortcut: string },
  owners: Array<string | null>,
) {
  const audiences = [...new Set(owners)]
  if (audiences.includes(null)) {
    audit(tx, actor, {
      action: `quick-reply.${action}`,
      entityType: 'quick-reply',
      entityId: reply.id,
      details: { shortcut: reply.shortcut, scopes: owners.map((o) => scopeOf({ userId: o })) },
    })
  }
  for (const owner of audiences) {
    emit(tx, {
      type: 'quick-reply.changed',
      companyId: actor.companyId,
      audience: owner === null ? { type: 'company' } : { type: 'user', id: owner },
      payload: { quickReplyId: reply.id, ...(action === 'deleted' ? { deleted: true } : {}) },
    })
  }
}

export async function createQuickReply(db: Db, actor: Actor, input: QuickReplyInput) {
  const ownerId = ownerFor(actor, input.scope)
  return withUpload(actor.companyId, input.media, mediaUpload, (media) =>
    transaction(db, (tx) => {
      assertShortcutFree(tx, actor, input.shortcut, ownerId)
      const reply = tx
        .insert(quickReplies)
        .values({
          companyId: actor.companyId,
          userId: ownerId,
          shortcut: input.shortcut,
          message: input.message,
          ...(media ? mediaColumns(media) : {}),
        })
        .returning({ id: quickReplies.id, shortcut: quickReplies.shortcut })
        .get()
      changed(tx, actor, 'created', reply, [ownerId])
      return reply
    }),
  )
}

/** Edits a reply the actor may change; an admin may also move it between shared and personal. */
export async function updateQuickReply(
  db: Db,
  actor: Actor,
  replyId: string,
  input: QuickReplyInput,
) {
  const before = findChangeable(db, actor, replyId)
  const ownerId = ownerFor(actor, input.scope)
  const result = await withUpload(actor.companyId, input.media, mediaUpload, (media) =>
    transaction(db, (tx) => {
      assertShortcutFree(tx, actor, input.shortcut, ownerId, replyId)
      tx.update(quickReplies)
        .set({
          userId: ownerId,
          shortcut: input.shortcut,
          message: input.message,
          ...(media ? mediaColumns(media) : input.removeMedia ? noMedia : {}),
        })
        .where(and(eq(quickReplies.id, replyId), eq(quickReplies.companyId, actor.companyId)))
        .run()
      const reply = { id: replyId, shortcut: input.shortcut }
      changed(tx, actor, 'updated', reply, [before.userId, ownerId])
      return reply
    }),
  )
  if (input.media || input.removeMedia) await removeStoredFile(before.mediaPath)
  return result
}

export async function deleteQuickReply(db: Db, actor: Actor, replyId: string) {
  const reply = findChangeable(db, actor, replyId)
  transaction(db, (tx) => {
    tx.delete(quickReplies)
      .where(and(eq(quickReplies.id, replyId), eq(quickReplies.companyId, actor.companyId)))
      .run()
    changed(tx, actor, 'deleted', reply, [reply.userId])
  })
  await removeStoredFile(reply.mediaPath)
  return { id: reply.id, shortcut: reply.shortcut }
}
