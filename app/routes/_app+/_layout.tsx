import { type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { AppShell } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { LiveEventsProvider } from '#app/components/live-events.tsx'
import { requireUser } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const collapsed = /(?:^|;\s*)sidebar=collapsed/.test(request.headers.get('cookie') ?? '')
  return { collapsed }
}

export default function AppLayout() {
  const { collapsed } = useLoaderData<typeof loader>()
  return (
    <LiveEventsProvider>
      <AppShell initiallyCollapsed={collapsed}>
        <Outlet />
      </AppShell>
    </LiveEventsProvider>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
