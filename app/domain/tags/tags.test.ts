import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '#app/utils/db.server.ts'
import { events } from '#db/schema/system.ts'
import { contactTags, tags, ticketTags } from '#db/schema/tags.ts'
import {
  createCompany,
  createSalesAndSupport,
  createUser,
  customerWrites,
  domainErrorOf,
  uniquePhone,
} from '#tests/db-utils.ts'
import { createTag, deleteTag, getTag, listTags, updateTag } from './tags.server.ts'

const setup = () => createSalesAndSupport(db)

function tagTicket(tagId: string, companyId: string, ticketId: string) {
  db.insert(ticketTags).values({ companyId, ticketId, tagId }).run()
}
function tagContact(tagId: string, companyId: string, contactId: string) {
  db.insert(contactTags).values({ companyId, contactId, tagId }).run()
}

describe('listTags', () => {
  test('counts contacts and tickets per tag in one list, by name', async () => {
    const s = await setup()
    const vip = createTag(db, s.admin, { name: 'VIP', color: '#DC2626' })
    const lead = createTag(db, s.admin, { name: 'lead', color: '#16a34a' })
    createTag(db, s.admin, { name: 'Atacado', color: '#64748b' })
    const a = customerWrites(db, s.vendas, { phone: uniquePhone() })
    const b = customerWrites(db, s.vendas, { phone: uniquePhone() })
    const c = customerWrites(db, s.suporte, { phone: uniquePhone() })
    if (a.duplicate || b.duplicate || c.duplicate) throw new Error('duplicate')
    for (const r of [a, b, c]) tagContact(vip.id, s.company.id, r.contactId)
    tagContact(lead.id, s.company.id, a.contactId)
    tagTicket(vip.id, s.company.id, a.ticketId)
    tagTicket(vip.id, s.company.id, c.ticketId)
    tagTicket(lead.id, s.company.id, b.ticketId)

    expect(listTags(db, s.admin)).toEqual([
      {
        id: expect.any(String),
        name: 'Atacado',
        color: '#64748b',
        contactCount: 0,
        ticketCount: 0,
      },
      { id: lead.id, name: 'lead', color: '#16a34a', contactCount: 1, ticketCount: 1 },
      { id: vip.id, name: 'VIP', color: '#dc2626', contactCount: 3, ticketCount: 2 },
    ])
    // The agent of Vendas does not count the Suporte ticket.
    expect(getTag(db, s.agent, vip.id)).toMatchObject({ contactCount: 3, ticketCount: 1 })
  })

  test('another company sees none of it', async () => {
    const s = await setup()
    const vip = createTag(db, s.admin, { name: 'VIP', color: '#dc2626' })
    const other = createCompany(db)
    const stranger = (await createUser(db, { companyId: other.id, role: 'admin' })).actor
    expect(listTags(db, stranger)).toEqual([])
    expect(domainErrorOf(() => getTag(db, stranger, vip.id)).status).toBe(404)
    expect(
      domainErrorOf(() => updateTag(db, stranger, vip.id, { name: 'X', color: '#000000' })).status,
    ).toBe(404)
    expect(domainErrorOf(() => deleteTag(db, stranger, vip.id)).status).toBe(404)
    expect(db.select().from(tags).where(eq(tags.id, vip.id)).get()?.name).toBe('VIP')
  })
})

describe('create and update', () => {
  test('a name taken in any case is a field error; colour is validated', async () => {
    const s = await setup()
    const vip = createTag(db, s.supervisor, { name: '  VIP  ', color: '#dc2626' })
    expect(vip.name).toBe('VIP')
    const taken = domainErrorOf(() => createTag(db, s.admin, { name: 'vip', color: '#000000' }))
    expect([taken.field, taken.code, taken.status]).toEqual(['name', 'validation.nameTaken', 422])
    const color = domainErrorOf(() => createTag(db, s.admin, { name: 'Novo', color: 'red' }))
    expect([color.field, color.code]).toEqual(['color', 'validation.color'])
    const empty = domainErrorOf(() => createTag(db, s.admin, { name: '  ', color: '#000000' }))
    expect(empty.field).toBe('name')
    const other = createTag(db, s.admin, { name: 'Lead', color: '#16a34a' })
    const rename = domainErrorOf(() =>
      updateTag(db, s.admin, other.id, { name: 'Vip', color: '#16a34a' }),
    )
    expect(rename.code).toBe('validation.nameTaken')
    // Renaming a tag to its own name in another case is fine.
    expect(updateTag(db, s.admin, vip.id, { name: 'vip', color: '#7C3AED' })).toEqual({
      id: vip.id,
      name: 'vip',
      color: '#7c3aed',
    })
  })

  test('agents may not create, edit or delete tags', async () => {
    const s = await setup()
    const vip = createTag(db, s.admin, { name: 'VIP', color: '#dc2626' })
    expect(
      domainErrorOf(() => createTag(db, s.agent, { name: 'X', color: '#000000' })).status,
    ).toBe(403)
    expect(
      domainErrorOf(() => updateTag(db, s.agent, vip.id, { name: 'X', color: '#000000' })).status,
    ).toBe(403)
    expect(domainErrorOf(() => deleteTag(db, s.agent, vip.id)).status).toBe(403)
  })

  test('changes are announced to the company', async () => {
    const s = await setup()
    const vip = createTag(db, s.admin, { name: 'VIP', color: '#dc2626' })
    updateTag(db, s.admin, vip.id, { name: 'VIP!', color: '#dc2626' })
    deleteTag(db, s.admin, vip.id)
    const seen = db
      .select({ type: events.type, audience: events.audienceType, payload: events.payload })
      .from(events)
      .where(eq(events.companyId, s.company.id))
      .all()
      .filter((e) => e.type.startsWith('tag.'))
    expect(seen).toEqual([
      { type: 'tag.created', audience: 'company', payload: { tagId: vip.id } },
      { type: 'tag.updated', audience: 'company', payload: { tagId: vip.id } },
      { type: 'tag.deleted', audience: 'company', payload: { tagId: vip.id } },
    ])
  })
})

describe('deleteTag', () => {
  test('takes the tag off every contact and ticket and says how many', async () => {
    const s = await setup()
    const vip = createTag(db, s.admin, { name: 'VIP', color: '#dc2626' })
    const keep = createTag(db, s.admin, { name: 'Lead', color: '#16a34a' })
    const a = customerWrites(db, s.vendas, { phone: uniquePhone() })
    const b = customerWrites(db, s.suporte, { phone: uniquePhone() })
    if (a.duplicate || b.duplicate) throw new Error('duplicate')
    tagContact(vip.id, s.company.id, a.contactId)
    tagContact(vip.id, s.company.id, b.contactId)
    tagContact(keep.id, s.company.id, a.contactId)
    tagTicket(vip.id, s.company.id, b.ticketId)
    expect(deleteTag(db, s.admin, vip.id)).toMatchObject({ name: 'VIP', contacts: 2, tickets: 1 })
    expect(db.select().from(tags).where(eq(tags.id, vip.id)).get()).toBeUndefined()
    expect(db.select().from(contactTags).where(eq(contactTags.tagId, vip.id)).all()).toEqual([])
    expect(db.select().from(ticketTags).where(eq(ticketTags.tagId, vip.id)).all()).toEqual([])
    expect(
      db
        .select()
        .from(contactTags)
        .where(and(eq(contactTags.tagId, keep.id), eq(contactTags.contactId, a.contactId)))
        .all(),
    ).toHaveLength(1)
    expect(domainErrorOf(() => deleteTag(db, s.admin, vip.id)).status).toBe(404)
  })
})
