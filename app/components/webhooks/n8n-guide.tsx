import { Link } from '@remix-run/react'
import { ArrowRight, BookOpen } from 'lucide-react'
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { CopyButton } from '#app/components/copy-button.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, CardContent, CardIconHeader } from '#app/components/ui/card.tsx'
import { n8nSignatureSnippet } from './n8n-snippet.ts'

/**
 * The short n8n guide: the Webhook node's URL, the signature check in a Code node (with this
 * webhook's secret when there is one) and the API token in the HTTP Request node.
 */
export function N8nGuide({ origin, secret }: { origin: string; secret?: string }) {
  const { t } = useTranslation()
  const code = n8nSignatureSnippet(secret)
  const area = useRef<HTMLTextAreaElement>(null)
  return (
    <Card data-testid="n8n-guide">
      <CardIconHeader
        icon={BookOpen}
        title={t('webhooks.n8n.title')}
        description={t('webhooks.n8n.description')}
      />
      <CardContent className="flex flex-col gap-5 text-sm">
        <section className="flex flex-col gap-1.5">
          <h3 className="font-semibold">{t('webhooks.n8n.receiveTitle')}</h3>
          <p>{t('webhooks.n8n.receive1')}</p>
          <p className="text-muted-foreground">{t('webhooks.n8n.receive2')}</p>
          <p className="text-muted-foreground">{t('webhooks.n8n.receive3')}</p>
        </section>
        <section className="flex flex-col gap-1.5">
          <h3 className="font-semibold">{t('webhooks.n8n.verifyTitle')}</h3>
          <p>{t('webhooks.n8n.verify1')}</p>
          <div className="relative">
            <pre
              className="bg-muted max-h-80 overflow-auto rounded-md border p-3 pr-12 font-mono text-xs leading-relaxed"
              aria-label={t('webhooks.n8n.snippetLabel')}
              data-testid="n8n-snippet"
            >
              {code}
            </pre>
            {/* The old-way copy selects this copy of the code when the clipboard API is missing. */}
            <textarea
              ref={area}
              readOnly
              value={code}
              className="sr-only"
              tabIndex={-1}
              aria-hidden
            />
            <CopyButton
              text={code}
              label={t('webhooks.n8n.copy')}
              copiedLabel={t('webhooks.n8n.copied')}
              fallback={() => area.current}
              iconOnly
              size="icon"
              className="bg-background absolute top-2 right-2"
            />
          </div>
          <p className="text-muted-foreground">{t('webhooks.n8n.verify2')}</p>
        </section>
        <section className="flex flex-col gap-1.5">
          <h3 className="font-semibold">{t('webhooks.n8n.apiTitle')}</h3>
          <p>{t('webhooks.n8n.api1')}</p>
          <p className="text-muted-foreground">
            {t('webhooks.n8n.api2', { url: `${origin}/api/messages/send` })}
          </p>
          <div>
            <Button asChild variant="outline" size="sm">
              <Link to="/admin/api">
                {t('webhooks.n8n.apiLink')} <ArrowRight />
              </Link>
            </Button>
          </div>
        </section>
      </CardContent>
    </Card>
  )
}
