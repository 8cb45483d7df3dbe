import { useNavigation, useRevalidator } from '@remix-run/react'
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react'

export type LiveEvent = { id: number; type: string; payload: Record<string, unknown> }
type Handler = (event: LiveEvent) => void

type Registry = {
  subscribe: (type: string, handler: Handler) => () => void
  connected: boolean
}

const LiveEventsContext = createContext<Registry | null>(null)

/**
 * One EventSource per tab on /events. The browser resends Last-Event-ID when it reconnects, and
 * the server replays what was missed.
 */
export function LiveEventsProvider({ children }: { children: React.ReactNode }) {
  const handlers = useRef(new Map<string, Set<Handler>>())
  const source = useRef<EventSource | null>(null)
  const listening = useRef(new Set<string>())
  const [connected, setConnected] = useState(false)

  const listen = useCallback((type: string) => {
    if (!source.current || listening.current.has(type)) return
    listening.current.add(type)
    source.current.addEventListener(type, (message) => {
      const event = message as MessageEvent<string>
      let parsed: LiveEvent
      try {
        parsed = {
          id: Number(event.lastEventId),
          type,
          payload: JSON.parse(event.data) as LiveEvent['payload'],
        }
      } catch {
        return
      }
      for (const handler of handlers.current.get(type) ?? []) handler(parsed)
    })
  }, [])

  useEffect(() => {
    const es = new EventSource('/events')
    source.current = es
    listening.current = new Set()
    es.onopen = () => setConnected(true)
    es.onerror = () => setConnected(false)
    for (const type of handlers.current.keys()) listen(type)
    return () => {
      es.close()
      source.current = null
    }
  }, [listen])

  const subscribe = useCallback(
    (type: string, handler: Handler) => {
      const set = handlers.current.get(type) ?? new Set()
      set.add(handler)
      handlers.current.set(type, set)
      listen(type)
      return () => {
        set.delete(handler)
      }
    },
    [listen],
  )
  const registry = useMemo<Registry>(() => ({ subscribe, connected }), [subscribe, connected])

  return <LiveEventsContext.Provider value={registry}>{children}</LiveEventsContext.Provider>
}

/** Calls `handler` for every live event of the given types the user may see. */
export function useLiveEvents(types: string[], handler: Handler) {
  const registry = useContext(LiveEventsContext)
  const latest = useRef(handler)
  useEffect(() => {
    latest.current = handler
  })
  const key = types.join(',')
  useEffect(() => {
    if (!registry) return
    const offs = key
      .split(',')
      .map((type) => registry.subscribe(type, (event) => latest.current(event)))
    return () => offs.forEach((off) => off())
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, registry?.subscribe])
}

/**
 * Reloads the route's data when one of these events arrives (coalesced to one reload). Waits
 * while a navigation or submission runs: interrupting it would drop the answer that carries its
 * toast (the event often comes from that very submission).
 */
export function useRevalidateOn(types: string[]) {
  const revalidator = useRevalidator()
  const navigation = useNavigation()
  const busy = useRef(false)
  useEffect(() => {
    busy.current = navigation.state !== 'idle'
  }, [navigation.state])
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )
  useLiveEvents(types, () => {
    if (timer.current) return
    const attempt = () => {
      if (busy.current) {
        timer.current = setTimeout(attempt, 150)
        return
      }
      timer.current = null
      revalidator.revalidate()
    }
    timer.current = setTimeout(attempt, 150)
  })
}

export function useLiveConnected() {
  return useContext(LiveEventsContext)?.connected ?? false
}
