/**
 * Display rows shared by the loaders and the live events (issue 12, ADR 009): a `TicketRow` is
 * exactly one item of the ticket list (`listTickets`), a `MessageRow` one message of the
 * conversation (`listTicketMessages` / `getConversation`). Events `ticket.*` and `message.*`
 * carry these, so the browser patches its lists without asking a loader again.
 *
 * Type-only module: the browser may import it.
 *
 * Per-viewer data: `unreadCount` is the ticket's own counter (the same for every viewer); whether a
 * ticket is "mine" is `ticket.userId === me`, computed by the viewer.
 */
import type { listTicketMessages } from './conversation.server.ts'
import type { listTickets } from './tickets.server.ts'

export type TicketRow = ReturnType<typeof listTickets>['tickets'][number]

export type MessageRow = ReturnType<typeof listTicketMessages>['messages'][number]

/** The ticket before a change (null when it was just created): moves it between the counts. */
export type TicketPrevious = {
  status: TicketRow['status']
  userId: string | null
  queueId: string | null
} | null
