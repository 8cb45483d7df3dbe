import { describe, expect, test } from 'vitest'
import { DeviceContactBook } from './device-contacts.ts'
import { type AuthStore } from './types.ts'

function memoryStore(): AuthStore & { writes: number } {
  const keys = new Map<string, string>()
  return {
    writes: 0,
    readCreds: () => null,
    writeCreds: () => {},
    readKeys(type, ids) {
      return Object.fromEntries(
        ids.flatMap((id) => (keys.has(`${type}:${id}`) ? [[id, keys.get(`${type}:${id}`)!]] : [])),
      )
    },
    writeKeys(entries) {
      this.writes++
      for (const { type, id, value } of entries)
        if (value === null) keys.delete(`${type}:${id}`)
        else keys.set(`${type}:${id}`, value)
    },
    clear: () => keys.clear(),
  }
}

describe('DeviceContactBook', () => {
  test('learns contacts, keeps names, and survives a restart through the auth store', () => {
    const store = memoryStore()
    const book = new DeviceContactBook(store, 60_000)
    book.add('+55 11 98765-4321', 'Bia')
    book.add('5511987654321') // a nameless sighting keeps the name
    book.add('5521912345678', 'Caio')
    book.add('12', 'curto demais')
    expect(book.list()).toEqual([
      { phone: '5511987654321', name: 'Bia' },
      { phone: '5521912345678', name: 'Caio' },
    ])
    expect(store.writes).toBe(0) // coalesced
    book.flush()
    expect(store.writes).toBe(1)
    const again = new DeviceContactBook(store)
    expect(again.list()).toHaveLength(2)
    again.add('5521912345678', 'Caio Lima')
    expect(again.list()[1]).toEqual({ phone: '5521912345678', name: 'Caio Lima' })
  })
})
