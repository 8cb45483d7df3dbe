import { Form, Link, useFetcher, useNavigate, useSearchParams } from '@remix-run/react'
import { Plus, Smartphone } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { StatusButton } from '#app/components/status-button.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, CardContent, CardHeader, CardTitle } from '#app/components/ui/card.tsx'
import { Input, NativeSelect } from '#app/components/ui/input.tsx'
import { Label } from '#app/components/ui/label.tsx'
import { cn } from '#app/utils/misc.ts'
import { formatPhone, isValidPhone } from '#app/utils/phone.ts'

type TestConnection = { id: string; name: string; status: string }

/** Choose a test connection, or create one (the "create test connection" button). */
export function TestConnectionPicker({
  connections,
  selected,
}: {
  connections: TestConnection[]
  selected: TestConnection | null
}) {
  const { t } = useTranslation()
  const fetcher = useFetcher<{ connectionId?: string }>()
  const navigate = useNavigate()
  const created = fetcher.data?.connectionId
  useEffect(() => {
    if (created) navigate(`/simulator?connection=${created}`, { replace: true })
  }, [created, navigate])
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('simulator.connection')}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {connections.length ? (
          <Form
            method="GET"
            onChange={(e) =>
              navigate(`/simulator?connection=${new FormData(e.currentTarget).get('connection')}`)
            }
          >
            <NativeSelect
              name="connection"
              defaultValue={selected?.id}
              aria-label={t('simulator.connection')}
            >
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </NativeSelect>
          </Form>
        ) : null}
        {selected ? (
          <p
            className="text-muted-foreground flex items-center gap-2 text-xs"
            data-testid="simulator-status"
          >
            <span
              className={cn(
                'size-2 rounded-full',
                selected.status === 'connected' ? 'bg-success' : 'bg-muted-foreground/50',
              )}
            />
            {t(`simulator.status.${selected.status === 'connected' ? 'connected' : 'offline'}`)}
          </p>
        ) : null}
        <fetcher.Form method="POST" encType="multipart/form-data">
          <input type="hidden" name="intent" value="create-connection" />
          <StatusButton
            type="submit"
            variant={connections.length ? 'outline' : 'default'}
            className="w-full"
            pending={fetcher.state !== 'idle'}
          >
            <Plus /> {t('simulator.createConnection')}
          </StatusButton>
        </fetcher.Form>
      </CardContent>
    </Card>
  )
}

/** Customer phones that wrote on this connection, and a form to start a new one. */
export function PhoneList({
  connectionId,
  phones,
  current,
}: {
  connectionId: string
  phones: Array<{ phone: string; name: string; unread: number }>
  current: string | null
}) {
  const { t } = useTranslation()
  const [searchParams] = useSearchParams()
  const navigate = useNavigate()
  const [phone, setPhone] = useState('')
  const [name, setName] = useState('')
  const valid = isValidPhone(phone)
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('simulator.phones')}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <form
          className="flex flex-col gap-2"
          onSubmit={(event) => {
            event.preventDefault()
            if (!valid) return
            const params = new URLSearchParams(searchParams)
            params.set('connection', connectionId)
            params.set('phone', phone.replace(/\D/g, ''))
            if (name.trim()) params.set('name', name.trim())
            else params.delete('name')
            navigate(`/simulator?${params}`)
            setPhone('')
            setName('')
          }}
        >
          <Label htmlFor="sim-phone">{t('simulator.newPhone')}</Label>
          <Input
            id="sim-phone"
            inputMode="tel"
            placeholder="5511987654321"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
          <Input
            aria-label={t('simulator.customerName')}
            placeholder={t('simulator.customerName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          {phone && !valid ? (
            <p className="text-destructive text-xs">{t('validation.phone')}</p>
          ) : null}
          <Button type="submit" variant="secondary" disabled={!valid}>
            <Smartphone /> {t('simulator.openPhone')}
          </Button>
        </form>
        {phones.length ? (
          <ul className="flex flex-col divide-y rounded-md border">
            {phones.map((p) => (
              <li key={p.phone}>
                <Link
                  to={`/simulator?connection=${connectionId}&phone=${p.phone}`}
                  className={cn(
                    'hover:bg-muted/50 flex items-center gap-2 px-3 py-2 text-sm',
                    current === p.phone && 'bg-accent',
                  )}
                >
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">{p.name}</span>
                    <span className="text-muted-foreground block text-xs">
                      {formatPhone(p.phone)}
                    </span>
                  </span>
                  {p.unread ? <Badge>{p.unread}</Badge> : null}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </CardContent>
    </Card>
  )
}
