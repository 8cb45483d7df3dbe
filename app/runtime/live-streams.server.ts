import { remember } from '@epic-web/remember'

/** Open SSE streams, so shutdown can end them instead of waiting for browsers to leave. */
const streams = remember('live-streams', () => new Set<() => void>())

export function trackLiveStream(close: () => void) {
  streams.add(close)
  return () => {
    streams.delete(close)
  }
}

export function closeLiveStreams() {
  for (const close of [...streams]) close()
  streams.clear()
}

export const liveStreamCount = () => streams.size
