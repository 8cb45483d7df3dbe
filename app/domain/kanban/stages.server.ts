import { and, asc, eq, isNull, ne, or } from 'drizzle-orm'
import { type Actor } from '#app/domain/actor.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { forbidden, invalid, notFound, parseOrInvalid } from '#app/domain/errors.ts'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { type Db, type DbOrTx, type Tx } from '#app/utils/db.server.ts'
import { kanbanStages } from '#db/schema/kanban.ts'
import { contacts } from '#db/schema/contacts.ts'
import { DEFAULT_STAGES, StageEditorSchema, type StageEditorInput } from './kanban-schema.ts'

export type Stage = { id: string; name: string; color: string; position: number }

const columns = {
  id: kanbanStages.id,
  name: kanbanStages.name,
  color: kanbanStages.color,
  position: kanbanStages.position,
}

/** Admins and supervisors shape the funnel; everyone moves cards. */
export const canManageStages = (actor: Pick<Actor, 'role'>) =>
  actor.role === 'admin' || actor.role === 'supervisor'

function requireManager(actor: Actor) {
  if (!canManageStages(actor)) throw forbidden()
}

function readStages(db: DbOrTx, companyId: string): Stage[] {
  return db
    .select(columns)
    .from(kanbanStages)
    .where(eq(kanbanStages.companyId, companyId))
    .orderBy(asc(kanbanStages.position), asc(kanbanStages.createdAt))
    .all()
}

/** Gives a company without stages the default funnel (Novo → … → Concluído). Idempotent. */
export function ensureDefaultStages(tx: DbOrTx, companyId: string) {
  const existing = readStages(tx, companyId)
  if (existing.length) return existing
  tx.insert(kanbanStages)
    .values(DEFAULT_STAGES.map((stage, position) => ({ ...stage, companyId, position })))
    .run()
  return readStages(tx, companyId)
}

/**
 * The company's stages, left to right. Companies made before the Kanban existed get the default
 * funnel the first time anyone looks.
 */
export function listStages(db: Db, actor: Actor): Stage[] {
  const stages = readStages(db, actor.companyId)
  if (stages.length) return stages
  return db.transaction((tx) => ensureDefaultStages(tx, actor.companyId))
}

export function getStage(db: DbOrTx, actor: Actor, stageId: string): Stage {
  const stage = db
    .select(columns)
    .from(kanbanStages)
    .where(and(eq(kanbanStages.id, stageId), eq(kanbanStages.companyId, actor.companyId)))
    .get()
  if (!stage) throw notFound('Stage')
  return stage
}

const parse = (input: StageEditorInput) => parseOrInvalid(StageEditorSchema, input)

function assertNameFree(tx: DbOrTx, actor: Actor, name: string, exceptId?: string) {
  const folded = name.toLocaleLowerCase('pt-BR')
  const taken = tx
    .select({ name: kanbanStages.name })
    .from(kanbanStages)
    .where(
      and(
        eq(kanbanStages.companyId, actor.companyId),
        exceptId ? ne(kanbanStages.id, exceptId) : undefined,
      ),
    )
    .all()
    .some((stage) => stage.name.toLocaleLowerCase('pt-BR') === folded)
  if (taken) throw invalid('name', 'validation.nameTaken')
}

/** Every board of the company reloads its columns. */
function announceStages(tx: Tx, actor: Actor) {
  emit(tx, {
    type: 'kanban.stages',
    companyId: actor.companyId,
    audience: { type: 'company' },
    payload: {},
  })
}

/** "Nova etapa": a column at the right end of the board. */
export function createStage(db: Db, actor: Actor, input: StageEditorInput) {
  requireManager(actor)
  const value = parse(input)
  return transaction(db, (tx) => {
    const stages = ensureDefaultStages(tx, actor.companyId)
    assertNameFree(tx, actor, value.name)
    const position = (stages.at(-1)?.position ?? -1) + 1
    const stage = tx
      .insert(kanbanStages)
      .values({ companyId: actor.companyId, ...value, position })
      .returning(columns)
      .get()
    audit(tx, actor, {
      action: 'kanban.stage.created',
      entityType: 'kanban_stage',
      entityId: stage.id,
      details: { name: stage.name },
    })
    announceStages(tx, actor)
    return stage
  })
}

/** Rename and/or recolour a stage. */
export function updateStage(db: Db, actor: Actor, stageId: string, input: StageEditorInput) {
  requireManager(actor)
  const value = parse(input)
  return transaction(db, (tx) => {
    const before = getStage(tx, actor, stageId)
    assertNameFree(tx, actor, value.name, stageId)
    const stage = tx
      .update(kanbanStages)
      .set(value)
      .where(eq(kanbanStages.id, stageId))
      .returning(columns)
      .get()!
    audit(tx, actor, {
      action: 'kanban.stage.updated',
      entityType: 'kanban_stage',
      entityId: stage.id,
      details: { from: { name: before.name, color: before.color }, to: value },
    })
    announceStages(tx, actor)
    return stage
  })
}

/**
 * Contacts without a stage belong to the first column. Before the first column changes (reorder,
 * delete) they are pinned to it, so reordering the columns never moves a card.
 */
function pinUnstaged(tx: Tx, actor: Actor, firstStageId: string) {
  tx.update(contacts)
    .set({ kanbanStageId: firstStageId })
    .where(and(eq(contacts.companyId, actor.companyId), isNull(contacts.kanbanStageId)))
    .run()
}

/** Puts the columns in this order; `stageIds` must list every stage of the company once. */
export function reorderStages(db: Db, actor: Actor, stageIds: string[]) {
  requireManager(actor)
  return transaction(db, (tx) => {
    const stages = ensureDefaultStages(tx, actor.companyId)
    const known = new Set(stages.map((stage) => stage.id))
    if (
      stageIds.length !== stages.length ||
      new Set(stageIds).size !== stageIds.length ||
      stageIds.some((id) => !known.has(id))
    )
      throw invalid('stageIds', 'validation.invalid')
    if (stages[0]!.id !== stageIds[0]) pinUnstaged(tx, actor, stages[0]!.id)
    stageIds.forEach((id, position) =>
      tx.update(kanbanStages).set({ position }).where(eq(kanbanStages.id, id)).run(),
    )
    audit(tx, actor, {
      action: 'kanban.stage.reordered',
      entityType: 'kanban_stage',
      details: { stageIds },
    })
    announceStages(tx, actor)
    return readStages(tx, actor.companyId)
  })
}

/** One step left or right (the arrows of a column's menu). */
export function moveStage(db: Db, actor: Actor, stageId: string, direction: 'left' | 'right') {
  const ids = listStages(db, actor).map((stage) => stage.id)
  const from = ids.indexOf(stageId)
  if (from < 0) throw notFound('Stage')
  const to = direction === 'left' ? from - 1 : from + 1
  if (to < 0 || to >= ids.length) return listStages(db, actor)
  ;[ids[from], ids[to]] = [ids[to]!, ids[from]!]
  return reorderStages(db, actor, ids)
}

/** How many contacts sit in a stage (the first one also holds the contacts without a stage). */
export function countStageContacts(db: DbOrTx, actor: Actor, stage: Stage, isFirst: boolean) {
  return db.$count(
    contacts,
    and(
      eq(contacts.companyId, actor.companyId),
      isFirst
        ? or(eq(contacts.kanbanStageId, stage.id), isNull(contacts.kanbanStageId))
        : eq(contacts.kanbanStageId, stage.id),
    ),
  )
}

/**
 * Deletes a stage; its cards move to `targetStageId` (at the end of that column, newest first),
 * all in one transaction. The last stage cannot go.
 */
export function deleteStage(db: Db, actor: Actor, stageId: string, targetStageId: string) {
  requireManager(actor)
  return transaction(db, (tx) => {
    const stages = ensureDefaultStages(tx, actor.companyId)
    const stage = stages.find((s) => s.id === stageId)
    if (!stage) throw notFound('Stage')
    if (stages.length === 1) throw invalid('stageId', 'kanban.errors.lastStage')
    const target = stages.find((s) => s.id === targetStageId)
    if (!target || target.id === stageId) throw invalid('targetStageId', 'kanban.errors.target')
    if (stages[0]!.id === stageId) pinUnstaged(tx, actor, stageId)
    const moved = tx
      .update(contacts)
      .set({ kanbanStageId: target.id, kanbanRank: null })
      .where(and(eq(contacts.companyId, actor.companyId), eq(contacts.kanbanStageId, stageId)))
      .run().changes
    tx.delete(kanbanStages).where(eq(kanbanStages.id, stageId)).run()
    audit(tx, actor, {
      action: 'kanban.stage.deleted',
      entityType: 'kanban_stage',
      entityId: stageId,
      details: { name: stage.name, targetStageId: target.id, moved },
    })
    announceStages(tx, actor)
    return { stage, target, moved }
  })
}
