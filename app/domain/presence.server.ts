import { remember } from '@epic-web/remember'

/**
 * Who is online, as the domain asks it (the bot's "assign only to agents online", the team lists).
 * The answer lives in the runtime, which holds the live streams (app/runtime/presence.server.ts)
 * and registers itself here at start-up: the domain never imports app/runtime. Without one (a
 * script, a test that opens no stream) nobody is online.
 */
export type PresenceSource = { isOnline(userId: string): boolean }

const source = remember('presence-source', () => ({ current: null as PresenceSource | null }))

export function setPresenceSource(next: PresenceSource) {
  source.current = next
}

export function isOnline(userId: string) {
  return source.current?.isOnline(userId) ?? false
}
