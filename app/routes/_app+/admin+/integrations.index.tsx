import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { Plus, Webhook } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useRevalidateOn } from '#app/components/live-events.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, CardContent, CardIconHeader } from '#app/components/ui/card.tsx'
import { AllowedHostsForm } from '#app/components/webhooks/allowed-hosts.tsx'
import { N8nGuide } from '#app/components/webhooks/n8n-guide.tsx'
import { WebhookTable } from '#app/components/webhooks/webhook-table.tsx'
import { getAllowedHosts, listWebhooks } from '#app/domain/webhooks/webhooks.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { integrationsAction } from './__integrations.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, company } = await requireUser(request, { role: 'admin' })
  return {
    webhooks: listWebhooks(db, actor),
    allowedHosts: getAllowedHosts(db, actor),
    timeZone: company.timeZone,
    origin: new URL(request.url).origin,
  }
}

export async function action(args: ActionFunctionArgs) {
  return integrationsAction(args)
}

/** Administração › Integrações: the webhooks, the hosts they may reach inside, the n8n guide. */
export default function IntegrationsPage() {
  const { webhooks, allowedHosts, timeZone, origin } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  useRevalidateOn(['webhook.delivery', 'webhook.disabled'])
  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        description={t('webhooks.subtitle')}
        actions={
          <Button asChild>
            <Link to="/admin/integrations/webhooks/new">
              <Plus /> {t('webhooks.new')}
            </Link>
          </Button>
        }
      />
      <div className="mx-auto flex w-full max-w-5xl flex-col gap-6 p-4 sm:p-8">
        <Card>
          <CardIconHeader
            icon={Webhook}
            title={t('webhooks.listTitle')}
            description={t('webhooks.listDescription')}
          />
          <CardContent className="p-0">
            <WebhookTable rows={webhooks} timeZone={timeZone} />
          </CardContent>
        </Card>
        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
          <AllowedHostsForm
            hosts={allowedHosts}
            lastResult={actionData && 'result' in actionData ? actionData.result : undefined}
          />
          <N8nGuide origin={origin} />
        </div>
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'webhooks.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
