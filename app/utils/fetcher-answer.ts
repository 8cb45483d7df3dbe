import { useEffect, useRef } from 'react'

/**
 * Calls `onAnswer` once for each answer a fetcher's action gives, when the fetcher is idle again.
 *
 * Keyed on the answer itself (every response is a new object), never on having seen the
 * fetcher's intermediate states: the router shows its updates as transitions, so on a busy
 * machine React may render "submitting" and "loading" not at all, and a check like "it was busy
 * and now its data is unchanged" would take a refused answer for a success.
 */
export function useFetcherAnswer<T>(
  fetcher: { state: string; data?: T },
  onAnswer: (data: T) => void,
) {
  const handled = useRef<T | undefined>(undefined)
  const latest = useRef(onAnswer)
  useEffect(() => {
    latest.current = onAnswer
  })
  useEffect(() => {
    const data = fetcher.data
    if (fetcher.state !== 'idle' || data === undefined || data === null) return
    if (handled.current === data) return
    handled.current = data
    latest.current(data)
  }, [fetcher.state, fetcher.data])
}
