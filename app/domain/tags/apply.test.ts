import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import { auditLog } from '#db/schema/system.ts'
import { contactTags, tags, ticketTags } from '#db/schema/tags.ts'
import {
  addConnection,
  createCompany,
  createSalesAndSupportLines,
  createUser,
  customerWrites,
  domainErrorOf,
  eventsAfter,
  uniquePhone,
} from '#tests/db-utils.ts'
import { applyTag, createTagAndApply, listCompanyTags, removeTag } from './apply.server.ts'

/** A customer's ticket in Vendas, the Vendas agent, and an agent of Suporte (outside its queue). */
async function setup() {
  const { company, support, salesLine, agent } = await createSalesAndSupportLines(db)
  const outsider = await createUser(db, { companyId: company.id, queueIds: [support.id] })
  const { ticketId, contactId } = customerWrites(db, salesLine, { phone: uniquePhone() })
  return { company, ticketId, contactId, agent, outsider }
}

/** Another company with its own ticket and admin. */
async function otherCompany() {
  const company = createCompany(db)
  const line = addConnection(db, company.id, null)
  const { ticketId } = customerWrites(db, line, { phone: uniquePhone() })
  return { ticketId, admin: await createUser(db, { companyId: company.id, role: 'admin' }) }
}

const ticketTagIds = (ticketId: string) =>
  db
    .select({ id: ticketTags.tagId })
    .from(ticketTags)
    .where(eq(ticketTags.ticketId, ticketId))
    .all()
    .map((r) => r.id)
const contactTagIds = (contactId: string) =>
  db
    .select({ id: contactTags.tagId })
    .from(contactTags)
    .where(eq(contactTags.contactId, contactId))
    .all()
    .map((r) => r.id)

describe('tags of the ticket and of the contact', () => {
  test('apply, apply again (no-op), remove; each change announced', async () => {
    const { ticketId, contactId, agent, company } = await setup()
    const vip = db
      .insert(tags)
      .values({ companyId: company.id, name: 'VIP', color: '#dc2626' })
      .returning()
      .get()

    let before = lastEventId(db)
    expect(applyTag(db, agent.actor, { ticketId, target: 'ticket', tagId: vip.id })).toMatchObject({
      id: vip.id,
      name: 'VIP',
    })
    expect(ticketTagIds(ticketId)).toEqual([vip.id])
    expect(contactTagIds(contactId)).toEqual([])
    expect(eventsAfter(db, before).map((e) => e.type)).toEqual(['ticket.updated'])

    before = lastEventId(db)
    applyTag(db, agent.actor, { ticketId, target: 'ticket', tagId: vip.id })
    expect(eventsAfter(db, before)).toEqual([])

    applyTag(db, agent.actor, { ticketId, target: 'contact', tagId: vip.id })
    expect(contactTagIds(contactId)).toEqual([vip.id])

    before = lastEventId(db)
    removeTag(db, agent.actor, { ticketId, target: 'ticket', tagId: vip.id })
    expect(ticketTagIds(ticketId)).toEqual([])
    expect(contactTagIds(contactId)).toEqual([vip.id])
    expect(eventsAfter(db, before).map((e) => e.type)).toEqual(['ticket.updated'])

    before = lastEventId(db)
    removeTag(db, agent.actor, { ticketId, target: 'contact', tagId: vip.id })
    expect(contactTagIds(contactId)).toEqual([])
    expect(eventsAfter(db, before).map((e) => e.type)).toEqual([
      'contact.updated',
      'ticket.updated',
    ])
    // The tag itself stays.
    expect(listCompanyTags(db, agent.actor)).toEqual([
      { id: vip.id, name: 'VIP', color: '#dc2626' },
    ])
  })

  test('create on the fly: a new tag is made and applied; the same name in other case reuses it', async () => {
    const { ticketId, contactId, agent, company } = await setup()
    const first = createTagAndApply(db, agent.actor, {
      ticketId,
      target: 'ticket',
      name: '  Atacado  ',
    })
    expect(first).toMatchObject({
      created: true,
      tag: { name: 'Atacado', color: expect.stringMatching(/^#[0-9a-f]{6}$/) },
    })
    expect(ticketTagIds(ticketId)).toEqual([first.tag.id])

    const again = createTagAndApply(db, agent.actor, {
      ticketId,
      target: 'contact',
      name: 'ATACADO',
    })
    expect(again).toEqual({ created: false, tag: first.tag })
    expect(contactTagIds(contactId)).toEqual([first.tag.id])

    const accented = createTagAndApply(db, agent.actor, {
      ticketId,
      target: 'ticket',
      name: 'Ação',
      color: '#16A34A',
    })
    expect(accented.tag.color).toBe('#16a34a')
    expect(
      createTagAndApply(db, agent.actor, { ticketId, target: 'ticket', name: 'AÇÃO' }).created,
    ).toBe(false)

    expect(db.select().from(tags).where(eq(tags.companyId, company.id)).all()).toHaveLength(2)
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.companyId, company.id), eq(auditLog.action, 'tag.created')))
        .all(),
    ).toHaveLength(2)
  })

  test('a tag name of the same letters in another company is another tag', async () => {
    const { ticketId, agent } = await setup()
    const other = await otherCompany()
    const theirs = createTagAndApply(db, other.admin.actor, {
      ticketId: other.ticketId,
      target: 'ticket',
      name: 'VIP',
    })
    const ours = createTagAndApply(db, agent.actor, { ticketId, target: 'ticket', name: 'vip' })
    expect(ours.created).toBe(true)
    expect(ours.tag.id).not.toBe(theirs.tag.id)
    expect(listCompanyTags(db, agent.actor).map((t) => t.id)).toEqual([ours.tag.id])
  })

  test('invalid names, colors and targets are refused', async () => {
    const { ticketId, agent } = await setup()
    expect(
      domainErrorOf(() =>
        createTagAndApply(db, agent.actor, { ticketId, target: 'ticket', name: '   ' }),
      ),
    ).toMatchObject({ status: 422, code: 'validation.required', field: 'name' })
    expect(
      domainErrorOf(() =>
        createTagAndApply(db, agent.actor, { ticketId, target: 'ticket', name: 'x'.repeat(41) }),
      ),
    ).toMatchObject({ code: 'validation.tooLong', field: 'name' })
    expect(
      domainErrorOf(() =>
        createTagAndApply(db, agent.actor, {
          ticketId,
          target: 'ticket',
          name: 'Ok',
          color: 'red',
        }),
      ),
    ).toMatchObject({ code: 'validation.color', field: 'color' })
    expect(
      domainErrorOf(() =>
        createTagAndApply(db, agent.actor, { ticketId, target: 'queue' as never, name: 'Ok' }),
      ),
    ).toMatchObject({ code: 'validation.invalid', field: 'target' })
    expect(listCompanyTags(db, agent.actor)).toEqual([])
  })

  test('isolation: tags of another company are never applied or removed (404); outsiders get 404', async () => {
    const { ticketId, contactId, agent, outsider, company } = await setup()
    const other = await otherCompany()
    const theirs = createTagAndApply(db, other.admin.actor, {
      ticketId: other.ticketId,
      target: 'ticket',
      name: 'Deles',
    }).tag
    const ours = db.insert(tags).values({ companyId: company.id, name: 'Nossa' }).returning().get()

    expect(
      domainErrorOf(() =>
        applyTag(db, agent.actor, { ticketId, target: 'ticket', tagId: theirs.id }),
      ),
    ).toMatchObject({ status: 404 })
    expect(
      domainErrorOf(() =>
        applyTag(db, agent.actor, { ticketId, target: 'contact', tagId: theirs.id }),
      ),
    ).toMatchObject({ status: 404 })
    expect(
      domainErrorOf(() =>
        removeTag(db, other.admin.actor, {
          ticketId: other.ticketId,
          target: 'ticket',
          tagId: ours.id,
        }),
      ),
    ).toMatchObject({ status: 404 })
    // Our tag on their ticket, their tag on our ticket: both refused.
    expect(
      domainErrorOf(() =>
        applyTag(db, other.admin.actor, { ticketId, target: 'ticket', tagId: theirs.id }),
      ),
    ).toMatchObject({ status: 404 })
    expect(
      domainErrorOf(() =>
        applyTag(db, agent.actor, { ticketId: other.ticketId, target: 'ticket', tagId: ours.id }),
      ),
    ).toMatchObject({ status: 404 })
    expect(
      domainErrorOf(() =>
        createTagAndApply(db, other.admin.actor, { ticketId, target: 'ticket', name: 'Nossa' }),
      ),
    ).toMatchObject({ status: 404 })
    // Agents outside the ticket's queue.
    expect(
      domainErrorOf(() =>
        applyTag(db, outsider.actor, { ticketId, target: 'ticket', tagId: ours.id }),
      ),
    ).toMatchObject({ status: 404 })
    expect(
      domainErrorOf(() =>
        createTagAndApply(db, outsider.actor, { ticketId, target: 'ticket', name: 'Nova' }),
      ),
    ).toMatchObject({ status: 404 })

    expect(ticketTagIds(ticketId)).toEqual([])
    expect(contactTagIds(contactId)).toEqual([])
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(tags)
        .where(eq(tags.companyId, company.id))
        .get()!.n,
    ).toBe(1)
    expect(listCompanyTags(db, other.admin.actor).map((t) => t.name)).toEqual(['Deles'])
  })
})
