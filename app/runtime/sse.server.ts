import { type Actor } from '#app/domain/actor.ts'
import { eventKey, type EventRow, readEvent, typedEvent } from '#app/domain/outbox.server.ts'
import { canSee, hidesQueueless, type Viewer } from '#app/domain/tickets/access.server.ts'
import { type Db } from '#app/utils/db.server.ts'
import { eventTail, oldestEventId, readEventsAfter } from './events.server.ts'
import { trackLiveStream } from './live-streams.server.ts'
import { sseResponse } from './sse-writer.server.ts'
import { presence } from './presence.server.ts'

const HEARTBEAT_MS = 25_000
const REPLAY_PAGE = 500
/**
 * The most rows one connection replays (they are read and filtered in one tick). A tab further
 * behind gets a `reload` event instead: it reloads its data, and the stream goes on from now.
 */
const REPLAY_LIMIT = 5_000

/**
 * Events after which a stream must ask again who its reader is: their own user changed (role,
 * queues, "all tickets", disabled) or lost sessions (logout, password, deleted), or a company
 * setting changed (tickets without a queue hidden or not).
 */
function changesViewer(row: EventRow, viewer: Viewer) {
  if (row.companyId !== viewer.companyId) return false
  const event = typedEvent(row)
  switch (event?.type) {
    case 'settings.changed':
      return true
    case 'user.changed':
    case 'session.ended':
      return event.payload.userId === viewer.userId
    default:
      return false
  }
}

/**
 * The `data:` of a row, serialized once: the tail hands the same row object to every open stream,
 * and with a team online an event's rows (1–2 KB with the rows they carry) would otherwise be
 * stringified once per tab.
 */
const serialized = new WeakMap<EventRow, string>()
function dataOf(row: EventRow) {
  let data = serialized.get(row)
  if (data === undefined) {
    // A row from the tail carries its stored JSON text: no parse and stringify again.
    data =
      'payloadText' in row && typeof row.payloadText === 'string'
        ? `{"type":${JSON.stringify(row.type)},"payload":${row.payloadText}}`
        : JSON.stringify({ type: row.type, payload: row.payload })
    serialized.set(row, data)
  }
  return data
}

/**
 * The live stream of one browser tab: replays what the tab missed (Last-Event-ID), then follows
 * the event tail, sending only what this user may see. Keeps the user online while open.
 *
 * `reloadViewer` reads the user behind the stream's session again (null: the session is gone). It
 * runs whenever an event says the user or their sessions changed, so a new role, queue list or
 * "all tickets" applies to the very next event, and a logout, deactivation, password reset or
 * deletion closes the stream at once instead of at the next heartbeat.
 */
export function liveEventStream(
  db: Db,
  request: Request,
  actor: Actor,
  options: {
    reloadViewer?: () => Actor | null
    isSessionValid?: () => boolean
    heartbeatMs?: number
    replayLimit?: number
    signal?: AbortSignal
  },
) {
  const lastEventId = Number(
    request.headers.get('last-event-id') ??
      new URL(request.url).searchParams.get('lastEventId') ??
      0,
  )
  const viewerOf = (user: Actor): Viewer => ({ ...user, hideQueueless: hidesQueueless(db, user) })
  return sseResponse(options.signal ?? request.signal, (send, close) => {
    let user = actor
    let viewer = viewerOf(user)
    let ended = false
    // Ends after the current delivery (a session.ended row is sent first, then the stream closes).
    const end = () => {
      if (ended) return
      ended = true
      queueMicrotask(close)
    }
    const sessionValid = () => options.isSessionValid?.() ?? true
    /** Reads the viewer again; false (and the stream ends) when their session is gone. */
    const refresh = () => {
      if (!options.reloadViewer) {
        if (!sessionValid()) end()
        viewer = viewerOf(user)
        return !ended
      }
      const next = options.reloadViewer()
      if (!next || next.userId !== viewer.userId || next.companyId !== viewer.companyId) {
        end()
        return false
      }
      user = next
      viewer = viewerOf(user)
      return true
    }
    let lastSent = Number.isFinite(lastEventId) && lastEventId > 0 ? lastEventId : 0
    // Every message carries `id:` (sse-writer.server.ts): the browser records it and sends it
    // back as Last-Event-ID when it reconnects. Domain events go out as plain `message` events
    // with `{ type, payload }` (a DomainEvent) as data: one `onmessage` in the page receives every
    // type, so nothing is lost for a type no component listened to yet. `ready`, `ping` and
    // `reload` carry the id of the last row this stream looked at, sent or filtered out, so a tab
    // that saw nothing for a long time does not reconnect from its page's cursor.
    const sendControl = (event: 'ready' | 'ping' | 'reload', data: string) =>
      send({ event, id: lastSent, data })
    const sendRow = (row: EventRow) => send({ event: 'message', id: row.id, data: dataOf(row) })
    // One event about a ticket is one row per audience, written back to back and sharing a key
    // (emitTicketEvent, eventKey): a reader in several audiences hears it once. Rows of separate
    // changes have separate keys, however alike their type and payload.
    let sentKey: number | undefined
    const deliver = (row: EventRow) => {
      if (ended || row.id <= lastSent) return
      lastSent = row.id
      if (changesViewer(row, viewer)) {
        // A change of the user applies to the very event that announces it.
        const alive = refresh()
        if (row.type === 'session.ended') {
          // Only the tabs of an ended session hear it (they go to the login page), then close;
          // the user's other sessions (another browser, the one that changed the password) go on.
          if (!alive) sendRow(row)
          return
        }
        if (!alive) return
      }
      const key = eventKey(row)
      if (key === sentKey || !canSee(viewer, row)) return
      sentKey = key
      sendRow(row)
    }
    /**
     * Pages through everything missed (deliver advances lastSent, even past rows it filters out),
     * up to the replay limit; past it, or when rows it missed were pruned already, tells the tab
     * to reload its data and goes on from now.
     */
    const replay = () => {
      const limit = options.replayLimit ?? REPLAY_LIMIT
      const oldest = oldestEventId(db)
      const pruned = oldest !== null && oldest > lastSent + 1
      for (let replayed = 0; !ended && !pruned;) {
        const wanted = Math.min(REPLAY_PAGE, limit - replayed)
        if (wanted <= 0) break
        const page = readEventsAfter(db, viewer.companyId, lastSent, wanted)
        for (const row of page) deliver(row)
        replayed += page.length
        if (page.length < wanted) return
      }
      if (ended || (!pruned && !readEventsAfter(db, viewer.companyId, lastSent, 1).length)) return
      // The tab reloads its data after this event, so what it skips is in that data; rows the
      // tail has not dispatched yet still come after it.
      lastSent = Math.max(lastSent, eventTail(db).lastSeenId)
      sentKey = undefined
      sendControl('reload', JSON.stringify({ at: Date.now() }))
    }
    const unsubscribe = eventTail(db).subscribe(deliver)
    if (lastSent > 0) {
      // The tab's last event may be one row of an event with more (an id is only ever sent on the
      // row it heard): the rest of that event was heard with it.
      const last = readEvent(db, lastSent)
      if (last) sentKey = eventKey(last)
      replay()
    } else {
      lastSent = eventTail(db).lastSeenId
    }
    if (!ended) sendControl('ready', JSON.stringify({ at: Date.now() }))
    const leave = presence.connect({ id: viewer.userId, companyId: viewer.companyId })
    const untrack = trackLiveStream(close)
    // The safety net for a change no event announced (a script, another process).
    const heartbeat = setInterval(() => {
      if (refresh()) sendControl('ping', '')
    }, options.heartbeatMs ?? HEARTBEAT_MS)
    return () => {
      ended = true
      clearInterval(heartbeat)
      unsubscribe()
      untrack()
      leave()
    }
  })
}
