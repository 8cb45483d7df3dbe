import { useState } from 'react'
import { useLiveEvents } from './live-events.tsx'

/**
 * Online status per user id: the loader's snapshot, overridden by the `user.presence` events
 * that arrive afterwards (no reload needed).
 */
export function useLivePresence(initial: Array<{ id: string; online: boolean }>) {
  const [changes, setChanges] = useState<Record<string, boolean>>({})
  useLiveEvents(['user.presence'], (event) => {
    const { userId, online } = event.payload
    setChanges((current) => ({ ...current, [userId]: online }))
  })
  const snapshot = Object.fromEntries(initial.map((u) => [u.id, u.online])) as Record<
    string,
    boolean
  >
  return { ...snapshot, ...changes }
}
