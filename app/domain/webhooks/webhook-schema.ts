import { msg, NameSchema, z } from '#app/utils/validation.ts'
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  WEBHOOK_EVENTS,
  type WebhookEvent,
} from '#db/schema/webhooks.ts'

export { DELIVERY_STATUSES, WEBHOOK_EVENTS }
export type { DeliveryStatus, WebhookEvent }

/** Webhooks one company may have. */
export const MAX_WEBHOOKS = 20
export const WEBHOOK_URL_MAX = 2048
/** Hosts the allowlist may hold (the setting's own bound). */
export const MAX_ALLOWED_HOSTS = 50
/** Deliveries one page of the log shows. */
export const DELIVERY_PAGE_SIZE = 25

/** How the form groups the event checkboxes (every event is in exactly one group). */
export const WEBHOOK_EVENT_GROUPS = [
  {
    id: 'tickets',
    events: ['ticket.created', 'ticket.accepted', 'ticket.transferred', 'ticket.closed'],
  },
  { id: 'messages', events: ['message.received', 'message.sent', 'message.status'] },
  { id: 'contacts', events: ['contact.created', 'contact.updated'] },
  { id: 'other', events: ['rating.received', 'connection.status'] },
] as const satisfies ReadonlyArray<{ id: string; events: readonly WebhookEvent[] }>

/**
 * A URL Balcão may POST to: http or https, with a host, without user:password (a secret in the
 * URL would be shown in the list and the log; the signature authenticates Balcão instead).
 */
export function isWebhookUrl(value: string) {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname.length > 0 &&
    !url.username &&
    !url.password
  )
}

const WebhookUrlSchema = z
  .string({ required_error: msg('required') })
  .trim()
  .min(1)
  .max(WEBHOOK_URL_MAX)
  .refine(isWebhookUrl, { message: msg('webhookUrl') })

/**
 * Checkboxes: none checked sends nothing at all; the form also sends an empty `events` (so the
 * field is in every submission and its error shows on submit), dropped here.
 */
const asList = (value: unknown) =>
  (Array.isArray(value) ? value : [value]).filter(
    (item) => item !== undefined && item !== null && item !== '',
  )

export const WebhookEventsSchema = z.preprocess(
  asList,
  z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1, { message: msg('webhookEvents') })
    .transform((events) => WEBHOOK_EVENTS.filter((event) => events.includes(event))),
)

/** One schema for the create and the edit form (client and server). */
export const WebhookEditorSchema = z.object({
  name: NameSchema.pipe(z.string().max(80)),
  url: WebhookUrlSchema,
  events: WebhookEventsSchema,
})

export type WebhookInput = z.infer<typeof WebhookEditorSchema>

/**
 * One host of the allowlist as it is stored: lower case, an IPv6 address without brackets, an
 * IPv4 address in its dotted form. Null: not a host name or an IP address (a URL, a port, a path,
 * a wildcard).
 */
export function normalizeHost(raw: string): string | null {
  const value = raw.trim().toLowerCase()
  if (!value || value.length > 253) return null
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value
  if (bare.includes(':')) {
    if (!/^[0-9a-f:.]+$/.test(bare)) return null
    try {
      return new URL(`http://[${bare}]/`).hostname.slice(1, -1)
    } catch {
      return null
    }
  }
  if (!/^[a-z0-9._-]+$/.test(bare) || bare.startsWith('.') || bare.includes('..')) return null
  try {
    const hostname = new URL(`http://${bare}/`).hostname
    return hostname.replace(/\.$/, '') || null
  } catch {
    return null
  }
}

/** The allowlist editor: a text with one host per line (commas and spaces separate too). */
export const AllowedHostsSchema = z.object({
  hosts: z
    .string()
    .max(20_000)
    .optional()
    .transform((text, ctx) => {
      const entries = (text ?? '').split(/[\s,;]+/).filter(Boolean)
      const hosts: string[] = []
      for (const entry of entries) {
        const host = normalizeHost(entry)
        if (!host) {
          ctx.addIssue({ code: 'custom', message: msg('allowedHost'), params: { host: entry } })
          return z.NEVER
        }
        if (!hosts.includes(host)) hosts.push(host)
      }
      if (hosts.length > MAX_ALLOWED_HOSTS) {
        ctx.addIssue({
          code: 'custom',
          message: msg('allowedHostsTooMany'),
          params: { count: MAX_ALLOWED_HOSTS },
        })
        return z.NEVER
      }
      return hosts
    }),
})

/** The delivery log's query string: a status filter and the page (the oldest id shown so far). */
export const DeliveryFilterSchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  before: z
    .string()
    .max(40)
    .regex(/^[0-9A-Za-z]+$/)
    .optional()
    .catch(undefined),
})

export type DeliveryFilter = z.infer<typeof DeliveryFilterSchema>
