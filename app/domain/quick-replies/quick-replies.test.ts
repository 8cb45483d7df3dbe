import fs from 'node:fs'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { DomainError } from '#app/domain/errors.ts'
import { db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { issueMessage } from '#app/utils/validation.ts'
import { quickReplies } from '#db/schema/quick-replies.ts'
import { auditLog, events } from '#db/schema/system.ts'
import { TINY_PNG } from '#tests/fixtures/images.ts'
import { createCompany, createUser } from '#tests/db-utils.ts'
import {
  createQuickReply,
  deleteQuickReply,
  findQuickRepliesForComposer,
  getQuickReply,
  getQuickReplyForEditing,
  getQuickReplyMedia,
  listQuickReplies,
  updateQuickReply,
} from './quick-replies.server.ts'
import { QuickReplyEditorSchema, type QuickReplyInput } from './quick-reply-schema.ts'

let n = 0

/** The editor form's parsed values. */
function input(overrides: Partial<QuickReplyInput> = {}): QuickReplyInput {
  n++
  return {
    shortcut: `atalho-${n}`,
    message: `Mensagem ${n}`,
    scope: 'personal',
    removeMedia: false,
    ...overrides,
  }
}

/** Awaits a call expected to throw a DomainError and returns it. */
async function domainError(run: () => unknown): Promise<DomainError> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError)
    return error as DomainError
  }
  throw new Error('expected a DomainError')
}

/** A company with an admin and two agents. */
async function team() {
  const company = createCompany(db)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const ana = await createUser(db, { companyId: company.id, role: 'agent' })
  const bruno = await createUser(db, { companyId: company.id, role: 'agent' })
  return { company, admin: admin.actor, ana: ana.actor, bruno: bruno.actor }
}

const png = (name = 'foto.png') => new File([TINY_PNG], name, { type: 'image/png' })
const row = (id: string) => db.select().from(quickReplies).where(eq(quickReplies.id, id)).get()
const mediaFile = (relative: string) => path.join(path.resolve(getEnv().MEDIA_DIR), relative)
const eventsOf = (companyId: string) =>
  db
    .select()
    .from(events)
    .where(and(eq(events.companyId, companyId), eq(events.type, 'quick-reply.changed')))
    .all()
const auditOf = (companyId: string) =>
  db.select().from(auditLog).where(eq(auditLog.companyId, companyId)).all()

describe('QuickReplyEditorSchema', () => {
  const parse = (value: Record<string, unknown>) => QuickReplyEditorSchema.safeParse(value)

  test('stores the shortcut without the slash and in lower case', () => {
    const result = parse({ shortcut: ' /Boas-Vindas_2 ', message: 'Olá' })
    expect(result.success && result.data).toMatchObject({
      shortcut: 'boas-vindas_2',
      scope: 'personal',
      removeMedia: false,
    })
  })

  test('refuses spaces, accents, other signs and more than 30 characters', () => {
    for (const shortcut of ['boas vindas', 'promoção', 'a.b', '/', 'a'.repeat(31)]) {
      expect(parse({ shortcut, message: 'x' }).success, shortcut).toBe(false)
    }
    expect(parse({ shortcut: 'a'.repeat(30), message: 'x' }).success).toBe(true)
  })

  test('the message is required and at most 4096 characters', () => {
    expect(parse({ shortcut: 'a', message: '   ' }).success).toBe(false)
    expect(parse({ shortcut: 'a', message: 'x'.repeat(4097) }).success).toBe(false)
    expect(parse({ shortcut: 'a', message: 'x'.repeat(4096) }).success).toBe(true)
  })

  test('files above 16 MB are refused; an empty file input means no file', () => {
    const big = new File([new Uint8Array(16 * 1024 * 1024 + 1)], 'big.pdf')
    const tooBig = parse({ shortcut: 'a', message: 'x', media: big })
    expect(tooBig.success).toBe(false)
    expect(issueMessage(tooBig.error!.issues[0]!)).toEqual({
      key: 'validation.fileTooBig',
      params: { max: 16 },
    })
    const empty = parse({ shortcut: 'a', message: 'x', media: new File([], '') })
    expect(empty.success && empty.data.media).toBeUndefined()
  })
})

describe('visibility', () => {
  test('each user sees the shared replies and their own personal ones only', async () => {
    const { admin, ana, bruno } = await team()
    const shared = await createQuickReply(db, admin, input({ shortcut: 'ola', scope: 'shared' }))
    const anas = await createQuickReply(db, ana, input({ shortcut: 'pix' }))
    const brunos = await createQuickReply(db, bruno, input({ shortcut: 'boleto' }))
    const adminsOwn = await createQuickReply(db, admin, input({ shortcut: 'nota' }))

    const ids = (actor: typeof ana) => listQuickReplies(db, actor).map((r) => r.id)
    // In shortcut order: "ola" before "pix".
    expect(ids(ana)).toEqual([shared.id, anas.id])
    expect(ids(bruno).sort()).toEqual([shared.id, brunos.id].sort())
    // Admins do not see agents' personal replies either.
    expect(ids(admin).sort()).toEqual([shared.id, adminsOwn.id].sort())

    const list = listQuickReplies(db, ana)
    expect(list.find((r) => r.id === shared.id)).toMatchObject({
      scope: 'shared',
      editable: false,
    })
    expect(list.find((r) => r.id === anas.id)).toMatchObject({ scope: 'personal', editable: true })
    expect(listQuickReplies(db, admin).find((r) => r.id === shared.id)?.editable).toBe(true)
  })

  test("another user's personal reply is 404 for get, edit, update and delete", async () => {
    const { admin, ana, bruno } = await team()
    const anas = await createQuickReply(db, ana, input({ shortcut: 'pix' }))
    for (const actor of [bruno, admin]) {
      expect((await domainError(() => getQuickReply(db, actor, anas.id))).status).toBe(404)
      expect((await domainError(() => getQuickReplyForEditing(db, actor, anas.id))).status).toBe(
        404,
      )
      expect((await domainError(() => getQuickReplyMedia(db, actor, anas.id))).status).toBe(404)
      const update = await domainError(() =>
        updateQuickReply(db, actor, anas.id, input({ shortcut: 'pix', message: 'Roubado' })),
      )
      expect(update.status).toBe(404)
      expect((await domainError(() => deleteQuickReply(db, actor, anas.id))).status).toBe(404)
    }
    expect(row(anas.id)?.message).not.toBe('Roubado')
  })

  test('search matches the shortcut or the text, with or without the slash', async () => {
    const { admin, ana } = await team()
    await createQuickReply(
      db,
      admin,
      input({ shortcut: 'horario', message: 'Atendemos das 8h às 18h.', scope: 'shared' }),
    )
    await createQuickReply(db, ana, input({ shortcut: 'pix', message: 'Nossa chave é 123.' }))
    await createQuickReply(db, ana, input({ shortcut: 'a_b', message: 'sublinhado' }))
    await createQuickReply(db, ana, input({ shortcut: 'axb', message: 'outro' }))
    const shortcuts = (search: string) =>
      listQuickReplies(db, ana, { search }).map((r) => r.shortcut)
    expect(shortcuts('HORA')).toEqual(['horario'])
    expect(shortcuts('/pix')).toEqual(['pix'])
    expect(shortcuts('chave')).toEqual(['pix'])
    expect(shortcuts('18h')).toEqual(['horario'])
    // "_" and "%" are taken literally, not as LIKE wildcards.
    expect(shortcuts('a_b')).toEqual(['a_b'])
    expect(shortcuts('%')).toEqual([])
    expect(shortcuts('nada disso')).toEqual([])
  })

  test('data never crosses companies', async () => {
    const one = await team()
    const other = await team()
    const shared = await createQuickReply(
      db,
      one.admin,
      input({ shortcut: 'ola', scope: 'shared' }),
    )
    expect(listQuickReplies(db, other.ana)).toEqual([])
    expect(findQuickRepliesForComposer(db, other.ana, 'ola')).toEqual([])
    expect((await domainError(() => getQuickReply(db, other.admin, shared.id))).status).toBe(404)
    expect((await domainError(() => deleteQuickReply(db, other.admin, shared.id))).status).toBe(404)
    // The same shortcut is free in another company.
    await createQuickReply(db, other.admin, input({ shortcut: 'ola', scope: 'shared' }))
    expect(listQuickReplies(db, one.ana)).toHaveLength(1)
  })
})

describe('permissions', () => {
  test('agents cannot create, edit or delete shared replies; admins can', async () => {
    const { company, admin, ana } = await team()
    const denied = await domainError(() =>
      createQuickReply(db, ana, input({ shortcut: 'ola', scope: 'shared' })),
    )
    expect(denied.status).toBe(403)

    const shared = await createQuickReply(db, admin, input({ shortcut: 'ola', scope: 'shared' }))
    expect(row(shared.id)).toMatchObject({ userId: null, companyId: company.id })
    expect((await domainError(() => getQuickReplyForEditing(db, ana, shared.id))).status).toBe(403)
    expect(getQuickReply(db, ana, shared.id).editable).toBe(false)
    const update = await domainError(() =>
      updateQuickReply(db, ana, shared.id, input({ shortcut: 'ola', scope: 'shared' })),
    )
    expect(update.status).toBe(403)
    // Nor can an agent take it over by saving it as personal.
    const takeOver = await domainError(() =>
      updateQuickReply(db, ana, shared.id, input({ shortcut: 'ola', scope: 'personal' })),
    )
    expect(takeOver.status).toBe(403)
    expect((await domainError(() => deleteQuickReply(db, ana, shared.id))).status).toBe(403)
    expect(row(shared.id)?.userId).toBeNull()

    await updateQuickReply(
      db,
      admin,
      shared.id,
      input({ shortcut: 'oi', message: 'Oi!', scope: 'shared' }),
    )
    expect(row(shared.id)).toMatchObject({ shortcut: 'oi', message: 'Oi!', userId: null })
    expect(await deleteQuickReply(db, admin, shared.id)).toMatchObject({ shortcut: 'oi' })
    expect(row(shared.id)).toBeUndefined()
  })

  test('any user creates, edits and deletes their own personal replies', async () => {
    const { ana } = await team()
    const reply = await createQuickReply(db, ana, input({ shortcut: 'pix', message: 'Chave 1' }))
    expect(row(reply.id)?.userId).toBe(ana.userId)
    expect(getQuickReplyForEditing(db, ana, reply.id)).toMatchObject({
      shortcut: 'pix',
      message: 'Chave 1',
      scope: 'personal',
      editable: true,
    })
    await updateQuickReply(db, ana, reply.id, input({ shortcut: 'pix', message: 'Chave 2' }))
    expect(row(reply.id)?.message).toBe('Chave 2')
    await deleteQuickReply(db, ana, reply.id)
    expect(row(reply.id)).toBeUndefined()
  })

  test('an admin may turn their personal reply into a shared one', async () => {
    const { company, admin, ana } = await team()
    const reply = await createQuickReply(db, admin, input({ shortcut: 'rascunho' }))
    expect(listQuickReplies(db, ana)).toEqual([])
    await updateQuickReply(db, admin, reply.id, input({ shortcut: 'rascunho', scope: 'shared' }))
    expect(listQuickReplies(db, ana).map((r) => r.id)).toEqual([reply.id])
    // Both the admin's own tabs and the whole company hear of it.
    const audiences = eventsOf(company.id)
      .slice(-2)
      .map((e) => e.audienceType)
    expect(audiences.sort()).toEqual(['company', 'user'])
  })
})

describe('shortcuts', () => {
  test('a shortcut is unique among shared replies and among one user’s personal ones', async () => {
    const { admin, ana, bruno } = await team()
    await createQuickReply(db, admin, input({ shortcut: 'ola', scope: 'shared' }))
    const sharedClash = await domainError(() =>
      createQuickReply(db, admin, input({ shortcut: 'ola', scope: 'shared' })),
    )
    expect(sharedClash).toMatchObject({ status: 422, field: 'shortcut' })
    expect(sharedClash.code).toBe('validation.shortcutTaken')

    await createQuickReply(db, ana, input({ shortcut: 'pix' }))
    const personalClash = await domainError(() =>
      createQuickReply(db, ana, input({ shortcut: 'pix' })),
    )
    expect(personalClash).toMatchObject({ field: 'shortcut', code: 'validation.shortcutTaken' })
    // Another agent may use the same personal shortcut.
    await createQuickReply(db, bruno, input({ shortcut: 'pix' }))
  })

  test('the same shortcut may exist as shared and as personal', async () => {
    const { admin, ana } = await team()
    const shared = await createQuickReply(db, admin, input({ shortcut: 'ola', scope: 'shared' }))
    const own = await createQuickReply(db, ana, input({ shortcut: 'ola' }))
    expect(listQuickReplies(db, ana).map((r) => [r.id, r.scope])).toEqual([
      [shared.id, 'shared'],
      [own.id, 'personal'],
    ])
    // The composer offers the agent's own one first.
    expect(findQuickRepliesForComposer(db, ana, '/ola').map((r) => r.id)).toEqual([
      own.id,
      shared.id,
    ])
  })

  test('renaming onto a taken shortcut is refused; keeping one’s own shortcut is fine', async () => {
    const { ana } = await team()
    await createQuickReply(db, ana, input({ shortcut: 'pix' }))
    const boleto = await createQuickReply(db, ana, input({ shortcut: 'boleto' }))
    await updateQuickReply(db, ana, boleto.id, input({ shortcut: 'boleto', message: 'Novo' }))
    const clash = await domainError(() =>
      updateQuickReply(db, ana, boleto.id, input({ shortcut: 'pix' })),
    )
    expect(clash).toMatchObject({ field: 'shortcut', code: 'validation.shortcutTaken' })
    expect(row(boleto.id)?.shortcut).toBe('boleto')
  })
})

describe('composer', () => {
  test('shortcut prefix matches first, then text matches, at most 10', async () => {
    const { admin, ana } = await team()
    await createQuickReply(
      db,
      admin,
      input({ shortcut: 'entrega', message: 'Prazo de entrega: 3 dias.', scope: 'shared' }),
    )
    await createQuickReply(
      db,
      ana,
      input({ shortcut: 'prazo', message: 'Veja o prazo com o setor.' }),
    )
    await createQuickReply(db, ana, input({ shortcut: 'frete', message: 'Frete grátis.' }))
    await createQuickReply(db, ana, input({ shortcut: 'meu-prazo', message: 'Sem texto.' }))
    const found = (query: string) =>
      findQuickRepliesForComposer(db, ana, query).map((r) => r.shortcut)
    expect(found('/pra')).toEqual(['prazo', 'entrega', 'meu-prazo'])
    expect(found('')).toEqual(['entrega', 'frete', 'meu-prazo', 'prazo'])

    for (let i = 0; i < 12; i++) {
      await createQuickReply(db, ana, input({ shortcut: `z${String(i).padStart(2, '0')}` }))
    }
    await createQuickReply(db, ana, input({ shortcut: 'outro', message: 'fala do z00' }))
    const many = found('z')
    expect(many).toHaveLength(10)
    expect(many[0]).toBe('z00')
    expect(found('z1')).toEqual(['z10', 'z11'])
  })
})

describe('media', () => {
  test('a file is stored with the reply, replaced, removed and deleted with it', async () => {
    const { ana } = await team()
    const reply = await createQuickReply(
      db,
      ana,
      input({ shortcut: 'catalogo', media: png('catalogo.png') }),
    )
    const first = row(reply.id)!
    expect(first).toMatchObject({
      mediaType: 'image/png',
      mediaName: 'catalogo.png',
      mediaSize: TINY_PNG.length,
    })
    expect(fs.readFileSync(mediaFile(first.mediaPath!))).toEqual(TINY_PNG)
    expect(getQuickReplyMedia(db, ana, reply.id)).toMatchObject({
      path: first.mediaPath,
      type: 'image/png',
      name: 'catalogo.png',
    })
    // Pages never see the path on disk.
    expect(getQuickReply(db, ana, reply.id)).not.toHaveProperty('mediaPath')

    // Editing without a new file keeps it.
    await updateQuickReply(db, ana, reply.id, input({ shortcut: 'catalogo', message: 'Novo' }))
    expect(row(reply.id)?.mediaPath).toBe(first.mediaPath)

    // Replacing it removes the old file.
    await updateQuickReply(
      db,
      ana,
      reply.id,
      input({ shortcut: 'catalogo', media: png('novo.png') }),
    )
    const second = row(reply.id)!
    expect(second.mediaName).toBe('novo.png')
    expect(second.mediaPath).not.toBe(first.mediaPath)
    expect(fs.existsSync(mediaFile(first.mediaPath!))).toBe(false)
    expect(fs.existsSync(mediaFile(second.mediaPath!))).toBe(true)

    // "Remove file" clears the columns and the file.
    await updateQuickReply(db, ana, reply.id, input({ shortcut: 'catalogo', removeMedia: true }))
    expect(row(reply.id)).toMatchObject({
      mediaPath: null,
      mediaType: null,
      mediaName: null,
      mediaSize: null,
    })
    expect(fs.existsSync(mediaFile(second.mediaPath!))).toBe(false)
    expect(getQuickReplyMedia(db, ana, reply.id)).toBeNull()

    // Deleting the reply deletes its file.
    await updateQuickReply(
      db,
      ana,
      reply.id,
      input({ shortcut: 'catalogo', media: png('ultimo.png') }),
    )
    const third = row(reply.id)!
    await deleteQuickReply(db, ana, reply.id)
    expect(fs.existsSync(mediaFile(third.mediaPath!))).toBe(false)
  })

  test('documents keep their declared type; the file is removed again when the save fails', async () => {
    const { ana } = await team()
    const pdf = new File(['%PDF-1.7\n%%EOF\n'], 'tabela.pdf', { type: 'application/pdf' })
    const reply = await createQuickReply(db, ana, input({ shortcut: 'tabela', media: pdf }))
    expect(row(reply.id)).toMatchObject({ mediaType: 'application/pdf', mediaName: 'tabela.pdf' })

    const folder = path.dirname(mediaFile(row(reply.id)!.mediaPath!))
    const before = fs.readdirSync(folder).length
    const clash = await domainError(() =>
      createQuickReply(db, ana, input({ shortcut: 'tabela', media: png() })),
    )
    expect(clash.code).toBe('validation.shortcutTaken')
    expect(fs.readdirSync(folder)).toHaveLength(before)
  })

  test('a refused write stores no file at all (no permission)', async () => {
    const { company, ana } = await team()
    await domainError(() => createQuickReply(db, ana, input({ scope: 'shared', media: png() })))
    const folder = path.join(path.resolve(getEnv().MEDIA_DIR), 'messages', company.id)
    expect(fs.existsSync(folder)).toBe(false)
  })
})

describe('events and audit', () => {
  test('shared changes reach the company and are audited; personal ones reach the author only', async () => {
    const { company, admin, ana } = await team()
    const shared = await createQuickReply(db, admin, input({ shortcut: 'ola', scope: 'shared' }))
    await updateQuickReply(db, admin, shared.id, input({ shortcut: 'ola', scope: 'shared' }))
    await deleteQuickReply(db, admin, shared.id)
    const personal = await createQuickReply(db, ana, input({ shortcut: 'pix' }))
    await deleteQuickReply(db, ana, personal.id)

    expect(eventsOf(company.id).map((e) => [e.audienceType, e.audienceId, e.payload])).toEqual([
      ['company', null, { quickReplyId: shared.id }],
      ['company', null, { quickReplyId: shared.id }],
      ['company', null, { quickReplyId: shared.id, deleted: true }],
      ['user', ana.userId, { quickReplyId: personal.id }],
      ['user', ana.userId, { quickReplyId: personal.id, deleted: true }],
    ])
    expect(auditOf(company.id).map((a) => [a.action, a.entityId, a.actorUserId])).toEqual([
      ['quick-reply.created', shared.id, admin.userId],
      ['quick-reply.updated', shared.id, admin.userId],
      ['quick-reply.deleted', shared.id, admin.userId],
    ])
  })
})
