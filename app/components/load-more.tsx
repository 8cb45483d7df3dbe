import { useEffect, useRef } from 'react'
import { Button } from './ui/button.tsx'

/**
 * "Load more" that also fires by itself when it scrolls into view (infinite scroll); the button
 * stays for keyboards and screen readers.
 */
export function LoadMore({
  onLoad,
  busy,
  label,
}: {
  onLoad: () => void
  busy: boolean
  label: string
}) {
  const ref = useRef<HTMLButtonElement>(null)
  const latest = useRef(onLoad)
  useEffect(() => {
    latest.current = onLoad
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
