/**
 * The event union is the contract (docs/decisions/003): `emit` accepts only the types of
 * app/domain/events.ts with their payloads. The `@ts-expect-error` lines are the evidence —
 * `npm run typecheck` fails if one of them stops being an error.
 */
import { describe, expect, test } from 'vitest'
import { db } from '#app/utils/db.server.ts'
import { createCompany } from '#tests/db-utils.ts'
import { EVENT_TYPES, isEventType } from './events.ts'
import { emit, readEvent, transaction, typedEvent } from './outbox.server.ts'

describe('typed events', () => {
  test('emit takes a known type with its payload; a stored row reads back narrowed', () => {
    const company = createCompany(db)
    const id = transaction(db, (tx) =>
      emit(tx, {
        type: 'user.presence',
        companyId: company.id,
        audience: { type: 'company' },
        payload: { userId: 'u1', online: true, at: 1 },
      }),
    )
    const event = typedEvent(readEvent(db, id)!)
    expect(event?.type).toBe('user.presence')
    if (event?.type === 'user.presence') expect(event.payload.online).toBe(true)
  })

  test('an unknown type or a wrong payload does not compile', () => {
    const company = createCompany(db)
    const check = () =>
      transaction(db, (tx) => {
        emit(tx, {
          // @ts-expect-error -- not an event type (app/domain/events.ts)
          type: 'ticket.exploded',
          companyId: company.id,
          audience: { type: 'company' },
          payload: {},
        })
        emit(tx, {
          type: 'user.presence',
          companyId: company.id,
          audience: { type: 'company' },
          // @ts-expect-error -- user.presence carries { userId, online, at }
          payload: { userId: 'u1' },
        })
        emit(tx, {
          type: 'tag.created',
          companyId: company.id,
          // @ts-expect-error -- not an audience
          audience: { type: 'everyone' },
          payload: { tagId: 't1' },
        })
        throw new Error('rolled back: only the types were under test')
      })
    expect(check).toThrow('rolled back')
  })

  test('rows of types no longer emitted read as null, not as a wrong type', () => {
    expect(isEventType('ticket.created')).toBe(true)
    expect(isEventType('ticket.exploded')).toBe(false)
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length)
  })
})
