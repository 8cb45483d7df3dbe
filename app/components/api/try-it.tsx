import { Send, TestTube2 } from 'lucide-react'
import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toast } from 'sonner'
import { StatusButton } from '#app/components/status-button.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card, CardContent, CardIconHeader } from '#app/components/ui/card.tsx'
import { Input, NativeSelect, Textarea } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { CodeBlock } from './api-docs.tsx'

/** Where "Testar" sends: the real endpoint, on this server. */
export const TRY_IT_PATH = '/api/messages/send'

type Answer = { status: number; body: string }

/**
 * "Testar": sends a real message through POST /api/messages/send from the browser, with a token
 * the admin pastes (the one just created is filled in), as JSON — or multipart when a file is
 * attached — and shows the API's JSON answer as it came.
 */
export function TryIt({
  createdToken,
  connections,
}: {
  createdToken: string | null
  connections: Array<{ id: string; name: string }>
}) {
  const { t } = useTranslation()
  const id = useId()
  const [token, setToken] = useState(createdToken ?? '')
  const [seenToken, setSeenToken] = useState(createdToken)
  if (createdToken !== seenToken) {
    setSeenToken(createdToken)
    if (createdToken) setToken(createdToken)
  }
  const [pending, setPending] = useState(false)
  const [answer, setAnswer] = useState<Answer | null>(null)
  const fileRef = useRef<HTMLInputElement>(null)

  async function send(form: HTMLFormElement) {
    const data = new FormData(form)
    const number = String(data.get('number') ?? '')
    const body = String(data.get('body') ?? '')
    const connectionId = String(data.get('connectionId') ?? '')
    const file = fileRef.current?.files?.[0]
    let request: RequestInit
    if (file) {
      const multipart = new FormData()
      multipart.set('number', number)
      if (body) multipart.set('body', body)
      if (connectionId) multipart.set('connectionId', connectionId)
      multipart.append('medias', file)
      request = { body: multipart }
    } else {
      request = {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          number,
          ...(body ? { body } : {}),
          ...(connectionId ? { connectionId } : {}),
        }),
      }
    }
    setPending(true)
    try {
      const response = await fetch(TRY_IT_PATH, {
        ...request,
        method: 'POST',
        credentials: 'omit',
        headers: { ...request.headers, Authorization: `Bearer ${token.trim()}` },
      })
      const text = await response.text()
      let pretty = text
      try {
        pretty = JSON.stringify(JSON.parse(text), null, 2)
      } catch {
        // Not JSON (a proxy's error page): shown as it came.
      }
      setAnswer({ status: response.status, body: pretty })
      if (response.ok) toast.success(t('api.tryIt.sent'))
      else toast.error(t('api.tryIt.refused', { status: response.status }))
    } catch {
      setAnswer(null)
      toast.error(t('api.tryIt.networkError'))
    } finally {
      setPending(false)
    }
  }

  return (
    <Card>
      <CardIconHeader
        icon={TestTube2}
        title={t('api.tryIt.title')}
        description={t('api.tryIt.description')}
      />
      <CardContent className="flex flex-col gap-4">
        <form
          className="flex flex-col gap-4"
          aria-label={t('api.tryIt.title')}
          onSubmit={(event) => {
            event.preventDefault()
            void send(event.currentTarget)
          }}
        >
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${id}-token`}>{t('api.tryIt.token')}</Label>
            <Input
              id={`${id}-token`}
              name="token"
              value={token}
              onChange={(event) => setToken(event.target.value)}
              required
              autoComplete="off"
              spellCheck={false}
              className="font-mono text-xs"
            />
            <p className="text-muted-foreground text-xs">{t('api.tryIt.tokenHint')}</p>
          </div>
          {connections.length > 1 ? (
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={`${id}-connection`}>{t('api.tryIt.connection')}</Label>
              <NativeSelect id={`${id}-connection`} name="connectionId" defaultValue="">
                <option value="">{t('api.tryIt.defaultConnection')}</option>
                {connections.map((connection) => (
                  <option key={connection.id} value={connection.id}>
                    {connection.name}
                  </option>
                ))}
              </NativeSelect>
            </div>
          ) : null}
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${id}-number`}>{t('api.tryIt.number')}</Label>
            <Input
              id={`${id}-number`}
              name="number"
              inputMode="tel"
              required
              autoComplete="off"
              placeholder={t('api.tryIt.numberPlaceholder')}
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${id}-body`}>{t('api.tryIt.body')}</Label>
            <Textarea
              id={`${id}-body`}
              name="body"
              rows={3}
              placeholder={t('api.tryIt.bodyPlaceholder')}
            />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={`${id}-file`}>{t('api.tryIt.file')}</Label>
            <Input id={`${id}-file`} ref={fileRef} type="file" className="text-xs" />
          </div>
          <div className="flex justify-end">
            <StatusButton type="submit" pending={pending}>
              <Send /> {t('api.tryIt.send')}
            </StatusButton>
          </div>
        </form>
        {answer ? (
          <div className="flex flex-col gap-2" data-testid="try-it-answer">
            <div className="flex items-center gap-2 text-sm font-medium">
              {t('api.tryIt.answer')}
              <Badge
                variant={answer.status < 300 ? 'default' : 'destructive'}
                data-testid="try-it-status"
              >
                {t('api.tryIt.status', { status: answer.status })}
              </Badge>
            </div>
            <CodeBlock code={answer.body} testId="try-it-body" label="JSON" />
          </div>
        ) : null}
      </CardContent>
    </Card>
  )
}
