import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { Pencil, Plus } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '#app/components/app-shell.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { listCompanies } from '#app/domain/companies/companies.server.ts'
import { type RootLoader } from '#app/root.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { db } from '#app/utils/db.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireUser(request, { superAdmin: true })
  return { companies: listCompanies(db, actor), currentId: actor.companyId }
}

export default function CompaniesPage() {
  const { companies, currentId } = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<RootLoader>('root')
  const { t } = useTranslation()
  const limit = (value: number | null) =>
    value === null ? '∞' : new Intl.NumberFormat(root?.locale).format(value)
  return (
    <>
      <PageHeader
        title={t('companies.title')}
        description={t('companies.subtitle')}
        actions={
          <Button asChild>
            <Link to="/admin/companies/new">
              <Plus /> {t('companies.new')}
            </Link>
          </Button>
        }
      />
      <div className="p-4 sm:p-8">
        <Card className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-muted-foreground text-left text-xs uppercase">
              <tr>
                <th className="px-4 py-2.5 font-medium">{t('companies.name')}</th>
                <th className="hidden px-4 py-2.5 font-medium sm:table-cell">
                  {t('companies.timeZone')}
                </th>
                <th className="px-4 py-2.5 font-medium">{t('companies.users')}</th>
                <th className="px-4 py-2.5 font-medium">{t('companies.limits')}</th>
                <th className="px-4 py-2.5">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {companies.map((company) => (
                <tr key={company.id} data-testid={`company-row-${company.name}`}>
                  <td className="px-4 py-3 font-medium">
                    {company.name}{' '}
                    {company.id === currentId ? (
                      <Badge variant="secondary">{t('companies.current')}</Badge>
                    ) : null}
                  </td>
                  <td className="text-muted-foreground hidden px-4 py-3 sm:table-cell">
                    {company.timeZone}
                  </td>
                  <td className="px-4 py-3 tabular-nums">
                    {company.userCount} / {limit(company.maxUsers)}
                  </td>
                  <td className="text-muted-foreground px-4 py-3 text-xs">
                    {t('companies.maxConnections')}: {limit(company.maxConnections)} ·{' '}
                    {t('companies.maxQueues')}: {limit(company.maxQueues)}
                  </td>
                  <td className="px-4 py-3 text-right">
                    <Button
                      asChild
                      variant="ghost"
                      size="icon"
                      aria-label={`${t('common.edit')} ${company.name}`}
                    >
                      <Link to={`/admin/companies/${company.id}`}>
                        <Pencil />
                      </Link>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'companies.title')

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
