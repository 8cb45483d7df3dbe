import { BufferJSON, initAuthCreds, proto } from 'baileys'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { sqliteAuthStore } from '#app/channels/auth-store.server.ts'
import { db, openDatabase, type Db } from '#app/utils/db.server.ts'
import { channelAuthCreds, channelAuthKeys, connections } from '#db/schema/connections.ts'
import { createCompany } from '#tests/db-utils.ts'
import { useSqliteAuthState } from './auth-state.server.ts'

function createConnection() {
  const company = createCompany(db)
  const connection = db
    .insert(connections)
    .values({ companyId: company.id, name: 'WhatsApp Loja', channel: 'whatsapp' })
    .returning()
    .get()
  return connection
}

/** A second handle on the same file: what a restarted process would open. */
const reopened: Db[] = []
function reopen() {
  const handle = openDatabase(process.env.DATABASE_PATH as string)
  reopened.push(handle)
  return handle
}
afterEach(() => {
  for (const handle of reopened.splice(0)) handle.$client.close()
})

describe('useSqliteAuthState', () => {
  test('creds and every key type survive a process restart, Buffers intact', async () => {
    const connection = createConnection()
    const first = useSqliteAuthState(sqliteAuthStore(db, connection))
    // A fresh session gets new creds.
    expect(first.state.creds.registered).toBe(false)
    first.state.creds.me = {
      id: '5511987654321:7@s.whatsapp.net',
      lid: '203040506070809:7@lid',
      name: 'Loja Centro',
    }
    first.state.creds.registered = true
    first.saveCreds()

    const preKey = {
      public: Buffer.from('a1'.repeat(32), 'hex'),
      private: Buffer.from('b2'.repeat(32), 'hex'),
    }
    const session = new Uint8Array([1, 2, 3, 250, 251, 252])
    const appStateKey = proto.Message.AppStateSyncKeyData.fromObject({
      keyData: Buffer.from('c3'.repeat(32), 'hex'),
      fingerprint: { rawId: 7, currentIndex: 2, deviceIndexes: [0, 7] },
      timestamp: 1735689600,
    })
    const version = {
      version: 3,
      hash: Buffer.alloc(128, 9),
      indexValueMap: { 'aW5kZXg=': { valueMac: Buffer.from([4, 5, 6]) } },
    }
    await first.state.keys.set({
      'pre-key': { '1': preKey, '2': preKey },
      session: { '5511987654321.0': session },
      'sender-key': { '120363025746812345@g.us::5511987654321::0': Buffer.from([7, 7, 7]) },
      'sender-key-memory': {
        '120363025746812345@g.us': { '5511987654321:0@s.whatsapp.net': true },
      },
      'app-state-sync-key': { AAAAAPsH: appStateKey },
      'app-state-sync-version': { regular_high: version },
      'lid-mapping': {
        '5511987654321': '203040506070809',
        '203040506070809_reverse': '5511987654321',
      },
      'device-list': { '5511987654321': ['0', '7'] },
      tctoken: {
        '5511987654321@s.whatsapp.net': { token: Buffer.from('token'), timestamp: '1735689600' },
      },
      'identity-key': { '5511987654321.0': new Uint8Array([5, 33, 200]) },
    })

    const second = useSqliteAuthState(sqliteAuthStore(reopen(), connection))
    const creds = second.state.creds
    expect(creds.registered).toBe(true)
    expect(creds.me).toEqual({
      id: '5511987654321:7@s.whatsapp.net',
      lid: '203040506070809:7@lid',
      name: 'Loja Centro',
    })
    expect(Buffer.isBuffer(creds.noiseKey.private)).toBe(true)
    expect(Buffer.compare(creds.noiseKey.private, first.state.creds.noiseKey.private)).toBe(0)
    expect(
      Buffer.compare(creds.signedIdentityKey.public, first.state.creds.signedIdentityKey.public),
    ).toBe(0)
    expect(creds.signedPreKey.signature).toEqual(
      Buffer.from(first.state.creds.signedPreKey.signature),
    )
    expect(creds.advSecretKey).toBe(first.state.creds.advSecretKey)

    const keys = second.state.keys
    const preKeys = await keys.get('pre-key', ['1', '2', '3'])
    expect(Object.keys(preKeys).sort()).toEqual(['1', '2'])
    expect(Buffer.isBuffer(preKeys['1']!.public)).toBe(true)
    expect(preKeys['1']!.private).toEqual(preKey.private)
    expect((await keys.get('session', ['5511987654321.0']))['5511987654321.0']).toEqual(
      Buffer.from(session),
    )
    expect(
      (await keys.get('sender-key', ['120363025746812345@g.us::5511987654321::0']))[
        '120363025746812345@g.us::5511987654321::0'
      ],
    ).toEqual(Buffer.from([7, 7, 7]))
    expect(await keys.get('sender-key-memory', ['120363025746812345@g.us'])).toEqual({
      '120363025746812345@g.us': { '5511987654321:0@s.whatsapp.net': true },
    })
    const syncKey = (await keys.get('app-state-sync-key', ['AAAAAPsH'])).AAAAAPsH
    expect(syncKey).toBeInstanceOf(proto.Message.AppStateSyncKeyData)
    expect(Buffer.from(syncKey!.keyData!)).toEqual(Buffer.from('c3'.repeat(32), 'hex'))
    expect(syncKey!.fingerprint?.rawId).toBe(7)
    const storedVersion = (await keys.get('app-state-sync-version', ['regular_high'])).regular_high
    expect(storedVersion?.hash).toEqual(Buffer.alloc(128, 9))
    expect(storedVersion?.indexValueMap['aW5kZXg=']?.valueMac).toEqual(Buffer.from([4, 5, 6]))
    expect(await keys.get('lid-mapping', ['5511987654321', '203040506070809_reverse'])).toEqual({
      '5511987654321': '203040506070809',
      '203040506070809_reverse': '5511987654321',
    })
    expect(await keys.get('device-list', ['5511987654321'])).toEqual({
      '5511987654321': ['0', '7'],
    })
    const tc = (await keys.get('tctoken', ['5511987654321@s.whatsapp.net']))[
      '5511987654321@s.whatsapp.net'
    ]
    expect(tc?.token).toEqual(Buffer.from('token'))
    expect((await keys.get('identity-key', ['5511987654321.0']))['5511987654321.0']).toEqual(
      Buffer.from([5, 33, 200]),
    )

    // Stored as BufferJSON text: binary fields are base64, never number maps.
    const raw = db.select().from(channelAuthKeys).where(eq(channelAuthKeys.type, 'session')).get()
    expect(JSON.parse(raw!.value)).toEqual({
      type: 'Buffer',
      data: Buffer.from(session).toString('base64'),
    })
  })

  test('null deletes; one set() call is one writeKeys call', async () => {
    const connection = createConnection()
    const store = sqliteAuthStore(db, connection)
    const calls: number[] = []
    const counting = {
      ...store,
      writeKeys: (entries: Parameters<typeof store.writeKeys>[0]) => (
        calls.push(entries.length),
        store.writeKeys(entries)
      ),
    }
    const { state } = useSqliteAuthState(counting)
    await state.keys.set({
      'pre-key': { '1': { public: Buffer.from([1]), private: Buffer.from([2]) } },
      session: { a: Buffer.from([3]), b: Buffer.from([4]) },
    })
    await state.keys.set({ session: { a: null }, 'pre-key': { '1': null } })
    expect(calls).toEqual([3, 2])
    expect(await state.keys.get('session', ['a', 'b'])).toEqual({ b: Buffer.from([4]) })
    expect(await state.keys.get('pre-key', ['1'])).toEqual({})
  })

  test('clear() removes creds and keys and ignores later writes', async () => {
    const connection = createConnection()
    const other = createConnection()
    const auth = useSqliteAuthState(sqliteAuthStore(db, connection))
    const otherAuth = useSqliteAuthState(sqliteAuthStore(db, other))
    auth.saveCreds()
    otherAuth.saveCreds()
    await auth.state.keys.set({ session: { a: Buffer.from([1]) } })
    await otherAuth.state.keys.set({ session: { a: Buffer.from([1]) } })

    auth.clear()
    // A socket still winding down cannot write the session back.
    auth.saveCreds()
    await auth.state.keys.set({ session: { z: Buffer.from([9]) } })

    const rows = (table: typeof channelAuthKeys | typeof channelAuthCreds, id: string) =>
      db.select().from(table).where(eq(table.connectionId, id)).all().length
    expect(rows(channelAuthCreds, connection.id)).toBe(0)
    expect(rows(channelAuthKeys, connection.id)).toBe(0)
    // Another connection's session is untouched.
    expect(rows(channelAuthCreds, other.id)).toBe(1)
    expect(rows(channelAuthKeys, other.id)).toBe(1)
    // A restart after clear starts a brand new session.
    const fresh = useSqliteAuthState(sqliteAuthStore(reopen(), connection))
    expect(fresh.state.creds.registered).toBe(false)
    expect(fresh.state.creds.noiseKey.public).not.toEqual(auth.state.creds.noiseKey.public)
  })

  test('creds written by Baileys-style JSON elsewhere are read back', () => {
    const connection = createConnection()
    const creds = initAuthCreds()
    sqliteAuthStore(db, connection).writeCreds(JSON.stringify(creds, BufferJSON.replacer))
    const { state } = useSqliteAuthState(sqliteAuthStore(db, connection))
    expect(state.creds.registrationId).toBe(creds.registrationId)
    expect(state.creds.pairingEphemeralKeyPair.private).toEqual(
      Buffer.from(creds.pairingEphemeralKeyPair.private),
    )
  })
})
