import {
  type ShouldRevalidateFunction,
  useFetchers,
  useLoaderData,
  useMatches,
  useNavigation,
  useRevalidator,
} from '@remix-run/react'
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { type DomainEvent, type EventType } from '#app/domain/events.ts'

/**
 * One live event as the page receives it: a domain event (app/domain/events.ts) with the stream's
 * id. `LiveEvent<'a' | 'b'>` narrows by `type`: `event.type === 'a'` gives `a`'s payload.
 */
export type LiveEvent<T extends EventType = EventType> = DomainEvent<T> & { id: number }
type Handler = (event: LiveEvent) => void

type Registry = {
  subscribe: (type: EventType, handler: Handler) => () => void
  /** When the last event of one of these types arrived (ms, performance clock), or -1. */
  lastReceived: (types: readonly EventType[]) => number
  /** When the last navigation started loading (ms, performance clock), or -1. */
  navigationStartedAt: () => number
  /**
   * Asks for one reload of a route's data (see useRevalidate); without a route, of the whole page
   * (the stream missed events, or the caller is not a route's).
   */
  reload: (routeId?: string) => void
  connected: boolean
}

const LiveEventsContext = createContext<Registry | null>(null)

/**
 * One EventSource per tab on /events. The browser resends Last-Event-ID when it reconnects, and
 * the server replays what was missed. Every domain event arrives as a plain `message` carrying
 * `{ type, payload }`, so events of a type no component listens to yet are still seen (and
 * remembered for `useRevalidateOn`'s catch-up). When the tab missed more than the server replays,
 * a `reload` event comes instead of the rest, and the page's data is reloaded once.
 */
export function LiveEventsProvider({
  children,
  cursor,
}: {
  children: React.ReactNode
  /** The newest event id when the page's data was read: the stream starts right after it. */
  cursor: number
}) {
  const startAt = useRef(cursor)
  const handlers = useRef(new Map<string, Set<Handler>>())
  const received = useRef(new Map<string, number>())
  const [connected, setConnected] = useState(false)
  // When the router started the last navigation: read from the router itself, not from a render
  // of it. React shows router updates as transitions, late on a busy machine (or never, for a
  // quick one), and a start time taken then falls after events that arrived while the page's
  // data loaded, so useRevalidateOn's catch-up would miss them.
  const navigationStarted = useRef(-1)
  useEffect(() => {
    const router = window.__remixRouter
    if (!router) return
    let navigating = router.state.navigation.state !== 'idle'
    if (navigating) navigationStarted.current = performance.now()
    return router.subscribe((state) => {
      const now = state.navigation.state !== 'idle'
      if (now && !navigating) navigationStarted.current = performance.now()
      navigating = now
    })
  }, [])

  const reload = useReloadScheduler()
  const reloadRef = useRef(reload)
  useEffect(() => {
    reloadRef.current = reload
  }, [reload])

  useEffect(() => {
    // Without a starting point the stream would begin at whatever is newest when it connects, and
    // every event between the page's data and that moment (hydration, a busy machine) was lost.
    // Reconnects send Last-Event-ID, which the server prefers over this parameter.
    const es = new EventSource(`/events?lastEventId=${startAt.current}`)
    es.onopen = () => setConnected(true)
    es.onerror = () => setConnected(false)
    es.onmessage = (message: MessageEvent<string>) => {
      let parsed: LiveEvent
      try {
        // The server writes `{ type, payload }` of a DomainEvent (app/runtime/sse.server.ts); a
        // type this page does not know has no handler below.
        const data = JSON.parse(message.data) as DomainEvent
        parsed = { ...data, id: Number(message.lastEventId) }
      } catch {
        return
      }
      received.current.set(parsed.type, performance.now())
      for (const handler of handlers.current.get(parsed.type) ?? []) handler(parsed)
    }
    // The server could not replay what this tab missed: every route's data reloads, once.
    es.addEventListener('reload', () => reloadRef.current())
    return () => es.close()
  }, [])

  const subscribe = useCallback((type: EventType, handler: Handler) => {
    const set = handlers.current.get(type) ?? new Set()
    set.add(handler)
    handlers.current.set(type, set)
    return () => {
      set.delete(handler)
    }
  }, [])
  const lastReceived = useCallback(
    (types: readonly EventType[]) =>
      Math.max(-1, ...types.map((type) => received.current.get(type) ?? -1)),
    [],
  )
  const navigationStartedAt = useCallback(() => navigationStarted.current, [])
  const registry = useMemo<Registry>(
    () => ({ subscribe, lastReceived, navigationStartedAt, reload, connected }),
    [subscribe, lastReceived, navigationStartedAt, reload, connected],
  )

  return <LiveEventsContext.Provider value={registry}>{children}</LiveEventsContext.Provider>
}

/**
 * Calls `handler` for every live event of the given types the user may see. The handler's event
 * is typed by those types: `useLiveEvents(['user.presence'], (e) => e.payload.online)`.
 */
export function useLiveEvents<T extends EventType>(
  types: readonly T[],
  handler: (event: LiveEvent<T>) => void,
) {
  const registry = useContext(LiveEventsContext)
  const latest = useRef(handler)
  useEffect(() => {
    latest.current = handler
  })
  const key = types.join(',')
  useEffect(() => {
    if (!registry) return
    // The registry hands each handler only the types it subscribed to: the event is a LiveEvent<T>.
    const offs = (key.split(',') as T[]).map((type) =>
      registry.subscribe(type, (event) => latest.current(event as LiveEvent<T>)),
    )
    return () => offs.forEach((off) => off())
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, registry?.subscribe])
}

/** Reloads the route's data when one of these events arrives (see useRevalidate). */
export function useRevalidateOn(types: readonly EventType[]) {
  const revalidate = useRevalidate()
  const registry = useContext(LiveEventsContext)
  useLiveEvents(types, () => revalidate())
  // Catch-up: an event that arrived while the navigation to this page was loading may not be in
  // the data it loaded (and this page was not mounted to hear it).
  const key = types.join(',')
  useEffect(() => {
    if (!registry) return
    const started = registry.navigationStartedAt()
    if (started >= 0 && registry.lastReceived(key.split(',') as EventType[]) >= started)
      revalidate()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}

/**
 * A reload of the calling route's data for live updates. There is one scheduler per tab, so every
 * component's request in a burst of events becomes one reload, and it is held back while a
 * navigation, a submission, a fetcher or another reload is under way: starting it then would
 * abort them (the answer that carries a submission's toast, or a fetcher's answer mid-body, which
 * Remix reports as a console error). Routes whose data live events patch (root, the app layout,
 * tickets, conversation, kanban: `liveShouldRevalidate`) stay out of it unless they asked.
 */
export function useRevalidate() {
  const registry = useContext(LiveEventsContext)
  const routeId = useOwnRouteId()
  const { revalidate } = useRevalidator()
  const outside = useCallback(() => void revalidate(), [revalidate])
  const reload = registry?.reload
  return useMemo(() => (reload ? () => reload(routeId) : outside), [reload, routeId, outside])
}

/**
 * The route the calling component belongs to: the match whose data is this route's loader data
 * (the router hands both out as the same object). Undefined for a route without a loader.
 */
function useOwnRouteId() {
  const data = useLoaderData()
  const matches = useMatches()
  if (data === undefined) return undefined
  return matches.findLast((match) => match.data === data)?.id
}

/**
 * The live reload under way: which routes asked for it, or `full` (the stream missed events).
 * Module state, like the router it describes (one per tab); set by the scheduler right before it
 * calls revalidate() and cleared when the router's revalidation is over.
 */
let liveReload: { routes: Set<string>; full: boolean } | null = null

/**
 * shouldRevalidate for routes whose data live events patch in place: a live reload another route
 * asked for leaves them alone, so an event costs no loader run of theirs. Navigations,
 * submissions, reloads from elsewhere and a full reload (a gap in the stream) keep Remix's default.
 */
export function liveShouldRevalidate(routeId: string): ShouldRevalidateFunction {
  return ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
    if (!liveReload || formMethod || currentUrl.href !== nextUrl.href)
      return defaultShouldRevalidate
    return liveReload.full || liveReload.routes.has(routeId) ? defaultShouldRevalidate : false
  }
}

function useReloadScheduler() {
  const { revalidate, state: revalidation } = useRevalidator()
  // What React has rendered: it shows router updates as transitions, a moment after the router.
  const navigation = useNavigation()
  const fetchersBusy = useFetchers().some((fetcher) => fetcher.state !== 'idle')
  const renderedBusy = useRef(false)
  useEffect(() => {
    renderedBusy.current = navigation.state !== 'idle' || revalidation !== 'idle' || fetchersBusy
  }, [navigation.state, revalidation, fetchersBusy])
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )
  // What the next reload is for: the routes that asked, or everything.
  const asked = useRef<{ routes: Set<string>; full: boolean }>({ routes: new Set(), full: false })
  useEffect(() => {
    const router = window.__remixRouter
    if (!router) return
    return router.subscribe((state) => {
      if (state.revalidation === 'idle') liveReload = null
      if (writing(state)) lastWriteAt = performance.now()
    })
  }, [])
  return useCallback(
    (routeId?: string) => {
      if (routeId) asked.current.routes.add(routeId)
      else asked.current.full = true
      if (timer.current) return
      const attempt = () => {
        if (routerBusy() || renderedBusy.current) {
          timer.current = setTimeout(attempt, 150)
          return
        }
        timer.current = null
        liveReload = asked.current
        asked.current = { routes: new Set(), full: false }
        void revalidate()
      }
      timer.current = setTimeout(attempt, 150)
    },
    [revalidate],
  )
}

/** When this tab last had a submission of its own under way (ms, performance clock). */
let lastWriteAt = -Infinity

type RouterState = NonNullable<typeof window.__remixRouter>['state']

/** A submission (not a GET) under way, as a navigation or a fetcher, its reload included. */
function writing(state: RouterState) {
  const isWrite = (method: string | undefined) => Boolean(method && method.toUpperCase() !== 'GET')
  return (
    isWrite(state.navigation.formMethod) ||
    [...state.fetchers.values()].some((fetcher) => isWrite(fetcher.formMethod))
  )
}

/**
 * Whether an event may be the echo of this tab's own write: a submission is under way (its
 * answer reloads the page's data after the commit that sent the event), or ended within
 * `withinMs`. A page whose data already shows what such an event says skips its live reload,
 * which would only repeat that reload — and be aborted by the user's next click.
 */
export function ownWriteEcho(withinMs = 3000) {
  const state = window.__remixRouter?.state
  if (state && writing(state)) return 'under-way'
  return performance.now() - lastWriteAt < withinMs ? 'recent' : null
}

/**
 * Read from the router itself as well as from what was rendered: React shows a navigation that
 * just started a moment later (a reload started then would abort it), and a finished one too (a
 * reload started then replaces data React has not shown yet).
 */
function routerBusy() {
  const state = window.__remixRouter?.state
  if (!state) return true
  return (
    state.navigation.state !== 'idle' ||
    state.revalidation !== 'idle' ||
    [...state.fetchers.values()].some((fetcher) => fetcher.state !== 'idle')
  )
}

export function useLiveConnected() {
  return useContext(LiveEventsContext)?.connected ?? false
}
