import { parseForm } from '#app/utils/forms.ts'
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { acceptTicket, closeTicket } from '#app/domain/tickets/actions.server.ts'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import { auditLog } from '#db/schema/system.ts'
import { contacts } from '#db/schema/contacts.ts'
import { messages, tickets } from '#db/schema/tickets.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites as writeAsCustomer,
  domainErrorOf,
  eventsAfter,
} from '#tests/db-utils.ts'
import { ContactEditorSchema } from './contact-schema.ts'
import { setContactBlocked, updateContactFromTicket } from './edit.server.ts'

type ConnectionRef = { id: string; companyId: string; queueId: string | null }

/** The customer writes (a new ticket, or the active one). */
const customerWrites = (connection: ConnectionRef, text = 'Olá', phone = '5511987654321') =>
  writeAsCustomer(db, connection, { text, phone, name: 'Bianca' })

/** A company with a queue, a simulator connection, a customer's ticket, and people in and out of the queue. */
async function setup() {
  const company = createCompany(db)
  const queue = createQueue(db, company.id)
  const otherQueue = createQueue(db, company.id)
  const connection = addConnection(db, company.id, queue.id)
  const received = customerWrites(connection)
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  const agent = await createUser(db, { companyId: company.id, queueIds: [queue.id] })
  const outsider = await createUser(db, { companyId: company.id, queueIds: [otherQueue.id] })
  return {
    company,
    queue,
    connection,
    ticketId: received.ticketId,
    contactId: received.contactId,
    admin,
    agent,
    outsider,
  }
}

/** Another company with its own ticket and admin. */
async function otherCompany() {
  const company = createCompany(db)
  const connection = addConnection(db, company.id, null)
  const received = customerWrites(connection, 'oi', '5521912345678')
  const admin = await createUser(db, { companyId: company.id, role: 'admin' })
  return { company, ticketId: received.ticketId, admin }
}

const contactRow = (id: string) => db.select().from(contacts).where(eq(contacts.id, id)).get()!
function form(entries: Record<string, string>) {
  const data = new FormData()
  for (const [key, value] of Object.entries(entries)) data.append(key, value)
  return parseForm(data, ContactEditorSchema)
}

const errorsOf = (entries: Record<string, string>) => {
  const submission = form(entries)
  return submission.status === 'success' ? null : submission.error
}

describe('ContactEditorSchema (the form, as conform parses it)', () => {
  test('a full form: CPF stored as digits, e-mail lower case, blank custom rows dropped', () => {
    const submission = form({
      name: '  Bianca Souza ',
      email: 'Bianca@Example.com',
      notes: 'Prefere WhatsApp',
      cpf: '529.982.247-25',
      birthDate: '1990-03-15',
      address: 'Rua A, 10',
      'custom[0].key': 'Plano',
      'custom[0].value': 'Ouro',
      'custom[1].key': '',
      'custom[1].value': '',
    })
    expect(submission.status).toBe('success')
    expect(submission.status === 'success' && submission.value).toEqual({
      name: 'Bianca Souza',
      email: 'bianca@example.com',
      notes: 'Prefere WhatsApp',
      cpf: '52998224725',
      birthDate: '1990-03-15',
      address: 'Rua A, 10',
      custom: [{ key: 'Plano', value: 'Ouro' }],
    })
  })

  test('only the name is required; blank optional fields are absent', () => {
    const submission = form({ name: 'Ana', email: '  ', cpf: '', birthDate: '', notes: ' ' })
    expect(submission.status === 'success' && submission.value).toEqual({ name: 'Ana', custom: [] })
  })

  test('each rule has its message key', () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    const errors = errorsOf({
      name: '',
      email: 'não-é-email',
      cpf: '529.982.247-24',
      birthDate: tomorrow,
      address: 'x'.repeat(301),
      notes: 'x'.repeat(2001),
    })
    expect(errors).toEqual({
      name: [{ key: 'validation.required' }],
      email: [{ key: 'validation.email' }],
      cpf: [{ key: 'validation.cpf' }],
      birthDate: [{ key: 'validation.birthDate' }],
      address: [{ key: 'validation.tooLong', params: { count: 300 } }],
      notes: [{ key: 'validation.tooLong', params: { count: 2000 } }],
    })
  })

  test('birth dates must be real days', () => {
    expect(errorsOf({ name: 'A', birthDate: '2023-02-29' })).toEqual({
      birthDate: [{ key: 'validation.birthDate' }],
    })
    expect(errorsOf({ name: 'A', birthDate: '15/03/1990' })).toEqual({
      birthDate: [{ key: 'validation.birthDate' }],
    })
    expect(form({ name: 'A', birthDate: '2024-02-29' }).status).toBe('success')
  })

  test('custom fields: keys unique (ignoring case), both parts required, at most 20', () => {
    expect(
      errorsOf({
        name: 'A',
        'custom[0].key': 'Plano',
        'custom[0].value': '1',
        'custom[1].key': 'PLANO',
        'custom[1].value': '2',
      }),
    ).toEqual({
      'custom[1].key': [{ key: 'validation.customKeyTaken' }],
    })
    expect(errorsOf({ name: 'A', 'custom[0].key': 'Plano', 'custom[0].value': '' })).toEqual({
      'custom[0].value': [{ key: 'validation.required' }],
    })
    expect(
      errorsOf({ name: 'A', 'custom[0].key': 'k'.repeat(41), 'custom[0].value': 'v' }),
    ).toEqual({ 'custom[0].key': [{ key: 'validation.tooLong', params: { count: 40 } }] })
    const many = Object.fromEntries(
      Array.from({ length: 21 }, (_, i) => [
        [`custom[${i}].key`, `k${i}`],
        [`custom[${i}].value`, 'v'],
      ]).flat(),
    )
    expect(errorsOf({ name: 'A', ...many })).toEqual({
      custom: [{ key: 'validation.customFieldsMax', params: { count: 20 } }],
    })
  })
})

describe('updateContactFromTicket', () => {
  test('saves the fields, audits which changed (not the values) and announces contact and ticket', async () => {
    const { ticketId, contactId, agent, queue, company } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    const before = lastEventId(db)

    const contact = updateContactFromTicket(db, agent.actor, ticketId, {
      name: 'Bianca Souza',
      email: 'bianca@example.com',
      notes: 'Cliente desde 2020',
      cpf: '529.982.247-25',
      birthDate: '1990-03-15',
      address: 'Rua A, 10',
      custom: [{ key: 'Plano', value: 'Ouro' }],
    })

    expect(contactRow(contactId)).toMatchObject({
      name: 'Bianca Souza',
      email: 'bianca@example.com',
      notes: 'Cliente desde 2020',
      extraInfo: {
        cpf: '52998224725',
        birthDate: '1990-03-15',
        address: 'Rua A, 10',
        custom: [{ key: 'Plano', value: 'Ouro' }],
      },
    })
    expect(contact.name).toBe('Bianca Souza')
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.companyId, company.id), eq(auditLog.entityId, contactId)))
      .all()
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'contact.updated',
        actorUserId: agent.id,
        details: { changed: ['name', 'email', 'notes', 'extraInfo'], ticketId },
      }),
    ])
    expect(JSON.stringify(audit)).not.toContain('52998224725')
    // The ticket's list row, with the contact's new name in it.
    const payload = {
      ticketId,
      ticket: expect.objectContaining({
        id: ticketId,
        status: 'open',
        queueId: queue.id,
        userId: agent.id,
        contactName: 'Bianca Souza',
      }),
      previous: { status: 'open', queueId: queue.id, userId: agent.id },
    }
    expect(eventsAfter(db, before)).toEqual([
      expect.objectContaining({
        type: 'contact.updated',
        audienceType: 'company',
        // The contact is company-wide; the ticket it was edited from is not (its own event).
        payload: { contactId },
      }),
      expect.objectContaining({
        type: 'ticket.updated',
        audienceType: 'queue',
        audienceId: queue.id,
        payload,
      }),
      expect.objectContaining({
        type: 'ticket.updated',
        audienceType: 'user',
        audienceId: agent.id,
        payload,
      }),
    ])
  })

  test('clearing fields stores nulls; unknown extraInfo keys are kept; no change means no event', async () => {
    const { ticketId, contactId, agent } = await setup()
    db.update(contacts)
      .set({
        email: 'a@b.com',
        notes: 'n',
        extraInfo: { cpf: '52998224725', legacyCode: 'X1' } as never,
      })
      .where(eq(contacts.id, contactId))
      .run()
    updateContactFromTicket(db, agent.actor, ticketId, { name: 'Bianca' })
    expect(contactRow(contactId)).toMatchObject({
      name: 'Bianca',
      email: null,
      notes: null,
      extraInfo: { legacyCode: 'X1' },
    })

    const before = lastEventId(db)
    updateContactFromTicket(db, agent.actor, ticketId, { name: 'Bianca' })
    expect(eventsAfter(db, before)).toEqual([])
  })

  test('the domain validates too (an invalid CPF is a field error, nothing saved)', async () => {
    const { ticketId, contactId, agent } = await setup()
    const error = domainErrorOf(() =>
      updateContactFromTicket(db, agent.actor, ticketId, { name: 'X', cpf: '111.111.111-11' }),
    )
    expect(error).toMatchObject({ status: 422, code: 'validation.cpf', field: 'cpf' })
    const custom = domainErrorOf(() =>
      updateContactFromTicket(db, agent.actor, ticketId, {
        name: 'X',
        custom: [
          { key: 'a', value: '1' },
          { key: 'A', value: '2' },
        ],
      }),
    )
    expect(custom).toMatchObject({ code: 'validation.customKeyTaken', field: 'custom[1].key' })
    const long = domainErrorOf(() =>
      updateContactFromTicket(db, agent.actor, ticketId, { name: 'x'.repeat(121) }),
    )
    expect(long).toMatchObject({
      code: 'validation.tooLong',
      field: 'name',
      params: { count: 120 },
    })
    expect(contactRow(contactId).name).toBe('Bianca')
  })

  test('an agent outside the queue, and anyone of another company, get a 404', async () => {
    const { ticketId, contactId, outsider } = await setup()
    const other = await otherCompany()
    expect(
      domainErrorOf(() =>
        updateContactFromTicket(db, outsider.actor, ticketId, { name: 'Hacker' }),
      ),
    ).toMatchObject({ status: 404 })
    expect(
      domainErrorOf(() =>
        updateContactFromTicket(db, other.admin.actor, ticketId, { name: 'Hacker' }),
      ),
    ).toMatchObject({ status: 404 })
    expect(
      domainErrorOf(() => setContactBlocked(db, outsider.actor, ticketId, true)),
    ).toMatchObject({
      status: 404,
    })
    expect(
      domainErrorOf(() => setContactBlocked(db, other.admin.actor, ticketId, true)),
    ).toMatchObject({ status: 404 })
    expect(contactRow(contactId)).toMatchObject({ name: 'Bianca', blocked: false })
  })
})

describe('setContactBlocked', () => {
  test('blocked: the next message after the close opens no ticket, and is kept', async () => {
    const { ticketId, contactId, agent, connection } = await setup()
    acceptTicket(db, agent.actor, ticketId)
    closeTicket(db, agent.actor, ticketId, { sendFarewell: false })

    const before = lastEventId(db)
    const contact = setContactBlocked(db, agent.actor, ticketId, true)
    expect(contact.blocked).toBe(true)
    expect(eventsAfter(db, before).map((e) => e.type)).toEqual([
      'contact.updated',
      'ticket.updated',
      'ticket.updated',
    ])
    expect(db.select().from(auditLog).where(eq(auditLog.entityId, contactId)).all()).toEqual([
      expect.objectContaining({ action: 'contact.blocked' }),
    ])

    const next = customerWrites(connection, 'voltei')
    expect(next).toMatchObject({ ticketCreated: false, ticketId })
    expect(db.select().from(tickets).where(eq(tickets.contactId, contactId)).all()).toEqual([
      expect.objectContaining({ id: ticketId, status: 'closed' }),
    ])
    expect(
      db
        .select({ body: messages.body })
        .from(messages)
        .where(eq(messages.ticketId, ticketId))
        .all()
        .map((m) => m.body),
    ).toContain('voltei')

    // Unblocked, the customer opens a ticket again.
    setContactBlocked(db, agent.actor, ticketId, false)
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, contactId))
        .all()
        .map((a) => a.action)
        .sort(),
    ).toEqual(['contact.blocked', 'contact.unblocked'])
    expect(customerWrites(connection, 'de novo').ticketCreated).toBe(true)
  })

  test('blocking twice changes nothing the second time', async () => {
    const { ticketId, agent } = await setup()
    setContactBlocked(db, agent.actor, ticketId, true)
    const before = lastEventId(db)
    expect(setContactBlocked(db, agent.actor, ticketId, true).blocked).toBe(true)
    expect(eventsAfter(db, before)).toEqual([])
  })
})
