import { Form } from '@remix-run/react'
import { KeyRound } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { NewSecret } from '#app/components/new-secret.tsx'
import { StatusButton } from '#app/components/status-button.tsx'
import { Card, CardContent, CardIconHeader } from '#app/components/ui/card.tsx'
import { ConfirmIntentButton, usePendingIntent } from './connection-confirm.tsx'

/** CNX-3: the connection's API token. A new token is only ever in the action's answer. */
export function ConnectionToken({
  tokenHint,
  newToken,
}: {
  tokenHint: string | null
  newToken: string | null
}) {
  const { t } = useTranslation()
  const pending = usePendingIntent()
  // Held in state: a live revalidation clears the action data, and the token must stay on screen
  // until the admin leaves the page — but not once it was replaced or revoked.
  const [shown, setShown] = useState(newToken)
  if (newToken && newToken !== shown) setShown(newToken)
  const visibleToken = shown && tokenHint && shown.endsWith(tokenHint) ? shown : null
  return (
    <Card>
      <CardIconHeader
        icon={KeyRound}
        title={t('connections.token.title')}
        description={t('connections.token.description')}
      />
      <CardContent className="flex flex-col gap-4">
        {visibleToken ? (
          <NewSecret
            label={t('connections.token.newToken')}
            secret={visibleToken}
            copyLabel={t('connections.token.copy')}
            copiedLabel={t('connections.token.copied')}
            warning={t('connections.token.once')}
            testId="api-token"
          />
        ) : null}
        <p className="text-sm" data-testid="token-state">
          {tokenHint ? (
            <>
              {t('connections.token.active')}{' '}
              <code className="bg-muted rounded px-1.5 py-0.5 font-mono text-xs">
                ••••••••{tokenHint}
              </code>
            </>
          ) : (
            <span className="text-muted-foreground">{t('connections.token.none')}</span>
          )}
        </p>
        <div className="flex flex-wrap gap-2">
          {tokenHint ? (
            <>
              <ConfirmIntentButton
                intent="token-generate"
                title={t('connections.token.regenerateTitle')}
                description={t('connections.token.regenerateDescription')}
                confirmLabel={t('connections.token.regenerate')}
              >
                {t('connections.token.regenerate')}
              </ConfirmIntentButton>
              <ConfirmIntentButton
                intent="token-revoke"
                title={t('connections.token.revokeTitle')}
                description={t('connections.token.revokeDescription')}
                confirmLabel={t('connections.token.revoke')}
                destructive
                className="text-destructive hover:text-destructive"
              >
                {t('connections.token.revoke')}
              </ConfirmIntentButton>
            </>
          ) : (
            <Form method="POST">
              <StatusButton
                type="submit"
                name="intent"
                value="token-generate"
                variant="outline"
                pending={pending === 'token-generate'}
              >
                <KeyRound /> {t('connections.token.generate')}
              </StatusButton>
            </Form>
          )}
        </div>
      </CardContent>
    </Card>
  )
}
