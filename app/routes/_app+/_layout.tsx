import { type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { AppShell } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { LiveEventsProvider, liveShouldRevalidate } from '#app/components/live-events.tsx'
import { lastEventId } from '#app/domain/outbox.server.ts'
import { countTickets } from '#app/domain/tickets/tickets.server.ts'
import { ticketViewer, unreadOfMine } from '#app/domain/tickets/viewer.server.ts'
import { countWebhooksTurnedOff } from '#app/domain/webhooks/webhooks.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  // Read before any loader of the page reads its data (they all start after their first await):
  // the live stream replays everything newer, so nothing falls between the data and the stream.
  const eventCursor = lastEventId(db)
  const { actor } = await requireUser(request)
  const collapsed = /(?:^|;\s*)sidebar=collapsed/.test(request.headers.get('cookie') ?? '')
  return {
    collapsed,
    counts: countTickets(db, actor),
    // The counts move with live events in the browser (notifications.tsx): what places a ticket.
    viewer: ticketViewer(db, actor),
    unread: unreadOfMine(db, actor),
    webhooksOff: countWebhooksTurnedOff(db, actor),
    eventCursor,
  }
}

/** Its counts follow live events in the browser: a live reload of another route leaves it be. */
export const shouldRevalidate = liveShouldRevalidate('routes/_app+/_layout')

export default function AppLayout() {
  const { collapsed, counts, viewer, unread, webhooksOff, eventCursor } =
    useLoaderData<typeof loader>()
  return (
    <LiveEventsProvider cursor={eventCursor}>
      <AppShell
        initiallyCollapsed={collapsed}
        counts={counts}
        viewer={viewer}
        unread={unread}
        webhooksOff={webhooksOff}
      >
        <Outlet />
      </AppShell>
    </LiveEventsProvider>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
