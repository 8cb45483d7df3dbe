import { Check, Copy } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { Button, type ButtonProps } from '#app/components/ui/button.tsx'

/**
 * Copies `text` to the clipboard and says so for two seconds. Without the clipboard API (plain
 * http, no permission) it copies the `fallback` element's selection the old way; if even that
 * fails, nothing is claimed.
 */
export function CopyButton({
  text,
  label,
  copiedLabel,
  fallback,
  iconOnly = false,
  ...props
}: {
  text: string
  label: string
  copiedLabel: string
  fallback?: () => HTMLInputElement | HTMLTextAreaElement | null
  iconOnly?: boolean
} & Omit<ButtonProps, 'onClick' | 'children'>) {
  const [copied, setCopied] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  useEffect(() => () => clearTimeout(timer.current), [])
  const copy = async () => {
    let done = false
    try {
      await navigator.clipboard.writeText(text)
      done = true
    } catch {
      const element = fallback?.()
      if (element) {
        element.select()
        done = document.execCommand('copy')
      }
    }
    if (!done) return
    setCopied(true)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setCopied(false), 2000)
  }
  const shown = copied ? copiedLabel : label
  return (
    <Button
      type="button"
      variant="outline"
      size={iconOnly ? 'icon' : undefined}
      aria-label={iconOnly ? shown : undefined}
      title={iconOnly ? shown : undefined}
      onClick={() => void copy()}
      {...props}
    >
      {copied ? <Check /> : <Copy />}
      {iconOnly ? null : shown}
    </Button>
  )
}
