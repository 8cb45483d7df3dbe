import { Form, Link, useRouteLoaderData, useSubmit } from '@remix-run/react'
import { Pencil, Search } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { ConfirmDeleteButton } from '#app/components/confirm-dialog.tsx'
import { TagChip } from '#app/components/tag-chip.tsx'
import { Avatar, AvatarFallback, AvatarImage } from '#app/components/ui/avatar.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Input, NativeSelect } from '#app/components/ui/input.tsx'
import { CONTACT_SORTS, type ContactFilter } from '#app/domain/contacts/list-filter.ts'
import { type RootLoader } from '#app/root.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { initials } from '#app/utils/misc.ts'
import { formatPhone } from '#app/utils/phone.ts'
import { CONTACT_SOURCES, type ContactSource } from '#db/schema/contacts.ts'
import { StartConversationButton, type StartOptions } from './contact-start.tsx'

/** A row of the contacts list (what listContacts returns, as JSON). */
export type ContactRow = {
  id: string
  name: string
  number: string | null
  email: string | null
  source: ContactSource
  blocked: boolean
  profilePictureUrl: string | null
  createdAt: number
  tags: Array<{ id: string; name: string; color: string }>
}

/** What the rows and filters need from the page's loader. */
export type ListContext = {
  filter: ContactFilter
  tags: Array<{ id: string; name: string; color: string }>
  canManage: boolean
  start: StartOptions
}

export function Filters({ data, count }: { data: ListContext; count: string }) {
  const { t } = useTranslation()
  const submit = useSubmit()
  const filtered = Boolean(data.filter.search || data.filter.tagId || data.filter.source)
  return (
    <div className="flex flex-col gap-2 lg:flex-row lg:items-center lg:justify-between">
      <Form
        method="GET"
        role="search"
        className="grid gap-2 sm:grid-cols-2 lg:flex lg:flex-wrap lg:items-center"
        onChange={(e) => submit(e.currentTarget, { replace: true })}
      >
        <div className="relative sm:col-span-2 lg:w-72">
          <Search className="text-muted-foreground pointer-events-none absolute top-2.5 left-2.5 size-4" />
          <Input
            type="search"
            name="q"
            defaultValue={data.filter.search}
            placeholder={t('contacts.searchPlaceholder')}
            aria-label={t('contacts.searchPlaceholder')}
            className="pl-8"
          />
        </div>
        <NativeSelect
          name="tag"
          defaultValue={data.filter.tagId ?? ''}
          aria-label={t('contacts.filterTag')}
          className="lg:w-44"
        >
          <option value="">{t('contacts.allTags')}</option>
          {data.tags.map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect
          name="source"
          defaultValue={data.filter.source ?? ''}
          aria-label={t('contacts.filterSource')}
          className="lg:w-48"
        >
          <option value="">{t('contacts.allSources')}</option>
          {CONTACT_SOURCES.map((source) => (
            <option key={source} value={source}>
              {t(`contacts.sources.${source}`)}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect
          name="sort"
          defaultValue={data.filter.sort}
          aria-label={t('contacts.sortLabel')}
          className="sm:col-span-2 lg:w-44"
        >
          {CONTACT_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`contacts.sort.${sort}`)}
            </option>
          ))}
        </NativeSelect>
        {filtered ? (
          <Button asChild variant="ghost" size="sm" className="justify-self-start">
            <Link to={`/contacts?sort=${data.filter.sort}`}>{t('contacts.clearFilters')}</Link>
          </Button>
        ) : null}
      </Form>
      <span
        className="text-muted-foreground text-sm whitespace-nowrap"
        data-testid="contacts-count"
      >
        {count}
      </span>
    </div>
  )
}

function ContactAvatar({ contact }: { contact: ContactRow }) {
  return (
    <Avatar>
      {contact.profilePictureUrl ? <AvatarImage src={contact.profilePictureUrl} alt="" /> : null}
      <AvatarFallback>{initials(contact.name)}</AvatarFallback>
    </Avatar>
  )
}

function TagBadges({ contact }: { contact: ContactRow }) {
  return (
    <div className="flex flex-wrap gap-1">
      {contact.tags.map((tag) => (
        <TagChip key={tag.id} name={tag.name} color={tag.color} />
      ))}
    </div>
  )
}

function SourceBadge({ source }: { source: ContactRow['source'] }) {
  const { t } = useTranslation()
  return (
    <Badge variant={source === 'manual' ? 'default' : source === 'bot' ? 'secondary' : 'outline'}>
      {t(`contacts.sources.${source}`)}
    </Badge>
  )
}

function RowActions({ contact, data }: { contact: ContactRow; data: ListContext }) {
  const { t } = useTranslation()
  return (
    <div className="flex shrink-0 justify-end gap-1">
      <StartConversationButton contact={contact} options={data.start as StartOptions} />
      <Button
        asChild
        variant="ghost"
        size="icon"
        aria-label={`${t('common.edit')} ${contact.name}`}
      >
        <Link to={`/contacts/${contact.id}`}>
          <Pencil />
        </Link>
      </Button>
      {data.canManage ? (
        <ConfirmDeleteButton
          label={`${t('common.delete')} ${contact.name}`}
          title={t('contacts.deleteTitle', { name: contact.name })}
          description={t('contacts.deleteDescription')}
          fields={{ contactId: contact.id }}
        />
      ) : null}
    </div>
  )
}

export function ContactTable({ rows, data }: { rows: ContactRow[]; data: ListContext }) {
  const { t } = useTranslation()
  const root = useRouteLoaderData<RootLoader>('root')
  const locale = root?.locale ?? 'pt-BR'
  const timeZone = root?.user?.timeZone ?? 'America/Sao_Paulo'
  return (
    <table className="hidden w-full text-sm md:table">
      <thead className="bg-muted/50 text-muted-foreground text-left text-xs uppercase">
        <tr>
          <th className="px-4 py-2.5 font-medium">{t('contacts.columns.contact')}</th>
          <th className="px-4 py-2.5 font-medium">{t('contacts.columns.number')}</th>
          <th className="px-4 py-2.5 font-medium">{t('contacts.columns.tags')}</th>
          <th className="hidden px-4 py-2.5 font-medium lg:table-cell">
            {t('contacts.columns.source')}
          </th>
          <th className="hidden px-4 py-2.5 font-medium xl:table-cell">
            {t('contacts.columns.createdAt')}
          </th>
          <th className="px-4 py-2.5">
            <span className="sr-only">{t('common.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y">
        {rows.map((contact) => (
          <tr key={contact.id} data-testid="contact-row" className="hover:bg-muted/30">
            <td className="px-4 py-3">
              <div className="flex items-center gap-3">
                <ContactAvatar contact={contact} />
                <div className="min-w-0">
                  <Link
                    to={`/contacts/${contact.id}`}
                    className="block truncate font-medium hover:underline"
                  >
                    {contact.name}
                  </Link>
                  <div className="text-muted-foreground truncate text-xs">
                    {contact.email ?? ''}
                    {contact.blocked ? (
                      <Badge variant="destructive" className="ml-1">
                        {t('contacts.blocked')}
                      </Badge>
                    ) : null}
                  </div>
                </div>
              </div>
            </td>
            <td className="px-4 py-3 whitespace-nowrap tabular-nums">
              {contact.number ? (
                formatPhone(contact.number)
              ) : (
                <span className="text-muted-foreground">{t('contacts.noNumber')}</span>
              )}
            </td>
            <td className="px-4 py-3">
              <TagBadges contact={contact} />
            </td>
            <td className="hidden px-4 py-3 lg:table-cell">
              <SourceBadge source={contact.source} />
            </td>
            <td className="text-muted-foreground hidden px-4 py-3 whitespace-nowrap xl:table-cell">
              {formatDateTime(contact.createdAt, locale, timeZone)}
            </td>
            <td className="px-2 py-2">
              <RowActions contact={contact} data={data} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function ContactCard({ contact, data }: { contact: ContactRow; data: ListContext }) {
  const { t } = useTranslation()
  return (
    <li data-testid="contact-card" className="flex items-start gap-3 px-4 py-3 text-sm">
      <ContactAvatar contact={contact} />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <Link to={`/contacts/${contact.id}`} className="truncate font-medium">
          {contact.name}
        </Link>
        <span className="text-muted-foreground tabular-nums">
          {contact.number ? formatPhone(contact.number) : t('contacts.noNumber')}
        </span>
        {contact.email ? (
          <span className="text-muted-foreground truncate text-xs">{contact.email}</span>
        ) : null}
        <div className="flex flex-wrap items-center gap-1">
          <SourceBadge source={contact.source} />
          <TagBadges contact={contact} />
        </div>
      </div>
      <RowActions contact={contact} data={data} />
    </li>
  )
}
