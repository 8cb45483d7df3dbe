import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '#app/utils/db.server.ts'
import { auditLog } from '#db/schema/system.ts'
import { contactTags, tags } from '#db/schema/tags.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
} from '#tests/db-utils.ts'
import { contactFilterFromParams, countContacts, listContacts } from './list.server.ts'
import {
  createContact,
  deleteContact,
  getContactForEditing,
  updateContact,
} from './manage.server.ts'

async function setup() {
  const company = createCompany(db)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const agent = await createUser(db, { companyId: company.id })
  return { company, admin, agent }
}

describe('createContact / updateContact', () => {
  test('an agent creates a contact: number normalised, tags resolved or created, source manual', async () => {
    const { company, agent } = await setup()
    db.insert(tags).values({ companyId: company.id, name: 'VIP', color: '#dc2626' }).run()
    const contact = createContact(db, agent.actor, {
      name: 'Maria',
      number: '(11) 8765-4321',
      email: 'Maria@Example.com',
      tags: ['vip', 'Leads'],
      cpf: '529.982.247-25',
      custom: [{ key: 'Plano', value: 'Ouro' }],
    })
    expect(contact).toMatchObject({
      number: '5511987654321',
      email: 'maria@example.com',
      source: 'manual',
      extraInfo: { cpf: '52998224725', custom: [{ key: 'Plano', value: 'Ouro' }] },
    })
    const editing = getContactForEditing(db, agent.actor, contact.id)
    expect(editing.tags.map((t) => t.name)).toEqual(['Leads', 'VIP'])
    expect(db.select().from(tags).where(eq(tags.companyId, company.id)).all()).toHaveLength(2)
  })

  test('the 9th-digit twin of an existing number is refused, naming the contact', async () => {
    const { agent } = await setup()
    createContact(db, agent.actor, { name: 'Bia', number: '+55 21 98765-4321' })
    expect(() => createContact(db, agent.actor, { name: 'Outra', number: '552187654321' })).toThrow(
      expect.objectContaining({ code: 'contacts.numberTaken', field: 'number' }),
    )
  })

  test('bad input is a field error and nothing is written', async () => {
    const { company, agent } = await setup()
    expect(() => createContact(db, agent.actor, { name: 'X', number: '123' })).toThrow(
      expect.objectContaining({ field: 'number', code: 'validation.whatsappNumber' }),
    )
    expect(() =>
      createContact(db, agent.actor, { name: 'X', number: '11987654321', cpf: '1' }),
    ).toThrow(expect.objectContaining({ field: 'cpf' }))
    expect(db.select().from(contacts).where(eq(contacts.companyId, company.id)).all()).toEqual([])
  })

  test('an update replaces the tags and keeps unknown extra keys; no change writes nothing', async () => {
    const { agent } = await setup()
    const contact = createContact(db, agent.actor, {
      name: 'Caio',
      number: '11987650000',
      tags: ['A', 'B'],
    })
    const updated = updateContact(db, agent.actor, contact.id, {
      name: 'Caio Souza',
      number: '+55 11 98765-0000',
      tags: ['B', 'C'],
      birthDate: '1990-03-15',
    })
    expect(updated).toMatchObject({ name: 'Caio Souza', extraInfo: { birthDate: '1990-03-15' } })
    expect(getContactForEditing(db, agent.actor, contact.id).tags.map((t) => t.name)).toEqual([
      'B',
      'C',
    ])
    const audits = () =>
      db.select().from(auditLog).where(eq(auditLog.entityId, contact.id)).all().length
    const before = audits()
    updateContact(db, agent.actor, contact.id, {
      name: 'Caio Souza',
      number: '11987650000',
      tags: ['c', 'b'],
      birthDate: '1990-03-15',
    })
    expect(audits()).toBe(before)
  })

  test('another company cannot read or edit the contact', async () => {
    const { agent } = await setup()
    const contact = createContact(db, agent.actor, { name: 'Dani', number: '11987651111' })
    const other = await setup()
    expect(() => getContactForEditing(db, other.admin.actor, contact.id)).toThrow(
      expect.objectContaining({ status: 404 }),
    )
    expect(() =>
      updateContact(db, other.admin.actor, contact.id, { name: 'X', number: '11987651111' }),
    ).toThrow(expect.objectContaining({ status: 404 }))
    expect(() => deleteContact(db, other.admin.actor, contact.id)).toThrow(
      expect.objectContaining({ status: 404 }),
    )
    // The same number is free in the other company.
    expect(
      createContact(db, other.admin.actor, { name: 'Dani', number: '11987651111' }).number,
    ).toBe('5511987651111')
  })
})

describe('deleteContact', () => {
  test('deletes the contact with its tickets and messages (admins and supervisors only)', async () => {
    const { company, admin, agent } = await setup()
    const connection = addConnection(db, company.id, createQueue(db, company.id).id)
    const received = customerWrites(db, connection, { phone: '5511987652222', name: 'Eva' })
    expect(() => deleteContact(db, agent.actor, received.contactId)).toThrow(
      expect.objectContaining({ status: 403 }),
    )
    const editing = getContactForEditing(db, admin.actor, received.contactId)
    expect(editing).toMatchObject({ ticketCount: 1, messageCount: 1 })
    deleteContact(db, admin.actor, received.contactId)
    expect(db.select().from(contacts).where(eq(contacts.id, received.contactId)).get()).toBe(
      undefined,
    )
    expect(db.select().from(tickets).where(eq(tickets.id, received.ticketId)).get()).toBe(undefined)
    expect(
      db.select().from(messages).where(eq(messages.contactId, received.contactId)).all(),
    ).toEqual([])
  })

  test("refused while another agent has the contact's conversation open", async () => {
    const { company, admin, agent } = await setup()
    const connection = addConnection(db, company.id)
    const received = customerWrites(db, connection, { phone: '5511987653333' })
    db.update(tickets)
      .set({ status: 'open', userId: agent.id })
      .where(eq(tickets.id, received.ticketId))
      .run()
    expect(() => deleteContact(db, admin.actor, received.contactId)).toThrow(
      expect.objectContaining({ code: 'contacts.deleteBusy', status: 409 }),
    )
  })
})

describe('listContacts', () => {
  async function company100() {
    const { company, admin } = await setup()
    const vip = db.insert(tags).values({ companyId: company.id, name: 'VIP' }).returning().get()
    for (let i = 0; i < 120; i++) {
      const contact = db
        .insert(contacts)
        .values({
          companyId: company.id,
          name: `Pessoa ${String(i).padStart(3, '0')}`,
          number: `55119${String(80_000_000 + i)}`,
          source: i % 2 ? 'import' : 'bot',
          createdAt: 1_700_000_000_000 + (i % 7) * 1000,
        })
        .returning()
        .get()
      if (i % 3 === 0)
        db.insert(contactTags)
          .values({ companyId: company.id, contactId: contact.id, tagId: vip.id })
          .run()
    }
    return { company, admin, vip }
  }

  test('pages by cursor (by name and by newest), never repeating or skipping a contact', async () => {
    const { admin } = await company100()
    for (const sort of ['name', 'recent'] as const) {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page = listContacts(db, admin.actor, { sort }, { cursor, limit: 25 })
        seen.push(...page.contacts.map((c) => c.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(seen).toHaveLength(120)
      expect(new Set(seen).size).toBe(120)
    }
    const byName = listContacts(db, admin.actor, { sort: 'name' }, { limit: 3 })
    expect(byName.contacts.map((c) => c.name)).toEqual(['Pessoa 000', 'Pessoa 001', 'Pessoa 002'])
  })

  test('filters by name, by phone with area code (twin spelling too), by tag and by source', async () => {
    const { admin, vip } = await company100()
    const count = (params: string) =>
      countContacts(db, admin.actor, contactFilterFromParams(new URLSearchParams(params)))
    expect(count('q=pessoa 01')).toBe(10)
    expect(count('q=(11) 98000-0005')).toBe(1)
    expect(count('q=+55 11 8000-0005')).toBe(1)
    expect(count('q=9800-0001')).toBe(10)
    expect(count(`tag=${vip.id}`)).toBe(40)
    expect(count(`tag=${vip.id}&source=bot`)).toBe(20)
    expect(count(`q=${encodeURIComponent('Pessoa 1%')}`)).toBe(0)
    expect(count(`q=${encodeURIComponent('Pessoa _0')}`)).toBe(0)
    const page = listContacts(db, admin.actor, { tagId: vip.id }, { limit: 5 })
    expect(page.contacts[0]!.tags).toEqual([{ id: vip.id, name: 'VIP', color: vip.color }])
  })

  test("another company's contacts and tags are not listed", async () => {
    const { vip } = await company100()
    const other = await setup()
    expect(listContacts(db, other.admin.actor, {}).contacts).toEqual([])
    expect(countContacts(db, other.admin.actor, { tagId: vip.id })).toBe(0)
  })

  test('a bad cursor starts from the top instead of failing', async () => {
    const { admin } = await company100()
    expect(
      listContacts(db, admin.actor, { sort: 'name' }, { cursor: 'garbage', limit: 2 }).contacts,
    ).toHaveLength(2)
  })
})
