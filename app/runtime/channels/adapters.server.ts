import path from 'node:path'
import { BaileysAdapter } from '#app/channels/baileys/adapter.server.ts'
import { SimulatorAdapter } from '#app/channels/simulator/adapter.server.ts'
import { type Channel, type ChannelAdapter } from '#app/channels/types.ts'
import { type Db } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { ChannelManager } from './manager.server.ts'

/** One adapter per channel kind. */
export function createAdapter(channel: Channel): ChannelAdapter {
  switch (channel) {
    case 'simulator':
      return new SimulatorAdapter()
    case 'whatsapp':
      return new BaileysAdapter()
  }
}

export function createChannelManager(db: Db) {
  return new ChannelManager(db, {
    createAdapter,
    mediaDir: path.resolve(getEnv().MEDIA_DIR),
    // WhatsApp numbers get banned for machine-gun sending: keep a human pace per number.
    sendIntervalMs: (channel) => (channel === 'whatsapp' ? 400 : 0),
  })
}
