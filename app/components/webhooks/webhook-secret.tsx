import { Eye, EyeOff, KeyRound, RefreshCw } from 'lucide-react'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CopyButton } from '#app/components/copy-button.tsx'
import { ConfirmDialog } from '#app/components/confirm-dialog.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, CardContent, CardIconHeader } from '#app/components/ui/card.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { useIsPending } from '#app/utils/misc.ts'

/**
 * The webhook's signing secret: hidden until asked, copyable, and "gerar novo segredo" (posts
 * `intent=regenerate-secret` to the page's action, after a confirmation).
 */
export function WebhookSecret({ secret }: { secret: string }) {
  const { t } = useTranslation()
  const [shown, setShown] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const isPending = useIsPending()
  return (
    <Card>
      <CardIconHeader
        icon={KeyRound}
        title={t('webhooks.secret.title')}
        description={t('webhooks.secret.description')}
      />
      <CardContent className="flex flex-col gap-3">
        <Label htmlFor="webhook-secret">{t('webhooks.secret.label')}</Label>
        <div className="flex flex-wrap gap-2">
          <Input
            id="webhook-secret"
            ref={input}
            readOnly
            type={shown ? 'text' : 'password'}
            value={secret}
            className="min-w-0 flex-1 font-mono text-xs"
            onFocus={(event) => event.currentTarget.select()}
            data-testid="webhook-secret"
          />
          <Button
            type="button"
            variant="outline"
            size="icon"
            aria-label={shown ? t('webhooks.secret.hide') : t('webhooks.secret.show')}
            title={shown ? t('webhooks.secret.hide') : t('webhooks.secret.show')}
            aria-pressed={shown}
            onClick={() => setShown((value) => !value)}
          >
            {shown ? <EyeOff /> : <Eye />}
          </Button>
          <CopyButton
            text={secret}
            label={t('webhooks.secret.copy')}
            copiedLabel={t('webhooks.secret.copied')}
            fallback={() => {
              setShown(true)
              return input.current
            }}
          />
        </div>
        <div>
          <ConfirmDialog
            trigger={
              <Button type="button" variant="outline">
                <RefreshCw /> {t('webhooks.secret.regenerate')}
              </Button>
            }
            title={t('webhooks.secret.regenerateTitle')}
            description={t('webhooks.secret.regenerateDescription')}
            intent="regenerate-secret"
            confirmLabel={t('webhooks.secret.regenerate')}
            pending={isPending}
          />
        </div>
      </CardContent>
    </Card>
  )
}
