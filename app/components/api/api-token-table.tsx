import { Link, useRouteLoaderData } from '@remix-run/react'
import { Ban, ExternalLink, KeyRound, Smartphone } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { ConfirmDialog } from '#app/components/confirm-dialog.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, CardContent, CardIconHeader } from '#app/components/ui/card.tsx'
import { type RootLoader } from '#app/root.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { useIsPending } from '#app/utils/misc.ts'
import { type ApiScope } from '#db/schema/api.ts'

export type TokenRow = {
  id: string
  name: string
  tokenHint: string
  scopes: ApiScope[]
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}

export type ConnectionTokenRow = { id: string; name: string; tokenHint: string | null }

const th = 'px-3 py-2.5 font-medium whitespace-nowrap first:pl-4 last:pr-4'
const td = 'px-3 py-3 first:pl-4 last:pr-4'

/** Dates in the company's time zone (absolute: the same text on the server and in the browser). */
function useWhen() {
  const root = useRouteLoaderData<RootLoader>('root')
  const locale = root?.locale ?? 'pt-BR'
  const timeZone = root?.user?.timeZone ?? 'America/Sao_Paulo'
  return (ms: number) => formatDateTime(ms, locale, timeZone)
}

export function Hint({ hint }: { hint: string }) {
  return (
    <code className="bg-muted rounded px-1.5 py-0.5 font-mono text-xs whitespace-nowrap">
      ••••••••{hint}
    </code>
  )
}

/** The company's tokens: name, scopes, hint, created, last used, revoked; revoke. */
export function ApiTokenTable({
  tokens,
  actions,
}: {
  tokens: TokenRow[]
  actions: React.ReactNode
}) {
  const { t } = useTranslation()
  const when = useWhen()
  return (
    <Card className="overflow-hidden">
      <CardIconHeader
        icon={KeyRound}
        title={t('api.tokens.title')}
        description={t('api.tokens.description')}
        actions={actions}
      />
      {tokens.length === 0 ? (
        <CardContent>
          <p className="text-muted-foreground rounded-lg border border-dashed p-6 text-center text-sm">
            {t('api.tokens.empty')}
          </p>
        </CardContent>
      ) : (
        <div className="overflow-x-auto border-t">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-muted-foreground text-left text-xs uppercase">
              <tr>
                <th className={th}>{t('api.tokens.columns.name')}</th>
                <th className={th}>{t('api.tokens.columns.scopes')}</th>
                <th className={`${th} hidden sm:table-cell`}>{t('api.tokens.columns.token')}</th>
                <th className={`${th} hidden lg:table-cell`}>
                  {t('api.tokens.columns.createdAt')}
                </th>
                <th className={`${th} hidden md:table-cell`}>
                  {t('api.tokens.columns.lastUsedAt')}
                </th>
                <th className={th}>
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {tokens.map((token) => (
                <tr
                  key={token.id}
                  data-testid={`api-token-row-${token.name}`}
                  className={token.revokedAt ? 'bg-muted/20' : 'hover:bg-muted/30'}
                >
                  <td className={td}>
                    <div className="flex flex-wrap items-center gap-2">
                      <span
                        className={
                          token.revokedAt ? 'text-muted-foreground line-through' : 'font-medium'
                        }
                      >
                        {token.name}
                      </span>
                      {token.revokedAt ? (
                        <Badge variant="destructive" title={when(token.revokedAt)}>
                          {t('api.tokens.revokedBadge')}
                        </Badge>
                      ) : null}
                    </div>
                    <div className="mt-1 sm:hidden">
                      <Hint hint={token.tokenHint} />
                    </div>
                  </td>
                  <td className={td}>
                    <div className="flex flex-wrap gap-1">
                      {token.scopes.map((scope) => (
                        <Badge key={scope} variant={token.revokedAt ? 'outline' : 'secondary'}>
                          {t(`api.scopes.${scope}`)}
                        </Badge>
                      ))}
                    </div>
                  </td>
                  <td className={`${td} hidden sm:table-cell`}>
                    <Hint hint={token.tokenHint} />
                  </td>
                  <td
                    className={`${td} text-muted-foreground hidden whitespace-nowrap lg:table-cell`}
                  >
                    {when(token.createdAt)}
                  </td>
                  <td className={`${td} hidden whitespace-nowrap md:table-cell`}>
                    {token.revokedAt ? (
                      <span className="text-muted-foreground">
                        {t('api.tokens.revokedAt', { when: when(token.revokedAt) })}
                      </span>
                    ) : token.lastUsedAt ? (
                      when(token.lastUsedAt)
                    ) : (
                      <span className="text-muted-foreground">{t('api.tokens.never')}</span>
                    )}
                  </td>
                  <td className={`${td} text-right`}>
                    {token.revokedAt ? null : <RevokeButton token={token} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  )
}

function RevokeButton({ token }: { token: TokenRow }) {
  const { t } = useTranslation()
  const isPending = useIsPending({ formAction: '/admin/api' })
  return (
    <ConfirmDialog
      trigger={
        <Button
          variant="ghost"
          size="sm"
          className="text-destructive hover:text-destructive"
          aria-label={t('api.tokens.revokeLabel', { name: token.name })}
        >
          <Ban /> <span className="hidden sm:inline">{t('api.tokens.revoke')}</span>
        </Button>
      }
      title={t('api.tokens.revokeTitle', { name: token.name })}
      description={t('api.tokens.revokeDescription')}
      intent="revoke"
      fields={{ tokenId: token.id }}
      confirmLabel={t('api.tokens.revoke')}
      action="/admin/api"
      pending={isPending}
    />
  )
}

/** The connections' own tokens (managed on each connection's page). */
export function ConnectionTokens({ connections }: { connections: ConnectionTokenRow[] }) {
  const { t } = useTranslation()
  return (
    <Card>
      <CardIconHeader
        icon={Smartphone}
        title={t('api.connectionTokens.title')}
        description={t('api.connectionTokens.description')}
      />
      <CardContent>
        {connections.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t('api.connectionTokens.empty')}</p>
        ) : (
          <ul className="divide-y rounded-lg border">
            {connections.map((connection) => (
              <li
                key={connection.id}
                className="flex items-center justify-between gap-3 px-3 py-2.5"
                data-testid={`connection-token-${connection.name}`}
              >
                <div className="flex min-w-0 flex-col gap-1">
                  <span className="truncate text-sm font-medium">{connection.name}</span>
                  {connection.tokenHint ? (
                    <Hint hint={connection.tokenHint} />
                  ) : (
                    <span className="text-muted-foreground text-xs">
                      {t('api.connectionTokens.none')}
                    </span>
                  )}
                </div>
                <Button asChild variant="ghost" size="sm">
                  <Link
                    to={`/admin/connections/${connection.id}`}
                    aria-label={t('api.connectionTokens.open', { name: connection.name })}
                  >
                    {t('api.connectionTokens.manage')} <ExternalLink />
                  </Link>
                </Button>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  )
}
