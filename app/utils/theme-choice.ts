import { useSyncExternalStore } from 'react'

type Theme = 'light' | 'dark'
type Choice = { theme: Theme; /** The saved theme when the switch was clicked. */ over: Theme }

let choice: Choice | null = null
const listeners = new Set<() => void>()

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

/** Applies a theme at once, before the server has saved it. */
export function chooseTheme(theme: Theme, saved: Theme) {
  choice = { theme, over: saved }
  listeners.forEach((listener) => listener())
}

/** The theme to paint: a fresh choice wins until the saved theme (loader data) changes. */
export function useThemeToPaint(saved: Theme): Theme {
  const current = useSyncExternalStore(
    subscribe,
    () => choice,
    () => null,
  )
  return current && current.over === saved ? current.theme : saved
}
