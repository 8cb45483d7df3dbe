/**
 * A text/event-stream response that writes the fields the EventSource spec defines — `event:`,
 * `id:` and `data:` — each on its own line (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 * remix-utils 7 writes only `event:` and `data:`; the live stream needs `id:` so the browser sends
 * it back as Last-Event-ID when it reconnects.
 *
 * Not better-sse: its Fetch sessions start only when the body is first read, and the live stream
 * must subscribe to the event tail (and read its cursor) the moment the request is answered, or
 * rows committed in between are neither replayed nor sent.
 */
export type SseMessage = {
  /** The event's name; the browser's `onmessage` hears `message`. */
  event?: string
  /** The stream's position after this message: the browser's Last-Event-ID. */
  id?: number
  /** Text; a line break becomes one more `data:` line, which the browser joins back with `\n`. */
  data: string
}

export type SseSend = (message: SseMessage) => void

/** The message as it travels: one field per line, a blank line to dispatch it. */
export function formatSse({ event, id, data }: SseMessage) {
  let text = ''
  if (event !== undefined) text += `event: ${singleLine(event)}\n`
  if (id !== undefined) text += `id: ${singleLine(String(id))}\n`
  for (const line of data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`
  return `${text}\n`
}

function singleLine(value: string) {
  if (/[\r\n]/.test(value)) throw new Error('An SSE event name or id holds no line break')
  return value
}

/**
 * Answers with a stream: `init` runs at once (before the body is read) with `send` and `close`,
 * and returns its cleanup, which runs once when the stream closes — by `close()` (called during
 * `init`, it closes right after), or when `signal` aborts (the client went away).
 */
export function sseResponse(
  signal: AbortSignal,
  init: (send: SseSend, close: () => void) => () => void,
) {
  const encoder = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false
      const started: { cleanup?: () => void } = {}
      let closeAfterInit = false
      const send: SseSend = (message) => {
        if (!closed) controller.enqueue(encoder.encode(formatSse(message)))
      }
      const close = () => {
        if (closed) return
        // Asked while `init` still runs: its cleanup does not exist yet.
        if (!started.cleanup) return void (closeAfterInit = true)
        closed = true
        signal.removeEventListener('abort', close)
        started.cleanup()
        controller.close()
      }
      started.cleanup = init(send, close)
      signal.addEventListener('abort', close)
      if (signal.aborted || closeAfterInit) close()
    },
  })
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    },
  })
}
