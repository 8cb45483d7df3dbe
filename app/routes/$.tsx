import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

/** Any unknown address: a friendly 404 (the boundary renders it). */
export function loader() {
  throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
  return <GeneralErrorBoundary />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
