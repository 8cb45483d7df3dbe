import { type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { AppShell } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { LiveEventsProvider } from '#app/components/live-events.tsx'
import { countTickets } from '#app/domain/tickets/tickets.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request)
  const collapsed = /(?:^|;\s*)sidebar=collapsed/.test(request.headers.get('cookie') ?? '')
  return { collapsed, counts: countTickets(db, actor) }
}

export default function AppLayout() {
  const { collapsed, counts } = useLoaderData<typeof loader>()
  return (
    <LiveEventsProvider>
      <AppShell initiallyCollapsed={collapsed} counts={counts}>
        <Outlet />
      </AppShell>
    </LiveEventsProvider>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
