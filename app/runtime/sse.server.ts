import { eventStream } from 'remix-utils/sse/server'
import { type Actor } from '#app/domain/actor.ts'
import { type Db } from '#app/utils/db.server.ts'
import { canSee, type EventRow, eventTail, readEventsAfter } from './events.server.ts'
import { trackLiveStream } from './live-streams.server.ts'
import { presence } from './presence.server.ts'

const HEARTBEAT_MS = 25_000
const REPLAY_PAGE = 500

/**
 * The live stream of one browser tab: replays what the tab missed (Last-Event-ID), then follows
 * the event tail, sending only what this user may see. Keeps the user online while open.
 */
export function liveEventStream(
  db: Db,
  request: Request,
  viewer: Actor,
  options: { isSessionValid: () => boolean; heartbeatMs?: number; signal?: AbortSignal },
) {
  const lastEventId = Number(
    request.headers.get('last-event-id') ??
      new URL(request.url).searchParams.get('lastEventId') ??
      0,
  )
  return eventStream(options.signal ?? request.signal, (send, close) => {
    let lastSent = Number.isFinite(lastEventId) && lastEventId > 0 ? lastEventId : 0
    // remix-utils 7 writes only `event:` and `data:`; the id line rides on the event field so the
    // browser records it and sends it back as Last-Event-ID when it reconnects. Domain events go
    // out as plain `message` events with their type inside the data: one `onmessage` in the page
    // receives every type, so nothing is lost for a type no component listened to yet.
    const deliver = (row: EventRow) => {
      if (row.id <= lastSent) return
      lastSent = row.id
      if (!canSee(viewer, row)) return
      send({
        event: `message\nid: ${row.id}`,
        data: JSON.stringify({ type: row.type, payload: row.payload }),
      })
    }
    const unsubscribe = eventTail(db).subscribe(deliver)
    if (lastSent > 0) {
      // Page through everything missed (deliver advances lastSent, even past rows it filters out).
      for (let page = readEventsAfter(db, viewer.companyId, lastSent, REPLAY_PAGE); page.length;) {
        for (const row of page) deliver(row)
        page =
          page.length < REPLAY_PAGE
            ? []
            : readEventsAfter(db, viewer.companyId, lastSent, REPLAY_PAGE)
      }
    } else {
      lastSent = eventTail(db).lastSeenId
    }
    send({ event: 'ready', data: JSON.stringify({ at: Date.now() }) })
    const leave = presence.connect({ id: viewer.userId, companyId: viewer.companyId })
    const untrack = trackLiveStream(close)
    const heartbeat = setInterval(() => {
      if (!options.isSessionValid()) return close()
      send({ event: 'ping', data: '' })
    }, options.heartbeatMs ?? HEARTBEAT_MS)
    return () => {
      clearInterval(heartbeat)
      unsubscribe()
      untrack()
      leave()
    }
  })
}
