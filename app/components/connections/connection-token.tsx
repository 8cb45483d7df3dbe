import { Form } from '@remix-run/react'
import { Check, Copy, KeyRound, TriangleAlert } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { StatusButton } from '#app/components/status-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '#app/components/ui/card.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
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
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <KeyRound className="text-muted-foreground size-4" aria-hidden />
          {t('connections.token.title')}
        </CardTitle>
        <CardDescription>{t('connections.token.description')}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {visibleToken ? <NewToken token={visibleToken} /> : null}
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

function NewToken({ token }: { token: string }) {
  const { t } = useTranslation()
  const [copied, setCopied] = useState(false)
  const copy = async (input: HTMLInputElement | null) => {
    let done = false
    try {
      await navigator.clipboard.writeText(token)
      done = true
    } catch {
      // No clipboard API (plain http, no permission): copy the selection the old way; if even
      // that fails, the token stays selected for Ctrl+C.
      input?.select()
      done = document.execCommand('copy')
    }
    if (!done) return
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }
  return (
    <div className="border-success/40 bg-success/5 flex flex-col gap-2 rounded-lg border p-4">
      <Label htmlFor="new-api-token">{t('connections.token.newToken')}</Label>
      <div className="flex gap-2">
        <Input
          id="new-api-token"
          readOnly
          value={token}
          className="font-mono text-xs"
          onFocus={(event) => event.currentTarget.select()}
          data-testid="api-token"
        />
        <Button
          type="button"
          variant="outline"
          onClick={(event) => {
            const input = event.currentTarget.parentElement?.querySelector('input') ?? null
            void copy(input)
          }}
        >
          {copied ? <Check /> : <Copy />}
          {copied ? t('connections.token.copied') : t('connections.token.copy')}
        </Button>
      </div>
      <p className="flex items-start gap-1.5 text-xs font-medium">
        <TriangleAlert className="mt-px size-3.5 shrink-0 text-amber-600" aria-hidden />
        {t('connections.token.once')}
      </p>
    </div>
  )
}
