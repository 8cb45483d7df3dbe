import { remember } from '@epic-web/remember'
import { eq } from 'drizzle-orm'
import { emit, transaction } from '#app/domain/outbox.server.ts'
import { setPresenceSource } from '#app/domain/presence.server.ts'
import { db as appDb, type Db } from '#app/utils/db.server.ts'
import { users } from '#db/schema/users.ts'

type PresenceUser = { id: string; companyId: string }

/**
 * Who is online: a user is online while at least one of their live streams (/events) is open.
 * Going offline waits a grace period, so a page reload does not flicker the status.
 */
export class Presence {
  private streams = new Map<string, number>()
  private pendingOffline = new Map<string, NodeJS.Timeout>()

  constructor(
    private readonly db: Db,
    private readonly graceMs = 5_000,
  ) {}

  isOnline(userId: string) {
    return (this.streams.get(userId) ?? 0) > 0 || this.pendingOffline.has(userId)
  }

  /** Registers one open stream; returns the function that closes it. */
  connect(user: PresenceUser) {
    // Read before cancelling a pending offline: a reconnect within the grace period was never
    // announced offline, so it must not be announced online again.
    const wasOnline = this.isOnline(user.id)
    const pending = this.pendingOffline.get(user.id)
    if (pending) {
      clearTimeout(pending)
      this.pendingOffline.delete(user.id)
    }
    this.streams.set(user.id, (this.streams.get(user.id) ?? 0) + 1)
    if (!wasOnline) this.announce(user, true)
    let closed = false
    return () => {
      if (closed) return
      closed = true
      const left = (this.streams.get(user.id) ?? 1) - 1
      if (left > 0) return void this.streams.set(user.id, left)
      this.streams.delete(user.id)
      const timer = setTimeout(() => {
        this.pendingOffline.delete(user.id)
        if (!this.streams.has(user.id)) this.announce(user, false)
      }, this.graceMs)
      timer.unref()
      this.pendingOffline.set(user.id, timer)
    }
  }

  private announce(user: PresenceUser, online: boolean) {
    if (!this.db.$client.open) return
    const now = Date.now()
    transaction(this.db, (tx) => {
      tx.update(users).set({ lastSeenAt: now }).where(eq(users.id, user.id)).run()
      emit(tx, {
        type: 'user.presence',
        companyId: user.companyId,
        audience: { type: 'company' },
        payload: { userId: user.id, online, at: now },
      })
    })
  }

  /** Drops every stream at shutdown without announcing anything. */
  reset() {
    for (const timer of this.pendingOffline.values()) clearTimeout(timer)
    this.pendingOffline.clear()
    this.streams.clear()
  }
}

export const presence = remember('presence', () => new Presence(appDb))

// The domain asks who is online through its port (#app/domain/presence.server.ts).
setPresenceSource(presence)
