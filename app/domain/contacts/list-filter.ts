import { CONTACT_SOURCES, type ContactSource } from '#db/schema/contacts.ts'

export const CONTACT_SORTS = ['name', 'recent'] as const
export type ContactSort = (typeof CONTACT_SORTS)[number]

export type ContactFilter = {
  /** Name, or a phone with area code ("11 98765", "(11) 98765-4321"). */
  search?: string
  tagId?: string | null
  source?: ContactSource | null
  sort?: ContactSort
}

/** Reads the filter of the contacts page from its query string (unknown values are ignored). */
export function contactFilterFromParams(params: URLSearchParams): ContactFilter {
  const sort = params.get('sort')
  const source = params.get('source')
  return {
    search: params.get('q')?.trim() ?? '',
    tagId: params.get('tag') || null,
    source: (CONTACT_SOURCES as readonly string[]).includes(source ?? '')
      ? (source as ContactSource)
      : null,
    sort: (CONTACT_SORTS as readonly string[]).includes(sort ?? '')
      ? (sort as ContactSort)
      : 'name',
  }
}
