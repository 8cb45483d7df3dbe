import { describe, expect, test } from 'vitest'
import { type InboundMessage, type InboundUpdate } from '#app/channels/types.ts'
import {
  baileysFixture,
  baileysFixtureNames,
  readBaileysFixture,
} from '#tests/fixtures/baileys/load.ts'
import {
  identitiesFromKey,
  identityFromMapping,
  isIgnoredJid,
  jidKind,
  lidFromJid,
  mediaOf,
  phoneFromJid,
  reactionFromMessage,
  reactionsToUpdates,
  secondsToMs,
  toInbound,
  toUpdates,
} from './translate.ts'

const NOW = 1_800_000_000_000
const T = 1735689600 * 1000 // 2025-01-01T00:00:00Z, the fixtures' base time
const opts = { groupsEnabled: false, now: NOW }

const maria = {
  chatId: '5511987654321@s.whatsapp.net',
  phone: '5511987654321',
  lid: '203040506070809',
  name: 'Maria Souza',
}
const fromMaria = (fields: Partial<InboundMessage> & Pick<InboundMessage, 'externalId' | 'type'>) =>
  ({ peer: maria, fromMe: false, ...fields }) as InboundMessage

/** What each upsert fixture becomes (one entry per message), with groups disabled. */
const upserts: Record<string, Array<InboundMessage | null>> = {
  text: [
    fromMaria({
      externalId: '3EB0A1B2C3D4E5F6071829',
      type: 'text',
      timestamp: T,
      text: 'Olá, bom dia! Vocês abrem amanhã?',
    }),
  ],
  'extended-text-quote': [
    fromMaria({
      externalId: '3EB0B1C2D3E4F5061728A9',
      type: 'text',
      timestamp: T + 60_000,
      text: 'Sim, pode ser amanhã às 10h',
      quotedExternalId: '3EB0FFEE00112233445566',
    }),
  ],
  image: [
    fromMaria({
      externalId: 'AC5F9E2B7D3C41A0B8E6F1',
      type: 'image',
      timestamp: T + 120_000,
      text: 'foto do recibo',
    }),
  ],
  video: [
    fromMaria({
      externalId: '3A5D1C9E8B7F60412233',
      type: 'video',
      timestamp: T + 180_000,
      text: 'olha o barulho do motor',
    }),
  ],
  'voice-note': [
    fromMaria({ externalId: '3EB0C3D4E5F6A7B8C9D0E1', type: 'voice', timestamp: T + 240_000 }),
  ],
  audio: [
    fromMaria({ externalId: '3EB0D4E5F6A7B8C9D0E1F2', type: 'audio', timestamp: T + 300_000 }),
  ],
  document: [
    fromMaria({ externalId: '3EB0E5F6A7B8C9D0E1F2A3', type: 'document', timestamp: T + 360_000 }),
  ],
  'document-with-caption': [
    fromMaria({
      externalId: '3EB0F6A7B8C9D0E1F2A3B4',
      type: 'document',
      timestamp: T + 420_000,
      text: 'segue o orçamento atualizado',
    }),
  ],
  sticker: [
    fromMaria({ externalId: '3EB0A7B8C9D0E1F2A3B4C5', type: 'sticker', timestamp: T + 480_000 }),
  ],
  location: [
    fromMaria({
      externalId: '3EB0B8C9D0E1F2A3B4C5D6',
      type: 'location',
      timestamp: T + 540_000,
      location: {
        latitude: -23.561414,
        longitude: -46.655881,
        name: 'MASP',
        address: 'Av. Paulista, 1578 - Bela Vista, São Paulo - SP',
      },
    }),
  ],
  'contact-card': [
    fromMaria({
      externalId: '3EB0C9D0E1F2A3B4C5D6E7',
      type: 'contact',
      timestamp: T + 600_000,
      contactCard: {
        displayName: 'Dr. Paulo Lima',
        vcard:
          'BEGIN:VCARD\nVERSION:3.0\nN:Lima;Paulo;;Dr.;\nFN:Dr. Paulo Lima\nTEL;type=CELL;type=VOICE;waid=5511955554444:+55 11 95555-4444\nEND:VCARD',
      },
    }),
  ],
  // A reaction is an update, not a message.
  'reaction-upsert': [null],
  ephemeral: [
    fromMaria({
      externalId: '3EB0F2A3B4C5D6E7F8A9B0',
      type: 'text',
      timestamp: T + 780_000,
      text: 'essa mensagem some em 7 dias',
    }),
  ],
  'view-once': [
    fromMaria({ externalId: '3EB0A3B4C5D6E7F8A9B0C1', type: 'image', timestamp: T + 840_000 }),
  ],
  'lid-message': [
    {
      externalId: '3A7F0E1D2C3B4A596877',
      // Addressed by LID, but the reply goes to the phone JID we learned from remoteJidAlt.
      peer: {
        chatId: '5521998877665@s.whatsapp.net',
        phone: '5521998877665',
        lid: '98765432109876',
        name: 'João Pedro',
      },
      fromMe: false,
      timestamp: T + 900_000,
      type: 'text',
      text: 'Oi, meu pedido 4312 ainda não chegou',
    },
  ],
  'lid-only': [
    {
      externalId: '3A11223344556677889900',
      peer: { chatId: '77788899900011@lid', lid: '77788899900011', name: 'Ana' },
      fromMe: false,
      timestamp: T + 930_000,
      type: 'text',
      text: 'Quero um orçamento',
    },
  ],
  'status-broadcast': [null],
  newsletter: [null],
  // Groups are off by default (the groups-enabled case is below).
  group: [null],
  'own-phone': [
    {
      externalId: '3EB00E00000000000000A1',
      // Our own push name must not become the customer's name.
      peer: { chatId: maria.chatId, phone: maria.phone, lid: maria.lid },
      fromMe: true,
      timestamp: T + 1_080_000,
      type: 'text',
      text: 'Oi Maria, já separei seu pedido',
    },
  ],
  stub: [null],
  'protocol-revoke': [null],
}

const updates: Record<string, InboundUpdate[]> = {
  ack: [
    { kind: 'ack', externalId: '3EB0C0FFEE123456789012', status: 'delivered' },
    { kind: 'ack', externalId: '3EB0C0FFEE123456789012', status: 'read' },
    { kind: 'ack', externalId: '3EB0C0FFEE000000000001', status: 'sent' },
    { kind: 'ack', externalId: '3EB0C0FFEE000000000002', status: 'played' },
    // The 5th entry is our own read state of a received message: not an ack.
  ],
  edit: [
    {
      kind: 'edit',
      externalId: '3EB0A1B2C3D4E5F6071829',
      text: 'Olá, bom dia! Vocês abrem no sábado?',
      timestamp: T + 720_000,
    },
  ],
  revoke: [{ kind: 'revoke', externalId: 'AC5F9E2B7D3C41A0B8E6F1', timestamp: NOW }],
}

const thumbsUp: InboundUpdate = {
  kind: 'reaction',
  targetExternalId: '3EB0AAAABBBBCCCCDDDDEE',
  emoji: '👍',
  from: { phone: maria.phone, lid: maria.lid },
  fromMe: false,
  timestamp: T + 660_123,
}

describe('every fixture has an expectation', () => {
  test.each(baileysFixtureNames())('%s', (name) => {
    const { event } = readBaileysFixture(name)
    const known =
      (event === 'messages.upsert' && name in upserts) ||
      (event === 'messages.update' && name in updates) ||
      ['reaction', 'history-set', 'lid-mapping-update'].includes(name)
    expect(known, `add an expectation for fixture ${name}`).toBe(true)
  })
})

describe('toInbound', () => {
  test.each(Object.entries(upserts))('%s', (name, expected) => {
    const { messages } = baileysFixture(name, 'messages.upsert')
    expect(messages.map((msg) => toInbound(msg, opts))).toEqual(expected)
  })

  test('group messages are delivered when groups are enabled, with the author', () => {
    const [msg] = baileysFixture('group', 'messages.upsert').messages
    expect(toInbound(msg!, { ...opts, groupsEnabled: true })).toEqual({
      externalId: 'AC5F9E2B7D3C41A0B8E6F9',
      peer: { chatId: '120363025746812345@g.us', isGroup: true },
      author: { phone: maria.phone, lid: maria.lid, name: 'Maria Souza' },
      fromMe: false,
      timestamp: T + 1_020_000,
      type: 'text',
      text: 'Bom dia, grupo!',
    })
  })

  test('status updates stay ignored even with groups enabled', () => {
    const [msg] = baileysFixture('status-broadcast', 'messages.upsert').messages
    expect(toInbound(msg!, { ...opts, groupsEnabled: true })).toBeNull()
  })

  test('history messages translate like live ones; stubs are dropped', () => {
    const history = baileysFixture('history-set', 'messaging-history.set')
    const translated = history.messages.map((msg) => toInbound(msg, opts))
    expect(translated.map((m) => m && [m.externalId, m.type, m.fromMe, m.timestamp])).toEqual([
      ['3EB0A15700000000000003', 'text', false, T - 3_600_000],
      ['3EB0A15700000000000002', 'text', true, T - 7_200_000],
      ['3EB0A15700000000000001', 'image', false, T - 10_800_000],
      null,
      ['3A00A15700000000000009', 'text', false, T - 40 * 86_400_000],
    ])
    expect(translated[1]?.quotedExternalId).toBe('3EB0A15700000000000001')
    // No remoteJidAlt in history keys: the LID is all we know, and it is the chat id.
    expect(translated[4]?.peer).toEqual({
      chatId: '98765432109876@lid',
      lid: '98765432109876',
      name: 'João Pedro',
    })
  })

  test('contactsArrayMessage keeps the first card and lists every name', () => {
    const msg = {
      key: { remoteJid: maria.chatId, fromMe: false, id: 'X1' },
      messageTimestamp: 1,
      message: {
        contactsArrayMessage: {
          displayName: '2 contatos',
          contacts: [
            { displayName: 'Ana', vcard: 'BEGIN:VCARD\nFN:Ana\nEND:VCARD' },
            { displayName: 'Bia', vcard: 'BEGIN:VCARD\nFN:Bia\nEND:VCARD' },
          ],
        },
      },
    }
    expect(toInbound(msg, opts)).toMatchObject({
      type: 'contact',
      text: 'Ana, Bia',
      contactCard: { displayName: 'Ana', vcard: 'BEGIN:VCARD\nFN:Ana\nEND:VCARD' },
    })
  })

  test('unknown content is kept as unsupported; polls keep their question', () => {
    const key = { remoteJid: maria.chatId, fromMe: false, id: 'P1' }
    expect(
      toInbound(
        {
          key,
          messageTimestamp: 1,
          message: {
            pollCreationMessageV3: { name: 'Qual dia?', options: [{ optionName: 'Seg' }] },
          },
        },
        opts,
      ),
    ).toMatchObject({ type: 'unsupported', text: 'Qual dia?' })
    expect(
      toInbound(
        {
          key,
          messageTimestamp: 1,
          message: { groupInviteMessage: { groupJid: '1@g.us', inviteCode: 'x' } },
        },
        opts,
      ),
    ).toMatchObject({ type: 'unsupported', externalId: 'P1' })
  })

  test('a message without timestamp gets the fallback time', () => {
    const msg = {
      key: { remoteJid: maria.chatId, fromMe: false, id: 'N1' },
      message: { conversation: 'oi' },
    }
    expect(toInbound(msg, opts)?.timestamp).toBe(NOW)
  })
})

describe('updates', () => {
  test.each(Object.entries(updates))('%s', (name, expected) => {
    expect(toUpdates(baileysFixture(name, 'messages.update'), opts)).toEqual(expected)
  })

  test('messages.reaction', () => {
    expect(reactionsToUpdates(baileysFixture('reaction', 'messages.reaction'), opts)).toEqual([
      thumbsUp,
    ])
  })

  test('a reactionMessage upsert is the same reaction', () => {
    const [msg] = baileysFixture('reaction-upsert', 'messages.upsert').messages
    expect(reactionFromMessage(msg!, opts)).toEqual(thumbsUp)
  })

  test('a removed reaction has an empty emoji; our own reaction is fromMe', () => {
    const [entry] = baileysFixture('reaction', 'messages.reaction')
    entry!.reaction.text = ''
    entry!.reaction.key = { ...entry!.reaction.key, fromMe: true }
    expect(reactionsToUpdates([entry!], opts)).toEqual([
      { ...thumbsUp, emoji: '', from: {}, fromMe: true },
    ])
  })

  test('reactions folded into an upsert by the event buffer (target = the message)', () => {
    const [msg] = baileysFixture('text', 'messages.upsert').messages
    const reaction = {
      key: {
        remoteJid: maria.chatId,
        fromMe: false,
        id: 'R1',
        remoteJidAlt: '203040506070809@lid',
      },
      text: '❤️',
      senderTimestampMs: 5,
    }
    expect(reactionsToUpdates([{ key: msg!.key, reaction }], opts)).toEqual([
      {
        kind: 'reaction',
        targetExternalId: '3EB0A1B2C3D4E5F6071829',
        emoji: '❤️',
        from: { phone: maria.phone, lid: maria.lid },
        fromMe: false,
        timestamp: 5,
      },
    ])
  })

  test('an edit of a media caption', () => {
    const [update] = toUpdates(
      [
        {
          key: { remoteJid: maria.chatId, fromMe: true, id: 'E1' },
          update: {
            message: { editedMessage: { message: { imageMessage: { caption: 'nova legenda' } } } },
            messageTimestamp: 10,
          },
        },
      ],
      opts,
    )
    expect(update).toEqual({
      kind: 'edit',
      externalId: 'E1',
      text: 'nova legenda',
      timestamp: 10_000,
    })
  })

  test('updates in ignored chats are dropped', () => {
    expect(
      toUpdates(
        [{ key: { remoteJid: 'status@broadcast', fromMe: true, id: 'S1' }, update: { status: 3 } }],
        opts,
      ),
    ).toEqual([])
  })
})

describe('JIDs and identities', () => {
  test('jid kinds', () => {
    expect(jidKind('5511987654321@s.whatsapp.net')).toBe('pn')
    expect(jidKind('5511987654321@c.us')).toBe('pn')
    expect(jidKind('203040506070809@lid')).toBe('lid')
    expect(jidKind('120363025746812345@g.us')).toBe('group')
    expect(jidKind('status@broadcast')).toBe('ignored')
    expect(jidKind('1735689600@broadcast')).toBe('ignored')
    expect(jidKind('120363144038483540@newsletter')).toBe('ignored')
    expect(jidKind(undefined)).toBe('ignored')
    expect(isIgnoredJid('status@broadcast')).toBe(true)
    expect(isIgnoredJid('120363144038483540@newsletter')).toBe(true)
    expect(isIgnoredJid('120363025746812345@g.us')).toBe(false)
    expect(isIgnoredJid('5511987654321@s.whatsapp.net')).toBe(false)
  })

  test('device suffixes are stripped', () => {
    expect(phoneFromJid('5511987654321:12@s.whatsapp.net')).toBe('5511987654321')
    expect(lidFromJid('203040506070809:3@lid')).toBe('203040506070809')
    expect(phoneFromJid('203040506070809@lid')).toBeUndefined()
  })

  test('identities from keys and mappings', () => {
    const [msg] = baileysFixture('lid-message', 'messages.upsert').messages
    expect(identitiesFromKey(msg!.key, msg!.pushName)).toEqual([
      { lid: '98765432109876', phone: '5521998877665', name: 'João Pedro' },
    ])
    const [group] = baileysFixture('group', 'messages.upsert').messages
    expect(identitiesFromKey(group!.key, group!.pushName)).toEqual([
      { lid: maria.lid, phone: maria.phone, name: 'Maria Souza' },
    ])
    expect(identityFromMapping(baileysFixture('lid-mapping-update', 'lid-mapping.update'))).toEqual(
      {
        lid: '55566677788899',
        phone: '5511944443333',
      },
    )
    expect(identityFromMapping({ lid: '123', pn: '5511900000000' })).toEqual({
      lid: '123',
      phone: '5511900000000',
    })
    expect(identityFromMapping({ lid: '123@lid' })).toBeNull()
  })

  test('mediaOf reads mime, name, size (Long) and duration', () => {
    const [doc] = baileysFixture('document', 'messages.upsert').messages
    expect(mediaOf(doc!)).toEqual({
      mimeType: 'application/pdf',
      fileName: 'boleto-janeiro.pdf',
      size: 88213,
    })
    const [voice] = baileysFixture('voice-note', 'messages.upsert').messages
    expect(mediaOf(voice!)).toEqual({
      mimeType: 'audio/ogg; codecs=opus',
      size: 9812,
      durationSeconds: 7,
    })
    const [wrapped] = baileysFixture('document-with-caption', 'messages.upsert').messages
    expect(mediaOf(wrapped!)?.fileName).toBe('orcamento.xlsx')
    const [text] = baileysFixture('text', 'messages.upsert').messages
    expect(mediaOf(text!)).toBeNull()
  })

  test('timestamps: seconds or Long to ms', () => {
    expect(secondsToMs(1735689600, 0)).toBe(T)
    expect(secondsToMs({ low: 1735689600, high: 0, unsigned: true }, 0)).toBe(T)
    expect(secondsToMs(null, 42)).toBe(42)
  })
})
