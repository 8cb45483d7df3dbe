import { Form, Link, useSubmit } from '@remix-run/react'
import { Plus, Search } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { Button } from './ui/button.tsx'
import { Input } from './ui/input.tsx'

/** The "Novo …" button of a list page header. */
export function NewButton({ to, label }: { to: string; label: string }) {
  return (
    <Button asChild>
      <Link to={to}>
        <Plus /> {label}
      </Link>
    </Button>
  )
}

/** A list page's live search (?q=, replaces history while typing) with the result count beside it. */
export function SearchBar({
  defaultValue,
  placeholder,
  count,
}: {
  defaultValue: string
  placeholder: string
  count: string
}) {
  const { t } = useTranslation()
  const submit = useSubmit()
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
      <Form
        method="GET"
        role="search"
        className="relative w-full sm:max-w-xs"
        onChange={(e) => submit(e.currentTarget, { replace: true })}
      >
        <Search className="text-muted-foreground pointer-events-none absolute top-2.5 left-2.5 size-4" />
        <Input
          type="search"
          name="q"
          defaultValue={defaultValue}
          placeholder={placeholder}
          aria-label={t('common.search')}
          className="pl-8"
        />
      </Form>
      <span className="text-muted-foreground text-sm">{count}</span>
    </div>
  )
}
