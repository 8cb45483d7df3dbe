import { type AuthStore, type DeviceContact } from './types.ts'

const TYPE = 'device-contacts'
const ID = 'all'

/**
 * The linked phone's contacts as a channel learns them, kept in the session's auth store (so they
 * survive restarts and go away with a logout). Writes are coalesced: WhatsApp sends contacts in
 * bursts of hundreds.
 */
export class DeviceContactBook {
  private contacts: Map<string, string | undefined> | null = null
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly auth: AuthStore,
    private readonly flushDelayMs = 2000,
  ) {}

  private load() {
    if (this.contacts) return this.contacts
    this.contacts = new Map()
    const stored = this.auth.readKeys(TYPE, [ID])[ID]
    if (stored) {
      try {
        for (const [phone, name] of JSON.parse(stored) as Array<[string, string | null]>)
          this.contacts.set(phone, name ?? undefined)
      } catch {
        // A damaged entry is rebuilt from what the phone sends next.
      }
    }
    return this.contacts
  }

  /** Learns (or renames) a contact; a known name is not erased by a nameless sighting. */
  add(phone: string, name?: string | null) {
    const digits = phone.replace(/\D/g, '')
    if (digits.length < 8) return
    const contacts = this.load()
    const clean = name?.trim() || undefined
    const known = contacts.get(digits)
    if (contacts.has(digits) && (known === clean || !clean)) return
    contacts.set(digits, clean ?? known)
    this.schedule()
  }

  list(): DeviceContact[] {
    return [...this.load()].map(([phone, name]) => (name ? { phone, name } : { phone }))
  }

  private schedule() {
    if (this.timer) return
    this.timer = setTimeout(() => this.flush(), this.flushDelayMs)
    this.timer.unref?.()
  }

  /** Writes pending changes now (on stop). */
  flush() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (!this.contacts) return
    try {
      this.auth.writeKeys([
        {
          type: TYPE,
          id: ID,
          value: JSON.stringify([...this.contacts].map(([p, n]) => [p, n ?? null])),
        },
      ])
    } catch {
      // The database is closing (shutdown): what was learnt is sent again by the phone.
    }
  }
}
