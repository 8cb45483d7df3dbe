import { useMatches, useRouteLoaderData } from '@remix-run/react'
import { Bell, BellOff } from 'lucide-react'
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { type RootLoader } from '#app/root.tsx'
import { useLiveEvents } from './live-events.tsx'
import {
  moveTabCounts,
  patchUnread,
  sumOf,
  type TabCounts,
  ticketChangeOf,
  type TicketViewer,
} from './tickets/live-tickets.ts'
import { Button } from './ui/button.tsx'

export type TicketCounts = { open: number; pending: number; unread: number }

const SOUND_KEY = 'balcao:sound'

/** The live counts of the app shell (useTicketCounts), for the ticket list's tab badges. */
export const TicketCountsContext = createContext<TicketCounts | null>(null)

export function useLiveTicketCounts() {
  return useContext(TicketCountsContext)
}

/** A short two-tone chime made with Web Audio (no file to download). */
function chime() {
  try {
    const audio = new AudioContext()
    for (const [i, frequency] of [880, 1320].entries()) {
      const osc = audio.createOscillator()
      const gain = audio.createGain()
      osc.frequency.value = frequency
      gain.gain.setValueAtTime(0.0001, audio.currentTime + i * 0.12)
      gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + i * 0.12 + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + i * 0.12 + 0.25)
      osc.connect(gain).connect(audio.destination)
      osc.start(audio.currentTime + i * 0.12)
      osc.stop(audio.currentTime + i * 0.12 + 0.3)
    }
    setTimeout(() => void audio.close(), 1000)
  } catch {
    // No audio available (e.g. autoplay policy): the visual counters still tell.
  }
}

/**
 * Live counters for the sidebar and the tab title, and a browser notification + sound for a new
 * waiting ticket in my queues or a new message in my open tickets. The counts move with the rows
 * the events carry (live-tickets.ts): where the ticket was (`previous`) and where it is now, and
 * the unread count of each open ticket of mine. An event without a row (or without `previous`)
 * asks the server for the counts instead.
 */
export function useTicketCounts(
  initial: TicketCounts,
  viewer: TicketViewer,
  initialUnread: Record<string, number>,
) {
  const [live, setLive] = useState<{
    seed: TicketCounts
    tabs: TabCounts
    unread: Record<string, number>
  } | null>(null)
  const root = useRouteLoaderData<RootLoader>('root')
  const { t } = useTranslation()
  const me = root?.user?.id
  const current = () =>
    live && live.seed === initial ? live : { seed: initial, tabs: initial, unread: initialUnread }
  useLiveEvents(['ticket.created', 'ticket.updated', 'message.created'], (event) => {
    const change = ticketChangeOf(event.type, event.payload)
    const moved = change
      ? moveTabCounts(current().tabs, viewer, change, event.type.startsWith('message.'))
      : null
    if (change && moved) {
      setLive((previous) => {
        const base =
          previous && previous.seed === initial
            ? previous
            : { seed: initial, tabs: initial, unread: initialUnread }
        const tabs = moveTabCounts(base.tabs, viewer, change, event.type.startsWith('message.'))
        return {
          seed: initial,
          tabs: tabs ?? base.tabs,
          unread: patchUnread(base.unread, viewer, change),
        }
      })
    } else {
      void fetch('/resources/ticket-counts', { headers: { accept: 'application/json' } })
        .then((response) => (response.ok ? (response.json() as Promise<TicketCounts>) : null))
        .then(
          (counts) =>
            counts &&
            setLive({
              seed: initial,
              tabs: counts,
              // The server's sum, as one entry: exact until the next row of a ticket of mine.
              unread: counts.unread ? { '': counts.unread } : {},
            }),
        )
        .catch(() => undefined)
    }
    const row = change?.ticket
    // The fields message.created carried before it carried the ticket's row.
    const message = event.type === 'message.created' ? event.payload : null
    const name = row?.contactName ?? message?.contactName ?? ''
    const notify =
      (event.type === 'ticket.created' &&
        (row?.status ?? event.payload.ticket?.status) === 'pending') ||
      (message !== null &&
        message.fromMe === false &&
        (row ? row.userId : message.userId) === me &&
        (row?.status ?? message.ticketStatus) === 'open')
    if (!notify) return
    if (localStorage.getItem(SOUND_KEY) !== 'off') chime()
    if (
      typeof Notification !== 'undefined' &&
      Notification.permission === 'granted' &&
      document.visibilityState !== 'visible'
    ) {
      const title =
        event.type === 'ticket.created'
          ? t('panel.notifications.newTicket')
          : t('panel.notifications.newMessage', { name })
      const notification = new Notification(title, {
        body: name,
        tag: event.payload.ticketId,
        icon: '/favicon.svg',
      })
      notification.onclick = () => {
        window.focus()
        window.location.href = `/tickets/${event.payload.ticketId}`
      }
    }
  })
  // A newer loader answer (navigation) wins over older live changes.
  const state = current()
  const counts: TicketCounts = {
    open: state.tabs.open,
    pending: state.tabs.pending,
    unread: sumOf(state.unread),
  }
  useTitleCounter(counts.unread + counts.pending)
  return counts
}

/** "(3) Atendimentos · Balcão": the tab shows what waits for me. */
function useTitleCounter(count: number) {
  const matches = useMatches()
  useEffect(() => {
    const base = document.title.replace(/^\(\d+\) /, '')
    document.title = count > 0 ? `(${count}) ${base}` : base
  }, [count, matches])
}

const listeners = new Set<() => void>()
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}
const changed = () => listeners.forEach((listener) => listener())

/** Bell: asks permission for browser notifications; afterwards a click mutes/unmutes the sound. */
export function NotificationToggle() {
  const { t } = useTranslation()
  const sound = useSyncExternalStore(
    subscribe,
    () => localStorage.getItem(SOUND_KEY) !== 'off',
    () => true,
  )
  const permission = useSyncExternalStore(
    subscribe,
    () => (typeof Notification === 'undefined' ? 'denied' : Notification.permission),
    () => 'default',
  )
  const onClick = async () => {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
      await Notification.requestPermission()
    } else {
      localStorage.setItem(SOUND_KEY, sound ? 'off' : 'on')
    }
    changed()
  }
  const label =
    permission === 'default' ? t('panel.notifications.enable') : t('panel.notifications.sound')
  return (
    <Button
      type="button"
      variant="ghost"
      size="icon"
      onClick={() => void onClick()}
      aria-label={label}
      title={label}
      aria-pressed={sound}
    >
      {sound ? <Bell /> : <BellOff />}
    </Button>
  )
}
