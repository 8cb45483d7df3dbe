import { useEffect, useRef } from 'react'
import { Button } from './ui/button.tsx'

/**
 * "Load more" that also fires by itself when it scrolls into view (infinite scroll); the button
 * stays for keyboards and screen readers. Each page (its cursor) is asked for once: a click that
 * lands while the observer's load starts would otherwise load it again and abort the first.
 */
export function LoadMore({
  onLoad,
  cursor,
  busy,
  label,
}: {
  onLoad: () => void
  /** The page this loads; a new cursor re-arms it. */
  cursor: string
  busy: boolean
  label: string
}) {
  const ref = useRef<HTMLButtonElement>(null)
  const requested = useRef<string | null>(null)
  const latest = useRef(() => {})
  useEffect(() => {
    latest.current = () => {
      if (busy || requested.current === cursor) return
      requested.current = cursor
      onLoad()
    }
  })
  useEffect(() => {
    const element = ref.current
    if (!element || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !element.disabled) latest.current()
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return (
    <Button
      ref={ref}
      variant="ghost"
      size="sm"
      className="w-full"
      disabled={busy}
      onClick={() => latest.current()}
    >
      {label}
    </Button>
  )
}
