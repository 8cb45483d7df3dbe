import { describe, expect, test } from 'vitest'
import { updateContactFromTicket } from '#app/domain/contacts/edit.server.ts'
import { applyInboundUpdate } from '#app/domain/messages/ingest.server.ts'
import { recordSendOutcome, sendMessage } from '#app/domain/messages/send.server.ts'
import { setSetting } from '#app/domain/settings/settings.server.ts'
import { canSee } from '#app/domain/tickets/access.server.ts'
import { type EventRow, lastEventId } from '#app/domain/outbox.server.ts'
import { db } from '#app/utils/db.server.ts'
import {
  addConnection,
  createCompany,
  createQueue,
  createUser,
  customerWrites,
  eventsAfter,
  messagesOf,
  ticketRow,
  uniquePhone,
} from '#tests/db-utils.ts'
import { canAccessTicket, hidesQueueless } from './access.server.ts'
import { acceptTicket, addPrivateNote, transferTicket } from './actions.server.ts'
import { ticketAudiences } from './audience.server.ts'

type Person = Awaited<ReturnType<typeof createUser>>

/** A company with two queues, people in and out of them, and connections with and without a queue. */
async function setup() {
  const company = createCompany(db)
  const sales = createQueue(db, company.id)
  const support = createQueue(db, company.id)
  const people = {
    admin: await createUser(db, { companyId: company.id, role: 'admin' }),
    supervisor: await createUser(db, { companyId: company.id, role: 'supervisor' }),
    seller: await createUser(db, { companyId: company.id, queueIds: [sales.id] }),
    seller2: await createUser(db, { companyId: company.id, queueIds: [sales.id] }),
    supporter: await createUser(db, { companyId: company.id, queueIds: [support.id] }),
    // No queue: sees unassigned tickets without a queue (the company does not hide them).
    loose: await createUser(db, { companyId: company.id }),
  }
  return {
    company,
    sales,
    people,
    bare: addConnection(db, company.id, null),
    salesLine: addConnection(db, company.id, sales.id),
  }
}

/**
 * Every event since `since` that names the ticket (its id anywhere in the payload), checked against
 * the one rule: each person may see it exactly when canAccessTicket lets them see the ticket as it
 * is now — no leak to others, no miss for those who may. Returns the mismatches (none expected).
 */
function audienceMismatches(since: number, ticketId: string, people: Record<string, Person>) {
  const ticket = ticketRow(db, ticketId)
  const about = eventsAfter(db, since).filter((e) => JSON.stringify(e.payload).includes(ticketId))
  // The same event may go to several audiences (a queue and its assignee): one row per audience.
  const groups = new Map<string, EventRow[]>()
  for (const event of about) {
    const key = `${event.type} ${JSON.stringify(event.payload)}`
    groups.set(key, [...(groups.get(key) ?? []), event])
  }
  const mismatches: string[] = []
  for (const [key, rows] of groups)
    for (const [name, person] of Object.entries(people)) {
      const hideQueueless = hidesQueueless(db, person.actor)
      const may = canAccessTicket(person.actor, ticket, { hideQueueless })
      const sees = rows.some((row) => canSee({ ...person.actor, hideQueueless }, row))
      if (sees !== may) mismatches.push(`${name} ${sees ? 'sees' : 'misses'} ${key}`)
    }
  return { count: about.length, mismatches }
}

describe('every event about a ticket has the audience of that ticket', () => {
  test('receipts, edits, reactions and revokes of an assigned ticket without a queue reach only its assignee and those who see all', async () => {
    const { bare, people } = await setup()
    const phone = uniquePhone()
    const { ticketId } = customerWrites(db, bare, { phone, text: 'Oi' })
    acceptTicket(db, people.seller.actor, ticketId)
    const customerMessage = messagesOf(db, ticketId)[0]!

    const since = lastEventId(db)
    customerWrites(db, bare, { phone, text: 'Tem alguém aí?' })
    const reply = sendMessage(db, people.seller.actor, ticketId, { text: 'Sim, pode falar' })
    recordSendOutcome(db, reply, null, { status: 'sent', externalId: 'WA-REPLY-1' })
    const updates = [
      { kind: 'ack', externalId: 'WA-REPLY-1', status: 'delivered' },
      { kind: 'ack', externalId: 'WA-REPLY-1', status: 'read' },
      {
        kind: 'reaction',
        targetExternalId: 'WA-REPLY-1',
        emoji: '👍',
        from: { phone },
        fromMe: false,
        timestamp: Date.now(),
      },
      { kind: 'edit', externalId: customerMessage.externalId!, text: 'Oi!', timestamp: Date.now() },
      { kind: 'revoke', externalId: customerMessage.externalId!, timestamp: Date.now() },
    ] as const
    for (const update of updates) expect(applyInboundUpdate(db, bare, update)).toBe(true)
    addPrivateNote(db, people.seller.actor, ticketId, 'cliente antigo')

    const result = audienceMismatches(since, ticketId, people)
    expect(result.count).toBeGreaterThan(updates.length)
    expect(result.mismatches).toEqual([])
  })

  test('the same with "hide tickets without a queue" on: the assignee still hears everything', async () => {
    const { bare, people } = await setup()
    setSetting(db, people.admin.actor, 'tickets.hideQueuelessFromAgents', true)
    const phone = uniquePhone()
    const { ticketId } = customerWrites(db, bare, { phone })
    transferTicket(db, people.admin.actor, ticketId, { userId: people.loose.id })
    const since = lastEventId(db)
    const reply = sendMessage(db, people.loose.actor, ticketId, { text: 'Olá' })
    recordSendOutcome(db, reply, null, { status: 'sent', externalId: 'WA-REPLY-2' })
    applyInboundUpdate(db, bare, { kind: 'ack', externalId: 'WA-REPLY-2', status: 'read' })
    customerWrites(db, bare, { phone, text: 'obrigado' })
    expect(audienceMismatches(since, ticketId, people).mismatches).toEqual([])
  })

  test('a queue ticket given to someone outside the queue: they hear its messages and receipts too', async () => {
    const { salesLine, people } = await setup()
    const phone = uniquePhone()
    const { ticketId } = customerWrites(db, salesLine, { phone })
    transferTicket(db, people.admin.actor, ticketId, { userId: people.supporter.id })
    const since = lastEventId(db)
    customerWrites(db, salesLine, { phone, text: 'e aí?' })
    const reply = sendMessage(db, people.supporter.actor, ticketId, { text: 'Oi' })
    recordSendOutcome(db, reply, ticketRow(db, ticketId).queueId, {
      status: 'sent',
      externalId: 'WA-REPLY-3',
    })
    applyInboundUpdate(db, salesLine, { kind: 'ack', externalId: 'WA-REPLY-3', status: 'read' })
    expect(audienceMismatches(since, ticketId, people).mismatches).toEqual([])
  })

  test("editing a ticket's contact tells the company about the contact, and only the ticket's audience about the ticket", async () => {
    const { salesLine, bare, people, company } = await setup()
    const phone = uniquePhone()
    const { ticketId, contactId } = customerWrites(db, salesLine, { phone })
    acceptTicket(db, people.seller.actor, ticketId)
    // The same customer on the line without a queue: an unassigned ticket everyone may see.
    const { ticketId: looseTicketId } = customerWrites(db, bare, { phone })

    const since = lastEventId(db)
    updateContactFromTicket(db, people.seller.actor, ticketId, { name: 'Bianca Souza' })
    expect(audienceMismatches(since, ticketId, people).mismatches).toEqual([])
    expect(audienceMismatches(since, looseTicketId, people).mismatches).toEqual([])
    // The contact list is company-wide: everyone hears the contact changed, without a ticket.
    const contactEvents = eventsAfter(db, since).filter((e) => e.type === 'contact.updated')
    expect(contactEvents).toEqual([
      expect.objectContaining({ audienceType: 'company', payload: { contactId } }),
    ])
    expect(canSee(people.supporter.actor, { ...contactEvents[0]!, companyId: company.id })).toBe(
      true,
    )
  })
})

describe('ticketAudiences', () => {
  test('a queue, plus the assignee; without a queue, the queueless audience carrying the assignee', () => {
    expect(ticketAudiences({ queueId: 'q1', userId: null })).toEqual([{ type: 'queue', id: 'q1' }])
    expect(ticketAudiences({ queueId: 'q1', userId: 'u1' })).toEqual([
      { type: 'queue', id: 'q1' },
      { type: 'user', id: 'u1' },
    ])
    expect(ticketAudiences({ queueId: null, userId: 'u1' })).toEqual([
      { type: 'queueless', id: 'u1' },
    ])
    expect(ticketAudiences({ queueId: null, userId: null })).toEqual([
      { type: 'queueless', id: null },
    ])
  })

  test('with the previous row, those who saw it until now hear it leave (once each)', () => {
    expect(
      ticketAudiences({ queueId: 'q2', userId: 'u1' }, { queueId: 'q1', userId: 'u1' }),
    ).toEqual([
      { type: 'queue', id: 'q2' },
      { type: 'user', id: 'u1' },
      { type: 'queue', id: 'q1' },
    ])
    expect(ticketAudiences({ queueId: null, userId: 'u1' }, { queueId: null, userId: null })).toEqual(
      [
        { type: 'queueless', id: 'u1' },
        { type: 'queueless', id: null },
      ],
    )
  })
})
